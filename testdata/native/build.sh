#!/usr/bin/env bash
# Builds the native fixtures with real toolchains and records what
# llvm-symbolizer says about 2,000 addresses of each (the expected output).
# Run from the repository root: bash testdata/native/build.sh
# Needs gcc, clang, lld, rustc, objcopy (binutils), dwz, llvm-dwp and
# llvm-symbolizer (14 here), python3.
set -euo pipefail
cd "$(dirname "$0")"
out=bin
rm -rf "$out" expected && mkdir -p "$out" expected
src=src/fixture.c

gcc -O0 -g -gdwarf-4 -o $out/c-gcc-O0-dwarf4 $src
gcc -O2 -g -gdwarf-5 -o $out/c-gcc-O2-dwarf5 $src
gcc -O2 -g -gdwarf-4 -o $out/c-gcc-O2-dwarf4 $src
clang -O0 -g -o $out/c-clang-O0 $src
clang -O2 -g -gdwarf-4 -o $out/c-clang-O2-dwarf4 $src
clang -O2 -g -gdwarf-5 -o $out/c-clang-O2-dwarf5 $src
# Split DWARF: the DIEs live in .dwo files beside the binary (gcc names
# them after the output; clang after the object, hence two steps).
gcc -O2 -g -gsplit-dwarf -gdwarf-5 -o $out/c-gcc-O2-split $src
clang -O2 -g -gsplit-dwarf -c -o $out/c-clang-O2-split.o $src
clang -o $out/c-clang-O2-split $out/c-clang-O2-split.o && rm $out/c-clang-O2-split.o
# The same binary with its .dwo packed into a .dwp, alone in its directory.
mkdir -p $out/dwp && cp $out/c-clang-O2-split $out/dwp/
llvm-dwp -e $out/dwp/c-clang-O2-split -o $out/dwp/c-clang-O2-split.dwp
# dwz: two builds move their common DWARF into a supplementary file,
# linked by .gnu_debugaltlink (name + build id).
mkdir -p $out/dwz
gcc -O2 -g -o $out/dwz/c-gcc-O2-dwz $src
gcc -O0 -g -o $out/dwz/c-gcc-O0-dwz $src
dwz -m $out/dwz/c-dwz-common.debug -M c-dwz-common.debug $out/dwz/c-gcc-O2-dwz $out/dwz/c-gcc-O0-dwz
# Other object formats, linked by lld without a C library.
clang --target=x86_64-pc-windows-gnu -O2 -g -gdwarf-4 -nostdlib -fuse-ld=lld -Wl,--entry=entry \
  -o $out/pe-clang-O2.exe src/freestanding.c
clang --target=wasm32 -O2 -g -nostdlib -Wl,--no-entry -Wl,--export-all -o $out/wasm-clang-O2.wasm src/freestanding.c
# Mach-O: linked by ld64.lld; its DWARF collected into a dSYM bundle by
# dsymutil, as Xcode does (the fixture is the bundle's DWARF file).
macho=$(mktemp -d)
clang --target=x86_64-apple-macos11 -O2 -g -c -o $macho/freestanding.o src/freestanding.c
"$(command -v ld64.lld || command -v ld64.lld-14)" -arch x86_64 -platform_version macos 11.0 11.0 -e _entry -o $macho/macho-clang-O2 $macho/freestanding.o
dsymutil $macho/macho-clang-O2 -o $macho/macho-clang-O2.dSYM
cp $macho/macho-clang-O2.dSYM/Contents/Resources/DWARF/macho-clang-O2 $out/macho-clang-O2.dSYM
rm -rf $macho
objcopy --compress-debug-sections=zlib $out/c-gcc-O2-dwarf5 $out/c-gcc-O2-zlib
if objcopy --compress-debug-sections=zstd $out/c-gcc-O2-dwarf5 $out/c-gcc-O2-zstd 2>/dev/null; then :; fi
# Debug info split off into a separate file, found through .gnu_debuglink.
cp $out/c-gcc-O2-dwarf4 $out/c-gcc-O2-stripped
objcopy --only-keep-debug $out/c-gcc-O2-stripped $out/c-gcc-O2-stripped.debug
objcopy --strip-debug --add-gnu-debuglink=$out/c-gcc-O2-stripped.debug $out/c-gcc-O2-stripped
# No DWARF at all: the symbol table is all there is.
gcc -O2 -o $out/c-gcc-O2-nodebug $src
# Fat LTO keeps the binary small (std code the program never calls is dropped).
rustc -C opt-level=2 -C debuginfo=2 -C lto=fat -C codegen-units=1 -C panic=abort --edition 2021 -o $out/rust-O2 src/fixture.rs

