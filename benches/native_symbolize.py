#!/usr/bin/env python3
"""Side-by-side native symbolication, cold (index build included), one run:
crashprint symbolicate, llvm-symbolizer, and the addr2line crate's CLI, on
the same binary and the same random .text addresses (fixed seed).

    python3 benches/native_symbolize.py BINARY [--counts 1000 100000]
        [--addr2line PATH] [--llvm-symbolizer PATH] [--runs 3]

Reports median wall time, peak RSS and how many addresses each resolved
to a function name. Build a large binary with full debug info first, e.g.
    CARGO_PROFILE_RELEASE_DEBUG=2 cargo build --release -p crashprint-cli --target-dir /tmp/big
and install the addr2line CLI with `cargo install addr2line --features bin`.
"""
import argparse
import json
import os
import pathlib
import random
import shutil
import statistics
import subprocess
import tempfile
import time

root = pathlib.Path(__file__).resolve().parent.parent
ap = argparse.ArgumentParser()
ap.add_argument("binary")
ap.add_argument("--counts", type=int, nargs="+", default=[1000, 100000])
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--addr2line", default=shutil.which("addr2line-rs") or "/tmp/a2l/bin/addr2line")
ap.add_argument("--llvm-symbolizer", default=shutil.which("llvm-symbolizer"))
ap.add_argument("--crashprint", default=str(root / "target/release/crashprint"))
args = ap.parse_args()

binary = pathlib.Path(args.binary).resolve()
text = subprocess.run(["objdump", "-h", str(binary)], capture_output=True, text=True, check=True).stdout
for line in text.splitlines():
    parts = line.split()
    if len(parts) > 4 and parts[1] == ".text":
        size, vma = int(parts[2], 16), int(parts[3], 16)
print(f"binary: {binary} ({binary.stat().st_size / 1e6:.1f} MB), .text {size / 1e6:.1f} MB, cpus={os.cpu_count()}")


def run(cmd, stdin_path, count_resolved):
    """Median wall time and peak RSS (GNU time's %M, per child) of RUNS runs."""
    walls, rss, resolved = [], [], 0
    for _ in range(args.runs):
        with open(stdin_path, "rb") as stdin, tempfile.TemporaryFile() as out, \
                tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
            start = time.perf_counter()
            subprocess.run(["/usr/bin/time", "-o", timing.name, "-f", "%M"] + cmd,
                           stdin=stdin, stdout=out, stderr=subprocess.DEVNULL)
            walls.append(time.perf_counter() - start)
            rss.append(int(open(timing.name).read().split()[-1]) / 1024)
            out.seek(0)
            resolved = count_resolved(out.read().decode("utf-8", "replace"))
    return statistics.median(walls), max(rss), resolved


def crashprint_resolved(out):
    return sum(1 for l in out.splitlines() if l and any(f.get("function") for f in json.loads(l)["frames"]))


def llvm_resolved(out):
    # Records are separated by blank lines; the first line of each is the function.
    return sum(1 for block in out.split("\n\n") if block.strip() and block.strip().splitlines()[0] != "??")


def addr2line_resolved(out):
    # With -a each record starts with the address line (0x…), then function/location pairs.
    count, first = 0, None
    for line in out.splitlines():
        if line.startswith("0x"):
            first = True
            continue
        if first:
            count += line.strip() != "??"
            first = False
    return count


tools = [
    ("crashprint", lambda: [args.crashprint, "symbolicate", "--object", str(binary)], crashprint_resolved),
    ("llvm-symbolizer", lambda: [args.llvm_symbolizer, f"--obj={binary}", "-f", "-i", "-C"], llvm_resolved),
    ("addr2line crate", lambda: [args.addr2line, "-e", str(binary), "-f", "-i", "-C", "-a"], addr2line_resolved),
]
for count in args.counts:
    rng = random.Random(20261122 + count)
    addrs = [vma + rng.randrange(size) for _ in range(count)]
    with tempfile.NamedTemporaryFile("w", delete=False, suffix=".addrs") as f:
        f.write("".join(f"{a:#x}\n" for a in addrs))
        path = f.name
    print(f"\n{count} addresses")
    print(f"{'tool':<18}{'wall s (median)':>16}{'peak RSS MB':>13}{'resolved':>10}")
    results = {}
    for name, cmd, counter in tools:
        if not cmd()[0] or not pathlib.Path(cmd()[0]).exists():
            print(f"{name:<18}{'(not installed)':>16}")
            continue
        wall, rss, resolved = run(cmd(), path, counter)
        results[name] = wall
        print(f"{name:<18}{wall:>16.3f}{rss:>13.1f}{resolved:>10}")
    if "crashprint" in results:
        for other in ("llvm-symbolizer", "addr2line crate"):
            if other in results:
                print(f"crashprint / {other}: {results['crashprint'] / results[other]:.2f}x wall time")
    os.unlink(path)
