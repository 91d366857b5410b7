#!/usr/bin/env python3
"""Side-by-side source map benchmark, all peers in one run: parse+index time,
lookup ns (with and without function names) and peak RSS on one map.

    python3 benches/sourcemap_peers.py [--map MAP] [--minified JS] [--positions TSV]
        [--reps 15] [--rounds 7] [--round-ms 200] [--runs 1] [--only IMPL ...]
        [--no-build] [--json]

Defaults: the maplibre-gl 5.6.0 map and bundle under
testdata/sourcemap/maplibre-gl-5.6.0/ (else /work/shared/corpora/sourcemap/...),
and the 2000 generated positions of reference-lookups.source-map-0.7.6.tsv
next to the map (gen line 1-based, gen col 0-based), looped over many times.

Implementations, each in its own process (peak RSS = GNU time's %M of it):
  crashprint         SourceMap::from_slice; lookup(pos, GreatestLowerBound), no function names
  crashprint-scopes  from_slice(..).with_minified_source(js); resolve(pos), with function names
  sourcemap          getsentry's `sourcemap` crate 9.x: SourceMap::from_slice; lookup_token(line0, col0)
  source-map         node, source-map 0.7.x: await new SourceMapConsumer(raw) + first originalPositionFor
                     (it decodes `mappings` lazily, on the first lookup); warm originalPositionFor after
  trace-mapping      node, @jridgewell/trace-mapping 0.3.x: new TraceMap(raw) + first originalPositionFor
                     (also lazy); warm originalPositionFor after

The Rust side is benches/sourcemap_peers.rs (built here with
`cargo build --release -p crashprint-benches --bin sourcemap_peers`), the node
side benches/sourcemap_peers.mjs; the npm packages are installed into
target/sourcemap-peers/node_modules when missing. Each program reads its inputs
before timing, parses REPS times (median reported) and times lookups in ROUNDS
rounds of about ROUND_MS each (median reported), in wall time and in the timing
thread's on-CPU time (which leaves out time slices lost to other processes). Ratios are
crashprint / peer, on the wall-time medians: below 1 means crashprint is faster.
"""
import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile

root = pathlib.Path(__file__).resolve().parent.parent
local = root / "testdata/sourcemap/maplibre-gl-5.6.0"
shared = pathlib.Path("/work/shared/corpora/sourcemap/maplibre-gl-5.6.0")
data = local if (local / "maplibre-gl.js.map").exists() else shared

ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ap.add_argument("--map", default=str(data / "maplibre-gl.js.map"))
ap.add_argument("--minified", default=str(data / "maplibre-gl.js"))
ap.add_argument("--positions", default=None,
                help="TSV of generated positions (default: reference-lookups.source-map-0.7.6.tsv next to --map)")
ap.add_argument("--reps", type=int, default=15, help="parses per process (median reported)")
ap.add_argument("--rounds", type=int, default=7, help="lookup rounds per process (median reported)")
ap.add_argument("--round-ms", type=int, default=200, help="target duration of one lookup round")
ap.add_argument("--runs", type=int, default=1, help="processes per implementation (medians of medians, max RSS)")
ap.add_argument("--only", nargs="+", choices=["crashprint", "crashprint-scopes", "sourcemap", "source-map", "trace-mapping"])
ap.add_argument("--node-dir", default=str(root / "target/sourcemap-peers"))
ap.add_argument("--no-build", action="store_true", help="use the existing target/release/sourcemap_peers")
ap.add_argument("--json", action="store_true", help="also print the raw results as JSON")
ap.add_argument("--json-out", default=None, help="write the raw results (and versions) to this file")
args = ap.parse_args()
if args.positions is None:
    cand = pathlib.Path(args.map).parent / "reference-lookups.source-map-0.7.6.tsv"
    args.positions = str(cand if cand.exists() else shared / cand.name)

