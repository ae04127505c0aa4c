#!/usr/bin/python3
"""Function lengths in core/, ui/ and app/: no function body longer than LIMIT lines.

The tree is clang-formatted (WebKit style, braces after functions on their own line), so a body
is a line holding only '{' after a signature, up to the '}' at the same indentation. Functions
that are still too long are listed in tests/structure/function_length.baseline with the length
they had: they may shrink, never grow, and nothing new may join them. The check fails (exit 1) on
a new long function or a listed one that grew, and says which; a listed one that shrank under the
limit is reported so the line can go.

  tests/structure/function_length.py [ROOT] [--list]
"""
import os
import re
import sys

LIMIT = 150
HERE = os.path.dirname(os.path.abspath(__file__))
NOT_A_FUNCTION = re.compile(r"^\s*(struct|class|union|enum|namespace)\b|[=,(\[]\s*$|^\s*(return|case)\b")


def functions(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)\{\s*$", line)
        if not m:
            continue
        k = i - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        if k < 0 or NOT_A_FUNCTION.search(lines[k]):
            continue
        # The signature: back to the line that opens it (constructor initializers and wrapped
        # parameters included).
        s = k
        while s > 0 and (lines[s].lstrip().startswith((":", ",")) or lines[s - 1].rstrip().endswith((",", "("))):
            s -= 1
        indent = m.group(1)
        end = next((j for j in range(i + 1, len(lines)) if re.match("^" + indent + r"\}\s*;?\s*$", lines[j])), None)
        if end is None:
            continue
        name = re.sub(r"\s+", " ", lines[s].strip())
        name = re.sub(r"\(.*", "", name)  # no parameters: the name stays stable
        out.append((name, end - i + 1, i + 1))
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = args[0] if args else os.path.join(HERE, "..", "..")
    found = {}
    for top in ("core", "ui", "app"):
        for d, _, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if f.endswith(".cpp") or f.endswith(".h"):
                    p = os.path.join(d, f)
                    rel = os.path.relpath(p, root)
                    for name, length, line in functions(p):
                        key = f"{rel} {name}"
                        found[key] = max(found.get(key, 0), length)
                        if "--list" in sys.argv and length > LIMIT:
                            print(f"{length:5} {rel}:{line} {name}")
    if "--list" in sys.argv:
        return 0
    baseline = {}
    with open(os.path.join(HERE, "function_length.baseline"), encoding="utf-8") as f:
        for row in f:
            if row.strip() and not row.startswith("#"):
                length, key = row.rstrip("\n").split("\t")
                baseline[key] = int(length)
    bad = 0
    for key, length in sorted(found.items()):
        if length <= LIMIT:
            if key in baseline:
                print(f"function length: {key} is {length} lines now: take it out of the baseline")
            continue
        allowed = baseline.get(key)
        if allowed is None:
            print(f"function length: {key} is {length} lines (at most {LIMIT})")
            bad = 1
        elif length > allowed:
            print(f"function length: {key} grew to {length} lines (baseline {allowed}; at most {LIMIT})")
            bad = 1
    long = sum(1 for k, n in found.items() if n > LIMIT)
    print(f"function length: {len(found)} functions read, {long} over {LIMIT} lines, all in the shrinking baseline" if not bad else
          f"function length: {len(found)} functions read, {long} over {LIMIT} lines")
    return bad


if __name__ == "__main__":
    sys.exit(main())
