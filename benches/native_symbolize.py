#!/usr/bin/env python3
"""Side-by-side native symbolication, cold (index build included), one run:
crashprint symbolicate, llvm-symbolizer, and the addr2line crate's CLI, on
the same binary and the same random .text addresses (fixed seed, random
order).

    python3 benches/native_symbolize.py BINARY [--counts 1000 100000]
        [--addr2line PATH] [--llvm-symbolizer PATH] [--runs 3] [--json-out FILE]

Reports median wall time, peak RSS, how many addresses each resolved to a
function name, and how many answers agree with crashprint's: the whole
inline chain (function, line of every frame; names normalized as
llvm-symbolizer 14 prints Rust legacy symbols: hash suffix, `$LT$`-style
escapes and ` (.llvm.N)` removed). Build a large binary with full debug
info first, e.g.
    CARGO_PROFILE_RELEASE_DEBUG=2 cargo build --release -p crashprint-cli --target-dir /tmp/big
and install the addr2line CLI with `cargo install addr2line --features bin`
(benches/report.py does both).
"""
import argparse
import json
import os
import pathlib
import random
import re
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
ap.add_argument("--addr2line", default=shutil.which("addr2line-rs") or str(root / "target/addr2line/bin/addr2line"))
ap.add_argument("--llvm-symbolizer", default=shutil.which("llvm-symbolizer"))
ap.add_argument("--crashprint", default=str(root / "target/release/crashprint"))
ap.add_argument("--json-out", default=None, help="write the raw results here")
args = ap.parse_args()

binary = pathlib.Path(args.binary).resolve()
text = subprocess.run(["objdump", "-h", str(binary)], capture_output=True, text=True, check=True).stdout
for line in text.splitlines():
    parts = line.split()
    if len(parts) > 4 and parts[1] == ".text":
        size, vma = int(parts[2], 16), int(parts[3], 16)
print(f"binary: {binary} ({binary.stat().st_size / 1e6:.1f} MB), .text {size / 1e6:.1f} MB, cpus={os.cpu_count()}")

ESCAPES = [("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$C$", ","), ("$RF$", "&"), ("$BP$", "*"),
           ("$LP$", "("), ("$RP$", ")"), ("$u7b$", "{"), ("$u7d$", "}"), ("$u5b$", "["), ("$u5d$", "]"),
           ("$u27$", "'"), ("$u22$", "\""), ("$SP$", "@"), ("$u7e$", "~"), ("$u3b$", ";"), ("$u2b$", "+")]


def norm_name(name):
    """A function name as crashprint prints it (see tests/llvm_symbolizer.rs)."""
    if not name or name == "??":
        return None
    name = re.sub(r" \(\.llvm\.\d+\)$", "", name)
    if "$" in name:
        for a, b in ESCAPES:
            name = name.replace(a, b)
        name = name.replace("..", "::").replace("::_<", "::<").replace("::_{", "::{")
        if name.startswith("_<"):
            name = name[1:]
    return re.sub(r"::h[0-9a-f]{16}$", "", name)


def norm_line(location):
    """The line of `file:line[:column]` (0 when unknown)."""
    parts = location.rsplit(":", 2)
    nums = [p for p in parts[1:] if p.isdigit()]
    return int(nums[0]) if nums else 0


def crashprint_answers(out):
    answers = []
    for l in out.splitlines():
        if l:
            frames = json.loads(l)["frames"]
            answers.append(tuple((norm_name(f.get("function")), f.get("line") or 0) for f in frames))
    return answers


def llvm_answers(out):
    # Records are separated by blank lines; pairs of function / location lines.
    answers = []
    for block in out.split("\n\n"):
        lines = block.strip("\n").splitlines()
        if not lines:
            continue
        frames = tuple((norm_name(lines[i]), norm_line(lines[i + 1]))
                       for i in range(0, len(lines) - 1, 2))
        answers.append(tuple(f for f in frames if f != (None, 0)))
    return answers


