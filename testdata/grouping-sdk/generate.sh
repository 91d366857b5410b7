#!/usr/bin/env bash
# Regenerates the SDK grouping corpus in out/: installs the real error
# reporting SDKs (pinned) into a temporary build directory, builds every
# release of each program, runs every (bug, caller path) so that it really
# fails, once per SDK, with the SDK delivering to a local capture server,
# and keeps what each SDK delivered. See README.md.
#
#   testdata/grouping-sdk/generate.sh            # from anywhere
#
# Needs: node 20 + npm (registry access for node/package-lock.json),
# python3 (3.11) with venv + pip (PyPI access for python/requirements.txt).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

# --- the matrix -------------------------------------------------------------
# Programs: "name:split" (tune: what grouping rules may be tuned on; heldout:
# other programs, for reporting only).
NODE_PROGRAMS="bookings:tune telemetry:heldout"
PYTHON_PROGRAMS="library:tune greenhouse:heldout"
# Releases: "version:build".
NODE_RELEASES="1.0.0:plain 1.1.0:esbuild 1.2.0:terser"
PYTHON_RELEASES="1.0.0:source 1.1.0:padded 1.2.0:bytecode"
# Bugs of each program (the argv that selects them is also their label).
BUGS_bookings="forEach-amenities forEach-rates then-confirm invariant-dates invariant-capacity overbooked json-roomtypes json-import"
BUGS_telemetry="then-readings then-summary fail-unit fail-range url-sink reduce-empty"
BUGS_library="lambda-decade lambda-costs nested-recommend nested-rank fail-suspended fail-renew json-catalog json-members"
BUGS_greenhouse="nested-threshold nested-offset strptime-meter strptime-plan expect-valve expect-timer pump-chain"
PATHS="1 2"
NODE_SDKS="@bugsnag/js:bugsnag @backtrace/node:backtrace"
PYTHON_SDKS="bugsnag:bugsnag backtracepython:backtrace"

build=${GROUPING_BUILD_DIR:-$(mktemp -d -t crashprint-grouping-sdk.XXXXXX)}
mkdir -p "$build"
build=$(cd "$build" && pwd)
echo "build directory: $build" >&2
rm -rf out.tmp && mkdir -p out.tmp/symbols
: > out.tmp/reports.ndjson
: > out.tmp/labels.jsonl
node=$(command -v node)
# The apps run with this environment only: the Backtrace Node SDK ships
# every environment variable in its reports.
mkdir -p "$build/home"
base_env=$(printf '{"PATH": "/usr/bin:/bin", "HOME": "%s", "LANG": "C.UTF-8"}' "$build/home")

# Mode of one run: every bug is reported handled and unhandled by each SDK,
# and each caller path both ways across the two SDKs.
mode() { # PATH SDK
    if [ $(( $1 % 2 )) -eq $([ "$2" = bugsnag ] && echo 1 || echo 0) ]; then echo handled; else echo unhandled; fi
}

# plan_entry PLATFORM PROGRAM SPLIT BUG PATH SDK_PACKAGE SDK RELEASE BUILD CWD ARGV0 ARGV1 [FLUSH]
plan_entry() {
    local platform=$1 program=$2 split=$3 bug=$4 path=$5 package=$6 sdk=$7 release=$8 kind=$9
    local cwd=${10} exe=${11} entry=${12} flush=${13:-}
    local m
    m=$(mode "$path" "$sdk")
    python3 - "$platform" "$program" "$split" "$bug" "$path" "$package" "$sdk" "$release" "$kind" \
        "$cwd" "$exe" "$entry" "$m" "$flush" "$base_env" <<'PY'
import json, sys
(platform, program, split, bug, path, package, sdk, release, kind,
 cwd, exe, entry, mode, flush, env) = sys.argv[1:]
plan = {
    "label": {"bug": f"{platform}:{program}:{bug}", "split": split, "sdk": package,
              "release": release, "build": kind, "path": int(path), "mode": mode},
    "cwd": cwd, "argv": [exe, entry, bug, path, mode],
    "env": dict(json.loads(env), CP_SDK=sdk), "mode": mode,
}
if flush and mode == "unhandled":
    plan["flush"] = [exe, entry, "--flush"]
print(json.dumps(plan))
PY
}

