#!/usr/bin/env bash
# Regenerates function-names.node.tsv: the enclosing function of every frame
# of real-stacktraces.txt, as V8 names it when node runs the same errors in
# maplibre-gl 5.6.0's unminified build (dist/maplibre-gl-dev.js). The
# package is installed from the npm registry into a temporary directory
# (nothing is installed here); its dist/maplibre-gl.js must be
# byte-identical to the one in this folder.
#
#   testdata/sourcemap/maplibre-gl-5.6.0/function_names.sh
#
# Needs node (v20) and npm with access to the npm registry.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
npm install --prefix "$tmp" --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
  maplibre-gl@5.6.0 source-map@0.7.6 >/dev/null
cmp "$tmp/node_modules/maplibre-gl/dist/maplibre-gl.js" "$here/maplibre-gl.js"
node "$here/function_names.cjs" "$tmp/node_modules" > "$here/function-names.node.tsv"
echo "wrote $here/function-names.node.tsv"
