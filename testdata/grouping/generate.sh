#!/usr/bin/env bash
# Regenerates the labelled grouping corpus in out/ from the sources here:
# builds every release of each program, runs every (bug, caller path,
# recursion depth) so that it really crashes, and collects what its own crash
# handler printed. See README.md.
#
#   testdata/grouping/generate.sh            # from anywhere
#
# Needs: node + npm (registry access for the pinned esbuild/terser of
# js/package.json, installed into a temporary directory), gcc, clang,
# objcopy, strip, python3, a Rust toolchain (cargo + rustc, std only: built
# offline), a JDK 17 (javac, jar, java, jmods) and Debian's proguard-cli
# 6.2.2 (/usr/share/java/proguard.jar).
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

build=${GROUPING_BUILD_DIR:-$(mktemp -d -t crashprint-grouping.XXXXXX)}
mkdir -p "$build"
echo "build directory: $build" >&2
rm -rf out.tmp && mkdir -p out.tmp/symbols
reports=out.tmp/reports.ndjson
labels=out.tmp/labels.jsonl
: > "$reports"
: > "$labels"
line=0

# run LABEL CMD...: runs one crashing program, which must exit non-zero
# after printing exactly one JSON payload, and records it with its label.
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
    printf '{"line": %d, "bug": "%s"}\n' "$line" "$label" >> "$labels"
}

# --- JavaScript (Node) ------------------------------------------------------
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
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
PROGUARD_JAR=${PROGUARD_JAR:-/usr/share/java/proguard.jar}
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

rm -rf out && mv out.tmp out
echo "$line reports in $here/out ($(du -sh out | cut -f1))" >&2
[ -n "${GROUPING_BUILD_DIR:-}" ] || rm -rf "$build"
