#!/usr/bin/env python3
"""Per-function cyclomatic agreement between quarterdeck and lizard, per language.

Usage:
  scripts/lizard_agreement.py [options] PATH [PATH ...]

Each PATH is a checkout (or any directory: the Python standard library, the cargo registry's
sources under ~/.cargo/registry/src/*) or a quarterdeck snapshot.json. A directory is audited
with `quarterdeck audit --offline --format json` (the binary: --quarterdeck, else target/debug
or target/release of this checkout, else `quarterdeck` on PATH); lizard (pip install lizard)
then reads a deterministic sample of its files (--max-files per language), functions are
matched by file and start line, and every difference is given a cause read from the function's
own text (see CAUSES; the README's "Agreement with lizard" notes say which side each cause is
on). Prints, per language: functions on each side, matched, identical CCN, the share, and the
differences by cause with examples; --list prints every difference.

Options:
  --quarterdeck BIN   the quarterdeck binary to measure with
  --lang LANG         only this language (repeatable); default: every language found
  --max-files N       at most N files per language are read by lizard (default 400)
  --jobs N            lizard worker processes and quarterdeck threads (default 2)
  --exclude GLOB      passed to quarterdeck audit (repeatable), e.g. site-packages
  --list              print every difference, not only examples
  --json FILE         also write the per-language figures and differences as JSON
"""
import argparse
import collections
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import lizard
except ImportError:  # a clear message rather than a traceback
    sys.exit("lizard is not installed: pip install lizard")

HERE = os.path.dirname(os.path.abspath(__file__))


def find_binary(given):
    if given:
        return given
    for profile in ("release", "debug"):
        p = os.path.join(HERE, "..", "target", profile, "quarterdeck")
        if os.path.exists(p):
            return os.path.abspath(p)
    found = shutil.which("quarterdeck")
    if not found:
        sys.exit("no quarterdeck binary: build it (cargo build) or pass --quarterdeck")
    return found


def snapshot_of(path, binary, jobs, excludes=()):
    """The snapshot of a directory (audited into a temporary folder) or a snapshot file."""
    if os.path.isfile(path):
        with open(path) as fh:
            return json.load(fh)
    out = tempfile.mkdtemp(prefix="qd-lizard-")
    cmd = [binary, "audit", path, "--out", out, "--offline", "--format", "json", "-j", str(jobs)]
    for glob in excludes:
        cmd += ["--exclude", glob]
    run = subprocess.run(cmd, capture_output=True, text=True)
    snap = os.path.join(out, "snapshot.json")
    if not os.path.exists(snap):
        sys.exit(f"quarterdeck audit failed on {path} (exit {run.returncode}):\n{run.stderr[-2000:]}")
    with open(snap) as fh:
        data = json.load(fh)
    shutil.rmtree(out, ignore_errors=True)
    return data


def lizard_functions(path):
    try:
        info = lizard.analyze_file(path)
    except Exception as exc:  # lizard itself fails on a few odd files
        return path, None, str(exc)
    return path, [(f.start_line, f.end_line, f.cyclomatic_complexity, f.name) for f in info.function_list], None


