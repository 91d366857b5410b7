#!/usr/bin/env python3
"""What each hostile or unlucky input of issue 13 costs `crashprint process`:
wall time, peak RSS (/usr/bin/time -v), output size, and what came out,
for one or more binaries side by side (e.g. before and after a change).

    python3 benches/hostile.py --binary before=/path/to/old/crashprint \\
                               --binary after=target/release/crashprint

Every input is made here, in a temporary directory, from the fixtures of
testdata: a ProGuard mapping with a long inline chain, object files whose
compressed sections claim ~4 GiB, companions that are a FIFO, a link to
/dev/zero or a 3 GiB sparse file, links out of the symbol directory, an
NDJSON file whose first line is cut, a payload of 166 threads x 1,024
empty frames, a 200 MB source map that does not parse named by 20
payloads, a BOM and CR-only line ends, a thread named twice, and a frame
whose map has no mapping (what the message names). Each run is limited
to --timeout seconds and --max-gib GiB of address space (`ulimit -v`), so
that a case that hangs or explodes shows as such instead of taking the
machine: "timeout" or "killed" in the result column.
"""
import argparse
import json
import os
import pathlib
import shutil
import signal
import struct
import subprocess
import tempfile
import time

root = pathlib.Path(__file__).resolve().parent.parent
td = root / "testdata"
ap = argparse.ArgumentParser()
ap.add_argument("--binary", action="append", required=True, help="NAME=PATH")
ap.add_argument("--timeout", type=int, default=60)
ap.add_argument("--max-gib", type=float, default=8.0)
ap.add_argument("--chain", type=int, default=20_000, help="inline chain length of case 1")
ap.add_argument("--cases", nargs="*", default=None)
ap.add_argument("--json", default=None, help="write the results here too")
args = ap.parse_args()
binaries = [b.split("=", 1) for b in args.binary]


