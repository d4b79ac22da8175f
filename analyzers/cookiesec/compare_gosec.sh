#!/bin/sh
# Reproduces the "relguard cookiesec vs gosec G124" table of the README:
# runs gosec's G124 rule and relguard's cookiesec analyzer on cookiesec's
# testdata packages and prints both tools' finding counts per package.
#
# Usage: analyzers/cookiesec/compare_gosec.sh
#
# It installs gosec (GOSEC_VERSION, default v2.30.0) from the Go module proxy
# into a temporary GOBIN and builds a throwaway cookiesec driver; it is not
# run by the tests. Test files are excluded by both tools.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
GOSEC_VERSION=${GOSEC_VERSION:-v2.30.0}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

GOBIN="$tmp/bin" go install "github.com/securego/gosec/v2/cmd/gosec@$GOSEC_VERSION"

mkdir -p "$tmp/driver"
cat >"$tmp/driver/main.go" <<'GO'
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/relguard/relguard/analyzers/cookiesec"
)

func main() { singlechecker.Main(cookiesec.Analyzer) }
GO
cat >"$tmp/driver/go.mod" <<GO
module cookiesecdriver

go 1.26.0

require github.com/relguard/relguard v0.0.0

replace github.com/relguard/relguard => $root
GO
cp "$root/go.sum" "$tmp/driver/go.sum"
(cd "$tmp/driver" && GOFLAGS=-mod=mod go build -o "$tmp/bin/cookiesec" .)

printf '%-22s %8s %8s\n' package cookiesec G124
total_rg=0
total_gs=0
for mod in mod fiberv3 gorilla12; do
	cd "$here/testdata/$mod"
	for dir in */; do
		pkg=${dir%/}
		ls "$pkg"/*.go >/dev/null 2>&1 || continue
		# Each tool's one-line-per-finding text output, counted.
		rg=$("$tmp/bin/cookiesec" -test=false "./$pkg" 2>&1 | grep -c '\.go:[0-9]*:[0-9]*: ' || true)
		gs=$("$tmp/bin/gosec" -quiet -include=G124 -fmt=json "./$pkg" 2>/dev/null | grep -c '"rule_id": *"G124"' || true)
		printf '%-22s %8d %8d\n' "$mod/$pkg" "$rg" "$gs"
		total_rg=$((total_rg + rg))
		total_gs=$((total_gs + gs))
	done
done
printf '%-22s %8d %8d\n' total "$total_rg" "$total_gs"
