#!/usr/bin/env python3
"""Writes malformed/batch.ndjson: one malformed payload per line between
valid ones, so a test can check that each is rejected with an
OperationOutcome naming its path while the rest of the batch goes through.
Deterministic. Run from the repository root: python3 testdata/malformed/make.py
"""
import base64
import json
import pathlib

here = pathlib.Path(__file__).resolve().parent
good_bugsnag = (here.parent / "sdk-payloads" / "bugsnag-node.ndjson").read_bytes().splitlines()[0]
good_backtrace = json.loads((here.parent / "sdk-payloads" / "backtrace-node.ndjson").read_bytes().splitlines()[0])


def bt(**changes):
    d = json.loads(json.dumps(good_backtrace))
    for k, v in changes.items():
        if v is None:
            d.pop(k, None)
        else:
            d[k] = v
    return json.dumps(d, separators=(",", ":")).encode()


lines = [
    # 1: valid
    good_bugsnag,
    # 2: truncated JSON
    good_bugsnag[:700],
    # 3: wrong types: threads.main.stack[0].line is an object, lang a number
    bt(lang=7, threads={"main": {"name": "main", "fault": True, "stack": [{"funcName": "f", "line": {"n": 1}}]}}),
    # 4: missing required fields (uuid, agent, mainThread)
    bt(uuid=None, agent=None, mainThread=None),
    # 5: invalid UTF-8 inside a string
    b'{"subject": "broken \xff\xfe bytes", "url": "https://x.test/courses/1"}',
    # 6: a 600 KiB payload (over the 512 KiB limit)
    json.dumps({"subject": "big", "comments": "x" * (600 * 1024)}).encode(),
    # 7: 10,000-deep nesting
    b'{"subject": "deep", "http_env": ' + b"[" * 10000 + b"]" * 10000 + b"}",
    # 8: a client fingerprint of 31 bytes
    bt(fingerprint=base64.b64encode(bytes(range(31))).decode()),
    # 9: mainThread naming no thread
    bt(mainThread="worker-9"),
    # 10: an address that is not a number
    bt(threads={"main": {"fault": True, "stack": [{"address": "0xZZ"}]}}),
    # 11: valid
    bt(),
    # 12: a JSON array, not an object
    b"[1, 2, 3]",
    # 13: a Canvas report with a severity outside the five allowed values
    json.dumps({"subject": "File upload breaking", "user_perceived_severity": "urgent"}).encode(),
    # 14: valid
    json.dumps({"subject": "File upload breaking", "url": "https://canvas.instructure.com/courses/7"}).encode(),
]
(here / "batch.ndjson").write_bytes(b"\n".join(lines) + b"\n")
print(f"wrote {len(lines)} payloads to {here / 'batch.ndjson'}")
