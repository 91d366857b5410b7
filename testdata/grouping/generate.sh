#!/usr/bin/env bash
# Regenerates the labelled grouping corpus in out/ from the sources here:
# builds every release of each program, runs every (bug, caller path,
# recursion depth) so that it really crashes, and collects what its own crash
# handler printed; runs a selection of the native crashes again under gdb and
# lldb for the text logs in out/textlogs/. See README.md.
#
#   testdata/grouping/generate.sh            # from anywhere
#
# Needs: node + npm (registry access for the pinned esbuild/terser of
# js/package.json, installed into a temporary directory), gcc, clang,
# objcopy, strip, python3, a Rust toolchain (cargo + rustc, std only: built
# offline), a JDK 17 (javac, jar, java, jmods), Debian's proguard-cli
# 6.2.2 (/usr/share/java/proguard.jar), gdb and lldb (Debian's lldb 14).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

# --- the matrix -------------------------------------------------------------
# Releases: "version:how". Add a release by adding an entry (and, if it
# should differ in code, `@since VERSION` … `@end` blocks in the sources).
JS_RELEASES="1.0.0:esbuild 1.1.0:esbuild 1.2.0:terser"
C_RELEASES="1.0.0:gcc:-O0 1.1.0:gcc:-O2 1.2.0:clang:-O2"
JAVA_RELEASES="1.0.0 1.1.0 1.2.0"      # each with java/proguard-<release>.pro
# Rust: "version:opt-level:codegen-units:lto" (cargo release profile).
RUST_RELEASES="1.0.0:0:16:off 1.1.0:3:16:off 1.2.0:3:1:fat"
# Bugs (the argv that selects them is also their label), caller paths, depths.
JS_BUGS="address config quantity discount"
JS_PATHS="1 2"
JS_DEPTHS="1 2 4"
C_BUGS="null-account assert-qty div-zero oob-slot"
C_PATHS="1 2 3"
C_DEPTHS="1 2 4"
JAVA_BUGS="npe parse index state"
JAVA_PATHS="1 2"
JAVA_DEPTHS="1 2 4"
RUST_BUGS="missing-sku slot-index overflow bad-discount"
RUST_PATHS="1 2 3"
RUST_DEPTHS="1 2 4"

# The programs added for issue 14, each its own app with its own release
# line ("<program>@<version>", as Sentry names releases: the symbol directory
# finds source maps and ProGuard mappings by release). "dir:program:split":
# the tuning part ("tune", with the four programs above) and the held-out
# part ("heldout", programs that no grouping rule may be written for).
NEW_JS_PROGRAMS="js-booking:booking:tune js-chat:chat:heldout"
NEW_C_PROGRAMS="c-netq:netq:tune c-kvstore:kvstore:heldout"
NEW_JAVA_PROGRAMS="java-library:library:tune java-payroll:payroll:heldout"
NEW_RUST_PROGRAMS="rust-sched:sched:tune rust-tiles:tiles:heldout"
NEW_JS_RELEASES="1.0.0:esbuild 1.1.0:esbuild 1.2.0:terser"
# C: gcc -O1 (small functions stay out of line), clang -O2 (inlined), gcc
# -O2 with link-time optimization (inlined across files); "," is a space.
NEW_C_RELEASES="1.0.0:gcc:-O1 1.1.0:clang:-O2 1.2.0:gcc:-O2,-flto"
NEW_JAVA_RELEASES="1.0.0 1.1.0 1.2.0"  # each with <dir>/proguard-<release>.pro
NEW_RUST_RELEASES="1.0.0:1:16:off 1.1.0:3:16:off 1.2.0:3:1:fat"
NEW_PATHS="1 2"
NEW_DEPTHS="1 3"
BUGS_booking="seatmap-foreach tags-map soldout declined invariant-create invariant-transfer refund-then venue-json webhook-json"
BUGS_chat="mention history ratelimit moderation bad-link bad-invite too-long"
BUGS_netq="null-payload queue-full bad-ttl null-iface null-label"
BUGS_kvstore="double-free null-bucket wal-assert wal-corrupt stats-div"
BUGS_library="getter-npe overdue-lambda renew-lambda checkout-null hold-null shelf-index holds-index due-date birthday"
BUGS_payroll="tax-bracket missing-employee negative-net negative-expense iban-lambda audit-lambda leavers hours"
BUGS_sched="plan-closure retry-closure fail-enqueue fail-complete parse-cron parse-priority"
BUGS_tiles="zoom-div polar missing-style nan-sort reentrant-cache"

