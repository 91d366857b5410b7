/* Logging and the fatal-error helper every module shares. */
#include "netq.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

// @since 1.1.0
static int debug_enabled = -1;
// @end

void log_debug(const char *fmt, ...) {
    // @since 1.1.0
    if (debug_enabled < 0) debug_enabled = getenv("NETQ_DEBUG") != NULL;
    if (!debug_enabled) return;
    // @end
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Prints the reason and aborts, leaving a core (or a crash report) behind. */
void fatal(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("netq: fatal: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    abort();
}
