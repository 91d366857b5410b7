#!/usr/bin/env python3
"""B-cubed F1 per failure class of issue 14, per corpus part, per strategy.

The class of each bug is read from the program tables of
testdata/grouping/README.md and testdata/grouping-sdk/README.md; the
fingerprints come from `crashprint process --strategy S` on each corpus
(with its symbol directory). A class's score is over the reports of its
bugs only.

    python3 testdata/grouping/by_class.py [--crashprint PATH] [--strategy S]...
"""
import argparse
import collections
import json
import pathlib
import re
import subprocess

root = pathlib.Path(__file__).resolve().parents[2]
CLASSES = {1: "anonymous frames", 2: "minified error classes", 3: "optimizer inlining",
           4: "throw helpers / runtime frames", 5: "raise-from chains (SDKs)"}


def classes_of(text):
    """{class number} for a class cell, in either README's wording."""
    t = text.lower()
    found = set(int(c) for c in re.findall(r"\b([1-4])\b", t))
    words = {1: ("anonymous", "nested"), 2: ("minified",), 3: ("inlin",),
             4: ("throw helper", "runtime", "library", "assert helper"), 5: ("raise",)}
    for number, keys in words.items():
        if any(k in t for k in keys):
            found.add(number)
    return found


def bug_classes(readme, platform_of, bug_column, class_column):
    """{label: {class}} from a README's program tables."""
    out = {}
    program = None
    for line in readme.read_text().splitlines():
        if not line.startswith("| ") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) <= max(bug_column, class_column) or cells[0].startswith("program"):
            continue
        if cells[0]:
            m = re.match(r"`([^`]+)`", cells[0])
            if not m:
                continue
            program = m.group(1)
        if program is None:
            continue
        for bug in re.findall(r"`([^`]+)`", cells[bug_column]):
            for label in platform_of(program, bug):
                out[label] = classes_of(cells[class_column])
    return out


def grouping_labels(program, bug):
    # Only the programs added with a class column (`js-booking`, …).
    if not re.fullmatch(r"(js|c|java|rust)-\w+", program):
        return []
    platform, name = program.split("-", 1)
    return [f"{platform}:{name}/{bug}"]


def sdk_labels(program, bug):
    if not re.fullmatch(r"(node|python)/\w+", program):
        return []
    platform, name = program.split("/", 1)
    return [f"{'javascript' if platform == 'node' else 'python'}:{name}:{bug}"]


def b_cubed(pairs):
    """pairs: [(predicted, truth)]."""
    by_p = collections.Counter(p for p, _ in pairs)
    by_t = collections.Counter(t for _, t in pairs)
    both = collections.Counter(pairs)
    if not pairs:
        return float("nan")
    precision = sum(both[(p, t)] / by_p[p] for p, t in pairs) / len(pairs)
    recall = sum(both[(p, t)] / by_t[t] for p, t in pairs) / len(pairs)
    return 2 * precision * recall / (precision + recall)


def fingerprints(binary, strategy, reports, symbols):
    out = subprocess.run([binary, "process", "--strategy", strategy, "--symbols", symbols, reports],
                         capture_output=True, text=True, cwd=root).stdout
    return {r["line"]: r.get("fingerprint") for r in map(json.loads, out.splitlines()) if r.get("index") == 0}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--crashprint", default=str(root / "target/release/crashprint"))
    ap.add_argument("--strategy", action="append")
    args = ap.parse_args()
    strategies = args.strategy or ["crashprint:2026-12", "crashprint:2027-01"]
    corpora = [
        ("own handlers", "testdata/grouping", grouping_labels, 1, 3),
        ("real SDKs", "testdata/grouping-sdk", sdk_labels, 1, 2),
    ]
    print(f"{'corpus':<13} {'class':<32} {'split':<8} {'reports':>7}  " +
          "  ".join(f"{s:>19}" for s in strategies))
    for name, folder, labeller, bug_col, class_col in corpora:
        classes = bug_classes(root / folder / "README.md", labeller, bug_col, class_col)
        labels = [json.loads(l) for l in (root / folder / "out/labels.jsonl").read_text().splitlines()]
        fps = {s: fingerprints(args.crashprint, s, f"{folder}/out/reports.ndjson", f"{folder}/out/symbols")
               for s in strategies}
        for number, title in CLASSES.items():
            for split in ("tune", "heldout"):
                rows = [l for l in labels if l.get("split") == split and number in classes.get(l["bug"], ())]
                if not rows:
                    continue
                scores = [b_cubed([(fps[s][l["line"]], l["bug"]) for l in rows]) for s in strategies]
                print(f"{name:<13} {f'({number}) {title}':<32} {split:<8} {len(rows):>7}  " +
                      "  ".join(f"{x:>19.3f}" for x in scores))


if __name__ == "__main__":
    main()
