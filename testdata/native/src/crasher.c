/* A program that really crashes and reports itself the way native crash
 * reporters do: raw instruction addresses (glibc backtrace()) and the loaded
 * modules with their build ids (dl_iterate_phdr), printed as a Backtrace
 * crash object and a Bugsnag NDK-style event, one JSON document per line.
 * Nothing is symbolicated here: that is crashprint's job. */
#define _GNU_SOURCE
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
static struct module modules[64];
static int module_count;

static int collect(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size; (void)data;
    if (module_count >= 64) return 1;
    struct module *m = &modules[module_count];
    uintptr_t lo = UINTPTR_MAX, hi = 0;
    m->build_id[0] = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD) {
            uintptr_t a = info->dlpi_addr + ph->p_vaddr;
            if (a < lo) lo = a;
            if (a + ph->p_memsz > hi) hi = a + ph->p_memsz;
        } else if (ph->p_type == PT_NOTE) {
            const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr);
            const char *end = p + ph->p_memsz;
            while (p + sizeof(ElfW(Nhdr)) <= end) {
                const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)p;
                const char *name = p + sizeof(*n);
                const unsigned char *desc = (const unsigned char *)name + ((n->n_namesz + 3) & ~3u);
                if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
                    for (unsigned k = 0; k < n->n_descsz && k < 32; k++)
                        sprintf(m->build_id + 2 * k, "%02x", desc[k]);
                }
                p = (const char *)desc + ((n->n_descsz + 3) & ~3u);
            }
        }
    }
    if (info->dlpi_name && info->dlpi_name[0]) {
        snprintf(m->path, sizeof m->path, "%s", info->dlpi_name);
    } else {
        ssize_t n = readlink("/proc/self/exe", m->path, sizeof m->path - 1);
        m->path[n > 0 ? n : 0] = 0;
    }
    if (lo == UINTPTR_MAX) return 0;
    m->start = lo;
    m->end = hi;
    module_count++;
    return 0;
}

static const struct module *module_of(uintptr_t a) {
    for (int i = 0; i < module_count; i++)
        if (a >= modules[i].start && a < modules[i].end) return &modules[i];
    return NULL;
}

static void report(int sig, siginfo_t *si, void *ctx) {
    (void)si;
    void *frames[64];
    int n = backtrace(frames, 64);
    uintptr_t pc = (uintptr_t)((ucontext_t *)ctx)->uc_mcontext.gregs[REG_RIP];
    /* Drop the handler's own frames: start at the interrupted instruction. */
    int first = 0;
    for (int i = 0; i < n; i++)
        if ((uintptr_t)frames[i] == pc) { first = i; break; }
    dl_iterate_phdr(collect, NULL);
    const char *name = sig == SIGSEGV ? "SIGSEGV" : "SIGABRT";
    unsigned char r[16];
    FILE *u = fopen("/dev/urandom", "rb");
    if (!u || fread(r, 1, 16, u) != 16) memset(r, 7, 16);
    if (u) fclose(u);

    /* Backtrace crash object. */
    printf("{\"uuid\":\"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\","
           "\"timestamp\":%ld,\"lang\":\"c\",\"langVersion\":\"gcc\",\"agent\":\"crashprint-fixture\","
           "\"agentVersion\":\"1\",\"mainThread\":\"main\",\"classifiers\":[\"%s\"],"
           "\"attributes\":{\"application.version\":\"1.0.0\"},\"threads\":{\"main\":{\"name\":\"main\",\"fault\":true,\"stack\":[",
           r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15],
           (long)time(NULL), name);
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

    /* Bugsnag event with NDK-style native frames. */
    printf("{\"apiKey\":\"0123456789abcdef0123456789abcdef\",\"notifier\":{\"name\":\"crashprint fixture (NDK-style frames)\","
           "\"version\":\"1\",\"url\":\"\"},\"events\":[{\"payloadVersion\":\"4.0\",\"app\":{\"version\":\"1.0.0\"},"
           "\"unhandled\":true,\"exceptions\":[{\"errorClass\":\"%s\",\"message\":\"fatal signal\",\"type\":\"c\",\"stacktrace\":[",
           name);
    for (int i = first; i < n; i++) {
        const struct module *m = module_of((uintptr_t)frames[i]);
        printf("%s{\"frameAddress\":\"%#lx\",\"type\":\"c\"", i > first ? "," : "", (unsigned long)(uintptr_t)frames[i]);
        if (m) printf(",\"loadAddress\":\"%#lx\",\"file\":\"%s\",\"codeIdentifier\":\"%s\"", (unsigned long)m->start, m->path, m->build_id);
        if (i == first) printf(",\"isPC\":true");
        printf("}");
    }
    printf("]}]}]}\n");
    fflush(stdout);
    _exit(1);
}

struct order { const char *customer; int quantity; int *ledger; };

static inline int *ledger_slot(struct order *o) { return o->ledger + o->quantity; }

static inline void record(struct order *o, int amount) { *ledger_slot(o) += amount; }

__attribute__((noinline)) int place_order(struct order *o, int amount) {
    if (o->quantity > 0) record(o, amount);
    return o->quantity * amount;
}

__attribute__((noinline)) int checkout(int n) {
    struct order o = {"ann", n, NULL};
    return place_order(&o, 3) + 1;
}

int main(int argc, char **argv) {
    (void)argv;
    void *warm[1];
    backtrace(warm, 1); /* load libgcc before any signal */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = report;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    return checkout(argc + 1) == 42;
}
