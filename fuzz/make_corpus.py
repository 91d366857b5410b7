#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from testdata: real SDK payloads, the spec
samples and the malformed batch (payloads over 64 KiB left out). File names
are content hashes, as libFuzzer names them. Run from the repository root."""
import hashlib
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
td = root / "testdata"


def payloads(paths):
    for p in paths:
        data = p.read_bytes()
        if p.suffix == ".ndjson" and p.parent.name != "bin":
            yield from (l for l in data.split(b"\n") if l.strip())
        else:
            yield data


sets = {
    "backtrace": [*td.glob("sdk-payloads/backtrace-*.ndjson"), *td.glob("seeds/backtrace-*.json")],
    "bugsnag": [*td.glob("sdk-payloads/bugsnag-*.ndjson"), *td.glob("seeds/bugsnag-*.json")],
    "canvas": [*td.glob("seeds/canvas-*.json")],
}
sets["detect"] = [p for ps in sets.values() for p in ps] + [td / "malformed" / "batch.ndjson", *td.glob("sdk-payloads/sessions/*.ndjson")]
# Object files: the small C fixtures (whole files; the fuzzer mutates them).
sets["native"] = sorted(p for pat in ("c-*", "pe-*", "wasm-*", "macho-*") for p in (td / "native" / "bin").glob(pat))
# Source maps, each followed by a NUL and its minified file when there is one
# (the target splits there).
def sourcemap_seeds():
    sm = td / "sourcemap"
    maps = sorted((sm / "tc39-source-map-tests" / "resources").glob("*.map"))
    maps += sorted((sm / "sentry-symbolic-sourcemapcache").rglob("*.js.map"))
    for m in maps:
        js = m.with_suffix("")
        data = m.read_bytes()
        if js.exists() and js.suffix == ".js":
            data += b"\0" + js.read_bytes()
        yield data


# ProGuard/R8 mappings, each followed by a NUL and a trace to retrace.
def proguard_seeds():
    pg = td / "proguard"
    for case in sorted((pg / "r8-retrace-stacktraces").glob("*/")):
        mapping, trace = case / "mapping.txt", case / "obfuscated.txt"
        if mapping.exists() and trace.exists():
            yield mapping.read_bytes() + b"\0" + trace.read_bytes()


corpora = {target: list(payloads(sorted(paths))) for target, paths in sets.items()}
corpora["sourcemap"] = list(sourcemap_seeds())
corpora["proguard"] = list(proguard_seeds())
# Text crash logs (sanitizers, kernel, JVM, Go, Python).
corpora["crashlog"] = [p.read_bytes() for p in sorted((td / "crash-logs").rglob("*"))
                       if p.is_file() and p.suffix not in (".jsonl", ".md") and not p.name.startswith(("README", "LICENSE"))]
for target, datas in corpora.items():
    out = root / "fuzz" / "corpus" / target
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for data in datas:
        if len(data) > 64 * 1024:
            continue
        (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
        n += 1
    print(target, n)
