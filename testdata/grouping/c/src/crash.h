/* The app's crash handler (crash.c). */
#ifndef GROUPING_CRASH_H
#define GROUPING_CRASH_H
void install_crash_handler(const char *release);
#endif
