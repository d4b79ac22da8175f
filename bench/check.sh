#!/usr/bin/env bash
# Times `relguard check` against the git commands that answer the same
# questions, on two generated repositories:
#
#   large  100k commits, 5k annotated tags, 20k tracked files: relguard
#          should take at most 1.5x the git commands;
#   small  5k commits, 500 tags, 5k files: relguard should take under a
#          second.
#
# Every tagged commit bumps the version files (package.json, three
# workspace packages, VERSION) and the changelog, so that discovery
# compares them with the previous release's tag as it does on a real
# project. Each repository is generated once with git fast-import and
# cached under ${TMPDIR:-/tmp}/relguard-bench-<name>; delete it to
# regenerate.
#
# Usage: bench/check.sh [RUNS] [large|small|all]
set -euo pipefail

runs=${1:-5}
which=${2:-all}
here=$(cd "$(dirname "$0")/.." && pwd)
work=${TMPDIR:-/tmp}
bin=$work/relguard-bench-bin

echo "building relguard and the generator" >&2
(cd "$here" && go build -o "$bin/relguard" ./cmd/relguard && go build -o "$bin/genrepo" ./bench/check/genrepo)

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

# The questions relguard asks, answered by git alone: the repository's
# state, the tags, the tracked files, and the version files and changelog
# as they were at the previous release's tag.
git_on_branch() {
	cd "$repo"
	git rev-parse --is-shallow-repository
	git symbolic-ref -q HEAD
	git rev-parse HEAD
	git --no-optional-locks status --porcelain=v1 -z --untracked-files=all
	git for-each-ref --format='%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)' refs/tags/
	git ls-files -z
	printf '%s\n' "$anchor^{commit}" "$anchor:package.json" "$anchor:packages/api/package.json" \
		"$anchor:packages/cli/package.json" "$anchor:packages/web/package.json" "$anchor:web/ui/package.json" \
		"$anchor:VERSION" "$anchor:CHANGELOG.md" | git cat-file --batch
}
git_detached() {
	git_on_branch
	git -C "$repo" for-each-ref --contains HEAD --format='%(refname)%00%(symref)' refs/heads/ refs/remotes/
}
relguard_check() { "$bin/relguard" check "$version" --repo "$repo" --format json; }

report() {
	local name=$1 rg=$2 gt=$3
	local ratio
	ratio=$(awk -v a="$rg" -v b="$gt" 'BEGIN { if (b == 0) b = 1; printf "%.2f", a / b }')
	printf '%-6s %-14s relguard check %5d ms   git commands %5d ms   ratio %sx\n' "$scenario" "$name" "$rg" "$gt" "$ratio"
}

bench() {
	scenario=$1
	local commits=$2 tags=$3 files=$4
	repo=$work/relguard-bench-$scenario
	local stamp="v2-$commits-$tags-$files"
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
	anchor=$(git -C "$repo" for-each-ref --sort=-v:refname --count=1 --format='%(refname:short)' refs/tags/)

	# Make sure the check itself succeeds, and judged the version files,
	# before timing it.
	if ! "$bin/relguard" check "$version" --repo "$repo" >"$work/relguard-bench.out" 2>&1 ||
		! grep -q "packages/web/package.json holds $version (in lockstep" "$work/relguard-bench.out"; then
		cat "$work/relguard-bench.out" >&2
		echo "relguard check $version failed on the $scenario benchmark repository" >&2
		exit 1
	fi
	echo "$scenario: $commits commits, $tags tags, $files files; checking $version (previous release $anchor); median of $runs runs" >&2
	git -C "$repo" checkout -q main
	report "on branch" "$(median "$runs" relguard_check)" "$(median "$runs" git_on_branch)"
	git -C "$repo" checkout -q --detach main
	report "detached HEAD" "$(median "$runs" relguard_check)" "$(median "$runs" git_detached)"
	git -C "$repo" checkout -q main
}

case $which in
large) bench large "${COMMITS:-100000}" "${TAGS:-5000}" "${FILES:-20000}" ;;
small) bench small 5000 500 5000 ;;
all)
	bench small 5000 500 5000
	bench large "${COMMITS:-100000}" "${TAGS:-5000}" "${FILES:-20000}"
	;;
*)
	echo "usage: bench/check.sh [RUNS] [large|small|all]" >&2
	exit 2
	;;
esac
