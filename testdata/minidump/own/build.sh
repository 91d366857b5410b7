#!/usr/bin/env bash
# Builds the crashers in src/ in several configurations, crashes each under
# crash-handler + minidump-writer (gen/dumper, loaded with LD_PRELOAD),
# converts every binary (and the system libraries the dumps name) to
# Breakpad symbols with dump_syms, and records minidump-stackwalk's JSON for
# each dump: the expected output crashprint's tests compare against.
#
#   bin/       crashprint's symbol directory: the binaries as built (DWARF,
#              .eh_frame) and, in bin/sys/, the system libraries they ran with
#   dumps/     the minidumps
#   expected/  minidump-stackwalk --json --symbols-path sym/ for each dump
#   sym/       dump_syms output in the Breakpad layout (regenerated, not kept)
#   tools.txt  tool versions and dump_syms's time
#
# Needs gcc, g++, rustc, cargo; installs minidump-stackwalk and dump_syms
# (cargo install, into $TOOLS, default ~/.cargo) when missing.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
TOOLS=${TOOLS:-$HOME/.cargo}
export PATH="$TOOLS/bin:$PATH"
if ! command -v minidump-stackwalk >/dev/null || ! command -v dump_syms >/dev/null; then
    cargo install --locked --root "$TOOLS" minidump-stackwalk@0.27.0 dump_syms@2.3.9
fi
(cd ../gen/dumper && cargo build --release --quiet)
dumper=$here/../gen/dumper/target/release/libcrashprint_dumper.so

rm -rf bin dumps expected sym
mkdir -p bin/sys dumps expected sym

gcc -g -O2 -fPIC -shared -fomit-frame-pointer -o bin/libcrashlib.so src/crashlib.c
for opt in O0 O2; do
    for fp in fp nofp; do
        flag=$([ $fp = fp ] && echo -fno-omit-frame-pointer || echo -fomit-frame-pointer)
        gcc -g -$opt $flag -pthread -o bin/c-$opt-$fp src/crasher.c \
            -Lbin -lcrashlib -Wl,-rpath,'$ORIGIN'
    done
done
# The same program, release 2: more code, every address moved.
gcc -g -O2 -fno-omit-frame-pointer -DRELEASE=2 -pthread -o bin/c-O2-fp-r2 src/crasher.c \
    -Lbin -lcrashlib -Wl,-rpath,'$ORIGIN'
g++ -g -O0 -fno-omit-frame-pointer -pthread -o bin/cpp-O0-fp src/crasher.cpp
g++ -g -O2 -fomit-frame-pointer -pthread -o bin/cpp-O2-nofp src/crasher.cpp
rustc -g -C opt-level=0 -C force-frame-pointers=yes -C panic=abort -o bin/rust-O0-fp src/crasher.rs
rustc -g -C opt-level=2 -C panic=abort -o bin/rust-O2-nofp src/crasher.rs

run() { # binary mode
    local name=$1-$2
    CRASHPRINT_DUMP=$here/dumps/$name.dmp LD_PRELOAD=$dumper ./bin/$1 $2 >/dev/null 2>&1 || true
    [ -s dumps/$name.dmp ] || { echo "no dump for $name" >&2; exit 1; }
}
for b in c-O0-fp c-O0-nofp c-O2-fp c-O2-nofp; do
    for m in segv thread lib abort; do run $b $m; done
done
run c-O2-fp-r2 segv
for b in cpp-O0-fp cpp-O2-nofp; do
    for m in method thread throw; do run $b $m; done
done
for b in rust-O0-fp rust-O2-nofp; do
    for m in segv thread panic; do run $b $m; done
done

# The system libraries the programs ran with, as they are on this machine.
for lib in $(ldd bin/c-O0-fp bin/cpp-O0-fp bin/rust-O0-fp | awk '/=>/ {print $3} /ld-linux/ {print $1}' | sort -u); do
    case $lib in *libcrashlib*) continue;; esac
    cp -L "$lib" bin/sys/
done

start=$(date +%s.%N)
for f in bin/* bin/sys/*; do
    [ -f "$f" ] || continue
    out=$(mktemp)
    dump_syms --inlines "$f" > "$out"
    read -r _ _ _ id name < <(head -1 "$out")
    mkdir -p "sym/$name/$id"
    mv "$out" "sym/$name/$id/$name.sym"
done
end=$(date +%s.%N)

for d in dumps/*.dmp; do
    n=$(basename "$d" .dmp)
    minidump-stackwalk --json --symbols-path sym "$d" > "expected/$n.json" 2>/dev/null
done

{
    echo "gcc: $(gcc --version | head -1)"
    echo "g++: $(g++ --version | head -1)"
    echo "rustc: $(rustc --version)"
    echo "minidump-stackwalk: $(minidump-stackwalk --version)"
    echo "dump_syms: $(dump_syms --version)"
    echo "dump_syms wall seconds for all $(find sym -name '*.sym' | wc -l) modules: $(echo "$end - $start" | bc)"
    echo "libc: $(ldd --version | head -1)"
} > tools.txt
echo "$(ls dumps | wc -l) dumps"
