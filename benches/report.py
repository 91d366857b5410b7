#!/usr/bin/env python3
"""Every performance figure of the README, from one command.

    python3 benches/report.py --all            # run every benchmark the README quotes, side by side
                                               # with its peers; write benches/results.json; rewrite
                                               # the README's tables from it
    python3 benches/report.py --all --quick    # the same, CI-sized (short runs, small inputs), into
                                               # target/bench-results.quick.json; README untouched
    python3 benches/report.py --only NAME...   # rerun some benchmarks (the others keep their results)
    python3 benches/report.py --render         # rewrite the README's tables from benches/results.json
    python3 benches/report.py --check          # fail if the README's tables differ from what
                                               # --render would write (CI runs this)
    python3 benches/report.py --criterion      # print the medians of the last `cargo bench --bench process`

Benchmarks (NAME): process, throughput, native-symbolize, native-throughput,
native-warm, sourcemap, proguard. Each README table sits between
`<!-- report:NAME -->` and `<!-- /report:NAME -->` and is written here, from
the results file only: a figure changes by re-running its benchmark. Peers
are installed when missing: llvm-symbolizer (apt `llvm`), the addr2line
crate's CLI (`cargo install addr2line --features bin` into target/addr2line),
ProGuard's ReTrace (apt `proguard-cli`, by proguard_peers.py), npm
`source-map` and `@jridgewell/trace-mapping` (by sourcemap_peers.py), the
`sourcemap` and `proguard` crates (benches/Cargo.toml). The results file
records the machine, the date, every peer's version and the raw medians.
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile

root = pathlib.Path(__file__).resolve().parent.parent
README = root / "README.md"
RESULTS = root / "benches" / "results.json"
QUICK_RESULTS = root / "target" / "bench-results.quick.json"
CRITERION = root / "target" / "criterion"
BIG_TARGET = root / "target" / "bench-big"
BIG_BINARY = BIG_TARGET / "release" / "crashprint"
ADDR2LINE = root / "target" / "addr2line" / "bin" / "addr2line"
NAMES = ["process", "throughput", "native-symbolize", "native-throughput", "native-warm", "sourcemap", "proguard"]


def sh(cmd, env=None, capture=False, **kw):
    print("+ " + " ".join(str(c) for c in cmd), file=sys.stderr, flush=True)
    e = dict(os.environ, **(env or {}))
    if capture:
        p = subprocess.run([str(c) for c in cmd], cwd=root, env=e, text=True, capture_output=True, **kw)
        if p.returncode != 0:
            sys.exit(f"failed ({p.returncode}): {' '.join(map(str, cmd))}\n{p.stdout}\n{p.stderr}")
        return p
    subprocess.run([str(c) for c in cmd], cwd=root, env=e, check=True, **kw)


def output(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True)
        return (p.stdout + p.stderr).strip()
    except OSError:
        return ""


def first_version(text):
    m = re.search(r"(\d+\.\d+(?:\.\d+)?)", text)
    return m.group(1) if m else None


def lock_version(name):
    m = re.search(r'name = "%s"\nversion = "([^"]+)"' % re.escape(name), (root / "Cargo.lock").read_text())
    return m.group(1) if m else None


# --- Peers and binaries ---------------------------------------------------------------------------

def apt_install(package):
    apt = ["apt-get"] if os.geteuid() == 0 else ["sudo", "apt-get"]
    if subprocess.run(apt + ["install", "-y", "-q", package], stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(apt + ["update", "-q"], stdout=subprocess.DEVNULL)
        subprocess.run(apt + ["install", "-y", "-q", package], stdout=subprocess.DEVNULL, check=True)


def ensure_native_peers():
    if not shutil.which("llvm-symbolizer"):
        apt_install("llvm")
    if not ADDR2LINE.exists():
        sh(["cargo", "install", "addr2line", "--version", "0.27.1", "--features", "bin", "--locked",
            "--root", root / "target/addr2line"])


def build_release():
    sh(["cargo", "build", "--release", "-q", "-p", "crashprint-cli"])


def build_big_binary():
    """A large binary with full debug info: this repository's own CLI."""
    sh(["cargo", "build", "--release", "-q", "-p", "crashprint-cli", "--target-dir", BIG_TARGET],
       env={"CARGO_PROFILE_RELEASE_DEBUG": "2"})
    return BIG_BINARY


