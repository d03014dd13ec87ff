#!/usr/bin/env bash
# Report figures (issue 7): audit the Python standard library of this machine's python3, then
# time `quarterdeck report` per output format and for all of them (best of RUNS), and print the
# size of every output. `report` reads the snapshot first: its time is printed on its own line
# (a `--format` that renders nothing heavy: metrics.prom).
#
#   scripts/bench_report.sh [RUNS]     (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cargo build --release --quiet --bin quarterdeck
qd=$PWD/target/release/quarterdeck
std=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

best() { # best wall time in seconds of RUNS runs of a command (output discarded)
  python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(runs):
    t = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    took = time.monotonic() - t
    best = took if best is None else min(best, took)
print(f"{best:.2f}")
PY
}

echo "== $std ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf 'audit, json only:              %6.2f s\n' "$(best "$qd" audit "$std" --exclude site-packages --out "$tmp/json" --format json --quiet)"
printf 'audit, every format:           %6.2f s\n' "$(best "$qd" audit "$std" --exclude site-packages --out "$tmp/all" --quiet)"
snap=$tmp/json/snapshot.json
python3 - "$snap" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"snapshot: {len(s['files'])} files, {s['totals']['summary']['functions']} functions, {len(s['findings'])} findings")
PY
printf 'report: read the snapshot (+ prom) %6.2f s\n' "$(best "$qd" report "$snap" --out "$tmp/r-read" --format prom)"
for f in html sarif md csv json; do
  printf 'report --format %-5s           %6.2f s\n' "$f" "$(best "$qd" report "$snap" --out "$tmp/r-$f" --format "$f")"
done
printf 'report, every format:          %6.2f s\n' "$(best "$qd" report "$snap" --out "$tmp/r-all")"
echo "sizes (audit, every format):"
for f in "$tmp"/all/*; do
  printf '  %-14s %10d bytes\n' "$(basename "$f")" "$(stat -c %s "$f")"
done
