#!/usr/bin/env python3
"""Extracts the sample payloads from the payload specs in ../shared/seeds/
into testdata/seeds/, verbatim (only the JSON bodies are cut out of the
surrounding curl command / markdown). Run from the repository root:

    python3 testdata/seeds/extract.py ../shared/seeds
"""
import json
import pathlib
import re
import sys

seeds = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
out = pathlib.Path(__file__).resolve().parent

spec = (seeds / "backtrace-submit-crash-api.md").read_text()
# The sample request: the body of `-d '...'` in the curl command.
request = re.search(r"-d '(\{.*?\})'\n```", spec, re.S).group(1)
json.loads(request)  # it must stay valid JSON
(out / "backtrace-sample-request.json").write_text(request + "\n")
# The sample response: the JSON block titled "Sample Response".
response = re.search(r'title="Sample Response"\n(\{.*?\n\})\n```', spec, re.S).group(1)
json.loads(response)
(out / "backtrace-sample-response.json").write_text(response + "\n")

canvas = (seeds / "canvas-error-reports-api.md").read_text()
block = re.search(r"```\n// A collection of information.*?\n(\{.*?\n\})\n```", canvas, re.S).group(1)
# The spec's example is annotated with // comments: drop them.
body = "\n".join(l for l in block.splitlines() if not l.strip().startswith("//"))
json.loads(body)
(out / "canvas-sample-report.json").write_text(body + "\n")
print("extracted 3 samples into", out)