# A program that really crashes and reports raw addresses + modules (see
# src/crasher.c). It runs stripped, as deployed; its debug file goes into a
# symbol directory in the GDB layout (.build-id/ab/cdef….debug).
gcc -O2 -g -gdwarf-5 -o $out/crasher src/crasher.c
cp $out/crasher $out/crasher-deployed
strip --strip-debug $out/crasher-deployed
rm -rf symbols payloads && mkdir -p payloads
id=$(readelf -n $out/crasher | awk '/Build ID/ {print $3}')
mkdir -p symbols/.build-id/${id:0:2}
objcopy --only-keep-debug $out/crasher symbols/.build-id/${id:0:2}/${id:2}.debug
$out/crasher-deployed > payloads/crash.ndjson || true
test "$(wc -l < payloads/crash.ndjson)" = 2
# What llvm-symbolizer says about each frame of the crasher, at the
# module-relative address (callers' return addresses minus one).
python3 - "$out/crasher" <<'PY'
import json, subprocess, sys
crash = json.loads(open("payloads/crash.ndjson").readline())
module = next(m for m in crash["modules"] if m["code_file"].endswith("crasher-deployed"))
start = int(module["start"], 16)
rows = []
for i, frame in enumerate(crash["threads"]["main"]["stack"]):
    address = int(frame["address"], 16)
    if not start <= address < start + module["size"]:
        rows.append(None)
        continue
    relative = address - start - (0 if frame.get("faulted") else 1)
    out = subprocess.run(["llvm-symbolizer", "--inlines", "--output-style=JSON", "--obj", sys.argv[1], hex(relative)],
                         capture_output=True, text=True, check=True).stdout
    answer = json.loads(out)
    answer = answer[0] if isinstance(answer, list) else answer
    rows.append([{k: f[k] for k in ("FunctionName", "FileName", "Line")} for f in answer["Symbol"]])
open("payloads/crash-expected.json", "w").write(json.dumps(rows, indent=1) + "\n")
PY

python3 - "$out" <<'PY'
import json, random, subprocess, sys, pathlib
out = pathlib.Path(sys.argv[1])
for binary in sorted([*out.iterdir(), *(out / "dwz").glob("c-gcc-*-dwz")]):
    if binary.is_dir() or binary.suffix in (".debug", ".dwo") or binary.name.startswith("crasher"):
        continue
    # Code bounds from the section headers (.text; a Wasm file's CODE section,
    # whose DWARF addresses are offsets into it).
    text = subprocess.run(["llvm-objdump", "-h", str(binary)], capture_output=True, text=True, check=True).stdout
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[1] in (".text", "CODE", "__text"):
            size, vma = int(parts[2], 16), int(parts[3], 16)
    rng = random.Random(20261122)
    addrs = sorted({vma + rng.randrange(size) for _ in range(2000)})
    (pathlib.Path("expected") / f"{binary.name}.addrs").write_text("".join(f"{a:#x}\n" for a in addrs))
    res = subprocess.run(["llvm-symbolizer", "--inlines", "--demangle", "--functions=linkage",
                          "--output-style=JSON", "--obj", str(binary)],
                         input="".join(f"{a:#x}\n" for a in addrs), capture_output=True, text=True, check=True)
    # Keep the fields compared (function, file, line, column), one JSON
    # object per address, exactly as llvm-symbolizer gave them.
    keep = ("FunctionName", "FileName", "Line", "Column")
    slim = []
    for line in res.stdout.splitlines():
        record = json.loads(line)
        frames = [{k: f.get(k) for k in keep} for f in record.get("Symbol", [])]
        slim.append(json.dumps({"Address": record["Address"], "Symbol": frames}, separators=(",", ":")))
    (pathlib.Path("expected") / f"{binary.name}.json").write_text("\n".join(slim) + "\n")
    print(binary.name, len(addrs), "addresses")
PY