# (languages, pattern, cause, side): the first that matches the function's text, with the sign
# of (lizard - quarterdeck) it explains ("+" lizard higher, "-" lizard lower, "" either), names
# the cause. Sides: "definition" (a documented choice, README Metrics notes), "lizard" (a lizard
# bug: its count is wrong by its own definition), "quarterdeck" (ours is wrong), "unit" (the two
# draw the function's bounds differently).
CAUSES = [
    (("python",), r"^\s*finally\s*:", "+", "finally counted by lizard", "definition"),
    (("python",), r"\blambda\b", "+", "lambda decisions folded by lizard", "definition"),
    (("python",), r"\bf['\"].*\{[^}]*\b(if|and|or|for)\b", "-", "f-string fields (lizard does not read them)", "lizard"),
    (("python",), r"^\s*case\b", "", "match/case", "definition"),
    (("python",), r"^\s*(async\s+)?def\b[^\n]*\)[^\n]*:[ \t]*[^\s#][^\n]*$", "", "one-line nested def: lizard keeps it open over the next statements", "lizard"),
    (("python",), r"^\s*(async\s+)?def\b", "", "nested function", "unit"),
    (("python",), r"\b(if|for|while|and|or|else)\b[^\n]*$", "", "other", "unknown"),
    (("c", "cpp", "csharp"), r"^\s*#\s*(if|elif)\b.*(&&|\|\|)", "+", "&&/|| in #if counted by lizard", "lizard"),
    (("c", "cpp", "csharp"), r"^\s*#\s*(if|ifdef|ifndef|else|elif)\b", "+", "#if/#ifdef counted by lizard (a compile-time branch)", "definition"),
    (("cpp",), r"\[[^\]\n]*\]\s*(\([^)]*\))?\s*(mutable\s*)?(->[^{]*)?\{", "+", "lambda decisions folded by lizard", "definition"),
    (("csharp",), r"\bforeach\b", "-", "foreach not counted by lizard", "lizard"),
    (("csharp",), r"=>", "+", "lambda decisions folded by lizard", "definition"),
    (("csharp",), r"\?\.|\?\[|\?\?", "", "null-conditional ?. / ?? (lizard counts the ? token)", "definition"),
    (("java",), r"->", "+", "lambda decisions folded by lizard", "definition"),
    (("javascript", "typescript", "tsx"), r"\$\{[^}\n]*(\?|&&|\|\|)", "", "decisions inside template-literal ${…} (lizard does not read them, or gives them to the wrong function)", "lizard"),
    (("javascript", "typescript", "tsx"), r"\?\?=|\|\|=|&&=", "+", "logical assignment ??= ||= &&= (counted by quarterdeck from metrics definition 2)", "quarterdeck"),
    (("go",), r"\bfunc\s*\(", "+", "function literal decisions folded by lizard", "definition"),
    (("go",), r"\bselect\b|\bcase\b", "", "switch/select case", "definition"),
    (("rust",), r"\?\s*Sized\b", "+", "`?Sized` bound counted by lizard", "lizard"),
    (("rust",), r"\w!\s*[\(\[\{][^\n]*\b(if|match|for|while|&&|\|\|)", "+", "keywords inside macro token trees counted by lizard", "definition"),
    (("rust",), r"\|[^|\n]*\|\s*(\{|[^|]*$)", "+", "closure decisions folded by lizard", "definition"),
    (("rust",), r"\?;|\?\)|\?\.", "+", "? operator counted by lizard", "definition"),
    (("rust",), r"=>", "", "match arms (lizard counts `case`-like arms differently)", "definition"),
    (("rust",), r"\bloop\b", "", "loop", "definition"),
    (("ruby",), r"\bunless\b|\buntil\b", "-", "unless/until not counted by lizard", "lizard"),
    (("ruby",), r"\bensure\b", "+", "ensure counted by lizard", "definition"),
    (("ruby",), r"\bdo\b|\{\s*\|", "", "blocks", "unit"),
    (("kotlin",), r"\bwhen\b", "", "when arms (lizard counts arms minus one)", "definition"),
    (("kotlin",), r"\{[^}\n]*->|\.\w+\s*\{", "", "lambdas", "unit"),
    (("php",), r"\bfunction\s*\(|\bfn\s*\(", "+", "closure decisions folded by lizard", "definition"),
    (("php",), r"\bxor\b|\belseif\b|\?\?", "", "xor / elseif / ??", "definition"),
]
COMPILED = [(langs, re.compile(p, re.M), sign, cause, side) for langs, p, sign, cause, side in CAUSES]


def classify(language, body, ours, theirs):
    delta = theirs - ours
    for langs, rx, sign, cause, side in COMPILED:
        if language not in langs:
            continue
        if sign == "+" and delta <= 0 or sign == "-" and delta >= 0:
            continue
        if language == "python" and cause.startswith("finally"):
            if delta != len(rx.findall(body)):
                continue
        if rx.search(body):
            return cause, side
    return "other", "unknown"


