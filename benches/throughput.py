#!/usr/bin/env python3
"""Whole-process throughput of `crashprint process` on a large NDJSON file.

Builds a file of SIZE MB by repeating the real SDK payloads in
testdata/sdk-payloads (Backtrace + Bugsnag, Node + Python: 39 distinct
payloads), then runs `crashprint process -j N` for each N, RUNS times,
and reports the median wall time, events/s, MB/s and peak RSS.

    python3 benches/throughput.py [--size-mb 100] [--threads 1 2] [--runs 3]

Output goes to /dev/null; the input file is written under --workdir
(default: a temporary directory) and removed afterwards.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import tempfile
import time

root = pathlib.Path(__file__).resolve().parent.parent
ap = argparse.ArgumentParser()
ap.add_argument("--size-mb", type=int, default=100)
ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--workdir", default=None)
ap.add_argument("--binary", default=str(root / "target/release/crashprint"))
ap.add_argument("--payloads", nargs="+", default=None,
                help="NDJSON files to repeat (default: testdata/sdk-payloads/*.ndjson)")
ap.add_argument("--symbols", default=None, help="a symbol directory for process --symbols")
ap.add_argument("--json-out", default=None, help="write the raw results to this file")
args = ap.parse_args()

if not pathlib.Path(args.binary).exists() or args.binary == str(root / "target/release/crashprint"):
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "crashprint-cli"], cwd=root, check=True)

lines = []
sources = [pathlib.Path(p) for p in args.payloads] if args.payloads else sorted((root / "testdata/sdk-payloads").glob("*.ndjson"))
for f in sources:
    lines += [l for l in f.read_bytes().split(b"\n") if l.strip()]
block = b"\n".join(lines) + b"\n"

with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
    path = pathlib.Path(tmp) / "payloads.ndjson"
    target = args.size_mb * 1024 * 1024
    reps = max(1, target // len(block))
    with open(path, "wb") as out:
        for _ in range(reps):
            out.write(block)
    size = path.stat().st_size
    events = reps * len(lines)
    print(f"input: {size / 1e6:.1f} MB, {events} payloads ({len(lines)} distinct payloads x {reps}), cpus={os.cpu_count()}"
          + (f", --symbols {args.symbols}" if args.symbols else ""))
    raw = {"input_mb": size / 1e6, "payloads": events, "distinct_payloads": len(lines), "repeats": reps,
           "sources": [str(f.relative_to(root)) if f.is_relative_to(root) else str(f) for f in sources],
           "symbols": args.symbols, "runs": args.runs, "threads": {}}
    print(f"{'threads':>7} {'wall s (median)':>15} {'events/s':>12} {'MB/s':>8} {'peak RSS MB':>11}")
    for j in args.threads:
        walls, rss = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            with open(os.devnull, "wb") as devnull:
                extra = ["--symbols", args.symbols] if args.symbols else []
                proc = subprocess.Popen([args.binary, "process", "-j", str(j), *extra, str(path)], stdout=devnull)
                _, status, usage = os.wait4(proc.pid, 0)
            walls.append(time.perf_counter() - start)
            rss.append(usage.ru_maxrss / 1024)
            code = os.waitstatus_to_exitcode(status)
            if code not in (0, 1):
                raise SystemExit(f"crashprint exited {code}")
        wall = statistics.median(walls)
        print(f"{j:>7} {wall:>15.3f} {events / wall:>12,.0f} {size / 1e6 / wall:>8.1f} {max(rss):>11.1f}")
        raw["threads"][str(j)] = {"wall_s": wall, "wall_s_all": walls, "events_per_s": events / wall,
                                  "mb_per_s": size / 1e6 / wall, "rss_peak_mb": max(rss)}
if args.json_out:
    pathlib.Path(args.json_out).write_text(json.dumps(raw, indent=1) + "\n")