def claim(elf: bytes, section: str, size: int) -> bytes:
    """Sets the uncompressed size a SHF_COMPRESSED section's Elf64_Chdr claims."""
    b = bytearray(elf)
    shoff, = struct.unpack_from("<Q", b, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", b, 0x3A)
    strtab = struct.unpack_from("<Q", b, shoff + shstrndx * shentsize + 0x18)[0]
    for i in range(shnum):
        h = shoff + i * shentsize
        name_at = strtab + struct.unpack_from("<I", b, h)[0]
        name = bytes(b[name_at:b.index(0, name_at)]).decode()
        flags, = struct.unpack_from("<Q", b, h + 8)
        offset, = struct.unpack_from("<Q", b, h + 0x18)
        if name == section and flags & 0x800:
            struct.pack_into("<Q", b, offset + 8, size)
            return bytes(b)
    raise SystemExit(f"no compressed {section}")


def backtrace(module: str, addresses, extra=None) -> dict:
    p = {"uuid": "123e4567-e89b-12d3-a456-426655440000", "timestamp": 1, "lang": "c",
         "langVersion": "gcc", "agent": "a", "agentVersion": "1", "mainThread": "main",
         "threads": {"main": {"fault": True, "stack": [{"address": hex(0x400000 + a)} for a in addresses]}},
         "modules": [{"start": "0x400000", "size": 1 << 20, "code_file": f"/usr/bin/{module}"}]}
    p.update(extra or {})
    return p


def bugsnag(kind: str, release: str, frames) -> dict:
    return {"apiKey": "0123456789abcdef0123456789abcdef", "payloadVersion": "5",
            "notifier": {"name": "n", "version": "1", "url": "https://example.invalid"},
            "events": [{"exceptions": [{"errorClass": "java.lang.RuntimeException", "message": "m",
                                        "type": kind, "stacktrace": frames}],
                        "app": {"version": release}, "device": {"osName": "android"}}]}


def ndjson(path: pathlib.Path, payloads) -> None:
    path.write_bytes(b"".join(json.dumps(p, separators=(",", ":")).encode() + b"\n" for p in payloads))


def sdk_lines():
    lines = []
    for f in sorted((td / "sdk-payloads").glob("*.ndjson")):
        lines += [l for l in f.read_bytes().split(b"\n") if l.strip()]
    return lines


MAIN = 0x1090  # `main` in the gcc -O2 fixtures


def case_proguard(w: pathlib.Path):
    sym = w / "symbols"
    (sym / "proguard/1.0").mkdir(parents=True)
    with open(sym / "proguard/1.0/mapping.txt", "w") as f:
        f.write("com.example.Deep -> a.a:\n    1:1:void f0():10:10 -> a\n")
        for i in range(1, args.chain):
            f.write(f"    1:1:void f{i}():{10 + i} -> a\n")
    ndjson(w / "in.ndjson", [bugsnag("android", "1.0",
                                     [{"method": "a.a.a", "file": "SourceFile", "lineNumber": 1}] * 100)])
    size = (sym / "proguard/1.0/mapping.txt").stat().st_size
    return ["--symbols", str(sym), str(w / "in.ndjson")], f"1. R8 inline chain of {args.chain:,} ({size / 1e6:.1f} MB mapping), 100 frames"


def bomb(w, sections, fixture="c-gcc-O2-zlib", payloads=1):
    sym = w / "symbols"
    sym.mkdir()
    elf = (td / "native/bin" / fixture).read_bytes()
    for s in sections:
        elf = claim(elf, s, 0xFFFF_0000)
    (sym / "app").write_bytes(elf)
    ndjson(w / "in.ndjson", [backtrace("app", [MAIN])] * payloads)
    return ["--symbols", str(sym), str(w / "in.ndjson")]


def case_ambiguous(w):
    sym = w / "symbols"
    (sym / "proguard/1.0").mkdir(parents=True)
    with open(sym / "proguard/1.0/mapping.txt", "w") as f:
        f.write("com.example.Many -> a.a:\n")
        for i in range(100_000):
            f.write(f"    void f{i}() -> a\n")
    ndjson(w / "in.ndjson", [bugsnag("android", "1.0",
                                     [{"method": "a.a.a", "file": "SourceFile", "lineNumber": 1}] * 100)])
    return ["--symbols", str(sym), str(w / "in.ndjson")], "1'. 100,000 methods obfuscated to the same name, 100 frames"


def case_zlib(w):
    return bomb(w, [".debug_info"]), "2. zlib .debug_info claiming ~4 GiB, 1 payload"


def case_zstd(w):
    return bomb(w, [".debug_info"], "c-gcc-O2-zstd"), "2. zstd .debug_info claiming ~4 GiB, 1 payload"


def case_two(w):
    return bomb(w, [".debug_info", ".debug_line"]), "2. two zlib sections claiming ~4 GiB each"


def case_twenty(w):
    return bomb(w, [".debug_info"], payloads=20), "2. the same module named by 20 payloads"


def companion(w, make, what):
    sym = w / "symbols"
    sym.mkdir()
    shutil.copy(td / "native/bin/dwp/c-clang-O2-split", sym / "c-clang-O2-split")
    make(sym / "c-clang-O2-split.dwp")
    ndjson(w / "in.ndjson", [backtrace("c-clang-O2-split", [MAIN])])
    return ["--symbols", str(sym), str(w / "in.ndjson")], f"3. .dwp companion: {what}"


def case_fifo(w):
    return companion(w, os.mkfifo, "a FIFO")


def case_zero(w):
    return companion(w, lambda p: os.symlink("/dev/zero", p), "a link to /dev/zero")


def case_sparse(w):
    def sparse(p):
        with open(p, "wb") as f:
            f.truncate(3 << 30)
    return companion(w, sparse, "a 3 GiB sparse file")


def case_scan(w):
    sym = w / "symbols"
    sym.mkdir()
    head = (td / "native/bin/c-gcc-O2-dwarf5").read_bytes()[:4096]
    with open(sym / "big.so", "wb") as f:
        f.write(head)
        f.truncate(3 << 30)
    ndjson(w / "in.ndjson", [backtrace("other", [MAIN])])
    return ["--symbols", str(sym), str(w / "in.ndjson")], "3. scan of a dir holding a 3 GiB sparse ELF-looking file"


def case_links(w):
    sym, out = w / "symbols", w / "outside"
    sym.mkdir()
    out.mkdir()
    shutil.copy(td / "native/bin/c-gcc-O2-stripped", sym / "c-gcc-O2-stripped")
    shutil.copy(td / "native/bin/c-gcc-O2-stripped.debug", out / "c-gcc-O2-stripped.debug")
    os.symlink(out / "c-gcc-O2-stripped.debug", sym / "c-gcc-O2-stripped.debug")
    ndjson(w / "in.ndjson", [backtrace("c-gcc-O2-stripped", [MAIN])])
    return ["--symbols", str(sym), str(w / "in.ndjson")], "4. .gnu_debuglink target is a link out of the dir"


def case_truncated(w):
    lines = sdk_lines()
    payloads = (lines * (2449 // len(lines) + 1))[:2449]
    payloads[0] = payloads[0][: len(payloads[0]) // 2]
    (w / "in.ndjson").write_bytes(b"\n".join(payloads) + b"\n")
    return [str(w / "in.ndjson")], "5. 2,449-line NDJSON, first line cut"


def case_amplify(w):
    threads = {f"t{t}": {"stack": [{}] * 1024} for t in range(166)}
    p = backtrace("x", [], {"threads": threads, "mainThread": "t0"})
    p.pop("modules")
    ndjson(w / "in.ndjson", [p])
    size = (w / "in.ndjson").stat().st_size
    return [str(w / "in.ndjson")], f"6. 166 threads x 1,024 empty frames ({size / 1e3:.0f} KB)"


def case_bigmap(w):
    rel = w / "symbols/sourcemaps/1.0/static"
    rel.mkdir(parents=True)
    shutil.copy(td / "sourcemap/bundlers/out/esbuild.min.js", rel / "esbuild.min.js")
    with open(rel / "esbuild.min.js.map", "w") as f:
        f.write('{"version":3,"sources":["a.js"],"sourcesContent":["')
        chunk = "x" * (1 << 20)
        for _ in range(200):
            f.write(chunk)
        f.write('"],"mappings":"AAAA,!"}')
    frame = {"file": "https://x.example/static/esbuild.min.js", "lineNumber": 1, "columnNumber": 700, "method": "x"}
    ndjson(w / "in.ndjson", [bugsnag("browserjs", "1.0", [frame])] * 20)
    return ["--symbols", str(w / "symbols"), str(w / "in.ndjson")], "7. 20 payloads naming a 200 MB map that does not parse"


def case_bom_cr(w):
    lines = sdk_lines()
    (w / "in.ndjson").write_bytes(b"\xef\xbb\xbf" + b"\r".join(lines) + b"\r")
    return [str(w / "in.ndjson")], f"8. BOM + CR-only line ends, {len(lines)} payloads"


def case_duplicate(w):
    p = backtrace("x", [], {"threads": {"main": {"fault": True, "stack": [{"funcName": "f"}]}}})
    p.pop("modules")
    text = json.dumps(p).replace('"threads": {"main": {"fault": true, "stack": [{"funcName": "f"}]}}',
                                 '"threads": {"main": {"fault": true, "stack": [{"funcName": "f"}]}, '
                                 '"main": {"fault": true, "stack": [{"funcName": "g"}]}}')
    (w / "in.ndjson").write_text(text + "\n")
    return [str(w / "in.ndjson")], "9. a thread named twice"


def case_paths(w):
    sym = root / "testdata/sourcemap/payloads/symbols"
    line = json.loads((td / "sourcemap/payloads/bugsnag-browser.ndjson").read_bytes().split(b"\n")[0])
    line["events"][0]["exceptions"][0]["stacktrace"][0]["lineNumber"] = 90000
    ndjson(w / "in.ndjson", [line])
    return ["--symbols", str(sym), str(w / "in.ndjson")], "10. a frame whose map has no mapping there"


CASES = [case_proguard, case_ambiguous, case_zlib, case_zstd, case_two, case_twenty, case_fifo, case_zero, case_sparse,
         case_scan, case_links, case_truncated, case_amplify, case_bigmap, case_bom_cr, case_duplicate,
         case_paths]


def summary(out: bytes, work: pathlib.Path) -> str:
    """What came out, in a few words."""
    recs = []
    for l in out.split(b"\n"):
        if l.strip():
            try:
                recs.append(json.loads(l))
            except ValueError:
                return "unreadable output"
    ok = sum(1 for r in recs if r.get("ok"))
    text = f"{len(recs)} records, {ok} ok"
    issues = [len(r["error"]["issue"]) for r in recs if not r.get("ok")]
    if issues:
        text += f", {max(issues):,} issues"
    frames = [f for r in recs if r.get("ok") for t in r["event"].get("threads", []) + r["event"].get("exceptions", [])
              for f in t.get("stack", [])]
    if frames:
        resolved = [s for f in frames for s in f.get("symbolicated", [])]
        text += f", {len(resolved):,} resolved frames"
        with_lines = sum(1 for s in resolved if s.get("line"))
        if with_lines:
            text += f" ({with_lines:,} with a line)"
        why = next((f["unresolved"] for f in frames if f.get("unresolved")), None)
        if why:
            why = why.replace(str(work), "<tmp>").replace(str(root), "<repo>")
            text += f"; unresolved: {why[:90]}"
    threads = [t for r in recs if r.get("ok") for t in r["event"].get("threads", [])]
    if len(threads) > 1:
        text += f", {len(threads)} threads named {sorted({t.get('name') or t.get('id') for t in threads})}"
    return text


def run(binary: str, argv, work: pathlib.Path):
    out = work / "out.ndjson"
    timing = work / "time.txt"
    cap = int(args.max_gib * (1 << 20))
    cmd = ["bash", "-c", f'ulimit -v {cap}; exec /usr/bin/time -v -o "$0" "$@"', str(timing),
           binary, "process", "-o", str(out)] + argv
    start = time.monotonic()
    # A session of its own: on a timeout the whole group (time and the
    # binary it runs) is killed, by its id.
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, stderr = p.communicate(timeout=args.timeout)
        wall = time.monotonic() - start
        rc = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return {"wall_s": args.timeout, "rss_mb": None, "out_bytes": None,
                "result": f"timeout: still running after {args.timeout} s"}
    rss = None
    if timing.exists():
        for l in timing.read_text().splitlines():
            if "Maximum resident set size" in l:
                rss = int(l.split(":")[1]) / 1024
    size = out.stat().st_size if out.exists() else 0
    if rc not in (0, 1):
        err = stderr.decode(errors="replace").strip().splitlines()
        result = f"exit {rc}: {err[-1][:100] if err else ''}"
    else:
        result = summary(out.read_bytes(), work)
    return {"wall_s": round(wall, 2), "rss_mb": round(rss, 1) if rss else None, "out_bytes": size, "result": result}


results = []
for case in CASES:
    if args.cases and case.__name__.removeprefix("case_") not in args.cases:
        continue
    for name, binary in binaries:
        with tempfile.TemporaryDirectory(prefix="crashprint-hostile-") as tmp:
            work = pathlib.Path(tmp)
            argv, label = case(work)
            r = run(binary, argv, work)
        r.update(case=label, binary=name)
        results.append(r)
        print(f"{label} | {name} | {r['wall_s']} s | {r['rss_mb']} MB | {r['out_bytes']} B | {r['result']}", flush=True)

print()
print("| case | binary | wall | peak RSS | output | result |")
print("|---|---|---|---|---|---|")
for r in results:
    rss = "—" if r["rss_mb"] is None else f"{r['rss_mb']:,.0f} MB"
    out = "—" if r["out_bytes"] is None else f"{r['out_bytes']:,} B"
    print(f"| {r['case']} | {r['binary']} | {r['wall_s']} s | {rss} | {out} | {r['result']} |")
if args.json:
    pathlib.Path(args.json).write_text(json.dumps(results, indent=1))
