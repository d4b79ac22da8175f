#!/usr/bin/env bash
# Times `relguard check` on a large repository against the git commands
# that answer the same questions, and prints the ratio.
#
# The repository (100k commits, 5k annotated tags, 20k tracked files by
# default) is generated once with git fast-import and cached under
# ${TMPDIR:-/tmp}/relguard-bench-repo; delete it to regenerate.
#
# Usage: bench/check.sh [RUNS]        (environment: COMMITS, TAGS, FILES)
set -euo pipefail

runs=${1:-5}
commits=${COMMITS:-100000}
tags=${TAGS:-5000}
files=${FILES:-20000}
here=$(cd "$(dirname "$0")/.." && pwd)
work=${TMPDIR:-/tmp}
repo=$work/relguard-bench-repo
bin=$work/relguard-bench-bin

echo "building relguard and the generator" >&2
(cd "$here" && go build -o "$bin/relguard" ./cmd/relguard && go build -o "$bin/genrepo" ./bench/check/genrepo)

stamp="$commits-$tags-$files"
if [[ ! -f $repo/.bench-stamp || $(cat "$repo/.bench-stamp") != "$stamp" ]]; then
	echo "generating $repo: $commits commits, $tags tags, $files files" >&2
	rm -rf "$repo"
	mkdir -p "$repo"
	git -C "$repo" init -q -b main
	"$bin/genrepo" -commits "$commits" -tags "$tags" -files "$files" 2>"$repo/.git/bench-next" |
		git -C "$repo" fast-import --quiet
	git -C "$repo" checkout -q -f main
	# What a real clone looks like: packed refs, packed objects, a commit-graph.
	git -C "$repo" gc --quiet
	echo "$stamp" >"$repo/.bench-stamp"
	echo ".bench-stamp" >>"$repo/.git/info/exclude"
fi
version=$(sed -n 's/^next=//p' "$repo/.git/bench-next")

# median RUNS CMD... prints the median wall time of CMD in milliseconds.
median() {
	local n=$1
	shift
	local times=()
	"$@" >/dev/null 2>&1 || true # warm the page cache
	for ((i = 0; i < n; i++)); do
		local start end
		start=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		end=$(date +%s%N)
		times+=($(((end - start) / 1000000)))
	done
	printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((n + 1) / 2))p"
}

# The questions relguard asks, answered by git alone.
git_on_branch() {
	cd "$repo"
	git rev-parse --is-shallow-repository
	git symbolic-ref -q HEAD
	git rev-parse HEAD
	git --no-optional-locks status --porcelain=v1 -z --untracked-files=all
	git for-each-ref --format='%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)' refs/tags/
	git ls-files -z
}
git_detached() {
	git_on_branch
	git -C "$repo" for-each-ref --contains HEAD --format='%(refname)' refs/heads/
}
relguard_check() { "$bin/relguard" check "$version" --repo "$repo" --format json; }

# Make sure the check itself succeeds before timing it.
if ! "$bin/relguard" check "$version" --repo "$repo" >"$work/relguard-bench.out" 2>&1; then
	cat "$work/relguard-bench.out" >&2
	echo "relguard check $version failed on the benchmark repository" >&2
	exit 1
fi

report() {
	local name=$1 rg=$2 gt=$3
	local ratio
	ratio=$(awk -v a="$rg" -v b="$gt" 'BEGIN { if (b == 0) b = 1; printf "%.2f", a / b }')
	printf '%-14s relguard check %5d ms   git commands %5d ms   ratio %sx\n' "$name" "$rg" "$gt" "$ratio"
}

echo "repository: $commits commits, $tags tags, $files files; checking $version; median of $runs runs" >&2
git -C "$repo" checkout -q main
report "on branch" "$(median "$runs" relguard_check)" "$(median "$runs" git_on_branch)"
git -C "$repo" checkout -q --detach main
report "detached HEAD" "$(median "$runs" relguard_check)" "$(median "$runs" git_detached)"
git -C "$repo" checkout -q main
