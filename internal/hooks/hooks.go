// Package hooks implements `relguard hooks`: installing git hooks and the
// work they do when git runs them.
package hooks

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/relguard/relguard/internal/excerpt"
)

const usage = `Usage:
  relguard hooks install [--pre-commit] [--pre-push] [--repo DIR] [--force]
        write relguard's hooks (both unless one is named) into the hooks
        directory git uses; an existing hook is kept and runs first. A
        hooks directory inside the work tree (core.hooksPath) is refused
        unless --force: the hooks are then files to commit
  relguard hooks uninstall [--pre-commit] [--pre-push] [--repo DIR]
        remove relguard's hooks and put back what was there before
  relguard hooks pre-commit
        lint the packages that contain staged .go files, as staged (run by the hook)
  relguard hooks pre-push [REMOTE [URL]]
        run "relguard check VERSION --post-tag" for every release tag that
        is new to the remote and points at HEAD, read from stdin (run by the
        hook); --from-env reads the pre-commit framework's
        PRE_COMMIT_REMOTE_BRANCH instead
  relguard hooks lint-files FILE...
        lint the packages that contain the given .go files (for the
        pre-commit framework, which stashes unstaged changes itself)

Skip the hooks once with git commit --no-verify or git push --no-verify.
`

// Main is `relguard hooks`; it returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "install", "uninstall":
		return installMain(cmd, rest, stdout, stderr)
	case "pre-commit":
		if len(rest) > 0 {
			fmt.Fprintf(stderr, "relguard hooks pre-commit: unexpected argument %s; it lints what is staged\n", excerpt.Quote(rest[0]))
			return 2
		}
		return PreCommit(".", stdout, stderr)
	case "lint-files":
		return LintFiles(".", rest, stdout, stderr)
	case "pre-push":
		return prePushMain(rest, os.Stdin, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "relguard hooks: unknown command %s; want install, uninstall, pre-commit, pre-push or lint-files\n", excerpt.Quote(cmd))
		return 2
	}
}

func installMain(cmd string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("relguard hooks "+cmd, flag.ContinueOnError)
	preCommit := fs.Bool("pre-commit", false, "only the pre-commit hook")
	prePush := fs.Bool("pre-push", false, "only the pre-push hook")
	repo := fs.String("repo", ".", "the repository (any directory inside it)")
	force := false
	if cmd == "install" {
		fs.BoolVar(&force, "force", false, "install into a hooks directory that is part of the work tree (core.hooksPath), to commit the hooks")
	}
	// One line that names the bad flag, as relguard lint prints; the
	// usage only on request.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "relguard hooks %s: %s (run \"relguard hooks help\" for the usage)\n", cmd, excerpt.Within(err.Error(), args...))
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "relguard hooks %s: unexpected argument %s; name hooks with --pre-commit or --pre-push\n", cmd, excerpt.Quote(fs.Arg(0)))
		return 2
	}
	var names []string
	if *preCommit || !*prePush {
		names = append(names, "pre-commit")
	}
	if *prePush || !*preCommit {
		names = append(names, "pre-push")
	}
	dir, err := HooksDir(*repo)
	if err != nil {
		fmt.Fprintf(stderr, "relguard hooks %s: %v\n", cmd, err)
		return 2
	}
	// A hooks directory in the work tree (core.hooksPath such as .githooks)
	// is content: hooks written there are uncommitted changes, which fail
	// relguard check's git.dirty until they are committed.
	inTree := hooksInWorkTree(*repo, dir, names)
	bin := relguardBinary()
	if inTree != "" && cmd == "install" {
		if !force {
			fmt.Fprintf(stderr, "relguard hooks install: the hooks directory %s (core.hooksPath) is part of the work tree, so installing would leave uncommitted files there and relguard check would fail git.dirty; to share the hooks with everyone who clones, run relguard hooks install --force and commit them (git add %s && git commit -m \"Run relguard from the git hooks\"), or set core.hooksPath to a directory outside the work tree\n", inTree, inTree)
			return 2
		}
		// Committed hooks run on other machines: call relguard from PATH
		// rather than this machine's binary.
		bin = "relguard"
	}
	for _, name := range names {
		var msg string
		if cmd == "install" {
			msg, err = Install(dir, name, bin)
		} else {
			msg, err = Uninstall(dir, name)
		}
		if err != nil {
			fmt.Fprintf(stderr, "relguard hooks %s: %v\n", cmd, err)
			return 2
		}
		fmt.Fprintln(stdout, msg)
	}
	if inTree != "" {
		if status, err := gitOutput(*repo, "status", "--porcelain", "--", dir); err == nil && status != "" {
			fmt.Fprintf(stdout, "%s is part of the work tree: commit the change (git add %s && git commit), or relguard check will fail git.dirty\n", inTree, inTree)
		}
	}
	return 0
}

func prePushMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fromEnv := false
	var positional []string
	for _, a := range args {
		switch {
		case a == "--from-env" || a == "-from-env":
			fromEnv = true
		case strings.HasPrefix(a, "-"):
			fmt.Fprintf(stderr, "relguard hooks pre-push: unknown flag %s; the only flag is --from-env\n", excerpt.Quote(a))
			return 2
		default:
			positional = append(positional, a)
		}
	}
	if len(positional) > 2 {
		fmt.Fprintf(stderr, "relguard hooks pre-push: unexpected argument %s; git passes only the remote name and URL\n", excerpt.Quote(positional[2]))
		return 2
	}
	var updates []RefUpdate
	if fromEnv {
		u, ok := updateFromEnv(os.Getenv)
		if !ok {
			return 0
		}
		updates = []RefUpdate{u}
	} else {
		var err error
		updates, err = ParsePushUpdates(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "relguard hooks pre-push: %v\n", err)
			return 2
		}
	}
	return PrePush(".", updates, stdout, stderr)
}