def text_section(binary):
    out = subprocess.run(["objdump", "-h", str(binary)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) > 4 and parts[1] == ".text":
            return int(parts[3], 16), int(parts[2], 16)
    sys.exit(f"{binary}: no .text")


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in output(["lscpu"]).splitlines() if l.startswith("Model name")),
               platform.processor())
    mem = next((int(l.split()[1]) // 1024 // 1024 for l in pathlib.Path("/proc/meminfo").read_text().splitlines()
                if l.startswith("MemTotal")), None)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem, "kernel": platform.release(),
            "os": platform.platform()}


def versions():
    return {
        "crashprint": lock_version("crashprint"),
        "rustc": first_version(output(["rustc", "--version"])),
        "node": output(["node", "--version"]).lstrip("v") or None,
        "java": first_version(output(["java", "-version"])),
        "llvm-symbolizer": first_version(output(["llvm-symbolizer", "--version"])),
        "addr2line crate (CLI)": first_version(output([str(ADDR2LINE), "--version"])) if ADDR2LINE.exists() else None,
        "sourcemap crate": lock_version("sourcemap"),
        "proguard crate": lock_version("proguard"),
        "serde_json crate": lock_version("serde_json"),
        "criterion crate": lock_version("criterion"),
    }


# --- Benchmarks -----------------------------------------------------------------------------------

def criterion_median_ns(group, function, parameter=None):
    d = CRITERION / group / function
    if parameter:
        d = d / parameter
    return json.loads((d / "new" / "estimates.json").read_text())["median"]["point_estimate"]


def criterion_args(quick):
    return ["--", "--noplot"] + (["--warm-up-time", "1", "--measurement-time", "2", "--sample-size", "10"]
                                  if quick else [])


PROCESS_PAYLOADS = {"backtrace-node-4KB": ("backtrace-node.ndjson", 1), "backtrace-python-9KB": ("backtrace-python.ndjson", 1),
                    "bugsnag-node-3KB": ("bugsnag-node.ndjson", 1)}
PROCESS_BENCHES = ["serde_json::Value parse", "crashprint process", "parse+validate only", "fingerprint only"]
TEXT_LOGS = {"asan-log-4KB": "crash-logs/clusterfuzz-stack-analyzer/logs/asan_gsignal.txt",
             "lldb-log-4KB": "crash-logs/debuggers/out/lldb-assert.txt",
             "gdb-bt-full-log-2KB": "crash-logs/debuggers/out/gdb-null-bt-full-all-threads.txt"}
GROUP_STRATEGIES = ["crashprint:2026-12", "crashprint:2027-01"]


def criterion_dir_name(name):
    # criterion replaces characters that are not allowed in paths.
    return re.sub(r'[?"/\\*<>:|^]', "_", name)


def bench_process(quick):
    sh(["cargo", "bench", "-q", "-p", "crashprint-benches", "--bench", "process"] + criterion_args(quick))
    rows = {}
    for payload, (file, line) in PROCESS_PAYLOADS.items():
        size = len((root / "testdata/sdk-payloads" / file).read_bytes().split(b"\n")[line - 1])
        rows[payload] = {"bytes": size, "median_ns": {
            b: criterion_median_ns("per-event", criterion_dir_name(b), payload) for b in PROCESS_BENCHES}}
    text = {}
    text["json payload"] = {"backtrace-node-4KB": criterion_median_ns("read", "json payload", "backtrace-node-4KB")}
    text["text log"] = {name: criterion_median_ns("read", "text log", name) for name in TEXT_LOGS}
    grouping = {strategy: {name: criterion_median_ns("group", criterion_dir_name(strategy), name)
                           for name in list(PROCESS_PAYLOADS) + list(TEXT_LOGS)}
                for strategy in GROUP_STRATEGIES}
    sizes = {name: (root / "testdata" / path).stat().st_size for name, path in TEXT_LOGS.items()}
    return {"command": "cargo bench -p crashprint-benches --bench process", "payloads": rows,
            "read_ns": text, "text_log_bytes": sizes, "group_ns": grouping}


