/* A fixture without libc, so that clang + lld can link it for targets whose
 * C library is not installed here (PE/COFF for Windows, WebAssembly):
 * inlining, recursion and a function pointer, all in one file. */
static inline int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
static inline int area(int w, int h) { return clamp(w, 0, 1000) * clamp(h, 0, 1000); }

__attribute__((noinline)) int depth_sum(int n) { return n <= 0 ? 0 : n + depth_sum(n - 1); }

__attribute__((noinline)) int scale(int v) { return area(v, v + 1) / 3; }

typedef int (*op_fn)(int);
__attribute__((noinline)) int twice(int x) { return 2 * x + clamp(x, -3, 3); }
__attribute__((noinline)) int apply(op_fn f, int x) { return f(x) + scale(x); }

int entry(int argc) {
    int r = depth_sum(argc + 5);
    r += apply(twice, r);
    return r + area(argc, 7);
}