# --- Node ---------------------------------------------------------------
tools="$build/node-tools"
mkdir -p "$tools"
cp node/package.json node/package-lock.json "$tools/"
(cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
for prog in $NODE_PROGRAMS; do
    program=${prog%%:*}
    split=${prog#*:}
    bugs_var=BUGS_$program
    for entry in $NODE_RELEASES; do
        release=${entry%%:*}
        kind=${entry#*:}
        rel="$build/node/$program/$release"
        rm -rf "$rel" && mkdir -p "$rel/src"
        cp node/$program/src/*.js node/common/report.js "$rel/src/"
        # Deploy: one server directory per program, the same for every release.
        srv="$build/srv/node/$program"
        rm -rf "$srv" && mkdir -p "$srv"
        printf '{"name": "%s", "version": "%s", "private": true}\n' "$program" "$release" > "$srv/package.json"
        ln -s "$tools/node_modules" "$srv/node_modules"
        if [ "$kind" = plain ]; then
            cp -r "$rel/src" "$srv/src"
            main=src/main.js
        else
            node node/build.mjs "$tools" "$rel/src" "$rel" "$program" "$kind"
            mkdir -p "$srv/dist" "out.tmp/symbols/sourcemaps/$release/dist"
            cp "$rel/dist/$program.min.js" "$srv/dist/"
            # The symbol directory gets the minified file and its map as served.
            cp "$rel/dist/$program.min.js" "$rel/dist/$program.min.js.map" "out.tmp/symbols/sourcemaps/$release/dist/"
            main=dist/$program.min.js
        fi
        plan="$build/plan.jsonl"
        : > "$plan"
        for bug in ${!bugs_var}; do
            for path in $PATHS; do
                for s in $NODE_SDKS; do
                    package=${s%%:*}
                    sdk=${s#*:}
                    flush=$([ "$sdk" = backtrace ] && echo yes || true)
                    plan_entry javascript "$program" "$split" "$bug" "$path" "$package" "$sdk" \
                        "$release" "$kind" "$srv" "$node" "$main" "$flush" >> "$plan"
                done
            done
        done
        python3 run.py "$plan" out.tmp
    done
done

# --- Python -------------------------------------------------------------
python3 -m venv "$build/venv"
"$build/venv/bin/pip" install --quiet --disable-pip-version-check -r python/requirements.txt
py="$build/venv/bin/python"
for prog in $PYTHON_PROGRAMS; do
    program=${prog%%:*}
    split=${prog#*:}
    bugs_var=BUGS_$program
    for entry in $PYTHON_RELEASES; do
        release=${entry%%:*}
        kind=${entry#*:}
        srv="$build/srv/python/$program"
        rm -rf "$srv" && mkdir -p "$srv"
        echo "$release" > "$srv/VERSION"
        case "$kind" in
            source)
                cp python/$program/*.py python/common/report.py "$srv/"
                main=main.py ;;
            padded)
                mkdir -p "$build/python/$program"
                rm -rf "$build/python/$program/padded" && mkdir -p "$build/python/$program/padded"
                cp python/$program/*.py python/common/report.py "$build/python/$program/padded/"
                python3 python/pad.py "$build/python/$program/padded" "$srv"
                main=main.py ;;
            bytecode)
                # Only .pyc files are deployed (compiled where they run, so
                # tracebacks name that path): no source lines anywhere.
                cp python/$program/*.py python/common/report.py "$srv/"
                "$py" -m compileall -q -b "$srv"
                rm -rf "$srv"/*.py "$srv/__pycache__"
                main=main.pyc ;;
        esac
        plan="$build/plan.jsonl"
        : > "$plan"
        for bug in ${!bugs_var}; do
            for path in $PATHS; do
                for s in $PYTHON_SDKS; do
                    package=${s%%:*}
                    sdk=${s#*:}
                    plan_entry python "$program" "$split" "$bug" "$path" "$package" "$sdk" \
                        "$release" "$kind" "$srv" "$py" "$main" >> "$plan"
                done
            done
        done
        python3 run.py "$plan" out.tmp
    done
done

rm -rf out && mv out.tmp out
echo "$(wc -l < out/reports.ndjson) reports in $here/out ($(du -sh out | cut -f1))" >&2
[ -n "${GROUPING_BUILD_DIR:-}" ] || rm -rf "$build"
