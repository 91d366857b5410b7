// Runs the errors of real-stacktraces.txt in node twice: in the minified
// bundle of this folder (whose frames must be the ones that file lists)
// and in maplibre-gl 5.6.0's unminified build, maplibre-gl-dev.js, where
// V8 prints each frame's original function name. The two runs are matched
// frame by frame; each unminified frame is also resolved through
// maplibre-gl-dev.js.map (source-map 0.7.6) to check it is the same
// source line as the minified frame. Prints a TSV on stdout.
//
//   node function_names.cjs NODE_MODULES   (see function_names.sh)

const fs = require("node:fs");
const path = require("node:path");

const modules = process.argv[2];
const here = __dirname;
const dist = path.join(modules, "maplibre-gl", "dist");
const { SourceMapConsumer } = require(path.join(modules, "source-map"));
const version = (pkg) => JSON.parse(fs.readFileSync(path.join(modules, pkg, "package.json"), "utf8")).version;

// The errors, as real-stacktraces.txt lists them.
const scenarios = [
  ["LngLatLike", (m) => m.MercatorCoordinate.fromLngLat("bad")],
  ["in operator", (m) => new m.LngLatBounds().extend("bad")],
  ["NaN", (m) => m.LngLat.convert({ lng: NaN, lat: NaN })],
  ["container", (m) => {
    globalThis.document = { getElementById: () => null };
    try {
      return new m.Map({ container: "nope" });
    } finally {
      delete globalThis.document;
    }
  }],
  ["no document", (m) => new m.Map({ container: "nope" })],
];

// [function name or null, 1-based line, 1-based column] of each frame inside `file`.
function frames(file) {
  const m = require(file);
  const base = path.basename(file);
  const out = [];
  for (const [label, run] of scenarios) {
    let error = null;
    try {
      run(m);
    } catch (e) {
      error = e;
    }
    if (!error) throw new Error(`${base}: ${label} did not throw`);
    const inFile = error.stack
      .split("\n")
      .map((l) => l.match(/^\s+at (?:(.*) \()?(.*):(\d+):(\d+)\)?$/))
      .filter((x) => x && path.basename(x[2]) === base)
      .map((x) => [x[1] ?? null, Number(x[3]), Number(x[4])]);
    out.push(...inFile.map((f) => [label, ...f]));
  }
  return out;
}

// The frames real-stacktraces.txt lists: line, column and original position.
const listed = fs
  .readFileSync(path.join(here, "real-stacktraces.txt"), "utf8")
  .split("\n")
  .map((l) => l.match(/\(maplibre-gl\.js:(\d+):(\d+)\)\s+-> (\S+):(\d+):(\d+)/))
  .filter(Boolean)
  .map((x) => ({ line: Number(x[1]), column: Number(x[2]), source: x[3], originalLine: Number(x[4]) }));

async function main() {
  const minified = frames(path.join(here, "maplibre-gl.js"));
  const dev = frames(path.join(dist, "maplibre-gl-dev.js"));
  if (minified.length !== listed.length || dev.length !== listed.length) {
    throw new Error(`frames: ${minified.length} minified, ${dev.length} unminified, ${listed.length} listed`);
  }
  const devMap = JSON.parse(fs.readFileSync(path.join(dist, "maplibre-gl-dev.js.map"), "utf8"));
  const rows = [];
  await SourceMapConsumer.with(devMap, null, (consumer) => {
    listed.forEach((want, i) => {
      const [label, minName, line, column] = minified[i];
      const [, devName, devLine, devColumn] = dev[i];
      if (line !== want.line || column !== want.column) {
        throw new Error(`frame ${i}: minified ${line}:${column}, real-stacktraces.txt ${want.line}:${want.column}`);
      }
      const p = consumer.originalPositionFor({ line: devLine, column: devColumn - 1 });
      if (p.source !== want.source || p.line !== want.originalLine) {
        throw new Error(`frame ${i}: unminified ${p.source}:${p.line}, minified ${want.source}:${want.originalLine}`);
      }
      rows.push([line, column, label, minName ?? "", devName ?? "<anonymous>", `${devLine}:${devColumn}`, `${p.source}:${p.line}`]);
    });
  });
  console.log(`# Made by function_names.sh: maplibre-gl ${version("maplibre-gl")} (npm), source-map ${version("source-map")}, node ${process.version}.`);
  console.log("# Each frame of real-stacktraces.txt: its position in maplibre-gl.js (1-based, as V8 prints it), the error, the name V8");
  console.log("# prints there, and the name V8 prints for the same frame in the unminified maplibre-gl-dev.js (the reference), at that");
  console.log("# position in maplibre-gl-dev.js, which maplibre-gl-dev.js.map resolves to the same original source and line.");
  console.log(["line", "column", "error", "v8_minified", "v8_unminified", "unminified_position", "original"].join("\t"));
  for (const r of rows) console.log(r.join("\t"));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
