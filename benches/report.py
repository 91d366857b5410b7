#!/usr/bin/env python3
"""Prints the medians of the last `cargo bench --bench process` run and the
ratio of crashprint's full processing to a bare serde_json::Value parse of
the same payload (both measured in the same run)."""
import json
import pathlib

base = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion" / "per-event"


def median(bench, payload):
    f = base / bench / payload / "new" / "estimates.json"
    return json.loads(f.read_text())["median"]["point_estimate"] / 1000.0


benches = ["serde_json__Value parse", "crashprint process", "parse+validate only", "fingerprint only"]
payloads = sorted(p.name for p in (base / "crashprint process").iterdir() if p.is_dir() and p.name != "report")
print(f"{'payload':<22}" + "".join(f"{b[:22]:>24}" for b in benches) + f"{'process / Value':>17}")
for p in payloads:
    m = [median(b, p) for b in benches]
    print(f"{p:<22}" + "".join(f"{v:>21.2f} µs" for v in m) + f"{m[1] / m[0]:>16.2f}x")
