#!/usr/bin/env bash
# Rebuilds out/: the app bundled and minified by real bundlers, and the
# reference lookups made by Mozilla's source-map, and the enclosing function
# names Sentry's js-source-scopes gives on the original sources. The tools are installed
# from tools/package-lock.json into a temporary directory (nothing is
# installed here); out/ is committed so that tests never need npm.
#
#   testdata/sourcemap/bundlers/build.sh
#
# Needs node (v20) and npm with access to the npm registry, and cargo with
# access to crates.io.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp tools/package.json tools/package-lock.json "$tmp/"
# Exact versions from the lock file; no install scripts are needed (the
# esbuild binary comes from its @esbuild/<platform> optional package).
npm ci --prefix "$tmp" --ignore-scripts --no-audit --no-fund --loglevel=error
bin="$tmp/node_modules/.bin"
echo "esbuild $("$bin/esbuild" --version), $("$bin/terser" --version), node $(node --version)"

rm -rf out
mkdir out

# (a) esbuild, bundled and minified in one step.
"$bin/esbuild" app/src/main.js --bundle --minify --sourcemap \
  --format=iife --global-name=App --log-level=warning \
  --outfile=out/esbuild.min.js

# (b) terser over an esbuild bundle that is not minified; terser's map is
# chained through esbuild's (content=...), so it points at app/ directly.
"$bin/esbuild" app/src/main.js --bundle --sourcemap \
  --format=iife --global-name=App --log-level=warning \
  --outfile=out/esbuild.bundle.js
(
  cd out
  "$bin/terser" esbuild.bundle.js --compress --mangle \
    --source-map "content='esbuild.bundle.js.map',url='terser.min.js.map',includeSources" \
    --output terser.min.js
)

# The function-name reference: Sentry's js-source-scopes (scopes/, pinned
# by its Cargo.lock), built into the repository's target/ (ignored by git).
cargo build --release --locked -q --manifest-path scopes/Cargo.toml \
  --target-dir "$here/../../../target/scope-names"
SCOPE_NAMES_BIN="$here/../../../target/scope-names/release/bundler-scope-names" \
  SOURCE_MAP_DIR="$tmp/node_modules/source-map" node reference.mjs esbuild terser
