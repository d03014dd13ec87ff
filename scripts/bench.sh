#!/usr/bin/env bash
# Performance figures (README "Performance"), measured on code every machine has: the Python
# standard library of this machine's python3 and the crates in the local cargo registry cache.
#
#   scripts/bench.sh [THREADS]            (default 2)
#
# Prints, per corpus: scan vs raw tree-sitter parse throughput (best of 3), peak RSS of a full
# audit next to the largest scanned file, and wall time of quarterdeck, `lizard -t N` and
# `rust-code-analysis-cli -j N` on the same tree. Needs: pip install lizard;
# cargo install --locked rust-code-analysis-cli (either may be absent: it is then skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}

cargo build --release --quiet --bin quarterdeck --example bench_scan
qd=target/release/quarterdeck
bench=target/release/examples/bench_scan

pystd=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
registry=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ 2>/dev/null | head -n 1)
rca=$(command -v rust-code-analysis-cli || true)
lizard=$(command -v lizard || true)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

wall() { # wall-clock seconds of a command, its output discarded
  python3 -c 'import subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(f"{time.monotonic() - t:.2f}")' "$@"
}

run_corpus() {
  local name=$1 root=$2
  shift 2
  local excludes=("$@")
  local qd_ex=() liz_ex=() rca_ex=()
  for e in "${excludes[@]}"; do qd_ex+=(--exclude "$e"); liz_ex+=(-x "*/$e/*"); rca_ex+=(-X "*/$e/*"); done
  echo "== $name: $root"
  "$bench" "$root" "$threads" "${qd_ex[@]}"
  /usr/bin/time -v "$qd" audit "$root" --out "$tmp/$name" -j "$threads" --quiet "${qd_ex[@]}" 2> "$tmp/time.txt"
  local rss largest
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tmp/time.txt")
  largest=$(python3 - "$tmp/$name/snapshot.json" <<'PY'
import json, os, sys
s = json.load(open(sys.argv[1]))
root = s["scan"]["root"]
print(max((os.path.getsize(os.path.join(root, f["path"])) for f in s["files"]), default=0) // 1024)
PY
)
  echo "peak RSS: $((rss / 1024)) MiB  (largest scanned file: ${largest} KiB, threads: $threads)"
  echo "wall time, same tree, $threads threads:"
  printf '  quarterdeck audit        %6.2f s\n' "$(wall "$qd" audit "$root" --out "$tmp/w" -j "$threads" --quiet "${qd_ex[@]}")"
  if [ -n "$lizard" ]; then
    printf '  lizard -t %s             %6.2f s\n' "$threads" "$(wall "$lizard" -t "$threads" "${liz_ex[@]}" "$root")"
  else
    echo "  lizard: not installed (pip install lizard)"
  fi
  if [ -n "$rca" ]; then
    mkdir -p "$tmp/rca-$name"
    printf '  rust-code-analysis-cli   %6.2f s\n' "$(wall "$rca" -m -p "$root" "${rca_ex[@]}" -j "$threads" -O json -o "$tmp/rca-$name")"
  else
    echo "  rust-code-analysis-cli: not installed (cargo install --locked rust-code-analysis-cli)"
  fi
}

run_corpus python-stdlib "$pystd" site-packages
if [ -n "$registry" ]; then
  run_corpus cargo-registry "$registry"
fi
