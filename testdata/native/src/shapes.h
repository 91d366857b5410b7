/* Inline helpers pulled into several callers: inlined frames at -O2. */
#ifndef SHAPES_H
#define SHAPES_H
static inline int clamp(int v, int lo, int hi) {
    if (v < lo) return lo;
    if (v > hi) return hi;
    return v;
}
static inline int area(int w, int h) {
    return clamp(w, 0, 1000) * clamp(h, 0, 1000);
}
#endif