RUST = ["crashprint", "crashprint-scopes", "sourcemap"]
NODE = ["source-map", "trace-mapping"]
impls = [i for i in RUST + NODE if not args.only or i in args.only]

# Build / install.
rust_bin = root / "target/release/sourcemap_peers"
if any(i in RUST for i in impls) and not args.no_build:
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "crashprint-benches", "--bin", "sourcemap_peers"],
                   cwd=root, check=True)
node_dir = pathlib.Path(args.node_dir)
node_modules = node_dir / "node_modules"
# The node peers, exact versions (the README's figures name them).
NODE_PEERS = {"source-map": "0.7.6", "@jridgewell/trace-mapping": "0.3.31"}


def installed(package):
    try:
        return json.loads((node_modules / package / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


if any(i in NODE for i in impls) and any(installed(p) != v for p, v in NODE_PEERS.items()):
    node_dir.mkdir(parents=True, exist_ok=True)
    (node_dir / "package.json").write_text(json.dumps({
        "private": True,
        "dependencies": NODE_PEERS,
    }, indent=2) + "\n")
    print(f"installing {NODE_PEERS} into {node_modules}", file=sys.stderr)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(node_dir)],
                   check=True, stdout=subprocess.DEVNULL)


def crate_version(name):
    lock = (root / "Cargo.lock").read_text()
    m = re.search(r'name = "%s"\nversion = "([^"]+)"' % re.escape(name), lock)
    return m.group(1) if m else "?"


def command(impl):
    common = ["--map", args.map, "--positions", args.positions, "--reps", str(args.reps),
              "--rounds", str(args.rounds), "--round-ms", str(args.round_ms)]
    if impl in RUST:
        return [str(rust_bin), "--impl", impl, "--minified", args.minified] + common
    return ["node", "--expose-gc", str(root / "benches/sourcemap_peers.mjs"), "--impl", impl,
            "--modules", str(node_modules)] + common


def run_one(impl):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        p = subprocess.run(["/usr/bin/time", "-o", timing.name, "-f", "%M"] + command(impl),
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"{impl} failed ({p.returncode}):\n{p.stderr}")
        r = json.loads(p.stdout.strip().splitlines()[-1])
        r["rss_peak_mb"] = int(open(timing.name).read().split()[-1]) / 1024
        return r


results = {i: [] for i in impls}
for _ in range(args.runs):
    for impl in impls:
        results[impl].append(run_one(impl))


def combine(rs):
    r = dict(rs[0])
    for key in ["parse_ms", "parse_cpu_ms", "lookup_ns", "lookup_cpu_ns", "rss_base_mb"] + \
            (["scopes_ms", "scopes_cpu_ms"] if "scopes_ms" in r else []):
        r[key] = statistics.median(x[key] for x in rs)
    r["parse_ms_min"] = min(min(x["parse_ms_all"]) for x in rs)
    r["lookup_ns_min"] = min(min(x["lookup_ns_rounds"]) for x in rs)
    r["rss_peak_mb"] = max(x["rss_peak_mb"] for x in rs)
    r["runs"] = rs
    return r


res = {i: combine(rs) for i, rs in results.items()}
versions = {"crashprint": crate_version("crashprint-sourcemap"), "crashprint-scopes": crate_version("crashprint-sourcemap"),
            "sourcemap": crate_version("sourcemap")}
labels = {"crashprint": "crashprint lookup", "crashprint-scopes": "crashprint+scopes resolve",
          "sourcemap": "sourcemap (crate)", "source-map": "source-map (node) *", "trace-mapping": "trace-mapping (node) *"}

map_path = pathlib.Path(args.map)
try:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
except OSError:
    load = "?"
print(f"map: {map_path} ({map_path.stat().st_size / 1e6:.1f} MB), minified: {pathlib.Path(args.minified).name}, "
      f"positions: {pathlib.Path(args.positions).name} ({next(iter(res.values()))['positions']})")
