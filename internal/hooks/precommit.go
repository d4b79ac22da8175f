package hooks

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/gitexec"
	"github.com/relguard/relguard/internal/lint"
)

// stagedFile is a regular .go file as it is in the index.
type stagedFile struct {
	path string // slash-separated, relative to the work tree top
	blob string // object name of the staged content
}

// PreCommit lints the packages that contain staged .go files as they are in
// the index (see indexOverlay), so that what is linted is what will be
// committed. It returns the exit code: 0 clean or nothing to lint,
// 1 findings, 2 when the repository or the code cannot be read.
func PreCommit(dir string, stdout, stderr io.Writer) int {
	top, err := gitOutput(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		fmt.Fprintf(stderr, "relguard hooks pre-commit: not in a git work tree: %v\n", err)
		return 2
	}
	staged, err := stagedGoFiles(top)
	if err != nil {
		fmt.Fprintf(stderr, "relguard hooks pre-commit: cannot list the staged files: %v\n", err)
		return 2
	}
	if len(staged) == 0 {
		return 0
	}
	var rels []string
	for _, f := range staged {
		rels = append(rels, f.path)
	}
	groups := groupByModule(top, rels, stderr)
	if len(groups) == 0 {
		return 0
	}
	overlay, err := indexOverlay(top)
	if err != nil {
		fmt.Fprintf(stderr, "relguard hooks pre-commit: cannot read the staged content: %v\n", err)
		return 2
	}
	code := lintGroups(top, groups, overlay, stdout, stderr)
	if code == 1 {
		fmt.Fprintln(stderr, "relguard: commit blocked by the findings above in the staged code; fix them and stage the fix, or skip the check once with git commit --no-verify")
	}
	return code
}

// LintFiles lints the packages that contain the given files as they are on
// disk. The pre-commit framework calls it with the staged file names after
// stashing unstaged changes, so the disk holds the staged content.
func LintFiles(dir string, files []string, stdout, stderr io.Writer) int {
	top, err := gitOutput(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		top, err = filepath.Abs(dir)
		if err != nil {
			fmt.Fprintf(stderr, "relguard hooks lint-files: %v\n", err)
			return 2
		}
	}
	// git reports the top with symlinks resolved; resolve the base of
	// relative names the same way so that they stay inside it.
	base, err := filepath.Abs(dir)
	if err != nil {
		fmt.Fprintf(stderr, "relguard hooks lint-files: %v\n", err)
		return 2
	}
	if resolved, err := filepath.EvalSymlinks(base); err == nil {
		base = resolved
	}
	var rels []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".go") {
			continue
		}
		abs := f
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(base, f)
		}
		rel, err := filepath.Rel(top, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			fmt.Fprintf(stderr, "relguard hooks lint-files: %s is outside the repository %q; skipped\n", excerpt.Quote(f), top)
			continue
		}
		rels = append(rels, filepath.ToSlash(rel))
	}
	groups := groupByModule(top, rels, stderr)
	if len(groups) == 0 {
		return 0
	}
	return lintGroups(top, groups, nil, stdout, stderr)
}

// moduleGroup is the set of package directories to lint in one module.
type moduleGroup struct {
	root string   // absolute module root
	rel  string   // module root relative to the work tree top, slash-separated
	dirs []string // package directories relative to root, slash-separated
}

