#!/bin/sh
# Measures what type-checking and relguard's analyzers add to the cost of
# loading: runs `relguard lint` on PATTERNS (default: std) with no analyzer
# (the baseline: go list and the compiler's export data only, nothing is
# type-checked from source), with each analyzer and with both, RUNS times
# each (default 5), and prints the median wall time, its ratio to the
# baseline and the peak RSS.
#
# Usage: bench/lint-analyzers.sh [PATTERN...]    e.g. RUNS=9 bench/lint-analyzers.sh std
#
# Every run passes --no-cache, so that each one loads, type-checks and
# analyses (bench/lint.sh measures the cache).
#
# The configurations run round-robin (none, ambigtype, ..., none, ...) so
# that a change in machine load affects them all alike. Exit codes 0
# (clean) and 1 (diagnostics) of relguard are both fine; 2 (load error)
# aborts the benchmark.
set -eu

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
if [ $# -eq 0 ]; then
	set -- std
fi
configs="none ambigtype cookiesec ambigtype,cookiesec"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/relguard" ./cmd/relguard
go build -o "$tmp/measure" ./bench/measure

echo "relguard lint $* ($RUNS runs each, $(go version | cut -d' ' -f3), $(nproc 2>/dev/null || echo ?) CPUs)"

# Fill the build cache first (go list -export compiles what it has not
# compiled yet), so that no configuration is charged for it.
"$tmp/measure" -runs 1 -allow-exit 0,1 -- "$tmp/relguard" lint --no-cache --analyzers none "$@" >/dev/null

i=0
while [ "$i" -lt "$RUNS" ]; do
	for analyzers in $configs; do
		line=$("$tmp/measure" -runs 1 -allow-exit 0,1 -- "$tmp/relguard" lint --no-cache --analyzers "$analyzers" "$@")
		echo "$analyzers $line" >>"$tmp/results"
	done
	i=$((i + 1))
done

printf '%-20s %10s %8s %10s\n' analyzers median ratio maxrss
base=""
for analyzers in $configs; do
	median=$(grep "^$analyzers " "$tmp/results" | sed 's/.*median=\([0-9.]*\)s.*/\1/' | sort -n |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	rss=$(grep "^$analyzers " "$tmp/results" | sed 's/.*maxrss=\([0-9]*\)MB.*/\1/' | sort -n | tail -1)
	if [ -z "$base" ]; then
		base=$median
	fi
	ratio=$(awk -v m="$median" -v b="$base" 'BEGIN { printf "%.3f", m / b }')
	printf '%-20s %9ss %8s %8sMB\n' "$analyzers" "$median" "$ratio" "$rss"
done
