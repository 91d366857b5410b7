/* The app's crash handler. On SIGSEGV, SIGABRT, SIGFPE, SIGBUS or SIGILL it
 * writes one Backtrace crash object (JSON, one line) to standard output, the
 * way native crash reporters do: raw instruction addresses from glibc
 * backtrace(), starting at the interrupted instruction, and the loaded
 * modules from /proc/self/maps with the GNU build ids read from their ELF
 * notes in memory. Nothing is symbolicated here: that is crashprint's job.
 * (Same approach as testdata/native/src/crasher.c.) */
#define _GNU_SOURCE
#include "crash.h"
#include <elf.h>
#include <execinfo.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

struct module { uintptr_t start, end; char path[512]; char build_id[65]; };
static struct module modules[128];
static int module_count;
static const char *app_release = "unknown";
/* The program's name (the corpus's other C programs reuse this handler). */
#ifndef CRASH_APP
#define CRASH_APP "ledger"
#endif

/* The GNU build id from the ELF image mapped at `base`. */
static void read_build_id(struct module *m) {
    const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)m->start;
    m->build_id[0] = 0;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0) return;
    const ElfW(Phdr) *ph = (const ElfW(Phdr) *)(m->start + eh->e_phoff);
    uintptr_t first_load = UINTPTR_MAX;
    for (int i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && ph[i].p_vaddr < first_load) first_load = ph[i].p_vaddr;
    if (first_load == UINTPTR_MAX) return;
    uintptr_t bias = m->start - (first_load & ~(uintptr_t)0xfff);
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_NOTE) continue;
        const char *p = (const char *)(bias + ph[i].p_vaddr);
        const char *end = p + ph[i].p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)p;
            const char *name = p + sizeof(*n);
            const unsigned char *desc = (const unsigned char *)name + ((n->n_namesz + 3) & ~3u);
            if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
                for (unsigned k = 0; k < n->n_descsz && k < 32; k++)
                    sprintf(m->build_id + 2 * k, "%02x", desc[k]);
                return;
            }
            p = (const char *)desc + ((n->n_descsz + 3) & ~3u);
        }
    }
}

/* Every mapped file: its lowest mapping (file offset 0) to its highest end. */
static void read_maps(void) {
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f) return;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi, offset;
        char perms[8], path[512] = "";
        if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %511[^\n]", &lo, &hi, perms, &offset, path) < 4) continue;
        if (path[0] != '/') continue; /* anonymous, [stack], [vdso], [heap] */
        struct module *m = NULL;
        for (int i = 0; i < module_count; i++)
            if (strcmp(modules[i].path, path) == 0) m = &modules[i];
        if (m) {
            if (hi > m->end) m->end = hi;
        } else if (offset == 0 && perms[0] == 'r' && module_count < 128) {
            m = &modules[module_count++];
            m->start = lo;
            m->end = hi;
            snprintf(m->path, sizeof m->path, "%s", path);
        }
    }
    fclose(f);
    for (int i = 0; i < module_count; i++) read_build_id(&modules[i]);
}

static const struct module *module_of(uintptr_t a) {
    for (int i = 0; i < module_count; i++)
        if (a >= modules[i].start && a < modules[i].end) return &modules[i];
    return NULL;
}

static const char *signal_name(int sig) {
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGFPE: return "SIGFPE";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    default: return "SIGNAL";
    }
}

static void report(int sig, siginfo_t *si, void *ctx) {
    void *frames[128];
    int n = backtrace(frames, 128);
    uintptr_t pc = (uintptr_t)((ucontext_t *)ctx)->uc_mcontext.gregs[REG_RIP];
    /* Drop the handler's own frames: start at the interrupted instruction. */
    int first = 0;
    for (int i = 0; i < n; i++)
        if ((uintptr_t)frames[i] == pc) { first = i; break; }
    read_maps();
    unsigned char r[16];
    FILE *u = fopen("/dev/urandom", "rb");
    if (!u || fread(r, 1, 16, u) != 16) memset(r, 7, 16);
    if (u) fclose(u);
    printf("{\"uuid\":\"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\","
           "\"timestamp\":%ld,\"lang\":\"c\",\"langVersion\":\"c11\",\"agent\":\"crashprint-grouping-corpus\","
           "\"agentVersion\":\"1.0.0\",\"mainThread\":\"main\",\"classifiers\":[\"%s\"],"
           "\"attributes\":{\"application\":\"" CRASH_APP "\",\"application.version\":\"%s\",\"error.type\":\"Crash\","
           "\"signal.code\":%d,\"fault.address\":\"%#lx\"},"
           "\"threads\":{\"main\":{\"name\":\"main\",\"fault\":true,\"stack\":[",
           r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15],
           (long)time(NULL), signal_name(sig), app_release, si->si_code, (unsigned long)(uintptr_t)si->si_addr);
    for (int i = first; i < n; i++) {
        const struct module *m = module_of((uintptr_t)frames[i]);
        printf("%s{\"address\":\"%#lx\"%s%s%s%s}", i > first ? "," : "", (unsigned long)(uintptr_t)frames[i],
               m ? ",\"library\":\"" : "", m ? m->path : "", m ? "\"" : "", i == first ? ",\"faulted\":true" : "");
    }
    printf("]}},\"modules\":[");
    for (int i = 0; i < module_count; i++)
        printf("%s{\"start\":\"%#lx\",\"size\":%lu,\"code_file\":\"%s\",\"debug_identifier\":\"%s\"}", i ? "," : "",
               (unsigned long)modules[i].start, (unsigned long)(modules[i].end - modules[i].start),
               modules[i].path, modules[i].build_id);
    printf("]}\n");
    fflush(stdout);
    _exit(128 + sig);
}

void install_crash_handler(const char *release) {
    app_release = release;
    void *warm[1];
    backtrace(warm, 1); /* load libgcc_s before any signal */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = report;
    sa.sa_flags = SA_SIGINFO;
    int signals[] = {SIGSEGV, SIGABRT, SIGFPE, SIGBUS, SIGILL};
    for (unsigned i = 0; i < sizeof signals / sizeof *signals; i++) sigaction(signals[i], &sa, NULL);
}
