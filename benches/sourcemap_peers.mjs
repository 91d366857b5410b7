// The node side of benches/sourcemap_peers.py: one implementation per
// process, so that its peak RSS is its own.
//
//   node --expose-gc benches/sourcemap_peers.mjs --impl source-map|trace-mapping \
//       --modules DIR/node_modules --map MAP --positions TSV [--reps 15] [--rounds 7] [--round-ms 200]
//
// * source-map (0.7.x): parse = `await new SourceMapConsumer(raw)` + the first
//   originalPositionFor (the consumer decodes `mappings` lazily, on the first
//   lookup); destroy() before the next parse. Lookup = originalPositionFor.
// * trace-mapping (@jridgewell/trace-mapping 0.3.x): parse = `new TraceMap(raw)`
//   + the first originalPositionFor (it also decodes `mappings` lazily).
//
// Both get the map as the raw JSON string (JSON.parse is part of the parse, as
// serde is for the Rust ones). Timed in wall time and in the JS thread's
// on-CPU time (/proc/thread-self/schedstat). Prints one JSON object on stdout.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const args = { reps: 15, rounds: 7, roundMs: 200 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const [flag, value] = [argv[i], argv[i + 1]];
  if (value === undefined) throw new Error(`${flag} takes a value`);
  switch (flag) {
    case "--impl": args.impl = value; break;
    case "--modules": args.modules = value; break;
    case "--map": args.map = value; break;
    case "--positions": args.positions = value; break;
    case "--reps": args.reps = Number(value); break;
    case "--rounds": args.rounds = Number(value); break;
    case "--round-ms": args.roundMs = Number(value); break;
    default: throw new Error(`unknown flag ${flag}`);
  }
}
for (const k of ["impl", "modules", "map", "positions"]) {
  if (!args[k]) throw new Error(`--${k} is required`);
}
const require = createRequire(join(resolve(args.modules), "noop.js"));
const gc = globalThis.gc ?? (() => {});

const raw = readFileSync(args.map, "utf8");
const refs = readFileSync(args.positions, "utf8")
  .split("\n")
  .filter((l) => l.trim() && !l.startsWith("#"))
  .map((l) => {
    const f = l.split("\t");
    return {
      line: Number(f[0]), // 1-based
      column: Number(f[1]), // 0-based
      source: f[2] || null,
      origLine: f[3] ? Number(f[3]) : null,
      origCol: f[4] ? Number(f[4]) : null,
    };
  });
const queries = refs.map((r) => ({ line: r.line, column: r.column }));
gc();
const rssBase = process.memoryUsage().rss;

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const now = () => process.hrtime.bigint();
const msSince = (t) => Number(now() - t) / 1e6;
// On-CPU ns of the main (JS) thread, which time slices lost to other
// processes do not count; GC and JIT helper threads are not included.
const cpuNs = () => Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]);

// One implementation: build(raw) -> map (async), lookup(map, query) -> {source,line,column,name}, free(map).
let impl;
if (args.impl === "source-map") {
  const { SourceMapConsumer } = require("source-map");
  impl = {
    version: require("source-map/package.json").version,
    build: async (raw) => await new SourceMapConsumer(raw),
    lookup: (map, q) => map.originalPositionFor(q),
    free: (map) => map.destroy(),
  };
} else if (args.impl === "trace-mapping") {
  const tm = require("@jridgewell/trace-mapping");
  impl = {
    version: require("@jridgewell/trace-mapping/package.json").version,
    build: async (raw) => new tm.TraceMap(raw),
    lookup: (map, q) => tm.originalPositionFor(map, q),
    free: () => {},
  };
} else {
  throw new Error(`unknown --impl ${args.impl} (source-map, trace-mapping)`);
}

// Parse: construct + first lookup, REPS times; the previous map is freed and
// garbage-collected before each, outside the timed region.
const parse = [];
const parseCpu = [];
let map = null;
for (let i = 0; i < args.reps; i++) {
  if (map) impl.free(map);
  map = null;
  gc();
  const c = cpuNs();
  const t = now();
  const m = await impl.build(raw);
  impl.lookup(m, queries[0]);
  parse.push(msSince(t));
  parseCpu.push((cpuNs() - c) / 1e6);
  map = m;
}

let hits = 0;
let agree = 0;
for (const r of refs) {
  const p = impl.lookup(map, { line: r.line, column: r.column });
  if (p.line !== null) hits++;
  const ok =
    r.origLine === null
      ? p.line === null
      : p.source === r.source && p.line === r.origLine && p.column === r.origCol;
  if (ok) agree++;
}

// Lookups: passes over all positions, calibrated to ~ROUND_MS a round.
let sink = 0;
const pass = () => {
  let s = 0;
  for (let i = 0; i < queries.length; i++) {
    const p = impl.lookup(map, queries[i]);
    s += (p.line ?? 0) + (p.name ? p.name.length : 0);
  }
  return s;
};
let passes = 1;
for (;;) {
  const t = now();
  for (let i = 0; i < passes; i++) sink += pass();
  const took = msSince(t);
  if (took >= args.roundMs / 4) {
    passes = Math.max(1, Math.ceil((passes * args.roundMs) / took));
    break;
  }
  passes *= 2;
}
const lookups = [];
const lookupsCpu = [];
for (let r = 0; r < args.rounds; r++) {
  const c = cpuNs();
  const t = now();
  for (let i = 0; i < passes; i++) sink += pass();
  lookups.push((msSince(t) * 1e6) / (passes * queries.length));
  lookupsCpu.push((cpuNs() - c) / (passes * queries.length));
}
if (sink === -1) console.error("unreachable");
impl.free(map);

const round = (v, d) => Number(v.toFixed(d));
console.log(
  JSON.stringify({
    impl: args.impl,
    version: impl.version,
    parse_ms: round(median(parse), 3),
    parse_ms_all: parse.map((x) => round(x, 3)),
    parse_cpu_ms: round(median(parseCpu), 3),
    parse_cpu_ms_all: parseCpu.map((x) => round(x, 3)),
    lookup_ns: round(median(lookups), 2),
    lookup_ns_rounds: lookups.map((x) => round(x, 3)),
    lookup_cpu_ns: round(median(lookupsCpu), 2),
    lookup_cpu_ns_rounds: lookupsCpu.map((x) => round(x, 3)),
    positions: refs.length,
    hits,
    agree,
    with_function: null,
    rss_base_mb: round(rssBase / 1048576, 1),
    rss_peak_mb: round(process.resourceUsage().maxRSS / 1024, 1),
  }),
);
