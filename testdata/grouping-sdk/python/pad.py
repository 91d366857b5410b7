#!/usr/bin/env python3
"""Makes the "padded" Python release: the same code with lines inserted,
as a later release that added comments, imports and helpers would, so that
every line number below an insertion moves.

    python3 pad.py SRC_DIR OUT_DIR

Before the N-th top-level `def` or `class` of each file it inserts N + 1
comment lines, so the shift grows
down the file and differs between functions.
"""

import pathlib
import sys

src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for path in sorted(src.glob("*.py")):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    padded, n = [], 0
    for line in lines:
        if line.startswith(("def ", "class ")):
            n += 1
            padded += [f"# release note {n}.{k}: reviewed\n" for k in range(n + 1)]
        padded.append(line)
    (out / path.name).write_text("".join(padded), encoding="utf-8")
