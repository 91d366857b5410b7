#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from testdata: real SDK payloads, the spec
samples and the malformed batch (payloads over 64 KiB left out). File names
are content hashes, as libFuzzer names them. Run from the repository root."""
import hashlib
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
td = root / "testdata"


def payloads(paths):
    for p in paths:
        data = p.read_bytes()
        if p.suffix == ".ndjson" and p.parent.name != "bin":
            yield from (l for l in data.split(b"\n") if l.strip())
        else:
            yield data


sets = {
    "backtrace": [*td.glob("sdk-payloads/backtrace-*.ndjson"), *td.glob("seeds/backtrace-*.json")],
    "bugsnag": [*td.glob("sdk-payloads/bugsnag-*.ndjson"), *td.glob("seeds/bugsnag-*.json")],
    "canvas": [*td.glob("seeds/canvas-*.json")],
}
sets["detect"] = [p for ps in sets.values() for p in ps] + [td / "malformed" / "batch.ndjson", *td.glob("sdk-payloads/sessions/*.ndjson")]
# Object files: the small C fixtures (whole files; the fuzzer mutates them).
sets["native"] = sorted(p for pat in ("c-*", "pe-*", "wasm-*", "macho-*") for p in (td / "native" / "bin").glob(pat))
# Source maps, each followed by a NUL and its minified file when there is one
# (the target splits there).
def sourcemap_seeds():
    sm = td / "sourcemap"
    maps = sorted((sm / "tc39-source-map-tests" / "resources").glob("*.map"))
    maps += sorted((sm / "sentry-symbolic-sourcemapcache").rglob("*.js.map"))
    for m in maps:
        js = m.with_suffix("")
        data = m.read_bytes()
        if js.exists() and js.suffix == ".js":
            data += b"\0" + js.read_bytes()
        yield data


# ProGuard/R8 mappings, each followed by a NUL and a trace to retrace.
def proguard_seeds():
    pg = td / "proguard"
    for case in sorted((pg / "r8-retrace-stacktraces").glob("*/")):
        mapping, trace = case / "mapping.txt", case / "obfuscated.txt"
        if mapping.exists() and trace.exists():
            yield mapping.read_bytes() + b"\0" + trace.read_bytes()


corpora = {target: list(payloads(sorted(paths))) for target, paths in sets.items()}
corpora["sourcemap"] = list(sourcemap_seeds())
corpora["proguard"] = list(proguard_seeds())
# Text crash logs (sanitizers, kernel, JVM, Go, Python, gdb, lldb, Apport).
corpora["crashlog"] = [p.read_bytes() for p in sorted((td / "crash-logs").rglob("*"))
                       if p.is_file() and p.suffix not in (".jsonl", ".md", ".c", ".sh") and not p.name.startswith(("README", "LICENSE"))]
# Minidumps: the public ones and the generated ones (whole files).
md = td / "minidump"
corpora["minidump"] = [p.read_bytes() for p in sorted([*md.rglob("*.dmp")])]
# Breakpad .sym files: the public ones, and the one of the dump the
# breakpad_sym target walks (own/sym/ is made by own/build.sh).
corpora["breakpad_sym"] = [p.read_bytes() for p in sorted([*(md / "public").rglob("*.sym"), *(md / "own" / "sym" / "c-O0-fp").rglob("*.sym")])]
for target, datas in corpora.items():
    out = root / "fuzz" / "corpus" / target
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for data in datas:
        if len(data) > 64 * 1024:
            continue
        (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
        n += 1
    print(target, n)

# The symbol store: each seed is a list of 4-byte operations [kind, name,
# dir, arg] building a symbol directory (see
# crashprint::fuzz_support::exercise_symbol_store for the tables they index).
NAMES = ["app", "c-gcc-O2-stripped", "c-gcc-O2-stripped.debug", "zlib-app", "zstd-app",
         "c-gcc-O2-split", "c-gcc-O2-split-fixture.dwo", "c-clang-O2-split", "c-clang-O2-split.dwp",
         "c-gcc-O2-dwz", "c-dwz-common.debug", "esbuild.min.js", "esbuild.min.js.map", "mapping.txt",
         "esbuild.bundle.js", "linked.min.js", "static", "1.0", "sourcemaps", "proguard", ".debug", "maps"]
DIRS = ["", ".debug", "sub", "sourcemaps", "sourcemaps/1.0", "sourcemaps/1.0/static", "proguard", "proguard/1.0"]
COPY, DAMAGE, LINK, FIFO, MKDIR, SPARSE, CLAIM = 0, 2, 3, 4, 5, 6, 7
# Link targets: 0 the same name outside, 1 the outside directory, 2 outside's
# release directory, 3 /dev/zero, 4 /etc/passwd, 5 ../ out of the tree, 6 ".",
# 7 outside's proguard release directory.


def op(kind, name, dir="", arg=0):
    return bytes([kind, NAMES.index(name), DIRS.index(dir), arg])


def copy(name, dir=""):
    return op(COPY, name, dir, NAMES.index(name))


natives = ["app", "c-gcc-O2-stripped", "c-gcc-O2-stripped.debug", "zlib-app", "zstd-app", "c-gcc-O2-split",
           "c-gcc-O2-split-fixture.dwo", "c-clang-O2-split", "c-clang-O2-split.dwp", "c-gcc-O2-dwz",
           "c-dwz-common.debug"]
js = [copy(n, "sourcemaps/1.0/static") for n in ("esbuild.min.js", "esbuild.min.js.map", "esbuild.bundle.js", "linked.min.js")]
everything = b"".join(copy(n) for n in natives) + b"".join(js) + copy("mapping.txt", "proguard/1.0")
store_seeds = [
    # Every file where it belongs: frames resolve.
    everything,
    # Companions and maps as links out of the directory.
    b"".join(copy(n) for n in ("c-gcc-O2-stripped", "c-gcc-O2-split", "c-clang-O2-split", "c-gcc-O2-dwz"))
    + b"".join(op(LINK, n, "", 0) for n in ("c-gcc-O2-stripped.debug", "c-gcc-O2-split-fixture.dwo",
                                             "c-clang-O2-split.dwp", "c-dwz-common.debug"))
    + op(LINK, "c-gcc-O2-stripped.debug", ".debug", 0)
    + copy("esbuild.min.js", "sourcemaps/1.0/static") + op(LINK, "esbuild.min.js.map", "sourcemaps/1.0/static", 5)
    + copy("linked.min.js", "sourcemaps/1.0/static") + op(LINK, "maps", "sourcemaps/1.0/static", 2)
    + op(LINK, "mapping.txt", "proguard/1.0", 0),
    # Whole directories as links out.
    op(LINK, "static", "sourcemaps/1.0", 2) + op(LINK, "1.0", "proguard", 7) + op(LINK, ".debug", "", 1)
    + op(LINK, "sourcemaps", "", 1),
    # FIFOs where companions, maps and mappings are expected.
    b"".join(copy(n) for n in ("c-gcc-O2-stripped", "c-gcc-O2-split", "c-clang-O2-split", "c-gcc-O2-dwz"))
    + b"".join(op(FIFO, n) for n in ("c-gcc-O2-stripped.debug", "c-gcc-O2-split-fixture.dwo",
                                       "c-clang-O2-split.dwp", "c-dwz-common.debug", "app"))
    + copy("esbuild.min.js", "sourcemaps/1.0/static") + op(FIFO, "esbuild.min.js.map", "sourcemaps/1.0/static")
    + op(FIFO, "mapping.txt", "proguard/1.0"),
    # Devices.
    b"".join(copy(n) for n in ("c-gcc-O2-stripped", "c-clang-O2-split"))
    + op(LINK, "c-gcc-O2-stripped.debug", "", 3) + op(LINK, "c-clang-O2-split.dwp", "", 3)
    + op(LINK, "app", "", 3) + op(LINK, "mapping.txt", "proguard/1.0", 3),
    # Sparse files of 4 GiB: an object file, a package, a map, a mapping.
    op(SPARSE, "app", "", NAMES.index("app")) + copy("c-clang-O2-split")
    + op(SPARSE, "c-clang-O2-split.dwp", "", NAMES.index("c-clang-O2-split.dwp"))
    + copy("esbuild.min.js", "sourcemaps/1.0/static")
    + op(SPARSE, "esbuild.min.js.map", "sourcemaps/1.0/static", NAMES.index("esbuild.min.js.map"))
    + op(SPARSE, "mapping.txt", "proguard/1.0", NAMES.index("mapping.txt")),
] + [
    # Compressed sections claiming 0, 1, 100 bytes, 1 MiB, 2 GiB, ~4 GiB,
    # 2^64-1: zlib and zstd, one section or two.
    op(CLAIM, "app", "", (claim << 1) | z | two)
    for claim in range(7) for z in (0, 1) for two in (0, 0x80)
] + [
    # Damaged copies (a byte flipped, or cut there) of every file.
    b"".join(op(DAMAGE | cut, n, "", NAMES.index(n)) for n in natives)
    + b"".join(op(DAMAGE | cut, n, "sourcemaps/1.0/static", NAMES.index(n)) for n in ("esbuild.min.js", "esbuild.min.js.map"))
    + op(DAMAGE | cut, "mapping.txt", "proguard/1.0", NAMES.index("mapping.txt"))
    for cut in (0, 8)
]
out = root / "fuzz" / "corpus" / "symbol_store"
out.mkdir(parents=True, exist_ok=True)
for data in store_seeds:
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
print("symbol_store", len(store_seeds))