build=${GROUPING_BUILD_DIR:-$(mktemp -d -t crashprint-grouping.XXXXXX)}
mkdir -p "$build"
echo "build directory: $build" >&2
rm -rf out.tmp && mkdir -p out.tmp/symbols out.tmp/textlogs
reports=out.tmp/reports.ndjson
labels=out.tmp/labels.jsonl
: > "$reports"
: > "$labels"
: > out.tmp/textlogs/files.txt
: > out.tmp/textlogs/labels.jsonl
line=0
textlog=0
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
PROGUARD_JAR=${PROGUARD_JAR:-/usr/share/java/proguard.jar}

# The program and split the next `run`s record (set before each program).
program=js
split=tune

# run LABEL CMD...: runs one crashing program, which must exit non-zero
# after printing exactly one JSON payload, and records it with its label,
# program and split.
run() {
    local label=$1; shift
    local payload status=0
    payload=$("$@" 2>/dev/null) || status=$?
    if [ "$status" -eq 0 ] || [ "$(printf '%s\n' "$payload" | grep -c '^{')" -ne 1 ]; then
        echo "did not crash with one report (exit $status): $*" >&2
        exit 1
    fi
    payload=$(printf '%s\n' "$payload" | grep '^{')
    printf '%s\n' "$payload" >> "$reports"
    line=$((line + 1))
    printf '{"line": %d, "bug": "%s", "split": "%s", "program": "%s"}\n' "$line" "$label" "$split" "$program" >> "$labels"
}

