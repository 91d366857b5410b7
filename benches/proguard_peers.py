#!/usr/bin/env python3
"""Side-by-side ProGuard/R8 retrace benchmark, all peers in one run: index build
time, µs per remapped frame, whole-trace retrace and peak RSS on one mapping.

    python3 benches/proguard_peers.py [--mapping MAPPING] [--fixture TRACE] [--frames 200]
        [--seed 5] [--reps 15] [--rounds 7] [--round-ms 200] [--runs 1]
        [--java-runs 7] [--java-repeat 50] [--only IMPL ...] [--no-java] [--no-build] [--json]

Defaults: the real R8 1.3.49 mapping testdata/proguard/rust-proguard/mapping-r8.txt
(else /work/shared/corpora/proguard/rust-proguard/mapping-r8.txt, 2.35 MB) and
the 4 frames of mapping-r8.frames.obfuscated.txt next to it (the "small" trace).
The "large" trace is that exception and its 4 frames followed by FRAMES frames
drawn (fixed SEED) from the mapping's method lines that have a line range:
random (obfuscated class, obfuscated method, a line inside the range) triples,
so every lookup hits a real entry. Every implementation gets the same two
trace files (written to target/proguard-peers/).

Implementations, each in its own processes (peak RSS = GNU time's %M of a
separate `--mode memory` process: one build, every frame and both traces
remapped once, nothing else):
  crashprint            Mapping::parse(&bytes) (memory run: Mapping::open); remap_stack(None, &[frame])
                        one frame at a time; retrace_text(&mapping, trace, false) for whole traces
  proguard-mapper       getsentry's `proguard` crate 5.x: ProguardMapper::new(ProguardMapping::new(&bytes));
                        remap_frame(&frame) collected; remap_stacktrace(trace)
  proguard-cache        the same crate's ProguardCache: build = ProguardCache::write, parse =
                        ProguardCache::parse (reported apart); remap_frame / remap_stacktrace on the cache
  proguard-cache-load   a ProguardCache read from the file proguard-cache wrote (what a server with
                        prebuilt caches holds): parse + the same remapping
  retrace (java)        ProGuard's own ReTrace from Debian's proguard-cli (installed with apt-get when
                        missing): `java -jar /usr/share/java/retrace.jar MAPPING TRACE`, whole-process
                        wall time with JVM start, median of JAVA_RUNS runs, on: an empty mapping (JVM +
                        ReTrace start), the small trace, the large trace, and the large trace repeated
                        JAVA_REPEAT times; mapping load ~= small - empty, µs/frame ~= (repeated - small) /
                        (its frames - 4), marginal, with the JIT warmed up by the frames before.
  (R8's own retrace is not installable from the registries this machine reaches: not measured.)

The Rust side is benches/proguard_peers.rs (built here with
`cargo build --release -p crashprint-benches --bin proguard_peers`). Each
timing process reads its inputs before timing, builds REPS times (median
reported) and times remapping in ROUNDS rounds of about ROUND_MS each (median
reported), in wall time and in the timing thread's on-CPU time. Ratios are
crashprint / peer on the wall-time medians (below 1: crashprint faster or smaller).
The goals checked at the end (issue 5): crashprint build <= 0.5x the mapper's
construction, <= 0.5 µs per remapped frame, peak RSS below the mapper's.
"""
import argparse
import difflib
import json
import os
import pathlib
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

root = pathlib.Path(__file__).resolve().parent.parent
local = root / "testdata/proguard/rust-proguard"
shared = pathlib.Path("/work/shared/corpora/proguard/rust-proguard")
data = local if (local / "mapping-r8.txt").exists() else shared
RETRACE_JAR = pathlib.Path("/usr/share/java/retrace.jar")

RUST = ["crashprint", "proguard-mapper", "proguard-cache", "proguard-cache-load"]
JAVA = ["retrace"]

ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ap.add_argument("--mapping", default=str(data / "mapping-r8.txt"))
ap.add_argument("--fixture", default=None,
                help="the small trace (default: mapping-r8.frames.obfuscated.txt next to --mapping)")
ap.add_argument("--frames", type=int, default=200, help="random frames added to the large trace")
ap.add_argument("--seed", type=int, default=5, help="seed of the random frames")
ap.add_argument("--reps", type=int, default=15, help="builds per process (median reported)")
ap.add_argument("--rounds", type=int, default=7, help="remap rounds per process (median reported)")
ap.add_argument("--round-ms", type=int, default=200, help="target duration of one remap round")
ap.add_argument("--runs", type=int, default=1,
                help="processes per Rust implementation and mode (medians of medians, max RSS)")
