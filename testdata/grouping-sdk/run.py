#!/usr/bin/env python3
"""Runs one release's crashing programs against the capture server and
keeps what the SDKs delivered.

    python3 run.py PLAN OUT_DIR

PLAN holds one JSON object per line: `label` (written to labels.jsonl with
the report's line number), `cwd`, `argv`, `env`, `mode` (handled |
unhandled) and optionally `flush` (a second argv, run after the first: the
Backtrace Node SDK stores an uncaught crash in its database and sends it on
the next launch). Each entry must fail (exit status 65 says the route returned, 64 a usage
error) and make the SDK deliver exactly one report;
session payloads (`/sessions`) are allowed and left out. Anything else —
no report, two reports, a request to an unknown path, a body that is not
one line of JSON, a handled run that did not exit 1 — stops the run.

Reports are appended to OUT_DIR/reports.ndjson exactly as delivered: the
request body of `/notify`, the `upload_file` part of Backtrace's multipart
`/post` (or the whole body when not multipart), gunzipped or inflated first
if the SDK compressed it (the label then says `content_encoding`).
"""

import base64
import email.parser
import email.policy
import gzip
import json
import os
import subprocess
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
PLAN, OUT = sys.argv[1], sys.argv[2]
REPORTS = os.path.join(OUT, "reports.ndjson")
LABELS = os.path.join(OUT, "labels.jsonl")


def die(message):
    print(f"run.py: {message}", file=sys.stderr)
    sys.exit(1)


def decoded(record):
    body = base64.b64decode(record["body"])
    encoding = (record.get("content_encoding") or "").lower()
    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "deflate":
        body = zlib.decompress(body)
    elif encoding not in ("", "identity"):
        die(f"request {record['seq']}: unknown Content-Encoding {encoding!r}")
    return body, encoding or None


def report_body(record):
    """The report a delivery carries, as bytes."""
    body, encoding = decoded(record)
    content_type = dict((k.lower(), v) for k, v in record["headers"]).get("content-type", "")
    if record["path"] == "/post" and content_type.startswith("multipart/"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        parts = [
            p
            for p in message.iter_parts()
            if p.get_param("name", header="content-disposition") == "upload_file"
        ]
        if len(parts) != 1:
            die(f"request {record['seq']}: {len(parts)} upload_file parts")
        body = parts[0].get_payload(decode=True)
    if b"\n" in body.rstrip(b"\n"):
        die(f"request {record['seq']}: the report is not one line")
    body = body.rstrip(b"\n")
    try:
        json.loads(body)
    except ValueError as e:
        die(f"request {record['seq']}: the report is not JSON: {e}")
    return body, encoding


def main():
    log = os.path.join(OUT, "capture.log")
    port_file = os.path.join(OUT, "capture.port")
    for f in (log, port_file):
        if os.path.exists(f):
            os.remove(f)
    open(log, "w").close()
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "capture.py"), log, port_file])
    try:
        deadline = time.time() + 10
        while not os.path.exists(port_file):
            if time.time() > deadline or server.poll() is not None:
                die("the capture server did not start")
            time.sleep(0.02)
        with open(port_file) as f:
            endpoint = "http://127.0.0.1:" + f.read().strip()
        run_plan(endpoint, log)
    finally:
        server.terminate()
        server.wait()
        for f in (log, port_file):
            if os.path.exists(f):
                os.remove(f)


def run_plan(endpoint, log):
    with open(REPORTS, "a+b") as f:
        f.seek(0)
        line = sum(1 for _ in f)
    seen = 0
    sessions = 0
    with open(PLAN, encoding="utf-8") as plan:
        entries = [json.loads(l) for l in plan if l.strip()]
    for entry in entries:
        env = dict(entry["env"], CP_ENDPOINT=endpoint)
        what = " ".join(entry["argv"][1:])
        done = subprocess.run(entry["argv"], cwd=entry["cwd"], env=env, capture_output=True, timeout=60)
        stderr = done.stderr.decode(errors="replace")
        # 64: a usage error; 65: the route returned without failing.
        if done.returncode in (64, 65):
            die(f"{what}: did not fail (exit {done.returncode}): {stderr[-500:]}")
        if entry["mode"] == "handled" and done.returncode != 1:
            die(f"{what}: handled run exited {done.returncode}: {stderr[-500:]}")
        if entry.get("flush"):
            flushed = subprocess.run(entry["flush"], cwd=entry["cwd"], env=env, capture_output=True, timeout=60)
            if flushed.returncode != 0:
                die(f"{what}: flush exited {flushed.returncode}: {flushed.stderr.decode(errors='replace')[-500:]}")
        with open(log, encoding="utf-8") as f:
            records = [json.loads(l) for l in f][seen:]
        seen += len(records)
        reports = []
        for r in records:
            if r["path"] in ("/notify", "/post"):
                reports.append(r)
            elif r["path"] == "/sessions":
                sessions += 1
            else:
                die(f"{what}: unexpected request {r['method']} {r['path']}")
        if len(reports) != 1:
            die(f"{what}: {len(reports)} reports delivered, expected 1")
        body, encoding = report_body(reports[0])
        line += 1
        label = {"line": line, **entry["label"]}
        if encoding:
            label["content_encoding"] = encoding
        with open(REPORTS, "ab") as f:
            f.write(body + b"\n")
        with open(LABELS, "a", encoding="utf-8") as f:
            f.write(json.dumps(label) + "\n")
    # Nothing may arrive after the last run was collected.
    time.sleep(0.3)
    with open(log, encoding="utf-8") as f:
        late = sum(1 for _ in f) - seen
    if late:
        die(f"{late} deliveries arrived after their run")
    print(f"run.py: {len(entries)} reports ({sessions} session payloads left out)", file=sys.stderr)


main()