def addr2line_answers(out):
    # With -a each record starts with the address line (0x…), then function/location pairs.
    answers, current = [], None
    lines = out.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("0x"):
            if current is not None:
                answers.append(tuple(f for f in current if f != (None, 0)))
            current = []
            i += 1
            continue
        if i + 1 < len(lines):
            current.append((norm_name(lines[i].strip()), norm_line(lines[i + 1].strip())))
        i += 2
    if current is not None:
        answers.append(tuple(f for f in current if f != (None, 0)))
    return answers


def run(cmd, stdin_path, parse):
    """Median wall time, peak RSS (GNU time's %M, per child) of RUNS runs, and the answers."""
    walls, rss, answers = [], [], []
    for _ in range(args.runs):
        with open(stdin_path, "rb") as stdin, tempfile.TemporaryFile() as out, \
                tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
            start = time.perf_counter()
            subprocess.run(["/usr/bin/time", "-o", timing.name, "-f", "%M"] + cmd,
                           stdin=stdin, stdout=out, stderr=subprocess.DEVNULL)
            walls.append(time.perf_counter() - start)
            rss.append(int(open(timing.name).read().split()[-1]) / 1024)
            out.seek(0)
            answers = parse(out.read().decode("utf-8", "replace"))
    return walls, max(rss), answers


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
    except OSError:
        return None
    m = re.search(r"(\d+\.\d+\.\d+)", out)
    return m.group(1) if m else out.strip()[:40]


tools = [
    ("crashprint", [args.crashprint, "symbolicate", "--object", str(binary)], crashprint_answers),
    ("llvm-symbolizer", [args.llvm_symbolizer, f"--obj={binary}", "-f", "-i", "-C"], llvm_answers),
    ("addr2line crate", [args.addr2line, "-e", str(binary), "-f", "-i", "-C", "-a"], addr2line_answers),
]
raw = {"binary": str(binary), "binary_mb": binary.stat().st_size / 1e6, "text_mb": size / 1e6, "runs": args.runs,
       "versions": {"llvm-symbolizer": version([args.llvm_symbolizer, "--version"]) if args.llvm_symbolizer else None,
                    "addr2line crate": version([args.addr2line, "--version"])},
       "counts": {}}
for count in args.counts:
    rng = random.Random(20261122 + count)
    addrs = [vma + rng.randrange(size) for _ in range(count)]
    with tempfile.NamedTemporaryFile("w", delete=False, suffix=".addrs") as f:
        f.write("".join(f"{a:#x}\n" for a in addrs))
        path = f.name
    print(f"\n{count} addresses")
    print(f"{'tool':<18}{'wall s (median)':>16}{'peak RSS MB':>13}{'function':>10}{'same answer as crashprint':>27}")
    results = {}
    reference = None
    for name, cmd, parse in tools:
        if not cmd[0] or not pathlib.Path(cmd[0]).exists():
            print(f"{name:<18}{'(not installed)':>16}")
            continue
        walls, rss, answers = run(cmd, path, parse)
        if len(answers) != count:
            raise SystemExit(f"{name}: {len(answers)} answers for {count} addresses")
        if reference is None:
            reference = answers
        same = sum(a == b for a, b in zip(answers, reference))
        same_function = sum((a[:1] and a[0][0]) == (b[:1] and b[0][0]) for a, b in zip(answers, reference))
        with_function = sum(1 for a in answers if a and a[0][0])
        results[name] = {"wall_s": statistics.median(walls), "wall_s_all": walls, "rss_peak_mb": rss,
                         "with_function": with_function, "same_as_crashprint": same,
                         "same_innermost_function_as_crashprint": same_function}
        print(f"{name:<18}{statistics.median(walls):>16.3f}{rss:>13.1f}{with_function:>10}{same:>20}/{count}")
    raw["counts"][str(count)] = results
    if "crashprint" in results:
        for other in ("llvm-symbolizer", "addr2line crate"):
            if other in results:
                print(f"crashprint / {other}: {results['crashprint']['wall_s'] / results[other]['wall_s']:.2f}x wall time")
    os.unlink(path)
if args.json_out:
    pathlib.Path(args.json_out).write_text(json.dumps(raw, indent=1) + "\n")