ap.add_argument("--java-runs", type=int, default=7, help="ReTrace runs per input (median wall time)")
ap.add_argument("--java-repeat", type=int, default=50, help="copies of the large trace in ReTrace's µs/frame input")
ap.add_argument("--only", nargs="+", choices=RUST + JAVA)
ap.add_argument("--no-java", action="store_true", help="skip ProGuard's ReTrace")
ap.add_argument("--work-dir", default=str(root / "target/proguard-peers"))
ap.add_argument("--no-build", action="store_true", help="use the existing target/release/proguard_peers")
ap.add_argument("--json", action="store_true", help="also print the raw results as JSON")
ap.add_argument("--json-out", default=None, help="write the raw results (and versions) to this file")
args = ap.parse_args()
if args.fixture is None:
    cand = pathlib.Path(args.mapping).parent / "mapping-r8.frames.obfuscated.txt"
    args.fixture = str(cand if cand.exists() else shared / cand.name)
impls = [i for i in RUST + JAVA if (not args.only or i in args.only) and not (args.no_java and i in JAVA)]
if "proguard-cache-load" in impls and "proguard-cache" not in impls:
    impls.insert(impls.index("proguard-cache-load"), "proguard-cache")  # it writes the cache file

work = pathlib.Path(args.work_dir)
work.mkdir(parents=True, exist_ok=True)

# --- The traces -------------------------------------------------------------
CLASS_RE = re.compile(r"^(\S.*?) -> (\S+):\s*$")
METHOD_RE = re.compile(r"^\s+(\d+):(\d+):\S+ [^\s(]+\(.*?\)(?::\d+(?::\d+)?)? -> (\S+)\s*$")


def sample_frames(mapping, n, seed):
    """(obfuscated class, obfuscated method, line) of n distinct method-line ranges."""
    entries = set()
    cls = None
    with open(mapping, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("#"):
                continue
            m = CLASS_RE.match(line)
            if m:
                cls = m.group(2)
                continue
            m = METHOD_RE.match(line)
            if m and cls:
                start, end = int(m.group(1)), int(m.group(2))
                if 0 < start <= end:
                    entries.add((cls, m.group(3), start, end))
    rng = random.Random(seed)
    picked = rng.sample(sorted(entries), min(n, len(entries)))
    return [(c, meth, rng.randint(s, e)) for c, meth, s, e in picked], len(entries)


fixture_text = pathlib.Path(args.fixture).read_text()
fixture_lines = fixture_text.rstrip("\n").split("\n")
random_frames, ranged_entries = sample_frames(args.mapping, args.frames, args.seed)
large_lines = fixture_lines + [f"    at {c}.{m}(SourceFile:{line})" for c, m, line in random_frames]
trace_small = work / "trace-small.txt"
trace_large = work / "trace.txt"
trace_java = work / "trace-java.txt"
empty_mapping = work / "empty-mapping.txt"
cache_file = work / "proguard.cache"
trace_small.write_text(fixture_text if fixture_text.endswith("\n") else fixture_text + "\n")
trace_large.write_text("\n".join(large_lines) + "\n")
trace_java.write_text(("\n".join(large_lines) + "\n") * args.java_repeat)
empty_mapping.write_text("")
n_small = sum(1 for l in fixture_lines if l.lstrip().startswith("at "))
n_large = sum(1 for l in large_lines if l.lstrip().startswith("at "))

# --- Build / install ----------------------------------------------------------
rust_bin = root / "target/release/proguard_peers"
if any(i in RUST for i in impls) and not args.no_build:
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "crashprint-benches", "--bin", "proguard_peers"],
                   cwd=root, check=True)
if "retrace" in impls and not RETRACE_JAR.exists():
    print("installing Debian's proguard-cli (ProGuard's ReTrace)", file=sys.stderr)
    apt = ["apt-get"] if os.geteuid() == 0 else ["sudo", "apt-get"]
    subprocess.run(apt + ["install", "-y", "-q", "proguard-cli"], stdout=subprocess.DEVNULL)
    if not RETRACE_JAR.exists():
        subprocess.run(apt + ["update", "-q"], stdout=subprocess.DEVNULL)
        subprocess.run(apt + ["install", "-y", "-q", "proguard-cli"], stdout=subprocess.DEVNULL)
