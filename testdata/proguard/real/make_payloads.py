#!/usr/bin/env python3
"""Turns the stack traces that build.sh captured into test inputs.

  python3 make_payloads.py [SCENARIO ...]     (build.sh passes its list)

Writes, next to this script:

  payloads.ndjson        one Bugsnag notify payload per obfuscated trace, shaped
                         like bugsnag-android's: all v1 scenarios (app.version
                         1.0.0), then all v2 scenarios (2.0.0)
  symbols/proguard/<version>/mapping.txt
                         copies of v1/mapping.txt and v2/mapping.txt
  expected.json          the ground truth: every frame of every exception of
                         each scenario, parsed from plain/<scenario>.txt
  retrace-vs-plain.txt   how ProGuard's own ReTrace does on the same frames

A printed trace elides the frames a cause shares with the exception that
wraps it ("... N more"). Bugsnag's Android notifier sends each exception's
full Throwable.getStackTrace() instead, so both the payloads and
expected.json carry the elided frames, restored from the enclosing trace (the
last N frames of the exception printed before it, which is exactly what the
JVM elided). The module prefix of JDK frames ("java.base/") is not part of
StackTraceElement.getClassName() and is dropped from `method`.
"""
import difflib
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = ["npe", "divide", "index", "lambda", "comparator", "checkout",
             "coupon", "overload", "ctor"]
RELEASES = [("v1", "1.0.0"), ("v2", "2.0.0")]
RETRACE_JAR = os.environ.get("RETRACE_JAR", "/usr/share/java/retrace.jar")

FRAME = re.compile(r"^\tat (?:(?P<prefix>[^()]*)/)?(?P<cls>[^/()]+)\.(?P<method>[^./()]+)"
                   r"\((?P<loc>[^()]*)\)$")
MORE = re.compile(r"^\t\.\.\. (\d+) more$")
HEAD = re.compile(r"^(?:Caused by: )?(?P<cls>[^\s:]+)(?:: (?P<msg>.*))?$")


def parse_location(loc):
    """'Cart.java:24' / 'SourceFile' / 'Native Method' / 'Unknown Source'."""
    if loc in ("Native Method", "Unknown Source"):
        return None, None
    if ":" in loc:
        f, _, n = loc.rpartition(":")
        return f, int(n)
    return loc, None


def parse_trace(path):
    """A printStackTrace() text → [{class, message, frames, printed, omitted}]."""
    chain = []
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for i, line in enumerate(lines):
        m = FRAME.match(line)
        if m:
            f, n = parse_location(m.group("loc"))
            prefix = m.group("prefix")
            chain[-1]["frames"].append({
                "class": m.group("cls"),
                "method": m.group("method"),
                "file": f,
                "line": n,
                # "java.base" for JDK frames; a class loader name would come
                # before it ("app//") but none appears in these traces.
                "module": prefix.split("/")[-1] or None if prefix else None,
            })
            continue
        m = MORE.match(line)
        if m:
            chain[-1]["omitted"] = int(m.group(1))
            continue
        if i > 0 and not line.startswith("Caused by: "):
            sys.exit("%s:%d: unexpected line %r" % (path, i + 1, line))
        m = HEAD.match(line)
        if not m:
            sys.exit("%s:%d: not an exception line %r" % (path, i + 1, line))
        chain.append({"class": m.group("cls"), "message": m.group("msg"),
                      "frames": [], "omitted": 0})
    for k, exc in enumerate(chain):
        exc["printed"] = len(exc["frames"])
        if exc["omitted"]:
            enclosing = chain[k - 1]["frames"]
            exc["frames"] = exc["frames"] + [dict(f) for f in enclosing[-exc["omitted"]:]]
    return chain


