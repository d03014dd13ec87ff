#!/usr/bin/env bash
# History figures (README "Performance"): `history::analyse` against the `git log` it reads, on
# a generated repository of 20,000 commits (+ merges) over more than 2,000 files.
#
#   scripts/bench_history.sh [REPO_DIR] [RUNS]
#
# REPO_DIR defaults to ${TMPDIR:-/tmp}/quarterdeck-history-bench and is generated once by
# scripts/gen_history_repo.py (1-2 minutes); RUNS (default 3) keeps the best of each timing.
# Prints the example's timings and ratios (wall and CPU, against plain `git log --numstat` and
# against the same-arguments `git log`), then peak RSS under /usr/bin/time -v: of the whole
# example (scan + analysis), and of each git log alone.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${1:-${TMPDIR:-/tmp}/quarterdeck-history-bench}
runs=${2:-3}
if [ ! -d "$repo/.git" ]; then
  python3 scripts/gen_history_repo.py "$repo"
fi
cargo build --release --quiet --example bench_history
bench=target/release/examples/bench_history
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== $repo: $(git -C "$repo" rev-list --count HEAD) commits, $(git -C "$repo" ls-files | wc -l) files at HEAD"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"$bench" "$repo" "$runs"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

rss() { # peak RSS in MiB of a command (stdout discarded)
  /usr/bin/time -v "$@" > /dev/null 2> "$tmp/time.txt"
  awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); printf "%.1f", $2 / 1024}' "$tmp/time.txt"
}
mapfile -t args < <("$bench" --print-args)
echo "peak RSS (/usr/bin/time -v):"
echo "  bench_history, 1 run (scan + analysis): $(rss "$bench" "$repo" 1) MiB"
echo "  git log --numstat:                      $(rss git -C "$repo" log --numstat) MiB"
echo "  git log, same arguments:                $(rss git -C "$repo" "${args[@]}") MiB"
