#!/usr/bin/env bash
# Debugger fixtures: real gdb and lldb sessions on real crashes of ledger.c
# (gcc -O0 -g, a worker thread, a stripped shared library), and an Apport
# report. Everything in out/ is written by this script.
#
# Apport is not packaged for Debian: apport-null.crash is written here in
# Apport's report layout (Key: value fields, continuation lines indented by
# one space) with the gdb commands Apport runs for its Stacktrace (`bt
# full`), ThreadStacktrace (`thread apply all bt full`) and StacktraceTop
# fields, on the same crash.
set -euo pipefail
cd "$(dirname "$0")"
command -v gdb >/dev/null && command -v lldb >/dev/null && command -v gcc >/dev/null
build=$(mktemp -d /tmp/crashprint-debuggers.XXXXXX)
trap 'rm -rf "$build"' EXIT
gcc -O0 -g -fPIC -shared -o "$build/libvisit.so" libvisit.c
strip "$build/libvisit.so"
gcc -O0 -g -pthread -ffile-prefix-map="$PWD"=/build/ledger -o "$build/ledger" ledger.c -L"$build" -lvisit -Wl,-rpath,"$build"
rm -rf out && mkdir out
# Paths of the temporary build directory, as a user's session would show
# their own; gdb's thread ids and addresses differ on every run.
clean() { sed -e "s#$build#/home/user/ledger#g" -e 's/\[Inferior 1 (process [0-9]*) killed\]//' ; }
gdb_run() { # out-name crash-mode gdb-commands...
    local name=$1 mode=$2; shift 2
    local args=()
    for c in "$@"; do args+=(-ex "$c"); done
    gdb -nx -batch -ex "set pagination off" -ex run "${args[@]}" --args "$build/ledger" "$mode" 2>&1 | clean > "out/$name"
}
gdb_run gdb-null-bt.txt null bt
gdb_run gdb-null-bt-full-all-threads.txt null "bt full" "thread apply all bt full"
gdb_run gdb-assert-bt.txt assert bt
gdb_run gdb-library-bt.txt library bt
# A core file, opened afterwards: `Program terminated with signal`.
gdb -nx -batch -ex run -ex "generate-core-file $build/core" --args "$build/ledger" null >/dev/null 2>&1
gdb -nx -batch -ex "thread apply all bt" "$build/ledger" "$build/core" 2>&1 | clean > out/gdb-null-core.txt
lldb_run() { # out-name crash-mode
    lldb --no-lldbinit --batch -o run -k bt -k "thread backtrace all" -- "$build/ledger" "$2" 2>&1 | clean > "out/$1"
}
lldb_run lldb-null.txt null
lldb_run lldb-assert.txt assert
lldb_run lldb-library.txt library
# Apport's report of the NULL crash.
full=$(gdb -nx -batch -ex run -ex "bt full" --args "$build/ledger" null 2>&1 | clean | sed -n '/^#0 /,$p')
threads=$(gdb -nx -batch -ex run -ex "thread apply all bt full" --args "$build/ledger" null 2>&1 | clean | sed -n '/^Thread /,$p')
top=$(printf '%s\n' "$full" | grep '^#' | head -5 | sed -E 's/^#[0-9]+ +(0x[0-9a-f]+ in )?//')
indent() { sed 's/^/ /'; }
{
    echo "ProblemType: Crash"
    echo "Architecture: amd64"
    echo "ExecutablePath: /home/user/ledger/ledger"
    echo "ProcCmdline: /home/user/ledger/ledger null"
    echo "Signal: 11"
    echo "Stacktrace:"
    printf '%s\n' "$full" | indent
    echo "StacktraceTop:"
    printf '%s\n' "$top" | indent
    echo "ThreadStacktrace:"
    echo " ."
    printf '%s\n' "$threads" | indent
    echo "Title: ledger crashed with SIGSEGV in ledger_post()"
} > out/apport-null.crash
ls out
