#!/usr/bin/env python3
"""crashprint against minidump-stackwalk on the generated minidumps
(testdata/minidump/own: 29 dumps of C, C++ and Rust crashers, 3-4 threads
each, through libc/libstdc++/libgcc), side by side in one run.

* cold: one process per dump, everything loaded from scratch
  (crashprint: `crashprint minidump DUMP --symbols own/bin`, reading the
  binaries' DWARF and .eh_frame; minidump-stackwalk 0.27.0:
  `--json --symbols-path own/sym DUMP`, reading dump_syms's .sym files,
  which this script makes first and times);
* batch: BATCH dumps (the 29 repeated) through `crashprint process -j N`,
  and through minidump-stackwalk one process per dump, N at a time;
  events/s and peak RSS (of the largest single process).

    python3 benches/minidump_peers.py [--runs 5] [--batch 1000] [--threads 1 2]

Writes benches/minidump_results.json. Needs own/build.sh's tools (it puts
minidump-stackwalk and dump_syms on PATH via $TOOLS/bin, default ~/.cargo).
"""
import argparse
import concurrent.futures
import json
import os
import pathlib
import platform
import resource
import shutil
import statistics
import subprocess
import tempfile
import time

root = pathlib.Path(__file__).resolve().parent.parent
own = root / "testdata/minidump/own"
ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--batch", type=int, default=1000)
ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
ap.add_argument("--binary", default=str(root / "target/release/crashprint"))
ap.add_argument("--json-out", default=str(root / "benches/minidump_results.json"))
args = ap.parse_args()
os.environ["PATH"] = os.path.join(os.environ.get("TOOLS", os.path.expanduser("~/.cargo")), "bin") + ":" + os.environ["PATH"]
for tool in ("minidump-stackwalk", "dump_syms"):
    if not shutil.which(tool):
        raise SystemExit(f"{tool} not on PATH: run testdata/minidump/own/build.sh first (it installs it)")
if args.binary == str(root / "target/release/crashprint"):
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "crashprint-cli"], cwd=root, check=True)

dumps = sorted((own / "dumps").glob("*.dmp"))
binaries = [p for p in sorted((own / "bin").rglob("*")) if p.is_file()]

# dump_syms: every module the dumps name, as minidump-stackwalk needs them.
sym = pathlib.Path(tempfile.mkdtemp(prefix="crashprint-sym-"))
t0 = time.perf_counter()
for b in binaries:
    out = subprocess.run(["dump_syms", "--inlines", str(b)], capture_output=True, check=True).stdout
    _, _, _, ident, name = out.split(b"\n", 1)[0].decode().split(" ", 4)
    d = sym / name / ident
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.sym").write_bytes(out)
dump_syms_s = time.perf_counter() - t0


def crashprint_cmd(dump):
    return [args.binary, "minidump", str(dump), "--symbols", str(own / "bin")]


def stackwalk_cmd(dump):
    return ["minidump-stackwalk", "--json", "--symbols-path", str(sym), str(dump)]


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


# Cold, one process per dump, the two tools interleaved.
cold = {"crashprint": [], "minidump-stackwalk": []}
for _ in range(args.runs):
    totals = {"crashprint": 0.0, "minidump-stackwalk": 0.0}
    for d in dumps:
        totals["crashprint"] += timed(crashprint_cmd(d))
        totals["minidump-stackwalk"] += timed(stackwalk_cmd(d))
    for k, v in totals.items():
        cold[k].append(v / len(dumps))
cold_median = {k: statistics.median(v) for k, v in cold.items()}


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


batch_files = [dumps[i % len(dumps)] for i in range(args.batch)]
batch = []
for n in args.threads:
    t = time.perf_counter()
    before = peak_rss_mb()
    subprocess.run([args.binary, "process", "-j", str(n), "--symbols", str(own / "bin"), "-o", os.devnull,
                    *map(str, batch_files)], check=True, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    batch.append({"tool": "crashprint process", "threads": n, "dumps": args.batch, "wall_s": wall,
                  "events_per_s": args.batch / wall, "peak_rss_mb_max_child": peak_rss_mb(), "rss_before": before})
    t = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
        list(pool.map(lambda d: timed(stackwalk_cmd(d)), batch_files))
    wall = time.perf_counter() - t
    batch.append({"tool": "minidump-stackwalk (a process per dump)", "threads": n, "dumps": args.batch,
                  "wall_s": wall, "events_per_s": args.batch / wall})

# Peak RSS of one crashprint process over the whole batch, measured alone.
rss = subprocess.run(["/usr/bin/time", "-v", args.binary, "process", "-j", str(max(args.threads)), "--symbols",
                      str(own / "bin"), "-o", os.devnull, *map(str, batch_files)],
                     capture_output=True, text=True)
peak = next((int(l.split()[-1]) / 1024 for l in rss.stderr.splitlines() if "Maximum resident" in l), None)

results = {
    "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
    "date": time.strftime("%Y-%m-%d"),
    "versions": {
        "minidump-stackwalk": subprocess.run(["minidump-stackwalk", "--version"], capture_output=True, text=True).stdout.strip(),
        "dump_syms": subprocess.run(["dump_syms", "--version"], capture_output=True, text=True).stdout.strip(),
    },
    "dumps": len(dumps),
    "dump_syms_seconds_all_modules": dump_syms_s,
    "modules": len(binaries),
    "cold_seconds_per_dump_median": cold_median,
    "cold_runs": cold,
    "cold_ratio_crashprint_over_stackwalk": cold_median["crashprint"] / cold_median["minidump-stackwalk"],
    "batch": batch,
    "crashprint_process_peak_rss_mb": peak,
}
pathlib.Path(args.json_out).write_text(json.dumps(results, indent=1) + "\n")
shutil.rmtree(sym)
print(json.dumps({k: results[k] for k in ("cold_seconds_per_dump_median", "cold_ratio_crashprint_over_stackwalk",
                                          "dump_syms_seconds_all_modules", "crashprint_process_peak_rss_mb")}, indent=1))
for b in batch:
    print(f"{b['tool']:45} -j {b['threads']}: {b['events_per_s']:8.1f} dumps/s ({b['wall_s']:.1f} s)")