def run_script(script, arguments):
    with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
        sh([sys.executable, root / "benches" / script] + arguments + ["--json-out", out.name])
        return json.loads(pathlib.Path(out.name).read_text())


def bench_throughput(quick):
    args = ["--size-mb", "10" if quick else "100", "--threads", "1", "2", "--runs", "1" if quick else "5"]
    raw = run_script("throughput.py", args)
    return {"command": "python3 benches/throughput.py " + " ".join(args), "raw": raw}


def bench_native_throughput(quick):
    args = ["--size-mb", "2" if quick else "20", "--threads", "1", "2", "--runs", "1" if quick else "3",
            "--payloads", "testdata/native/payloads/crash.ndjson", "--symbols", "testdata/native/symbols"]
    raw = run_script("throughput.py", args)
    return {"command": "python3 benches/throughput.py " + " ".join(args), "raw": raw}


def bench_native_symbolize(quick, big):
    ensure_native_peers()
    counts = ["1000", "10000"] if quick else ["1000", "100000"]
    args = ["--counts", *counts, "--runs", "1" if quick else "3", "--addr2line", str(ADDR2LINE.relative_to(root))]
    raw = run_script("native_symbolize.py", [str(big)] + args)
    return {"command": "python3 benches/native_symbolize.py BINARY " + " ".join(args), "raw": raw}


WARM_FUNCTIONS = ["lookup, one address at a time", "lookup_with, borrowed frames", "lookup_many (2 threads)",
                  "lookup_with, flat table", "lookup, flat table"]


def bench_native_warm(quick, big):
    count = 10_000 if quick else 100_000
    start, size = text_section(big)
    rng = random.Random(20261205)
    addrs = [start + rng.randrange(size) for _ in range(count)]  # random order
    addrs_file = root / "target" / "bench-native-warm.addrs"
    addrs_file.write_text("".join(f"{a:#x}\n" for a in addrs))
    p = sh(["cargo", "bench", "-q", "-p", "crashprint-benches", "--bench", "native_lookup"] + criterion_args(quick),
           env={"CRASHPRINT_BENCH_OBJECT": str(big), "CRASHPRINT_BENCH_ADDRS": str(addrs_file)}, capture=True)
    sys.stderr.write(p.stderr[-3000:])
    fixture = root / "testdata/native/expected/rust-O2.addrs"
    fixture_addrs = [int(l, 16) for l in fixture.read_text().split()]
    groups = {"native-warm": {"object": "testdata/native/bin/rust-O2", "addresses": len(fixture_addrs),
                              "order": "sorted ascending" if fixture_addrs == sorted(fixture_addrs) else "as listed",
                              "object_mb": (root / "testdata/native/bin/rust-O2").stat().st_size / 1e6},
              "native-warm-large": {"object": "crashprint CLI, release, full debug info", "addresses": count,
                                    "order": "random", "object_mb": big.stat().st_size / 1e6}}
    for group, info in groups.items():
        info["median_ns_per_address"] = {
            f: criterion_median_ns(group, criterion_dir_name(f)) / info["addresses"] for f in WARM_FUNCTIONS}
        m = re.search(re.escape(group) + r": flat table built in ([\d.]+)(ms|s|µs).*?([\d.]+) MB\n", p.stderr)
        if m:
            scale = {"s": 1.0, "ms": 1e-3, "µs": 1e-6}[m.group(2)]
            info["flat_table_build_s"] = float(m.group(1)) * scale
            info["flat_table_mb"] = float(m.group(3))
    return {"command": "CRASHPRINT_BENCH_OBJECT=BINARY CRASHPRINT_BENCH_ADDRS=ADDRS "
                       "cargo bench -p crashprint-benches --bench native_lookup", "groups": groups}


