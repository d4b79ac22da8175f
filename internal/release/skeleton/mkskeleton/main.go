// Command mkskeleton captures a real project's release as a skeleton for
// the release guard's tests (see package skeleton):
//
//	go run ./internal/release/skeleton/mkskeleton -git /path/to/clone.git \
//	    -project pallets/flask -layout "Python, static version" \
//	    -tag 3.0.1 -branch main -out testdata/skeletons/flask/3.0.1
//
// It refuses a release that zero-configuration `relguard check` does not
// approve, or whose commit before the bump it does not fail.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/relguard/relguard/internal/release/skeleton"
)

func main() {
	var o skeleton.CaptureOptions
	flag.StringVar(&o.GitDir, "git", "", "the project's repository (a clone or a bare mirror)")
	flag.StringVar(&o.Project, "project", "", "owner/name on GitHub")
	flag.StringVar(&o.Layout, "layout", "", "the layout the project stands for")
	flag.StringVar(&o.Tag, "tag", "", "the release's tag")
	flag.StringVar(&o.Version, "version", "", "the version (default: the tag without its prefix)")
	flag.StringVar(&o.Branch, "branch", "main", "the branch the release was made on")
	flag.StringVar(&o.Out, "out", "", "the skeleton's directory")
	flag.Parse()
	if o.GitDir == "" || o.Tag == "" || o.Out == "" || o.Project == "" {
		fmt.Fprintln(os.Stderr, "usage: mkskeleton -git DIR -project OWNER/NAME -tag TAG -out DIR [-branch B] [-version V] [-layout TEXT]")
		os.Exit(2)
	}
	if o.Version == "" {
		o.Version = o.Tag[strings.LastIndexAny(o.Tag, "/-@")+1:]
		o.Version = strings.TrimPrefix(o.Version, "v")
	}
	if err := skeleton.Capture(o); err != nil {
		fmt.Fprintln(os.Stderr, "mkskeleton:", err)
		os.Exit(1)
	}
}