def format_trace(chain):
    """Back to printStackTrace() text, every frame written out."""
    out = []
    for k, exc in enumerate(chain):
        head = exc["class"] + (": " + exc["message"] if exc["message"] is not None else "")
        out.append(("Caused by: " if k else "") + head)
        for f in exc["frames"]:
            loc = "%s:%d" % (f["file"], f["line"]) if f["line"] is not None else (f["file"] or "Unknown Source")
            mod = f["module"] + "/" if f["module"] else ""
            out.append("\tat %s%s.%s(%s)" % (mod, f["class"], f["method"], loc))
    return "\n".join(out) + "\n"


def payload(chain, scenario, version, vdir):
    exceptions = []
    for exc in chain:
        exceptions.append({
            "errorClass": exc["class"],
            "message": exc["message"],
            "type": "android",
            "stacktrace": [{
                "method": "%s.%s" % (f["class"], f["method"]),
                "file": f["file"],
                "lineNumber": f["line"],
                "inProject": None,
            } for f in exc["frames"]],
        })
    return {
        "apiKey": "0123456789abcdef0123456789abcdef",
        "payloadVersion": "4.0",
        "notifier": {
            "name": "Android Bugsnag Notifier",
            "version": "0.0.0-fixture",
            "url": "https://example.invalid/crashprint-fixture",
        },
        "events": [{
            "exceptions": exceptions,
            "unhandled": True,
            "severity": "error",
            "severityReason": {"type": "unhandledException"},
            "app": {
                "id": "com.example.shop",
                "version": version,
                "releaseStage": "production",
                "type": "android",
            },
            "device": {"osName": "android"},
            "metaData": {"fixture": {
                "scenario": scenario,
                "trace": "%s/%s.txt" % (vdir, scenario),
                "obfuscator": "ProGuard 6.2.2",
            }},
        }],
    }


def key(f, strip_hash=False):
    method = f["method"]
    if strip_hash:
        # ProGuard writes a method whose parameters it removed as
        # name$<8 hex digits> in the mapping ("placeOrder$2d98b2c6").
        method = re.sub(r"\$[0-9a-f]{8}$", "", method)
    return (f["class"], method, f["file"], f["line"])


def compare(plain, retraced):
    """Frames of `plain` that `retraced` reproduces, exactly and ignoring the
    $hash suffix; plus the diff lines."""
    exact = loose = total = extra = 0
    diffs = []
    if [e["class"] for e in plain] != [e["class"] for e in retraced]:
        diffs.append("  exception classes: %s vs %s" % (
            [e["class"] for e in plain], [e["class"] for e in retraced]))
    for k, (p, r) in enumerate(zip(plain, retraced)):
        total += len(p["frames"])
        for strip in (False, True):
            sm = difflib.SequenceMatcher(a=[key(f, strip) for f in p["frames"]],
                                         b=[key(f, strip) for f in r["frames"]],
                                         autojunk=False)
            n = sum(b.size for b in sm.get_matching_blocks())
            if strip:
                loose += n
                extra += len(r["frames"]) - n
            else:
                exact += n
                for op, a0, a1, b0, b1 in sm.get_opcodes():
                    if op == "equal":
                        continue
                    diffs.append("  exception %d %s:" % (k, op))
                    for f in p["frames"][a0:a1]:
                        diffs.append("    plain    %s.%s(%s:%s)" % key(f))
                    for f in r["frames"][b0:b1]:
                        diffs.append("    retrace  %s.%s(%s:%s)" % key(f))
    return total, exact, loose, extra, diffs