def bench_sourcemap(quick):
    args = ["--runs", "1" if quick else "3"] + (["--reps", "5", "--rounds", "3", "--round-ms", "100"] if quick else [])
    raw = run_script("sourcemap_peers.py", args)
    return {"command": "python3 benches/sourcemap_peers.py " + " ".join(args), "raw": raw}


def bench_proguard(quick):
    args = ["--runs", "1" if quick else "2"] + (["--reps", "5", "--rounds", "3", "--round-ms", "100", "--java-runs", "2"]
                                                if quick else [])
    raw = run_script("proguard_peers.py", args)
    return {"command": "python3 benches/proguard_peers.py " + " ".join(args), "raw": raw}


def run_benchmarks(names, quick, results):
    build_release()
    big = build_big_binary() if {"native-symbolize", "native-warm"} & set(names) else None
    results.setdefault("benchmarks", {})
    for name in names:
        print(f"== {name}", file=sys.stderr, flush=True)
        started = datetime.datetime.now(datetime.timezone.utc)
        load_before = os.getloadavg()
        if name == "process":
            r = bench_process(quick)
        elif name == "throughput":
            r = bench_throughput(quick)
        elif name == "native-throughput":
            r = bench_native_throughput(quick)
        elif name == "native-symbolize":
            r = bench_native_symbolize(quick, big)
        elif name == "native-warm":
            r = bench_native_warm(quick, big)
        elif name == "sourcemap":
            r = bench_sourcemap(quick)
        elif name == "proguard":
            r = bench_proguard(quick)
        r["date"] = started.strftime("%Y-%m-%dT%H:%M:%SZ")
        r["load_before"] = [round(x, 2) for x in load_before]
        r["load_after"] = [round(x, 2) for x in os.getloadavg()]
        if big and name in ("native-symbolize", "native-warm"):
            r["big_binary_mb"] = big.stat().st_size / 1e6
        results["benchmarks"][name] = r
    results["machine"] = machine()
    results["versions"] = versions()
    results["quick"] = quick
    results["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return results


# --- Rendering ------------------------------------------------------------------------------------

def n(x, d=0):
    return f"{x:,.{d}f}"


def us(ns):
    return f"{ns / 1000:.1f} µs" if ns >= 10_000 else f"{ns / 1000:.2f} µs"


def render_process(r, res):
    lines = [f"`{r['command']}` (criterion medians, one run; real SDK payloads of `testdata/sdk-payloads`, "
             "each processed whole, warm):", "",
             "| payload | serde_json `Value` parse | crashprint `process` | ratio | parse + validate | fingerprint |",
             "|---|---|---|---|---|---|"]
    for name, p in r["payloads"].items():
        m = p["median_ns"]
        lines.append(f"| {name} ({n(p['bytes'])} bytes) | {us(m['serde_json::Value parse'])} | "
                     f"{us(m['crashprint process'])} | {m['crashprint process'] / m['serde_json::Value parse']:.2f}× | "
                     f"{us(m['parse+validate only'])} | {us(m['fingerprint only'])} |")
    if "read_ns" in r:
        json_ns = r["read_ns"]["json payload"]["backtrace-node-4KB"]
        lines += ["", "Reading a text crash log (`parse` as `Format::Text`) beside reading the 4 KB JSON payload "
                  "above (`parse`, same run), and grouping each event (`Fingerprinter::group`) under the previous "
                  "and the current default:", "",
                  "| input | read | read / JSON read | group, crashprint:2026-12 | group, crashprint:2027-01 |",
                  "|---|---|---|---|---|",
                  f"| backtrace-node-4KB (JSON) | {us(json_ns)} | 1.00× | "
                  f"{us(r['group_ns']['crashprint:2026-12']['backtrace-node-4KB'])} | "
                  f"{us(r['group_ns']['crashprint:2027-01']['backtrace-node-4KB'])} |"]
        for name, ns in r["read_ns"]["text log"].items():
            lines.append(f"| {name} ({n(r['text_log_bytes'][name])} bytes) | {us(ns)} | {ns / json_ns:.2f}× | "
                         f"{us(r['group_ns']['crashprint:2026-12'][name])} | "
                         f"{us(r['group_ns']['crashprint:2027-01'][name])} |")
        for name in PROCESS_PAYLOADS:
            if name == "backtrace-node-4KB":
                continue
            lines.append(f"| {name} (JSON) | | | {us(r['group_ns']['crashprint:2026-12'][name])} | "
                         f"{us(r['group_ns']['crashprint:2027-01'][name])} |")
    return lines


def render_throughput(r, res, what):
    raw = r["raw"]
    lines = [f"`{r['command']}`: `crashprint process` on {raw['input_mb']:.1f} MB of {what}: "
             f"{n(raw['payloads'])} payloads, **{raw['distinct_payloads']} distinct payloads repeated "
             f"{n(raw['repeats'])} times**"
             + (" (so every symbol lookup after the first few is warm: the parsed debug file stays cached)"
                if raw.get("symbols") else "")
             + f", medians of {raw['runs']} runs:", "",
             "| threads | wall | payloads/s | MB/s | peak RSS |", "|---|---|---|---|---|"]
    for j, t in raw["threads"].items():
        lines.append(f"| `-j {j}` | {t['wall_s']:.3f} s | {n(t['events_per_s'])} | {t['mb_per_s']:.0f} | "
                     f"{t['rss_peak_mb']:.0f} MB |")
    return lines


def render_native_symbolize(r, res):
    raw = r["raw"]
    v = raw["versions"]
    lines = [f"`{r['command']}`: crashprint `symbolicate`, llvm-symbolizer {v['llvm-symbolizer']} and the addr2line "
             f"crate's CLI ({v['addr2line crate']}), **cold** (each a new process: index build included), on "
             f"the same **random** `.text` addresses (fixed seed, random order) of a {raw['binary_mb']:.1f} MB "
             f"release build of this repository's own binary with full debug info "
             f"(`CARGO_PROFILE_RELEASE_DEBUG=2`), medians of {raw['runs']} runs:", "",
             "| addresses | crashprint | llvm-symbolizer | addr2line crate | same answer as crashprint (llvm / addr2line) |",
             "|---|---|---|---|---|"]
    for count, t in raw["counts"].items():
        cell = lambda k: f"{t[k]['wall_s']:.3f} s, {t[k]['rss_peak_mb']:.1f} MB" if k in t else "not run"
        same = " / ".join(f"{n(t[k]['same_as_crashprint'])}" for k in ("llvm-symbolizer", "addr2line crate") if k in t)
        lines.append(f"| {n(int(count))} | {cell('crashprint')} | {cell('llvm-symbolizer')} | {cell('addr2line crate')} "
                     f"| {same} of {n(int(count))} |")
    lines += ["", "Same answer: the whole inline chain, function and line of every frame, after normalizing "
              "LLVM 14's Rust names (hash suffix, `$LT$` escapes); addresses with a function: " +
              ", ".join(f"{n(t['crashprint']['with_function'])} of {n(int(c))}" for c, t in raw["counts"].items()
                        if "crashprint" in t) + " (crashprint)."]
    return lines


def render_native_warm(r, res):
    g = r["groups"]
    big, fix = g["native-warm-large"], g["native-warm"]
    m = lambda grp, f: f"{grp['median_ns_per_address'][f] / 1000:.3f} µs"
    lines = [f"`{r['command']}`: **warm** lookups (every unit already parsed), criterion medians of one run, "
             "per address:", "",
             "| object, addresses | flat table, `lookup_with` (borrowed frames) | flat table, `lookup` (owned) "
             "| lazy, `lookup_with` | lazy, `lookup` | lazy, `lookup_many` (2 threads) |",
             "|---|---|---|---|---|---|"]
    for name, grp in (("the same %.1f MB binary" % big["object_mb"], big),
                      ("Rust fixture `rust-O2` (%.1f MB, cache-resident)" % fix["object_mb"], fix)):
        lines.append(f"| {name}, {n(grp['addresses'])} addresses, **{grp['order']}** | "
                     f"{m(grp, 'lookup_with, flat table')} | {m(grp, 'lookup, flat table')} | "
                     f"{m(grp, 'lookup_with, borrowed frames')} | {m(grp, 'lookup, one address at a time')} | "
                     f"{m(grp, 'lookup_many (2 threads)')} |")
    if "flat_table_build_s" in big:
        lines += ["", f"Building the flat table (`ModuleIndex::build_flat_table`) for the large binary: "
                      f"{big['flat_table_build_s']:.2f} s, {big['flat_table_mb']:.1f} MB."]
    return lines


def render_sourcemap(r, res):
    raw = r["raw"]
    rs = raw["results"]
    labels = [("crashprint", "crashprint `from_slice` + `lookup`"),
              ("crashprint-scopes", "crashprint + minified scopes, `resolve` (function names)"),
              ("sourcemap", "`sourcemap` crate {v} `lookup_token`"),
              ("source-map", "`source-map` {v} (node {node})"),
              ("trace-mapping", "`@jridgewell/trace-mapping` {v} (node {node})")]
    lines = [f"`{r['command']}`: the maplibre-gl 5.6.0 map ({raw['map_mb']:.1f} MB), each implementation in "
             f"its own process, the {n(raw['positions'])} random positions of its reference table looked up "
             f"**warm** (looped over, in the table's order), medians of {raw['runs']} processes:", "",
             "| implementation | parse + index | lookup | peak RSS | agree with source-map 0.7.6 |",
             "|---|---|---|---|---|"]
    for key, label in labels:
        if key not in rs:
            continue
        x = rs[key]
        lines.append(f"| {label.format(v=x.get('version', '?'), node=raw['node'])} | {x['parse_ms']:.1f} ms | "
                     f"{x['lookup_ns']:.0f} ns | {x['rss_peak_mb']:.1f} MB | {n(x['agree'])}/{n(x['positions'])} |")
    lines += ["", "Node peers decode lazily: their parse is construct + first lookup."]
    return lines


def render_proguard(r, res):
    raw = r["raw"]
    rs, j, v = raw["rust"], raw["retrace"], raw["versions"]
    lines = [f"`{r['command']}`: the real {raw['mapping_mb']:.2f} MB R8 mapping of rust-proguard "
             f"(`{raw['mapping']}`), {raw['frames']} frames ({raw['small_frames']} test frames of the crate + "
             f"{raw['random_frames']} random ranged methods, seed {raw['seed']}), each implementation in its own "
             f"process, medians of {raw['runs']} processes:", "",
             "| implementation | index build | µs per frame | peak RSS | innermost frame as the `proguard` mapper |",
             "|---|---|---|---|---|"]
    cp = rs["crashprint"]
    lines.append(f"| crashprint `Mapping::parse` / `remap_stack` | {cp['build_ms']:.1f} ms | {cp['frame_us']:.2f} | "
                 f"{cp['rss_peak_mb']:.1f} MB | {cp['agree']}/{cp['frames']} |")
    pm = rs["proguard-mapper"]
    lines.append(f"| `proguard` crate {v['proguard-mapper']} `ProguardMapper` | {pm['build_ms']:.1f} ms | "
                 f"{pm['frame_us']:.2f} | {pm['rss_peak_mb']:.1f} MB | (reference) |")
    if "proguard-cache" in rs and "proguard-cache-load" in rs:
        pc, pl = rs["proguard-cache"], rs["proguard-cache-load"]
        lines.append(f"| `proguard` `ProguardCache` (write / from file) | {pc['build_ms']:.1f} ms / "
                     f"{pl['parse_ms'] * 1e3:.2f} ms | {pc['frame_us']:.2f} | {pc['rss_peak_mb']:.1f} / "
                     f"{pl['rss_peak_mb']:.1f} MB | {pc['agree']}/{pc['frames']} |")
    if j:
        lines.append(f"| ProGuard {v['retrace']} ReTrace (JVM {first_version(j['java'])}) | ~{j['build_ms']:.0f} ms | "
                     f"~{j['frame_us']:.0f} | {j['rss_peak_mb']['large']:.1f} MB | (text) |")
    lines += ["", "crashprint's frames are owned (`String`s) and follow R8's rules; the mapper's are borrowed. "
              "ReTrace: whole-process times less an empty-mapping run (JVM start), marginal µs per frame."]
    return lines


RENDER = {
    "process": render_process,
    "throughput": lambda r, res: render_throughput(r, res, "real SDK payloads (`testdata/sdk-payloads`)"),
    "native-symbolize": render_native_symbolize,
    "native-throughput": lambda r, res: render_throughput(
        r, res, "real native crash reports (`testdata/native/payloads/crash.ndjson`), symbolicated through the "
                "symbol store (`--symbols testdata/native/symbols`)"),
    "native-warm": render_native_warm,
    "sourcemap": render_sourcemap,
    "proguard": render_proguard,
}


def render_block(name, results):
    r = results["benchmarks"].get(name)
    if r is None:
        return [f"(no results for `{name}` in benches/results.json: run `python3 benches/report.py --only {name}`)"]
    m, v = results["machine"], results["versions"]
    return RENDER[name](r, results) + ["", f"<sub>{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; "
                                           f"rustc {v['rustc']}; measured {r['date']} (load before "
                                           f"{r['load_before'][0]:.2f}); raw: `benches/results.json`</sub>"]


BLOCK = re.compile(r"(<!-- report:([\w-]+) -->\n)(.*?)(<!-- /report:\2 -->)", re.S)


def rendered_readme(results):
    text = README.read_text()
    seen = []

    def replace(m):
        seen.append(m.group(2))
        if m.group(2) not in RENDER:
            sys.exit(f"README: unknown block report:{m.group(2)}")
        return m.group(1) + "\n".join(render_block(m.group(2), results)) + "\n" + m.group(4)

    new = BLOCK.sub(replace, text)
    missing = [n_ for n_ in NAMES if n_ not in seen]
    if missing:
        sys.exit(f"README: no block for {missing}")
    return text, new


def print_criterion():
    print(f"{'payload':<22}" + "".join(f"{b[:22]:>24}" for b in PROCESS_BENCHES) + f"{'process / Value':>17}")
    for p in PROCESS_PAYLOADS:
        m = [criterion_median_ns("per-event", criterion_dir_name(b), p) / 1000 for b in PROCESS_BENCHES]
        print(f"{p:<22}" + "".join(f"{v:>21.2f} µs" for v in m) + f"{m[1] / m[0]:>16.2f}x")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--all", action="store_true", help="run every benchmark")
    ap.add_argument("--only", nargs="+", choices=NAMES, help="run these benchmarks")
    ap.add_argument("--quick", action="store_true", help="CI-sized runs, into target/bench-results.quick.json")
    ap.add_argument("--results", default=None, help="the results file (default benches/results.json)")
    ap.add_argument("--render", action="store_true", help="rewrite the README's tables from the results file")
    ap.add_argument("--check", action="store_true", help="fail when the README's tables differ from the results file")
    ap.add_argument("--criterion", action="store_true", help="print the last process bench's medians")
    a = ap.parse_args()
    results_path = pathlib.Path(a.results) if a.results else (QUICK_RESULTS if a.quick else RESULTS)
    if a.criterion:
        print_criterion()
        return
    if a.all or a.only:
        results = json.loads(results_path.read_text()) if (a.only and results_path.exists()) else {}
        run_benchmarks(a.only or NAMES, a.quick, results)
        results_path.parent.mkdir(parents=True, exist_ok=True)
        results_path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {results_path}", file=sys.stderr)
        if not a.quick:
            a.render = True
        for name in a.only or NAMES:
            print("\n".join(render_block(name, results)) + "\n")
    if a.render or a.check:
        results = json.loads(results_path.read_text())
        old, new = rendered_readme(results)
        if a.check:
            if old != new:
                import difflib
                sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                           "README.md", "README.md (from results)"))
                sys.exit("README.md's performance tables differ from benches/results.json: "
                         "run python3 benches/report.py --render (or rerun the benchmark)")
            print("README.md's performance tables match benches/results.json")
        elif old != new:
            README.write_text(new)
            print("README.md: performance tables rewritten", file=sys.stderr)
    if not (a.all or a.only or a.render or a.check):
        ap.print_help()


if __name__ == "__main__":
    main()
