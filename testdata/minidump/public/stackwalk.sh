#!/usr/bin/env bash
# minidump-stackwalk's JSON for the public dumps whose upstream has no
# expected output of its own (Breakpad's Linux dumps; symbolic's dumps,
# whose .sym files are put into the Breakpad layout first). Writes
# expected-stackwalk/<name>.json. Needs minidump-stackwalk 0.27.0 on PATH
# (cargo install --locked minidump-stackwalk@0.27.0).
set -euo pipefail
cd "$(dirname "$0")"
out=expected-stackwalk
rm -rf "$out" && mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in breakpad/testdata/linux_*.dmp breakpad/testdata/minidump2.dmp; do
    minidump-stackwalk --json --symbols-path breakpad/testdata/symbols "$d" \
        > "$out/$(basename "$d" .dmp).json" 2>/dev/null
done
# linux_inline's symbols come in two syntaxes, neither under the layout's
# name: each gets a store of its own (symbols-inline-{old,new}/, kept).
for v in old new; do
    dir=symbols-inline-$v/linux_inline/BBA6FA10B8AAB33D00000000000000000
    rm -rf "symbols-inline-$v" && mkdir -p "$dir"
    cp breakpad/testdata/symbols/linux_inline/BBA6FA10B8AAB33D00000000000000000/linux_inline.$v.sym "$dir/linux_inline.sym"
    minidump-stackwalk --json --symbols-path "symbols-inline-$v" breakpad/testdata/linux_inline.dmp \
        > "$out/linux_inline-$v.json" 2>/dev/null
done
# symbolic's flat .sym files, into a Breakpad store under the debug file
# name and id the dump gives its main module (the py/ ones hold only STACK
# CFI records, no MODULE line).
place() { # dump sym
    local file id
    read -r file id < <(minidump-stackwalk --json "$1" 2>/dev/null | python3 -c \
        'import json,sys; m=json.load(sys.stdin)["modules"][0]; print(m["debug_file"], m["debug_id"])')
    mkdir -p "$tmp/$file/$id" && cp "$2" "$tmp/$file/$id/${file%.pdb}.sym"
}
place symbolic/py/tests/res/minidump/crash_linux.dmp symbolic/py/tests/res/minidump/crash_linux.sym
place symbolic/py/tests/res/minidump/crash_macos.dmp symbolic/py/tests/res/minidump/crash_macos.sym
place symbolic/at-88caf91/symbolic-testutils/fixtures/linux/mini.dmp symbolic/at-88caf91/symbolic-testutils/fixtures/linux/crash.sym
for d in symbolic/py/tests/res/minidump/crash_linux.dmp symbolic/py/tests/res/minidump/crash_macos.dmp \
         symbolic/at-88caf91/symbolic-testutils/fixtures/linux/mini.dmp; do
    minidump-stackwalk --json --symbols-path "$tmp" "$d" > "$out/symbolic-$(basename "$d" .dmp).json" 2>/dev/null
done
# The same dumps with full symbols that dump_syms makes from the binaries
# and their DWARF: the peer for crashprint reading that DWARF directly.
full=$tmp/full
dumpsyms() { # out.sym files...
    dump_syms --inlines "${@:2}" > "$1"
    read -r _ _ _ id name < "$1"
    mkdir -p "$full/$name/$id" && mv "$1" "$full/$name/$id/$name.sym"
}
res=symbolic/py/tests/res/minidump
fix=symbolic/at-88caf91/symbolic-testutils/fixtures/linux
dumpsyms "$tmp/1.sym" $res/crash_linux
dumpsyms "$tmp/2.sym" $res/crash_macos $res/crash_macos.dSYM/Contents/Resources/DWARF/crash_macos
dumpsyms "$tmp/3.sym" $fix/crash $fix/crash.debug
for d in $res/crash_linux.dmp $res/crash_macos.dmp $fix/mini.dmp; do
    minidump-stackwalk --json --symbols-path "$full" "$d" > "$out/symbolic-$(basename "$d" .dmp)-dump_syms.json" 2>/dev/null
done
{ minidump-stackwalk --version; dump_syms --version; } > "$out/VERSION"