# debug_logs LABEL RELEASE_INDEX PATH DEPTH BIN: runs BIN's crash (BIN BUG
# PATH DEPTH, BUG the label after its last "/" or ":") under the debuggers,
# with the binary's full debug information, and keeps what they print as
# text logs: gdb `bt` (release index 0), `bt full` (1) or `thread apply all
# bt` (2); lldb `bt`. The program's own output goes to /dev/null (the
# Rust panic hook prints its payload there before it aborts); its stderr
# (assertion and fatal messages) stays in the log as a terminal shows it.
debug_logs() {
    local label=$1 ri=$2 path=$3 depth=$4 bin=$5
    local bug=${label##*[:/]}
    local cmds=("bt" "bt full" "thread apply all bt")
    local out
    out=$(cd "$(dirname "$bin")" && timeout 120 gdb -batch -nx -ex 'set pagination off' -ex 'set width 0' \
        -ex "run $bug $path $depth >/dev/null" -ex "${cmds[$ri]}" "$bin" 2>&1) || true
    textlog_add "gdb" "${cmds[$ri]}" "$label" "$out" "Program received signal"
    out=$(cd "$(dirname "$bin")" && timeout 120 lldb --batch -o "settings set target.run-args $bug $path $depth" \
        -o 'process launch -o /dev/null' -k bt -k quit -- "$bin" 2>/dev/null) || true
    textlog_add "lldb" "bt" "$label" "$out" "stop reason = signal"
}

# apport_logs LABEL PATH DEPTH BIN: what Apport attaches to a crash report
# from gdb: Stacktrace.txt (`bt full`) and ThreadStacktrace.txt (`thread
# apply all bt full`), the command's output only (gdb's logging file), here
# taken from the live process stopped at the signal instead of a core file.
apport_logs() {
    local label=$1 path=$2 depth=$3 bin=$4
    local bug=${label##*[:/]} tmp="$build/apport"
    rm -rf "$tmp" && mkdir -p "$tmp"
    (cd "$(dirname "$bin")" && timeout 120 gdb -batch -nx -ex 'set pagination off' -ex 'set width 0' \
        -ex "run $bug $path $depth >/dev/null 2>&1" \
        -ex "set logging file $tmp/Stacktrace.txt" -ex 'set logging overwrite on' -ex 'set logging redirect on' \
        -ex 'set logging enabled on' -ex 'bt full' -ex 'set logging enabled off' \
        -ex "set logging file $tmp/ThreadStacktrace.txt" \
        -ex 'set logging enabled on' -ex 'thread apply all bt full' -ex 'set logging enabled off' \
        "$bin" >/dev/null 2>&1) || true
    # gdb 13 itself aborts on some Rust locals in `bt full` (an internal
    # error); Apport would attach nothing then, and so does this.
    local f
    for f in Stacktrace ThreadStacktrace; do
        if grep -q '^#0 ' "$tmp/$f.txt" 2>/dev/null; then
            local cmd="bt full"
            [ "$f" = Stacktrace ] || cmd="thread apply all bt full"
            textlog_add "gdb" "apport $f.txt ($cmd)" "$label" "$(cat "$tmp/$f.txt")" "#0 " "$f"
        else
            echo "gdb wrote no $f.txt for $label (gdb failed); left out" >&2
        fi
    done
}

# textlog_add TOOL COMMAND LABEL TEXT MUST_CONTAIN [APPORT_NAME]: stores one
# text log as out/textlogs/NNNN-TOOL.txt (NNNN-apport-NAME.txt) and labels it.
textlog_add() {
    local tool=$1 cmd=$2 label=$3 text=$4 must=$5 apport=${6:-}
    if ! grep -q -- "$must" <<< "$text"; then
        printf '%s\n' "$text" | tail -20 >&2
        echo "$tool ($cmd) did not catch the crash of $label" >&2
        exit 1
    fi
    textlog=$((textlog + 1))
    local name
    name=$(printf '%04d-%s.txt' "$textlog" "${apport:+apport-}${apport:-$tool}")
    printf '%s\n' "$text" > "out.tmp/textlogs/$name"
    printf '%s\n' "$name" >> out.tmp/textlogs/files.txt
    printf '{"line": %d, "bug": "%s", "split": "%s", "program": "%s", "tool": "%s", "command": "%s", "release": "%s"}\n' \
        "$textlog" "$label" "$split" "$program" "$tool" "$cmd" "$release" >> out.tmp/textlogs/labels.jsonl
}

# nth N WORDS...: the Nth word (0-based, cyclic) of WORDS.
nth() {
    local n=$1; shift
    local words=("$@")
    printf '%s' "${words[$((n % ${#words[@]}))]}"
}

# --- JavaScript (Node) ------------------------------------------------------
program=js
split=tune
tools="$build/js-tools"
mkdir -p "$tools"
cp js/package.json "$tools/"
(cd "$tools" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
for entry in $JS_RELEASES; do
    release=${entry%%:*}
    minifier=${entry#*:}
    rel="$build/js/$release"
    rm -rf "$rel"
    python3 release_src.py js/src "$rel/src" "$release"
    node js/build.mjs "$tools" "$rel/src" "$rel" "$release" "$minifier"
    # Deploy: the symbol directory gets the minified file and its map as
    # served; the app runs from the same place for every release.
    deployed="out.tmp/symbols/sourcemaps/$release/dist"
    mkdir -p "$deployed"
    cp "$rel"/dist/app.min.mjs* "$deployed/"
    srv="$build/js/srv"
    rm -rf "$srv" && mkdir -p "$srv/dist"
    cp "$rel/dist/app.min.mjs" "$srv/dist/"
    for bug in $JS_BUGS; do
        for path in $JS_PATHS; do
            for depth in $JS_DEPTHS; do
                run "js:$bug" bash -c 'cd "$1" && exec node dist/app.min.mjs "$2" "$3" "$4"' _ "$srv" "$bug" "$path" "$depth"
            done
        done
    done
done

# --- C (program + shared library) ------------------------------------------
program=c
ri=0
for entry in $C_RELEASES; do
    IFS=: read -r release cc opt <<< "$entry"
    src="$build/c/$release/src"
    srv="$build/c/srv"
    rm -rf "$src" "$srv" && mkdir -p "$srv/bin" "$srv/lib"
    python3 release_src.py c/src "$src" "$release"
    # One checkout path in the debug information for every release, as a CI
    # build directory would be.
    flags="$opt -g -Wall -Wl,--build-id -ffile-prefix-map=$src=/build/ledger"
    $cc $flags -fPIC -shared -o "$srv/lib/libledger.so" "$src/ledger.c"
    $cc $flags -DRELEASE="\"$release\"" -o "$srv/bin/app" "$src/app.c" "$src/crash.c" \
        -L"$srv/lib" -lledger -Wl,-rpath,'$ORIGIN/../lib'
    # Text logs: the debuggers see the binaries with their debug information.
    bi=0
    for bug in $C_BUGS; do
        debug_logs "c:$bug" "$ri" "$(nth $((bi + ri)) $C_PATHS)" "$(nth $((bi + ri)) $C_DEPTHS)" "$srv/bin/app"
        [ "$ri" -ne 1 ] || [ "$bi" -ge 2 ] || apport_logs "c:$bug" "$(nth "$bi" $C_PATHS)" "$(nth 1 $C_DEPTHS)" "$srv/bin/app"
        bi=$((bi + 1))
    done
    ri=$((ri + 1))
    # Debug files into the symbol directory (found there by build id); the
    # deployed binaries run without debug information.
    dbg="out.tmp/symbols/native/$release"
    mkdir -p "$dbg"
    for f in bin/app lib/libledger.so; do
        objcopy --only-keep-debug --compress-debug-sections=zlib "$srv/$f" "$dbg/$(basename "$f").debug"
        strip --strip-debug "$srv/$f"
    done
    for bug in $C_BUGS; do
        for path in $C_PATHS; do
            for depth in $C_DEPTHS; do
                run "c:$bug" "$srv/bin/app" "$bug" "$path" "$depth"
            done
        done
    done
done

# --- Java (ProGuard, Bugsnag Android-style payloads) -----------------------
program=java
mkdir -p "$build/java"
# ProGuard 6.2.2 cannot read JDK 17 class files: a java.base stub with the
# class-file version lowered, for its analysis only (see that script).
python3 ../proguard/real/jarutil.py stub "$JAVA_HOME/jmods/java.base.jmod" "$build/java/java-base-stub.jar"
for release in $JAVA_RELEASES; do
    rel="$build/java/$release"
    rm -rf "$rel" && mkdir -p "$rel/classes"
    python3 release_src.py java/src "$rel/src" "$release"
    sed -i "s/@RELEASE@/$release/" "$rel/src/com/example/ledger/App.java"
    # Java 8 bytecode, as Android toolchains consume (and ProGuard 6.2.2 reads).
    "$JAVA_HOME/bin/javac" -g --release 8 -encoding UTF-8 -d "$rel/classes" \
        $(find "$rel/src" -name '*.java' | LC_ALL=C sort)
    "$JAVA_HOME/bin/jar" --create --file "$rel/plain.jar" --main-class com.example.ledger.App -C "$rel/classes" .
    (cd java && java -jar "$PROGUARD_JAR" @"proguard-$release.pro" \
        -injars "$rel/plain.jar" -outjars "$rel/app.jar" \
        -libraryjars "$build/java/java-base-stub.jar" \
        -printmapping "$rel/mapping.txt") > "$rel/proguard.log" 2>&1 || { cat "$rel/proguard.log" >&2; exit 1; }
    mkdir -p "out.tmp/symbols/proguard/$release"
    cp "$rel/mapping.txt" "out.tmp/symbols/proguard/$release/mapping.txt"
    for bug in $JAVA_BUGS; do
        for path in $JAVA_PATHS; do
            for depth in $JAVA_DEPTHS; do
                # Android's messages do not name fields and locals either.
                run "java:$bug" "$JAVA_HOME/bin/java" -XX:-ShowCodeDetailsInExceptionMessages -XX:TieredStopAtLevel=1 \
                    -jar "$rel/app.jar" "$bug" "$path" "$depth"
            done
        done
    done
done

# --- Rust (panic hook, Backtrace payloads) ---------------------------------
# A standalone cargo project (std only), built offline outside the
# repository's workspace, one target directory per release.
program=rust
ri=0
for entry in $RUST_RELEASES; do
    IFS=: read -r release opt units lto <<< "$entry"
    src="$build/rust/$release/src"
    srv="$build/rust/srv"
    rm -rf "$src" "$srv" && mkdir -p "$srv/bin"
    python3 release_src.py rust "$src" "$release"
    # One checkout path in the debug information for every release, as a CI
    # build directory would be.
    LEDGER_RELEASE=$release CARGO_PROFILE_RELEASE_DEBUG=2 CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt \
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=$units CARGO_PROFILE_RELEASE_LTO=$lto \
        CARGO_PROFILE_RELEASE_STRIP=none CARGO_PROFILE_RELEASE_SPLIT_DEBUGINFO=off \
        RUSTFLAGS="--remap-path-prefix=$src=/build/ledger-rs -C link-arg=-Wl,--build-id" \
        cargo build --offline --quiet --release --manifest-path "$src/Cargo.toml" \
        --target-dir "$build/rust/$release/target"
    cp "$build/rust/$release/target/release/ledger-rs" "$srv/bin/ledger-rs"
    bi=0
    for bug in $RUST_BUGS; do
        debug_logs "rust:$bug" "$ri" "$(nth $((bi + ri)) $RUST_PATHS)" "$(nth $((bi + ri)) $RUST_DEPTHS)" "$srv/bin/ledger-rs"
        [ "$ri" -ne 1 ] || [ "$bi" -ge 2 ] || apport_logs "rust:$bug" "$(nth "$bi" $RUST_PATHS)" "$(nth 1 $RUST_DEPTHS)" "$srv/bin/ledger-rs"
        bi=$((bi + 1))
    done
    ri=$((ri + 1))
    # Debug file into the symbol directory (found there by build id); the
    # deployed binary runs without debug information.
    dbg="out.tmp/symbols/native/$release"
    mkdir -p "$dbg"
    objcopy --only-keep-debug --compress-debug-sections=zlib "$srv/bin/ledger-rs" "$dbg/ledger-rs.debug"
    strip --strip-debug "$srv/bin/ledger-rs"
    for bug in $RUST_BUGS; do
        for path in $RUST_PATHS; do
            for depth in $RUST_DEPTHS; do
                run "rust:$bug" "$srv/bin/ledger-rs" "$bug" "$path" "$depth"
            done
        done
    done
done

# --- the programs added for issue 14 ----------------------------------------
# Each reuses its platform's crash handler (copied in from the first
# program's sources) and has its own release line, "<program>@<version>".

for spec in $NEW_JS_PROGRAMS; do
    IFS=: read -r dir program split <<< "$spec"
    bugs_var="BUGS_$program"
    for entry in $NEW_JS_RELEASES; do
        version=${entry%%:*}
        minifier=${entry#*:}
        release="$program@$version"
        rel="$build/$dir/$version"
        rm -rf "$rel"
        python3 release_src.py "$dir/src" "$rel/src" "$version"
        cp js/src/crash.js "$rel/src/crash.js"
        node js/build.mjs "$tools" "$rel/src" "$rel" "$release" "$minifier" "$program"
        deployed="out.tmp/symbols/sourcemaps/$release/dist"
        mkdir -p "$deployed"
        cp "$rel/dist/$program.min.mjs"* "$deployed/"
        srv="$build/$dir/srv"
        rm -rf "$srv" && mkdir -p "$srv/dist"
        cp "$rel/dist/$program.min.mjs" "$srv/dist/"
        for bug in ${!bugs_var}; do
            for path in $NEW_PATHS; do
                for depth in $NEW_DEPTHS; do
                    run "js:$program/$bug" bash -c 'cd "$1" && exec node "dist/$2.min.mjs" "$3" "$4" "$5"' _ \
                        "$srv" "$program" "$bug" "$path" "$depth"
                done
            done
        done
    done
done

for spec in $NEW_C_PROGRAMS; do
    IFS=: read -r dir program split <<< "$spec"
    bugs_var="BUGS_$program"
    ri=0
    for entry in $NEW_C_RELEASES; do
        IFS=: read -r version cc opt <<< "$entry"
        opt=${opt//,/ }
        release="$program@$version"
        src="$build/$dir/$version/src"
        srv="$build/$dir/srv"
        rm -rf "$src" "$srv" && mkdir -p "$srv/bin"
        python3 release_src.py "$dir/src" "$src" "$version"
        cp c/src/crash.c c/src/crash.h "$src/"
        # shellcheck disable=SC2086 # $opt is a list of flags
        $cc $opt -g -Wall -Wl,--build-id -ffile-prefix-map="$src=/build/$program" \
            -DRELEASE="\"$release\"" -DCRASH_APP="\"$program\"" -o "$srv/bin/$program" "$src"/*.c
        bi=0
        for bug in ${!bugs_var}; do
            debug_logs "c:$program/$bug" "$ri" "$(nth $((bi + ri)) $NEW_PATHS)" "$(nth $((bi + ri)) $NEW_DEPTHS)" "$srv/bin/$program"
            [ "$ri" -ne 1 ] || [ "$bi" -ge 2 ] || apport_logs "c:$program/$bug" "$(nth "$bi" $NEW_PATHS)" "$(nth 1 $NEW_DEPTHS)" "$srv/bin/$program"
            bi=$((bi + 1))
        done
        ri=$((ri + 1))
        dbg="out.tmp/symbols/native/$release"
        mkdir -p "$dbg"
        objcopy --only-keep-debug --compress-debug-sections=zlib "$srv/bin/$program" "$dbg/$program.debug"
        strip --strip-debug "$srv/bin/$program"
        for bug in ${!bugs_var}; do
            for path in $NEW_PATHS; do
                for depth in $NEW_DEPTHS; do
                    run "c:$program/$bug" "$srv/bin/$program" "$bug" "$path" "$depth"
                done
            done
        done
    done
done

for spec in $NEW_JAVA_PROGRAMS; do
    IFS=: read -r dir program split <<< "$spec"
    bugs_var="BUGS_$program"
    for version in $NEW_JAVA_RELEASES; do
        release="$program@$version"
        rel="$build/$dir/$version"
        pkg="$rel/src/com/example/$program"
        rm -rf "$rel" && mkdir -p "$rel/classes"
        python3 release_src.py "$dir/src" "$rel/src" "$version"
        sed "s/com\.example\.ledger/com.example.$program/g" java/src/com/example/ledger/CrashHandler.java > "$pkg/CrashHandler.java"
        sed -i "s/@RELEASE@/$release/" "$pkg/App.java"
        "$JAVA_HOME/bin/javac" -g --release 8 -encoding UTF-8 -d "$rel/classes" \
            $(find "$rel/src" -name '*.java' | LC_ALL=C sort)
        "$JAVA_HOME/bin/jar" --create --file "$rel/plain.jar" --main-class "com.example.$program.App" -C "$rel/classes" .
        (cd "$dir" && java -jar "$PROGUARD_JAR" @"proguard-$version.pro" \
            -injars "$rel/plain.jar" -outjars "$rel/app.jar" \
            -libraryjars "$build/java/java-base-stub.jar" \
            -printmapping "$rel/mapping.txt") > "$rel/proguard.log" 2>&1 || { cat "$rel/proguard.log" >&2; exit 1; }
        mkdir -p "out.tmp/symbols/proguard/$release"
        cp "$rel/mapping.txt" "out.tmp/symbols/proguard/$release/mapping.txt"
        for bug in ${!bugs_var}; do
            for path in $NEW_PATHS; do
                for depth in $NEW_DEPTHS; do
                    run "java:$program/$bug" "$JAVA_HOME/bin/java" -XX:-ShowCodeDetailsInExceptionMessages -XX:TieredStopAtLevel=1 \
                        -jar "$rel/app.jar" "$bug" "$path" "$depth"
                done
            done
        done
    done
done

for spec in $NEW_RUST_PROGRAMS; do
    IFS=: read -r dir program split <<< "$spec"
    bugs_var="BUGS_$program"
    ri=0
    for entry in $NEW_RUST_RELEASES; do
        IFS=: read -r version opt units lto <<< "$entry"
        release="$program@$version"
        src="$build/$dir/$version/src"
        srv="$build/$dir/srv"
        rm -rf "$src" "$srv" && mkdir -p "$srv/bin"
        python3 release_src.py "$dir" "$src" "$version"
        cp rust/src/crash.rs "$src/src/crash.rs"
        APP_RELEASE=$release CRASH_APP=$program CARGO_PROFILE_RELEASE_DEBUG=2 CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt \
            CARGO_PROFILE_RELEASE_CODEGEN_UNITS=$units CARGO_PROFILE_RELEASE_LTO=$lto \
            CARGO_PROFILE_RELEASE_STRIP=none CARGO_PROFILE_RELEASE_SPLIT_DEBUGINFO=off \
            RUSTFLAGS="--remap-path-prefix=$src=/build/$program -C link-arg=-Wl,--build-id" \
            cargo build --offline --quiet --release --manifest-path "$src/Cargo.toml" \
            --target-dir "$build/$dir/$version/target"
        cp "$build/$dir/$version/target/release/$program" "$srv/bin/$program"
        bi=0
        for bug in ${!bugs_var}; do
            debug_logs "rust:$program/$bug" "$ri" "$(nth $((bi + ri)) $NEW_PATHS)" "$(nth $((bi + ri)) $NEW_DEPTHS)" "$srv/bin/$program"
            [ "$ri" -ne 1 ] || [ "$bi" -ge 2 ] || apport_logs "rust:$program/$bug" "$(nth "$bi" $NEW_PATHS)" "$(nth 1 $NEW_DEPTHS)" "$srv/bin/$program"
            bi=$((bi + 1))
        done
        ri=$((ri + 1))
        dbg="out.tmp/symbols/native/$release"
        mkdir -p "$dbg"
        objcopy --only-keep-debug --compress-debug-sections=zlib "$srv/bin/$program" "$dbg/$program.debug"
        strip --strip-debug "$srv/bin/$program"
        for bug in ${!bugs_var}; do
            for path in $NEW_PATHS; do
                for depth in $NEW_DEPTHS; do
                    run "rust:$program/$bug" "$srv/bin/$program" "$bug" "$path" "$depth"
                done
            done
        done
    done
done

# The two parts, for `crashprint eval --labels` on one part of reports.ndjson
# (unlabelled lines are left out of the scores).
for part in tune heldout; do
    grep "\"split\": \"$part\"" "$labels" > "out.tmp/labels.$part.jsonl"
    grep "\"split\": \"$part\"" out.tmp/textlogs/labels.jsonl > "out.tmp/textlogs/labels.$part.jsonl"
done

rm -rf out && mv out.tmp out
echo "$line reports in $here/out ($(du -sh out | cut -f1))" >&2
[ -n "${GROUPING_BUILD_DIR:-}" ] || rm -rf "$build"