def sample(paths, n):
    """At most n paths, chosen by a hash of the path: the same files are chosen from two
    snapshots of one tree even when one of them holds a few files more."""
    return sorted(paths, key=lambda p: hashlib.sha1(p.encode()).hexdigest())[:n]


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--quarterdeck")
    ap.add_argument("--lang", action="append")
    ap.add_argument("--max-files", type=int, default=400)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--exclude", action="append", default=[])
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    binary = find_binary(args.quarterdeck)
    results = {}
    for root_arg in args.paths:
        snap = snapshot_of(root_arg, binary, args.jobs, args.exclude)
        root = snap["scan"]["root"]
        by_lang = collections.defaultdict(list)
        for f in snap["files"]:
            if args.lang and f["language"] not in args.lang:
                continue
            by_lang[f["language"]].append(f)
        for language, files in sorted(by_lang.items()):
            chosen = {f["path"]: f for f in files}
            picked = sample(chosen, args.max_files)
            with multiprocessing.Pool(args.jobs) as pool:
                got = pool.map(lizard_functions, [os.path.join(root, p) for p in picked], chunksize=4)
            r = results.setdefault(language, {
                "files": 0, "lizard_failed": 0, "ours": 0, "theirs": 0, "matched": 0,
                "identical": 0, "causes": collections.Counter(), "sides": collections.Counter(),
                "examples": collections.defaultdict(list), "differences": [],
            })
            for path, funcs, err in got:
                rel = os.path.relpath(path, root)
                r["files"] += 1
                mine_all = chosen[rel]["functions"]
                r["ours"] += len(mine_all)
                if funcs is None:
                    r["lizard_failed"] += 1
                    continue
                at = collections.defaultdict(list)
                for fn in mine_all:
                    at[fn["start_line"]].append(fn)
                src = None
                for start, end, ccn, name in funcs:
                    r["theirs"] += 1
                    cands = at.get(start)
                    if not cands:
                        continue
                    # Several of ours can start on one line (a lambda on a def line): the outermost.
                    mine = max(cands, key=lambda fn: fn["end_line"] - fn["start_line"])
                    r["matched"] += 1
                    if mine["cyclomatic"] == ccn:
                        r["identical"] += 1
                        continue
                    if src is None:
                        with open(path, encoding="utf-8", errors="replace") as fh:
                            src = fh.read().splitlines()
                    body = "\n".join(src[start - 1:max(end, mine["end_line"])])
                    cause, side = classify(language, body, mine["cyclomatic"], ccn)
                    r["causes"][cause] += 1
                    r["sides"][side] += 1
                    line = f"{rel}:{start} {mine['qualified_name']} quarterdeck={mine['cyclomatic']} lizard={ccn} [{cause}]"
                    r["differences"].append(line)
                    if len(r["examples"][cause]) < 3:
                        r["examples"][cause].append(line)
    print(f"{'language':<12}{'files':>7}{'ours':>8}{'lizard':>8}{'matched':>9}{'same CCN':>10}{'share':>9}")
    for language, r in sorted(results.items()):
        share = 100.0 * r["identical"] / r["matched"] if r["matched"] else 0.0
        r["share"] = round(share, 2)
        print(f"{language:<12}{r['files']:>7}{r['ours']:>8}{r['theirs']:>8}{r['matched']:>9}{r['identical']:>10}{share:>8.2f}%")
    for language, r in sorted(results.items()):
        if not r["causes"]:
            continue
        print(f"\n{language}: differences by cause (side: {dict(r['sides'])})")
        for cause, n in r["causes"].most_common():
            print(f"  {n:6d}  {cause}")
            for e in r["examples"][cause]:
                print(f"            e.g. {e}")
        if args.list:
            for d in r["differences"]:
                print(f"    {d}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({l: {k: (dict(v) if isinstance(v, collections.Counter) else v)
                           for k, v in r.items() if k != "examples"}
                       for l, r in results.items()}, fh, indent=1)


if __name__ == "__main__":
    main()
