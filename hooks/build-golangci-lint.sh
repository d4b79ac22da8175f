#!/bin/sh
# Build a golangci-lint that includes the relguard module plugin, using only
# the Go module proxy (golangci-lint custom needs git access to clone its
# source; this script takes the same source from the module cache).
#
# Usage: hooks/build-golangci-lint.sh [VERSION] [OUT]
#   VERSION  golangci-lint version (default v2.15.0)
#   OUT      copy the binary there (default: print the cached binary's path)
#
# The binary is cached under
#   ${RELGUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/relguard}/golangci-lint/<version>-<hash>/
# (RELGUARD_CACHE only when it is an absolute path, not "off")
# where <hash> covers go.mod, go.sum and the Go sources the plugin is built
# from, so a rerun with an unchanged plugin returns at once. The hash is also
# part of the binary's version string, because golangci-lint salts its result
# cache with it: without it a changed plugin would report stale results.
set -eu

version=${1:-v2.15.0}
out=${2:-}
case $version in
v*) ;;
*) version=v$version ;;
esac

say() { printf 'build-golangci-lint: %s\n' "$*" >&2; }
die() { say "$*"; exit 2; }

command -v go >/dev/null 2>&1 || die "go is not on PATH; install Go 1.26 or newer"

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd -P)
[ -f "$root/go.mod" ] || die "cannot find the relguard checkout above $0"
module=$(cd "$root" && GOWORK=off go list -m -f '{{.Path}}') || die "cannot read the module path of $root"
plugin_pkg=$module/plugin

# Hash the files that end up in the plugin: go.mod, go.sum and the non-test
# sources of every package of this module the plugin package depends on.
files=$(cd "$root" && GOWORK=off go list -deps \
	-f '{{with .Module}}{{if eq .Path "'"$module"'"}}{{range $.GoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}{{range $.CgoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}{{range $.EmbedFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}{{end}}{{end}}' \
	./plugin) || die "cannot list the plugin's packages (does $root/plugin build?)"
[ -n "$files" ] || die "go list found no sources for $plugin_pkg"
hash=$(
	cd "$root"
	{
		printf '%s\n' go.mod go.sum
		printf '%s\n' "$files" | sed "s|^$root/||"
	} | LC_ALL=C sort -u | while IFS= read -r f; do
		[ -n "$f" ] || continue
		sum=$(sha256sum <"$f" | cut -d' ' -f1) && [ -n "$sum" ] || { echo "unreadable: $f"; continue; }
		printf '%s %s\n' "$f" "$sum"
	done | sha256sum | cut -c1-16
)

# RELGUARD_CACHE is also relguard lint's result cache, where "off" disables
# it: only an absolute path is a place to keep the build.
cache=${XDG_CACHE_HOME:-$HOME/.cache}/relguard
case ${RELGUARD_CACHE:-} in
/*) cache=$RELGUARD_CACHE ;;
esac
dest=$cache/golangci-lint/$version-$hash
bin=$dest/golangci-lint

finish() {
	if [ -n "$out" ]; then
		mkdir -p "$(dirname -- "$out")"
		cp "$bin" "$out.tmp.$$" && mv -f "$out.tmp.$$" "$out"
		printf '%s\n' "$out"
	else
		printf '%s\n' "$bin"
	fi
	exit 0
}

if [ -x "$bin" ]; then
	say "using cached $bin"
	finish
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/relguard-gcl.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT INT TERM

say "downloading github.com/golangci/golangci-lint/v2@$version from the module proxy"
(cd "$work" && GOWORK=off GOFLAGS=-mod=mod go mod download -json "github.com/golangci/golangci-lint/v2@$version" >"$work/download.json" 2>&1) || true
src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' "$work/download.json")
if [ -z "$src" ] || [ ! -d "$src" ]; then
	reason=$(sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' "$work/download.json" | head -n 1 | sed 's/\\n.*//')
	die "cannot download golangci-lint $version: ${reason:-see go mod download} (check the version and GOPROXY)"
fi

# The module cache is read-only: build from a writable copy.
cp -R "$src" "$work/src"
chmod -R u+w "$work/src"
cd "$work/src"

cat >cmd/golangci-lint/plugins.go <<GO
package main

// Module plugins compiled into this binary.
import (
	_ "$plugin_pkg"
)
GO

say "adding $plugin_pkg (replace $module => $root)"
GOWORK=off go mod edit -replace "$module=$root"
# No go mod tidy: it resolves the test dependencies of every module in
# golangci-lint's graph (about 250), where the build below needs only what
# it compiles; -mod=mod adds relguard's requirements as it goes.

ver=${version#v}-custom-$hash
say "building golangci-lint $ver (this takes a few minutes the first time)"
GOWORK=off GOFLAGS=-mod=mod go build -trimpath \
	-ldflags "-s -w -X 'main.version=$ver' -X 'main.date=$(date -u '+%Y-%m-%dT%H:%M:%SZ')'" \
	-o "$work/golangci-lint" ./cmd/golangci-lint || die "go build of golangci-lint failed"

mkdir -p "$dest"
mv -f "$work/golangci-lint" "$bin.tmp.$$"
mv -f "$bin.tmp.$$" "$bin"
say "built $bin"

# Every plugin change makes a new build (about 50 MB): keep the three
# newest so that a long-lived machine or CI cache does not fill up.
ls -1dt "$cache/golangci-lint"/*/ 2>/dev/null | tail -n +4 | while IFS= read -r old; do
	rm -rf -- "$old"
done
finish