if "retrace" in impls and (not RETRACE_JAR.exists() or not shutil.which("java")):
    print(f"NOTE: {RETRACE_JAR} or java missing: ReTrace not measured", file=sys.stderr)
    impls.remove("retrace")


def crate_version(name):
    lock = (root / "Cargo.lock").read_text()
    m = re.search(r'name = "%s"\nversion = "([^"]+)"' % re.escape(name), lock)
    return m.group(1) if m else "?"


def timed(cmd, stdout=subprocess.PIPE):
    """Runs cmd under GNU time: (wall seconds, peak RSS MB, completed process)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-o", timing.name, "-f", "%M"] + cmd,
                           stdout=stdout, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        if p.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
        return wall, int(open(timing.name).read().split()[-1]) / 1024, p


def run_rust(impl, mode):
    cmd = [str(rust_bin), "--impl", impl, "--mode", mode, "--mapping", args.mapping,
           "--trace", str(trace_large), "--trace-small", str(trace_small), "--out-dir", str(work),
           "--reps", str(args.reps), "--rounds", str(args.rounds), "--round-ms", str(args.round_ms)]
    if impl.startswith("proguard-cache"):
        cmd += ["--cache-file", str(cache_file)]
    _, rss, p = timed(cmd)
    r = json.loads(p.stdout.strip().splitlines()[-1])
    r["rss_peak_mb"] = rss
    return r


results = {i: {"time": [], "memory": []} for i in impls if i in RUST}
for _ in range(args.runs):
    for impl in impls:
        if impl in RUST:
            results[impl]["time"].append(run_rust(impl, "time"))
            results[impl]["memory"].append(run_rust(impl, "memory"))

java = None
if "retrace" in impls:
    inputs = {"empty": (empty_mapping, trace_small), "small": (args.mapping, trace_small),
              "large": (args.mapping, trace_large), "repeated": (args.mapping, trace_java)}
    walls = {k: [] for k in inputs}
    rss = {k: [] for k in inputs}
    out_large = ""
    for _ in range(args.java_runs):
        for key, (m, t) in inputs.items():
            wall, peak, p = timed(["java", "-jar", str(RETRACE_JAR), str(m), str(t)])
            walls[key].append(wall * 1e3)
            rss[key].append(peak)
            if key == "large":
                out_large = p.stdout
    (work / "retrace.retraced.txt").write_text(out_large)
    med = {k: statistics.median(v) for k, v in walls.items()}
    n_rep = n_large * args.java_repeat
    java = {
        "process_ms": med, "process_ms_all": walls, "rss_peak_mb": {k: max(v) for k, v in rss.items()},
        "build_ms": med["small"] - med["empty"],
        "frame_us": (med["repeated"] - med["small"]) * 1e3 / (n_rep - n_small),
        "repeated_frames": n_rep,
        "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0],
    }


def combine(rs):
    t, m = rs["time"], rs["memory"]
    r = dict(t[0])
    for key in ["build_ms", "build_ms_cpu", "parse_ms", "parse_ms_cpu", "open_ms", "frame_us", "frame_us_cpu",
                "stack_us_per_frame", "trace_us_per_frame", "trace_small_us"]:
        if key in r:
            r[key] = statistics.median(x[key] for x in t)
    r["frame_us_min"] = min(min(x["frame_us_all"]) for x in t)
    r["rss_peak_mb"] = max(x["rss_peak_mb"] for x in m)
    r["rss_built_mb"] = max(x["rss_built_mb"] for x in m)
    r["rss_timing_process_mb"] = max(x["rss_peak_mb"] for x in t)
    r["runs"] = rs
    return r


res = {i: combine(rs) for i, rs in results.items()}


def norm(text):
    return [" ".join(l.split()) for l in text.splitlines() if l.strip()]


def matched(text, ref):
    """Lines of ref found in text, in order (alternatives a peer adds in between do not shift the rest)."""
    sm = difflib.SequenceMatcher(None, text, ref, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks())


def first(shown):
    """class.method and line of a remapped frame's innermost frame."""
    if not shown:
        return None
    m = re.match(r"^(.*)\((.*?):(\d*)\)$", shown[0])
    return (m.group(1), m.group(3)) if m else shown[0]