// groupByModule maps files (relative to top) to their package directories,
// grouped by the nearest go.mod. Directories the go command ignores in
// ./... (testdata, names starting with "." or "_") are skipped: they hold
// fixtures, often deliberately broken.
func groupByModule(top string, files []string, stderr io.Writer) []moduleGroup {
	byRoot := map[string]*moduleGroup{}
	seen := map[string]bool{}
	noModule := map[string]bool{}
	for _, f := range files {
		d := path.Dir(f)
		if ignoredDir(d) || seen[d] {
			continue
		}
		seen[d] = true
		modRel, ok := findModule(top, d)
		if !ok {
			if !noModule[d] {
				noModule[d] = true
				fmt.Fprintf(stderr, "relguard: %s is not inside a Go module (no go.mod up to the repository root); not linted\n", d)
			}
			continue
		}
		g := byRoot[modRel]
		if g == nil {
			g = &moduleGroup{root: filepath.Join(top, filepath.FromSlash(modRel)), rel: modRel}
			byRoot[modRel] = g
		}
		pkg := strings.TrimPrefix(strings.TrimPrefix(d, modRel), "/")
		if modRel == "." {
			pkg = d
		}
		if pkg == "" {
			pkg = "."
		}
		g.dirs = append(g.dirs, pkg)
	}
	var out []moduleGroup
	for _, g := range byRoot {
		sort.Strings(g.dirs)
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out
}

func ignoredDir(d string) bool {
	if d == "." {
		return false
	}
	for _, part := range strings.Split(d, "/") {
		if part == "testdata" || strings.HasPrefix(part, ".") || strings.HasPrefix(part, "_") {
			return true
		}
	}
	return false
}

// findModule returns the directory (relative to top) of the go.mod nearest
// above d, not leaving the repository.
func findModule(top, d string) (string, bool) {
	for {
		if _, err := os.Stat(filepath.Join(top, filepath.FromSlash(d), "go.mod")); err == nil {
			return d, true
		}
		if d == "." {
			return "", false
		}
		d = path.Dir(d)
	}
}

func lintGroups(top string, groups []moduleGroup, overlay map[string][]byte, stdout, stderr io.Writer) int {
	code := 0
	for _, g := range groups {
		cfg, err := lint.FindConfig(g.root)
		if err != nil {
			fmt.Fprintf(stderr, "relguard: %v\n", err)
			return 2
		}
		as, err := lint.SelectAnalyzers(cfg, nil, nil)
		if err != nil {
			fmt.Fprintf(stderr, "relguard: %v\n", err)
			return 2
		}
		var patterns []string
		for _, d := range g.dirs {
			if d == "." {
				patterns = append(patterns, ".")
			} else {
				patterns = append(patterns, "./"+d)
			}
		}
		diags, err := lint.Run(lint.Options{
			Dir:       g.root,
			Patterns:  patterns,
			Tests:     cfg.Lint.Tests == nil || *cfg.Lint.Tests, // as relguard lint
			Overlay:   overlay,
			Analyzers: as,
			Warnings:  stderr,
		})
		if len(diags) > 0 {
			lint.WriteText(stdout, diags, top)
			code = max(code, 1)
		}
		var loadErrs *lint.Errors
		switch {
		case errors.As(err, &loadErrs):
			for _, line := range loadErrs.Lines {
				fmt.Fprintln(stderr, line)
			}
			if more := loadErrs.Total - len(loadErrs.Lines); more > 0 {
				fmt.Fprintf(stderr, "(%d more errors)\n", more)
			}
			fmt.Fprintln(stderr, "relguard: the staged code does not type-check, so it was not fully linted; fix the errors above (or skip the check once with --no-verify)")
			code = 2
		case err != nil:
			fmt.Fprintf(stderr, "relguard: %v\n", err)
			return 2
		}
	}
	return code
}

// stagedGoFiles lists the regular .go files that the commit adds or
// changes, as staged.
func stagedGoFiles(top string) ([]stagedFile, error) {
	out, err := gitBytes(top, nil, "diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--diff-filter=ACM")
	if err != nil {
		return nil, err
	}
	// Records are ":<old mode> <new mode> <old id> <new id> <status>" NUL <path> NUL.
	fields := bytes.Split(out, []byte{0})
	var files []stagedFile
	for i := 0; i+1 < len(fields); i += 2 {
		meta := strings.Fields(strings.TrimPrefix(string(fields[i]), ":"))
		p := string(fields[i+1])
		if len(meta) < 5 {
			return nil, fmt.Errorf("unexpected git diff output %q", fields[i])
		}
		if !isRegularMode(meta[1]) || !strings.HasSuffix(p, ".go") {
			continue
		}
		files = append(files, stagedFile{path: p, blob: meta[3]})
	}
	return files, nil
}

func isRegularMode(mode string) bool { return mode == "100644" || mode == "100755" }

// ignoredStub replaces untracked .go files in the overlay: the build
// constraint makes the go command leave the file out, as if it did not exist.
const ignoredStub = "//go:build ignore\n\npackage ignored\n"

// indexOverlay makes the go command see the index instead of the work
// tree: every tracked .go file whose work tree copy differs from the index
// (or is gone) gets its staged content, and every untracked or
// intent-to-add .go file is hidden. The keys are absolute paths.
func indexOverlay(top string) (map[string][]byte, error) {
	changed, err := gitBytes(top, nil, "diff", "--name-status", "-z", "--no-renames", "--", ":(top,glob)**/*.go")
	if err != nil {
		return nil, err
	}
	overlay := map[string][]byte{}
	// Records are "<status>" NUL <path> NUL.
	var paths []string
	fields := bytes.Split(changed, []byte{0})
	for i := 0; i+1 < len(fields); i += 2 {
		status, p := string(fields[i]), string(fields[i+1])
		if p == "" {
			continue
		}
		if status == "A" {
			// Added to the work tree relative to the index: only a file
			// added with git add -N (intent to add), which the index holds
			// as an empty blob and git commit leaves out.
			overlay[filepath.Join(top, filepath.FromSlash(p))] = []byte(ignoredStub)
			continue
		}
		paths = append(paths, p)
	}
	if len(paths) > 0 {
		args := []string{"ls-files", "--stage", "-z", "--"}
		for _, p := range paths {
			args = append(args, ":(top,literal)"+p)
		}
		out, err := gitBytes(top, nil, args...)
		if err != nil {
			return nil, err
		}
		var files []stagedFile
		for _, rec := range bytes.Split(out, []byte{0}) {
			if len(rec) == 0 {
				continue
			}
			// "<mode> <object> <stage>\t<path>"
			meta, p, ok := strings.Cut(string(rec), "\t")
			f := strings.Fields(meta)
			if !ok || len(f) != 3 {
				return nil, fmt.Errorf("unexpected git ls-files output %q", rec)
			}
			if !isRegularMode(f[0]) || f[2] != "0" {
				continue
			}
			files = append(files, stagedFile{path: p, blob: f[1]})
		}
		contents, err := readBlobs(top, files)
		if err != nil {
			return nil, err
		}
		for i, f := range files {
			overlay[filepath.Join(top, filepath.FromSlash(f.path))] = contents[i]
		}
	}
	untracked, err := gitBytes(top, nil, "ls-files", "--others", "--exclude-standard", "-z", "--", ":(top,glob)**/*.go")
	if err != nil {
		return nil, err
	}
	for _, p := range bytes.Split(untracked, []byte{0}) {
		if len(p) > 0 {
			overlay[filepath.Join(top, filepath.FromSlash(string(p)))] = []byte(ignoredStub)
		}
	}
	return overlay, nil
}

// readBlobs reads objects with one git cat-file process.
func readBlobs(top string, files []stagedFile) ([][]byte, error) {
	if len(files) == 0 {
		return nil, nil
	}
	var in bytes.Buffer
	for _, f := range files {
		in.WriteString(f.blob + "\n")
	}
	out, err := gitBytes(top, &in, "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	r := bufio.NewReader(bytes.NewReader(out))
	contents := make([][]byte, len(files))
	for i, f := range files {
		header, err := r.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("short git cat-file output for %s", f.path)
		}
		h := strings.Fields(header)
		if len(h) != 3 || h[1] != "blob" {
			return nil, fmt.Errorf("cannot read the staged %s: git cat-file said %q", f.path, strings.TrimSpace(header))
		}
		size, err := strconv.Atoi(h[2])
		if err != nil || size < 0 {
			return nil, fmt.Errorf("bad git cat-file header %q", strings.TrimSpace(header))
		}
		buf := make([]byte, size+1) // content and its trailing newline
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, fmt.Errorf("short git cat-file output for %s", f.path)
		}
		contents[i] = buf[:size]
	}
	return contents, nil
}

func gitBytes(dir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	out, err := gitexec.Output(cmd)
	if err != nil {
		return nil, fmt.Errorf("git %s: %v", args[0], err)
	}
	return out, nil
}
