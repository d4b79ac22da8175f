#!/bin/sh
# Time relguard's pre-commit hook on a generated module of 500 packages with
# one staged file, against go vet of that package.
#
# Usage: bench/hook.sh [-packages N] [-runs N] [-dir DIR]
# Targets: hook median <= 1.0s and <= 1.2x go vet.
set -eu
root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd -P)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/relguard-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
(cd "$root" && go build -o "$tmp/relguard" ./cmd/relguard && go build -o "$tmp/hook" ./bench/hook)
"$tmp/hook" -relguard "$tmp/relguard" "$@"
