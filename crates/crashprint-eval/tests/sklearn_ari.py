#!/usr/bin/env python3
"""Regenerates tests/data/ari-sklearn.json, the fixture of tests/ari_sklearn.rs.

Random labelings (fixed seed) with scikit-learn's adjusted_rand_score, plus
pairwise and B-cubed precision/recall/F1, purity and inverse purity from the
deliberately naive pure-Python reference below (O(n^2) over pairs, per-item
B-cubed, exact fractions), which shares no code or formula shortcut with the
Rust contingency-table implementation.

The fixture is committed, so `cargo test` needs no Python. To regenerate
(scikit-learn from PyPI is a test-only tool, not a dependency of the crate):

    pip install scikit-learn
    python3 crates/crashprint-eval/tests/sklearn_ari.py

Writes crates/crashprint-eval/tests/data/ari-sklearn.json next to this script.
"""

import json
import platform
import random
from fractions import Fraction
from pathlib import Path

import numpy
import sklearn
from sklearn.metrics import adjusted_rand_score

SEED = 20261106
CASES = 50


def f1(p, r):
    return Fraction(0) if p + r == 0 else 2 * p * r / (p + r)


def reference(pred, true):
    """Naive definitions, straight from the papers."""
    n = len(pred)
    same_p = same_t = same_both = 0
    for i in range(n):
        for j in range(i + 1, n):
            sp = pred[i] == pred[j]
            st = true[i] == true[j]
            same_p += sp
            same_t += st
            same_both += sp and st
    pw_p = Fraction(same_both, same_p) if same_p else Fraction(1)
    pw_r = Fraction(same_both, same_t) if same_t else Fraction(1)

    # B-cubed: per item, over the items sharing its group / its bug (itself included).
    b_p = b_r = Fraction(0)
    for i in range(n):
        group = [j for j in range(n) if pred[j] == pred[i]]
        bug = [j for j in range(n) if true[j] == true[i]]
        both = [j for j in group if true[j] == true[i]]
        b_p += Fraction(len(both), len(group))
        b_r += Fraction(len(both), len(bug))
    if n:
        b_p /= n
        b_r /= n
    else:
        b_p = b_r = Fraction(1)

    def purity(a, b):
        if not n:
            return Fraction(1)
        total = 0
        for g in set(a):
            members = [b[j] for j in range(n) if a[j] == g]
            total += max(members.count(x) for x in set(members))
        return Fraction(total, n)

    return {
        "pairwise": [float(pw_p), float(pw_r), float(f1(pw_p, pw_r))],
        "bcubed": [float(b_p), float(b_r), float(f1(b_p, b_r))],
        "purity": float(purity(pred, true)),
        "inversePurity": float(purity(true, pred)),
    }


def case(name, pred, true):
    out = {
        "name": name,
        "predicted": pred,
        "truth": true,
        # sklearn's argument order is (labels_true, labels_pred); the ARI is symmetric anyway.
        "ari": float(adjusted_rand_score(true, pred)),
    }
    out.update(reference(pred, true))
    return out


def main():
    rng = random.Random(SEED)
    cases = []
    # Edge cases first: the special cases of adjusted_rand_score.
    cases.append(case("empty", [], []))
    cases.append(case("one item", ["g"], ["a"]))
    cases.append(case("all-in-one both", ["g"] * 7, ["a"] * 7))
    cases.append(case("singletons both", [f"g{i}" for i in range(7)], [f"a{i}" for i in range(7)]))
    cases.append(case("all-in-one vs singletons", ["g"] * 7, [f"a{i}" for i in range(7)]))
    cases.append(case("singletons vs all-in-one", [f"g{i}" for i in range(7)], ["a"] * 7))
    cases.append(
        case(
            "hand mixed",
            ["g1", "g1", "g1", "g2", "g2", "g3", "g3", "g3", "g2"],
            ["A", "A", "B", "B", "B", "C", "C", "A", "B"],
        )
    )
    while len(cases) < CASES:
        k = len(cases)
        n = rng.choice([2, 3, 5, 10, 30, 80, 150])
        bugs = rng.randint(1, max(1, n // rng.choice([1, 2, 5, 10])))
        truth = [rng.randrange(bugs) for _ in range(n)]
        style = k % 4
        if style == 0:
            # independent random grouping
            groups = rng.randint(1, n)
            pred = [rng.randrange(groups) for _ in range(n)]
        elif style == 1:
            # noisy copy of the truth: some items moved to random groups
            pred = [t if rng.random() < 0.8 else bugs + rng.randrange(3) for t in truth]
        elif style == 2:
            # under-grouping: each bug split by a "release"
            pred = [t * 3 + rng.randrange(3) for t in truth]
        else:
            # over-grouping: bugs merged pairwise
            pred = [t // 2 for t in truth]
        cases.append(
            case(
                f"random {k} ({['independent', 'noisy', 'split', 'merged'][style]}, n={n})",
                [f"fp:{p}" for p in pred],
                [f"bug-{t}" for t in truth],
            )
        )

    fixture = {
        "generator": "crates/crashprint-eval/tests/sklearn_ari.py",
        "seed": SEED,
        "sklearn": sklearn.__version__,
        "numpy": numpy.__version__,
        "python": platform.python_version(),
        "cases": cases,
    }
    path = Path(__file__).resolve().parent / "data" / "ari-sklearn.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    # One case per line: small diffs when a case changes.
    head = json.dumps({k: v for k, v in fixture.items() if k != "cases"}, ensure_ascii=False)
    body = ",\n".join(json.dumps(c, ensure_ascii=False) for c in cases)
    path.write_text(head[:-1] + ', "cases": [\n' + body + "\n]}\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