reference = res.get("proguard-mapper")
ref_text = norm((work / "proguard-mapper.retraced.txt").read_text()) if reference else None
for impl, r in res.items():
    r["text_lines"] = len(norm((work / f"{impl}.retraced.txt").read_text()))
    if reference and impl != "proguard-mapper":
        r["agree"] = sum(first(a) == first(b) for a, b in zip(r["shown"], reference["shown"]))
        text = norm((work / f"{impl}.retraced.txt").read_text())
        r["text_agree"] = matched(text, ref_text)
if java and ref_text:
    text = norm((work / "retrace.retraced.txt").read_text())
    java["text_lines"] = len(text)
    java["text_agree"] = matched(text, ref_text)

# --- Report -------------------------------------------------------------------
mp = pathlib.Path(args.mapping)
try:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
except OSError:
    load = "?"
print(f"mapping: {mp} ({mp.stat().st_size / 1e6:.2f} MB); small trace: {pathlib.Path(args.fixture).name} "
      f"({n_small} frames); large trace: those + {len(random_frames)} random frames (seed {args.seed}, from "
      f"{ranged_entries} ranged method entries) = {n_large} frames")
print(f"cpus={os.cpu_count()} load={load} reps={args.reps} rounds={args.rounds}x~{args.round_ms}ms runs={args.runs}"
      + (f"; {java['java']}, ReTrace runs={args.java_runs}" if java else ""))
print()

cp = res.get("crashprint")
labels = {"crashprint": "crashprint", "proguard-mapper": "proguard ProguardMapper",
          "proguard-cache": "proguard ProguardCache", "proguard-cache-load": "proguard ProguardCache (file)",
          "retrace": "ProGuard ReTrace (java) *"}
versions = {"crashprint": crate_version("crashprint-proguard"), "proguard-mapper": crate_version("proguard"),
            "proguard-cache": crate_version("proguard"), "proguard-cache-load": crate_version("proguard"),
            "retrace": subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "proguard-cli"],
                                      capture_output=True, text=True).stdout.strip() or "?"}
header = ["implementation", "version", "build ms", "(cpu)", "cache parse µs", "µs/frame", "(min)", "(cpu)",
          "trace µs/fr", f"{n_small}-fr trace µs", "peak RSS MB", "remapped", "agree", "text=mapper",
          "cp/peer build", "cp/peer frame", "cp/peer trace", "cp/peer RSS"]
f1 = lambda x, d=1: "" if x is None else f"{x:.{d}f}"
rows = []
for impl in impls:
    if impl == "retrace":
        j = java
        rows.append([labels[impl], versions[impl], f"~{j['build_ms']:.0f}", "", "", f"~{j['frame_us']:.1f}", "", "",
                     "", f"{j['process_ms']['small'] * 1e3:.0f}", f"{j['rss_peak_mb']['large']:.1f}", "", "",
                     f"{j['text_agree']}/{len(ref_text)}" if ref_text else "",
                     f1(cp["build_ms"] / j["build_ms"], 3) if cp and j["build_ms"] > 0 else "",
                     f1(cp["frame_us"] / j["frame_us"], 3) if cp and j["frame_us"] > 0 else "",
                     "", f1(cp["rss_peak_mb"] / j["rss_peak_mb"]["large"], 2) if cp else ""])
        continue
    r = res[impl]
    peer = cp and impl != "crashprint"
    build_ratio = peer and impl in ("proguard-mapper", "proguard-cache")
    rows.append([
        labels[impl], versions[impl],
        f1(r.get("build_ms"), 2) if impl != "proguard-cache-load" else "",
        f1(r.get("build_ms_cpu"), 2) if impl != "proguard-cache-load" else "",
        f1(r["parse_ms"] * 1e3, 2) if "parse_ms" in r else "",
        f1(r["frame_us"], 3), f1(r["frame_us_min"], 3), f1(r["frame_us_cpu"], 3),
        f1(r["trace_us_per_frame"], 3), f1(r["trace_small_us"], 2),
        f1(r["rss_peak_mb"]), f"{r['remapped']}/{r['frames']}",
        f"{r['agree']}/{r['frames']}" if "agree" in r else "",
        f"{r['text_agree']}/{len(ref_text)}" if "text_agree" in r else "",
        f1(cp["build_ms"] / r["build_ms"], 2) if build_ratio else "",
        f1(cp["frame_us"] / r["frame_us"], 2) if peer else "",
        f1(cp["trace_us_per_frame"] / r["trace_us_per_frame"], 2) if peer else "",
        f1(cp["rss_peak_mb"] / r["rss_peak_mb"], 2) if peer else "",
    ])
widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
fmt = lambda row: "  ".join(str(x).ljust(w) if i < 2 else str(x).rjust(w) for i, (x, w) in enumerate(zip(row, widths)))
print(fmt(header))
print(fmt(["-" * w for w in widths]))
for row in rows:
    print(fmt(row))
print()
print(f"build ms: crashprint Mapping::parse(&bytes), ProguardMapper::new(ProguardMapping::new(&bytes)), "
      f"ProguardCache::write (cache parse µs: ProguardCache::parse, zero-copy); medians of wall time, (cpu): on-CPU time")
print(f"µs/frame: one frame per call over the {n_large} frames of the large trace (crashprint remap_stack(None, &[f]), "
      f"proguard remap_frame(&f) collected); (min): fastest round")
print(f"trace µs/fr: the large trace's text retraced whole (retrace_text / remap_stacktrace), per frame; "
      f"{n_small}-fr trace µs: the small trace whole")
print("peak RSS: GNU time %M of a process that builds once and remaps each frame and both traces once "
      "(input bytes included; crashprint through Mapping::open)")
print("remapped: frames with a result; agree: innermost remapped (class.method, line) equal to the "
      "ProguardMapper's; text=mapper: lines of ProguardMapper::remap_stacktrace's output for the large trace "
      "found, in order, in the implementation's (whitespace-normalized; ReTrace adds ambiguous alternatives)")
print("ratios = crashprint / peer (<1: crashprint faster or smaller)")
if cp:
    print(f"crashprint: whole stack in one remap_stack call {cp['stack_us_per_frame']:.3f} µs/frame; "
          f"Mapping::open {cp['open_ms']:.2f} ms; index heap {cp['heap_bytes'] / 1e6:.2f} MB "
          f"({cp['classes']} classes, {cp['method_lines']} method lines, {cp['warnings']} warnings); "
          f"RSS after build {cp['rss_built_mb']:.1f} MB")
for impl in ("proguard-cache", "proguard-cache-load"):
    if impl in res:
        print(f"{labels[impl]}: cache {res[impl]['cache_bytes'] / 1e6:.2f} MB; RSS after build "
              f"{res[impl]['rss_built_mb']:.1f} MB")
if java:
    pm = java["process_ms"]
    print(f"* ReTrace, whole process (JVM start included), median of {args.java_runs}: empty mapping {pm['empty']:.0f} ms, "
          f"small trace {pm['small']:.0f} ms, large trace ({n_large} frames) {pm['large']:.0f} ms, "
          f"{args.java_repeat}x large ({java['repeated_frames']} frames) {pm['repeated']:.0f} ms; "
          f"build ~= small - empty, µs/frame ~= marginal over the repeated trace; "
          f"{n_small}-fr trace µs column = the whole process; peak RSS of the large-trace run")
print("R8's own retrace: not installable from the reachable registries; not measured")

if cp and cp.get("trace_unchanged"):
    print("NOTE: crashprint retrace_text returned the trace unchanged (not implemented yet?): "
          "its trace columns measure a copy")
mapper = res.get("proguard-mapper")
if cp and mapper:
    goals = [
        ("build <= 0.5x ProguardMapper construction", cp["build_ms"] <= 0.5 * mapper["build_ms"],
         f"{cp['build_ms']:.2f} ms vs 0.5 x {mapper['build_ms']:.2f} = {0.5 * mapper['build_ms']:.2f} ms"),
        ("<= 0.5 µs per remapped frame", cp["frame_us"] <= 0.5, f"{cp['frame_us']:.3f} µs"),
        ("peak RSS below ProguardMapper's", cp["rss_peak_mb"] < mapper["rss_peak_mb"],
         f"{cp['rss_peak_mb']:.1f} MB vs {mapper['rss_peak_mb']:.1f} MB"),
    ]
    for name, ok, detail in goals:
        print(f"GOAL {'met   ' if ok else 'MISSED'} {name}: {detail}")
if args.json:
    print(json.dumps({"rust": res, "retrace": java}, indent=1))
if args.json_out:
    pathlib.Path(args.json_out).write_text(json.dumps({
        "mapping": mp.name, "mapping_mb": mp.stat().st_size / 1e6, "frames": n_large, "small_frames": n_small,
        "random_frames": len(random_frames), "seed": args.seed, "runs": args.runs, "java_runs": args.java_runs,
        "versions": versions, "rust": res, "retrace": java}, indent=1) + "\n")