def main():
    scenarios = sys.argv[1:] or SCENARIOS
    os.chdir(HERE)

    expected = {
        "source": "plain/<scenario>.txt: the program run unobfuscated (build.sh)",
        "note": "frames are Throwable.getStackTrace() of each exception in the "
                "Caused-by chain, outermost first; 'omitted' frames (printed as "
                "'... N more') are restored from the enclosing exception",
        "releases": {version: {"mapping": "%s/mapping.txt" % vdir}
                     for vdir, version in RELEASES},
        "scenarios": [],
    }
    lines = []
    report = ["ProGuard ReTrace 6.2.2 (java -jar %s <mapping> <trace>) on each obfuscated" % RETRACE_JAR,
              "trace with every frame written out (the frames the payload carries),",
              "compared frame by frame (class, method, file, line) with the plain run.",
              ""]
    grand = {"total": 0, "exact": 0, "loose": 0, "extra": 0}
    entries = {s: {"name": s, "payloadLines": {}} for s in scenarios}

    os.makedirs("build/expanded", exist_ok=True)
    for vdir, version in RELEASES:
        dest = os.path.join("symbols", "proguard", version)
        os.makedirs(dest, exist_ok=True)
        shutil.copyfile(os.path.join(vdir, "mapping.txt"), os.path.join(dest, "mapping.txt"))
        sums = {"total": 0, "exact": 0, "loose": 0, "extra": 0}
        report.append("== %s (%s)" % (vdir, version))
        for s in scenarios:
            chain = parse_trace(os.path.join(vdir, s + ".txt"))
            lines.append(json.dumps(payload(chain, s, version, vdir),
                                    separators=(",", ":"), ensure_ascii=False))
            entries[s]["payloadLines"][version] = len(lines)
            entries[s].setdefault("obfuscated", {})[version] = {
                "trace": "%s/%s.txt" % (vdir, s),
                "errorClasses": [e["class"] for e in chain],
                "frameCounts": [len(e["frames"]) for e in chain],
            }

            expanded = os.path.join("build", "expanded", "%s-%s.txt" % (vdir, s))
            with open(expanded, "w", encoding="utf-8") as fh:
                fh.write(format_trace(chain))
            out = subprocess.run(["java", "-jar", RETRACE_JAR,
                                  os.path.join(vdir, "mapping.txt"), expanded],
                                 check=True, capture_output=True, text=True).stdout
            retraced_path = expanded + ".retrace"
            with open(retraced_path, "w", encoding="utf-8") as fh:
                fh.write(out)
            retraced = parse_trace(retraced_path)
            plain = parse_trace(os.path.join("plain", s + ".txt"))
            total, exact, loose, extra, diffs = compare(plain, retraced)
            for k in sums:
                sums[k] += {"total": total, "exact": exact, "loose": loose, "extra": extra}[k]
            report.append("%-11s %2d plain frames, %2d obfuscated, retrace matches %2d exactly, "
                          "%2d ignoring $hash, %d frame(s) too many"
                          % (s, total, sum(len(e["frames"]) for e in chain), exact, loose, extra))
            report.extend(diffs)
        report.append("total: %d frames, %d exact, %d ignoring $hash, %d too many" %
                      (sums["total"], sums["exact"], sums["loose"], sums["extra"]))
        report.append("")
        for k in grand:
            grand[k] += sums[k]

    for s in scenarios:
        plain = parse_trace(os.path.join("plain", s + ".txt"))
        e = entries[s]
        e["plainTrace"] = "plain/%s.txt" % s
        e["exceptions"] = [{
            "class": exc["class"],
            "message": exc["message"],
            "printedFrames": exc["printed"],
            "omittedFrames": exc["omitted"],
            "frames": exc["frames"],
        } for exc in plain]
        expected["scenarios"].append(e)

    with open("payloads.ndjson", "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    with open("expected.json", "w", encoding="utf-8") as fh:
        json.dump(expected, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    report.append("both releases: %d frames, %d exact, %d ignoring $hash, %d too many" %
                  (grand["total"], grand["exact"], grand["loose"], grand["extra"]))
    with open("retrace-vs-plain.txt", "w", encoding="utf-8") as fh:
        fh.write("\n".join(report) + "\n")
    print("make_payloads: %d payloads; retrace matched %d/%d plain frames exactly "
          "(%d ignoring $hash), %d frame(s) too many"
          % (len(lines), grand["exact"], grand["total"], grand["loose"], grand["extra"]))


if __name__ == "__main__":
    main()
