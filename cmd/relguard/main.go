// Command relguard catches the mistakes that break releases: ambiguous type
// names, insecure cookies, and a release that goes out half-prepared.
//
// Usage:
//
//	relguard lint [flags] [packages]   run the analyzers
//	relguard check VERSION [flags]     run the release guard (read-only)
//	relguard bump VERSION [flags]      write the version, changelog and image tags
//	relguard notes VERSION             print VERSION's changelog section
//	relguard tag VERSION [flags]       check, then create the annotated tag
//	relguard verify URL [flags]        check a running deployment
//	relguard hooks install|uninstall   manage git hooks
//	relguard version                   print relguard's version
//
// relguard is also a `go vet -vettool`: when go vet invokes it with the
// unitchecker protocol it checks the analyzer flags, then hands over to
// golang.org/x/tools/go/analysis/unitchecker.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/relguard/relguard/analyzers"
	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/hooks"
	"github.com/relguard/relguard/internal/lint"
	"github.com/relguard/relguard/internal/releasecmd"
)

const usage = `relguard catches ambiguous type names, insecure cookies and half-prepared releases.

Usage:
  relguard lint [flags] [packages]         run the analyzers (default ./...)
  relguard check VERSION [flags]           run the release guard before tagging (read-only)
  relguard bump VERSION|major|minor|patch  write VERSION where check looks, then run check
  relguard notes VERSION [--changelog F]   print VERSION's changelog section
  relguard tag VERSION [-m MSG] [--sign]   run the release guard, then create the annotated tag
  relguard verify URL [flags]              check a running deployment: health, version, headers, cookies
  relguard hooks install|uninstall         manage the pre-commit and pre-push git hooks
  relguard version                         print relguard's version

As a go vet tool:  go vet -vettool=$(command -v relguard) ./...

Run "relguard COMMAND -h" for a command's flags.
Exit codes: 0 ok, 1 findings or failed checks, 2 usage, configuration or load error.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if isVetInvocation(args) {
		if code, stop := checkVetFlags(args, stderr); stop {
			return code
		}
		unitchecker.Main(analyzers.All()...) // exits
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "lint":
		return lint.Main(rest, stdout, stderr)
	case "check":
		return releasecmd.Check(rest, stdout, stderr)
	case "bump":
		return releasecmd.Bump(rest, stdout, stderr)
	case "notes":
		return releasecmd.Notes(rest, stdout, stderr)
	case "tag":
		return releasecmd.Tag(rest, stdout, stderr)
	case "verify":
		return releasecmd.Verify(rest, stdout, stderr)
	case "hooks":
		return hooks.Main(rest, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "relguard", version())
		return 0
	case "help", "-h", "-help", "--help":
		// "relguard help check" is how go's own commands are asked.
		if cmd == "help" && len(rest) == 1 && commands[rest[0]] {
			return run([]string{rest[0], "-h"}, stdout, stderr)
		}
		if len(rest) > 0 {
			fmt.Fprintf(stderr, "relguard help: unknown command %s; run \"relguard help\" for the list\n", excerpt.Quote(strings.Join(rest, " ")))
			return 2
		}
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "relguard: unknown command %s; run \"relguard help\" for the list\n", excerpt.Quote(cmd))
		return 2
	}
}

// commands are the ones "relguard help COMMAND" describes.
var commands = map[string]bool{"lint": true, "check": true, "bump": true, "notes": true, "tag": true, "verify": true, "hooks": true}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}
