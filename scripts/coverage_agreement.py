#!/usr/bin/env python3
"""Per-function test verdicts: quarterdeck against coverage.py's own function regions.

Usage: scripts/coverage_agreement.py PROJECT_DIR PACKAGE QUARTERDECK [TEST ...]

In PROJECT_DIR (an unpacked sdist with its own tests, e.g. from `pip download --no-binary
:all: --no-deps NAME`), runs the given tests (default: all) under coverage.py with
`--source=PACKAGE`, writes its XML and JSON reports to PROJECT_DIR/cov/, audits PACKAGE with
the QUARTERDECK binary and the XML report, and prints: the functions coverage.py says ran,
those quarterdeck calls tested, both shares, and every function whose verdicts differ (matched
by file and start line). Needs coverage >= 7.5 (per-function JSON) and pytest in the Python
that runs this script.
"""
import json
import os
import subprocess
import sys


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    project, package, quarterdeck = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
    tests = sys.argv[4:]
    os.chdir(project)
    os.makedirs("cov", exist_ok=True)
    py = sys.executable
    subprocess.run([py, "-m", "coverage", "run", f"--source={package}", "--omit=*/tests/*",
                    "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    # A project's `fail_under` makes the report commands exit non-zero; the reports are written.
    for kind, name in (("xml", "coverage.xml"), ("json", "coverage.json")):
        subprocess.run([py, "-m", "coverage", kind, "-o", f"cov/{name}"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    out = "cov/quarterdeck"
    subprocess.run([quarterdeck, "audit", package, "--coverage", "cov/coverage.xml", "--out", out,
                    "--format", "json", "--offline", "--quiet"], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open("cov/coverage.json") as fh:
        cov = json.load(fh)
    with open(f"{out}/snapshot.json") as fh:
        snapshot = json.load(fh)

    ours = {}
    for f in snapshot["files"]:
        for g in f["functions"]:
            ours.setdefault((f["path"], g["start_line"]), []).append(g)
    ran = regions = with_lines = 0
    differ = []
    for path, data in cov["files"].items():
        rel = path[len(package) + 1:] if path.startswith(package + "/") else path
        for name, fn in data.get("functions", {}).items():
            if not name:
                continue  # the module's own region
            regions += 1
            executed = bool(fn["executed_lines"])
            ran += executed
            with_lines += bool(fn["executed_lines"] or fn["missing_lines"])
            candidates = ours.get((rel, fn["start_line"]), [])
            named = [g for g in candidates if not g["name"].startswith("<anonymous>")]
            g = (named or candidates or [None])[0]
            tests = (g or {}).get("tests") or {}
            tested = (tests.get("covered_lines") or 0) > 0
            if executed != tested:
                differ.append((rel, fn["start_line"], name, executed, tests))
    te = snapshot["test_evidence"]
    print(f"coverage.py: {ran} of {regions} functions ran ({with_lines} with a coverable line, "
          f"share {ran / max(with_lines, 1):.1%})")
    print(f"quarterdeck: {te['functions_tested']} tested; judged by coverage "
          f"{te['functions_with_coverage']}, by static references "
          f"{te['functions_with_static_evidence']}, not judged {te.get('functions_not_judged', '-')}; "
          f"functions_tested_share {snapshot['figures'].get('functions_tested_share')}")
    print(f"verdicts differ on {len(differ)} of {regions} coverage.py functions")
    for rel, line, name, executed, tests in differ:
        print(f"  {rel}:{line} {name}: coverage.py {'ran' if executed else 'not run'}, "
              f"quarterdeck {tests}")


if __name__ == "__main__":
    main()
