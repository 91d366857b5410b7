#!/usr/bin/env python3
"""Copies a source tree for one release, the way a later release differs
from an earlier one: blocks between `@since X.Y.Z` and `@end` marker lines
(any comment syntax: `// @since 1.1.0`) are kept only for releases >= X.Y.Z,
and every marker line is dropped. Code added in a later release therefore
moves the lines (and addresses, and minified columns) of everything after it.

    release_src.py SRC_DIR DST_DIR RELEASE
"""
import pathlib
import re
import sys

MARK = re.compile(r"^\s*(?://|#|/\*)\s*@(since|end)\b\s*([0-9.]*)")


def version(v):
    return tuple(int(x) for x in v.split("."))


def main(src, dst, release):
    src, dst = pathlib.Path(src), pathlib.Path(dst)
    want = version(release)
    for path in sorted(src.rglob("*")):
        if path.is_dir():
            continue
        out, keep = [], [True]
        for n, line in enumerate(path.read_text().splitlines(keepends=True), 1):
            m = MARK.match(line)
            if m and m.group(1) == "since":
                keep.append(keep[-1] and version(m.group(2)) <= want)
            elif m:
                if len(keep) == 1:
                    sys.exit(f"{path}:{n}: @end without @since")
                keep.pop()
            elif keep[-1]:
                out.append(line)
        if len(keep) != 1:
            sys.exit(f"{path}: @since without @end")
        target = dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(out))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