print(f"cpus={os.cpu_count()} load={load} reps={args.reps} rounds={args.rounds}x~{args.round_ms}ms runs={args.runs}; "
      f"node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip() if any(i in NODE for i in impls) else '-'}")
print()

cp, cps = res.get("crashprint"), res.get("crashprint-scopes")
header = ["implementation", "version", "parse ms", "(min)", "(cpu)", "ns/lookup", "(min)", "(cpu)", "peak RSS MB", "base MB",
          "agree", "cp/peer parse", "+scopes", "cp/peer lookup", "resolve"]
rows = []
for impl in impls:
    r = res[impl]
    ratio = lambda a, key: f"{a[key] / r[key]:.2f}" if a and impl not in RUST[:2] else ""
    rows.append([
        labels[impl], r.get("version") or versions.get(impl, "?"),
        f"{r['parse_ms']:.1f}", f"{r['parse_ms_min']:.1f}", f"{r['parse_cpu_ms']:.1f}",
        f"{r['lookup_ns']:.0f}", f"{r['lookup_ns_min']:.0f}", f"{r['lookup_cpu_ns']:.0f}",
        f"{r['rss_peak_mb']:.1f}", f"{r['rss_base_mb']:.1f}",
        f"{r['agree']}/{r['positions']}",
        ratio(cp, "parse_ms"), ratio(cps, "parse_ms"), ratio(cp, "lookup_ns"), ratio(cps, "lookup_ns"),
    ])
widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
fmt = lambda row: "  ".join(str(x).ljust(w) if i < 2 else str(x).rjust(w) for i, (x, w) in enumerate(zip(row, widths)))
print(fmt(header))
print(fmt(["-" * w for w in widths]))
for row in rows:
    print(fmt(row))
print()
if cps:
    print(f"crashprint+scopes: parse = from_slice + with_minified_source; the scopes step alone: {cps['scopes_ms']:.1f} ms "
          f"(median; cpu {cps['scopes_cpu_ms']:.1f}); {cps['with_function']}/{cps['positions']} positions resolved "
          f"with a function name")
print("* node peers: parse = construct + first originalPositionFor (both decode `mappings` lazily on the first lookup),"
      " JSON.parse included; ns/lookup = warm originalPositionFor")
print("parse ms / ns/lookup: medians of wall time; (min): fastest rep/round; (cpu): median on-CPU time of the timing "
      "thread (/proc/thread-self/schedstat; excludes time slices lost to other processes, and node's GC/JIT helper threads)")
print("agree = positions matching reference-lookups (source, original line, column). ratios = crashprint / peer "
      "(<1: crashprint faster); '+scopes' and 'resolve' use the crashprint+scopes row.")
print("peak RSS = GNU time %M of the whole process (includes the input bytes; node's base includes the runtime)")
sm = res.get("sourcemap")
if cp and sm and cp["parse_ms"] > sm["parse_ms"]:
    print(f"NOTE: crashprint's parse ({cp['parse_ms']:.1f} ms) is slower than the sourcemap crate's ({sm['parse_ms']:.1f} ms)")
if cps and cps["lookup_ns"] > 150:
    print(f"NOTE: crashprint resolve is {cps['lookup_ns']:.0f} ns/lookup, above 150 ns")
if args.json:
    print(json.dumps(res, indent=1))
if args.json_out:
    for impl in impls:
        node_package = {"source-map": "source-map", "trace-mapping": "@jridgewell/trace-mapping"}.get(impl)
        res[impl]["version"] = installed(node_package) if node_package else versions.get(impl, "?")
    pathlib.Path(args.json_out).write_text(json.dumps({
        "map": map_path.name, "map_mb": map_path.stat().st_size / 1e6, "positions": next(iter(res.values()))["positions"],
        "runs": args.runs, "reps": args.reps, "rounds": args.rounds, "round_ms": args.round_ms,
        "node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip(),
        "results": res}, indent=1) + "\n")
