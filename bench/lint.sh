#!/bin/sh
# Compares `relguard lint ./...` with `go vet ./...` on real modules, the
# way users run them over and over: nothing changed since the last run
# (warm), one file edited since the last run, and with relguard's result
# cache empty (cold; the build cache stays warm, as for go vet).
#
# Usage: bench/lint.sh [DIR[:FILE]...]
#
# Each DIR is a Go module (default: relguard itself, "."); FILE, relative
# to DIR, is the file the "one file edited" runs change (default: the
# largest non-test .go file of the module's root package, else of the
# module). The module is copied to a temporary directory first, so the
# edits never touch DIR. RUNS (default 5) rounds are measured; each round
# runs every configuration once, in turn, so that a change in machine load
# affects them all alike, and the medians are compared:
#
#   warm   relguard lint / go vet, nothing changed since the last run of each
#   edit   relguard lint / go vet, each run after its own fresh edit of FILE
#   cold   relguard lint with an empty result cache / go vet warm
#
# BASELINE=/path/to/an/older/relguard adds a run of it (after one that
# builds whatever it needs), to compare with an earlier release: for a
# relguard without a result cache that is what every run costs. Targets:
# warm <= 1.0, edit <= 1.2, cold no slower than the baseline.
set -eu

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd -P)
RUNS=${RUNS:-5}
if [ $# -eq 0 ]; then
	set -- "$root"
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/relguard-bench-lint.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
(cd "$root" && go build -o "$tmp/relguard" ./cmd/relguard && go build -o "$tmp/measure" ./bench/measure)

echo "relguard lint ./... vs go vet ./... ($RUNS rounds, $(go version | cut -d' ' -f3), $(nproc 2>/dev/null || echo ?) CPUs)"

# seconds COMMAND...: wall time of one run, in seconds.
seconds() {
	"$tmp/measure" -runs 1 -allow-exit 0,1 -- "$@" | sed 's/.*median=\([0-9.]*\)s.*/\1/'
}

# median FILE: median of the numbers in FILE, one per line.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

printf '%-24s %5s | %7s %7s %5s | %7s %7s %5s | %7s %5s' module pkgs \
	"vet" "lint" "warm" "vet" "lint" "edit" "cold" "cold"
[ -n "${BASELINE:-}" ] && printf ' | %8s %5s %9s' baseline ratio cold/base
printf '\n'

for arg in "$@"; do
	src=${arg%%:*}
	file=""
	case "$arg" in *:*) file=${arg#*:} ;; esac
	src=$(CDPATH='' cd -- "$src" && pwd -P)
	name=$(basename "$src")
	[ "$src" = "$root" ] && name=relguard
	work="$tmp/bench-$name"
	mkdir -p "$work/mod" "$work/res"
	# A copy without .git: the edits below stay in it.
	if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		(cd "$src" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - 2>/dev/null) | tar -xf - -C "$work/mod"
	else
		cp -R "$src/." "$work/mod"
	fi
	cd "$work/mod"
	if [ -z "$file" ]; then
		file=$(ls -S *.go 2>/dev/null | grep -v '_test\.go$' | head -1 || true)
		[ -z "$file" ] && file=$(git -C "$src" ls-files '*.go' | grep -v '_test\.go$' | grep -v '/testdata/' | head -1)
	fi
	cp "$file" "$work/edited.orig"
	pkgs=$(go list ./... 2>/dev/null | wc -l | tr -d ' ')
	export RELGUARD_CACHE="$work/cache"
	# Fill the build cache, go vet's results and relguard's cache.
	go vet ./... >/dev/null 2>&1 || true
	"$tmp/relguard" lint ./... >/dev/null 2>&1 || true
	[ -n "${BASELINE:-}" ] && { "$BASELINE" lint ./... >/dev/null 2>&1 || true; }

	edit=0
	bump() { # a fresh edit of FILE: a new function at its end
		edit=$((edit + 1))
		cp "$work/edited.orig" "$file"
		printf '\nfunc relguardBenchEdit%d() int { return %d }\n' "$edit" "$edit" >>"$file"
	}
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		bump
		seconds go vet ./... >>"$work/res/vet-edit"
		bump
		seconds "$tmp/relguard" lint ./... >>"$work/res/lint-edit"
		go vet ./... >/dev/null 2>&1 || true # settle go vet on the last edit
		seconds go vet ./... >>"$work/res/vet-warm"
		seconds "$tmp/relguard" lint ./... >>"$work/res/lint-warm"
		RELGUARD_CACHE="$work/cold-$i" seconds "$tmp/relguard" lint ./... >>"$work/res/lint-cold"
		if [ -n "${BASELINE:-}" ]; then
			"$BASELINE" lint ./... >/dev/null 2>&1 || true # it may build what the last edit changed
			seconds "$BASELINE" lint ./... >>"$work/res/baseline"
		fi
		i=$((i + 1))
	done
	cp "$work/edited.orig" "$file"

	vw=$(median "$work/res/vet-warm")
	lw=$(median "$work/res/lint-warm")
	ve=$(median "$work/res/vet-edit")
	le=$(median "$work/res/lint-edit")
	lc=$(median "$work/res/lint-cold")
	printf '%-24s %5s | %6ss %6ss %5s | %6ss %6ss %5s | %6ss %5s' "$name" "$pkgs" \
		"$vw" "$lw" "$(ratio "$lw" "$vw")" "$ve" "$le" "$(ratio "$le" "$ve")" "$lc" "$(ratio "$lc" "$vw")"
	if [ -n "${BASELINE:-}" ]; then
		b=$(median "$work/res/baseline")
		printf ' | %7ss %5s %9s' "$b" "$(ratio "$b" "$vw")" "$(ratio "$lc" "$b")"
	fi
	printf '   (edited %s)\n' "$file"
	cd "$root"
done
