#!/usr/bin/env python3
"""Per-function cyclomatic agreement between quarterdeck and lizard.

Usage: scripts/lizard_agreement.py SNAPSHOT.json [LANGUAGE]

Reads a quarterdeck snapshot, runs lizard (pip install lizard) on every measured file of the
language (default python), matches functions by file and start line, and prints the share of
matched functions whose CCN is identical, with the top causes of difference.
"""
import collections
import json
import multiprocessing
import os
import re
import sys

import lizard


def lizard_functions(path):
    try:
        info = lizard.analyze_file(path)
    except Exception as exc:  # lizard itself fails on a few odd files
        return path, None, str(exc)
    return path, [(f.start_line, f.cyclomatic_complexity, f.name) for f in info.function_list], None


def cause(src_lines, start, end, ours, theirs):
    """Best guess at why two counts differ, from the function's own text."""
    body = "\n".join(src_lines[start - 1:end])
    delta = theirs - ours
    finally_count = len(re.findall(r"^\s*finally\s*:", body, re.M))
    if finally_count and delta == finally_count:
        return "finally (lizard counts it; McCabe and quarterdeck do not)"
    if re.search(r"\blambda\b", body) and delta < 0:
        return "lambda (quarterdeck measures lambdas as their own functions)"
    if re.search(r"\blambda\b", body):
        return "lambda in the span"
    if re.search(r"^\s*case\b", body, re.M):
        return "match/case"
    if re.search(r"^\s*(async\s+)?def\b", body[body.find("\n") + 1:], re.M):
        return "nested function"
    if '"""' in body or "'''" in body:
        return "keywords inside strings/docstrings (lizard's tokenizer)"
    return "other"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    snapshot = json.load(open(sys.argv[1]))
    language = sys.argv[2] if len(sys.argv) > 2 else "python"
    root = snapshot["scan"]["root"]
    files = [f for f in snapshot["files"] if f["language"] == language]
    ours = {}
    for f in files:
        for fn in f["functions"]:
            ours.setdefault((f["path"], fn["start_line"]), []).append(fn)
    paths = [os.path.join(root, f["path"]) for f in files]
    with multiprocessing.Pool(os.cpu_count()) as pool:
        results = pool.map(lizard_functions, paths, chunksize=8)
    matched = identical = lizard_total = lizard_failed = 0
    causes = collections.Counter()
    examples = collections.defaultdict(list)
    for path, funcs, err in results:
        rel = os.path.relpath(path, root)
        if funcs is None:
            lizard_failed += 1
            continue
        src = None
        for start, ccn, name in funcs:
            lizard_total += 1
            candidates = ours.get((rel, start))
            if not candidates:
                continue
            # Several of ours can start on one line (a lambda on a def line): take the outermost.
            mine = max(candidates, key=lambda fn: fn["end_line"] - fn["start_line"])
            matched += 1
            if mine["cyclomatic"] == ccn:
                identical += 1
                continue
            if src is None:
                src = open(path, encoding="utf-8", errors="replace").read().splitlines()
            c = cause(src, start, mine["end_line"], mine["cyclomatic"], ccn)
            causes[c] += 1
            if len(examples[c]) < 3:
                examples[c].append(f"{rel}:{start} {name} quarterdeck={mine['cyclomatic']} lizard={ccn}")
    ours_total = sum(len(f["functions"]) for f in files)
    print(f"language: {language}  files: {len(files)}  lizard failed on: {lizard_failed}")
    print(f"functions: quarterdeck {ours_total}, lizard {lizard_total}, matched by file+start line {matched}")
    share = 100.0 * identical / matched if matched else 0.0
    print(f"identical CCN: {identical}/{matched} = {share:.2f}%")
    print("differences by cause:")
    for c, n in causes.most_common():
        print(f"  {n:6d}  {c}")
        for e in examples[c]:
            print(f"          e.g. {e}")


if __name__ == "__main__":
    main()
