package hooks

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestStagedGoFiles(t *testing.T) {
	repo := newRepo(t)
	writeFile(t, filepath.Join(repo, "go.mod"), "module example.com/m\n")
	writeFile(t, filepath.Join(repo, "a", "kept.go"), "package a\n")
	writeFile(t, filepath.Join(repo, "a", "gone.go"), "package a\n")
	writeFile(t, filepath.Join(repo, "a", "moved.go"), "package a\n\nvar Moved = 1\n")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "init")

	if got, err := stagedGoFiles(repo); err != nil || len(got) != 0 {
		t.Fatalf("nothing staged: got %v, %v", got, err)
	}

	writeFile(t, filepath.Join(repo, "a", "kept.go"), "package a\n\nvar Kept = 1\n")
	writeFile(t, filepath.Join(repo, "b", "new file.go"), "package b\n")
	writeFile(t, filepath.Join(repo, "notes.txt"), "not go\n")
	writeFile(t, filepath.Join(repo, "a", "unstaged.go"), "package a\n")
	git(t, repo, "add", "a/kept.go", "b/new file.go", "notes.txt")
	git(t, repo, "rm", "-q", "a/gone.go")
	git(t, repo, "mv", "a/moved.go", "b/moved.go")
	if err := os.Symlink("kept.go", filepath.Join(repo, "a", "link.go")); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", "a/link.go")

	got, err := stagedGoFiles(repo)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range got {
		paths = append(paths, f.path)
		if len(f.blob) < 40 {
			t.Errorf("%s: abbreviated object name %q", f.path, f.blob)
		}
	}
	// Deleted files, symlinks, non-Go and unstaged files are not linted; a
	// renamed file counts as added at its new place.
	want := []string{"a/kept.go", "b/moved.go", "b/new file.go"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("staged = %q, want %q", paths, want)
	}
}

func TestIndexOverlayHoldsStagedContent(t *testing.T) {
	repo := newRepo(t)
	writeFile(t, filepath.Join(repo, "p", "a.go"), "package p\n\nvar A = 1\n")
	writeFile(t, filepath.Join(repo, "p", "b.go"), "package p\n\nvar B = 1\n")
	writeFile(t, filepath.Join(repo, "p", "c.go"), "package p\n\nvar C = 1\n")
	writeFile(t, filepath.Join(repo, "p", "same.go"), "package p\n")
	writeFile(t, filepath.Join(repo, "q[1]", "e.go"), "package q\n")
	writeFile(t, filepath.Join(repo, "main.go"), "package main\n")
	writeFile(t, filepath.Join(repo, "notes.txt"), "v1\n")
	writeFile(t, filepath.Join(repo, ".gitignore"), "gen_*.go\n")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "init")

	// a.go: staged change, then a different unstaged edit; b.go: unstaged
	// edit only; c.go: deleted from the work tree only; same.go: untouched.
	writeFile(t, filepath.Join(repo, "p", "a.go"), "package p\n\nvar A = 2\n")
	git(t, repo, "add", "p/a.go")
	writeFile(t, filepath.Join(repo, "p", "a.go"), "package p\n\nvar A = 3\n")
	writeFile(t, filepath.Join(repo, "p", "b.go"), "package p\n\nvar B = broken(\n")
	writeFile(t, filepath.Join(repo, "q[1]", "e.go"), "package q // edited\n")
	writeFile(t, filepath.Join(repo, "main.go"), "package main // edited\n")
	writeFile(t, filepath.Join(repo, "notes.txt"), "v2\n")
	if err := os.Remove(filepath.Join(repo, "p", "c.go")); err != nil {
		t.Fatal(err)
	}
	// Untracked files: hidden unless git ignores them (generated code).
	writeFile(t, filepath.Join(repo, "p", "scratch.go"), "package p\n\nvar Scratch = oops\n")
	writeFile(t, filepath.Join(repo, "p", "gen_x.go"), "package p\n")

	overlay, err := indexOverlay(repo)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"p/a.go":       "package p\n\nvar A = 2\n",
		"p/b.go":       "package p\n\nvar B = 1\n",
		"p/c.go":       "package p\n\nvar C = 1\n",
		"q[1]/e.go":    "package q\n",
		"main.go":      "package main\n",
		"p/scratch.go": ignoredStub,
	}
	got := map[string]string{}
	for k, v := range overlay {
		rel, err := filepath.Rel(repo, k)
		if err != nil || !filepath.IsAbs(k) {
			t.Errorf("overlay key %q is not an absolute path in the repository", k)
		}
		got[filepath.ToSlash(rel)] = string(v)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("overlay = %q\nwant %q", got, want)
	}

	clean := newRepo(t)
	writeFile(t, filepath.Join(clean, "a.go"), "package a\n")
	git(t, clean, "add", ".")
	if overlay, err := indexOverlay(clean); err != nil || len(overlay) != 0 {
		t.Errorf("work tree equal to the index: overlay %q, %v; want none", overlay, err)
	}
}

func TestGroupByModule(t *testing.T) {
	top := t.TempDir()
	writeFile(t, filepath.Join(top, "go.mod"), "module example.com/root\n")
	writeFile(t, filepath.Join(top, "tools", "go.mod"), "module example.com/tools\n")
	writeFile(t, filepath.Join(top, "scripts", "x.go"), "")
	var stderr bytes.Buffer
	groups := groupByModule(top, []string{
		"main.go", "api/h.go", "api/h_test.go", "tools/gen/gen.go", "tools/t.go",
		"api/testdata/bad.go", ".github/x.go", "_old/y.go", "api/v2/z.go",
	}, &stderr)
	type g struct {
		rel  string
		dirs []string
	}
	var got []g
	for _, x := range groups {
		got = append(got, g{x.rel, x.dirs})
	}
	want := []g{{".", []string{".", "api", "api/v2"}}, {"tools", []string{".", "gen"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("groups = %+v, want %+v", got, want)
	}
	if groups[1].root != filepath.Join(top, "tools") {
		t.Errorf("tools root = %q", groups[1].root)
	}
	if stderr.Len() != 0 {
		t.Errorf("unexpected warnings: %s", stderr.String())
	}

	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "loose", "a.go"), "")
	if groups := groupByModule(outside, []string{"loose/a.go"}, &stderr); len(groups) != 0 {
		t.Errorf("files outside a module grouped: %+v", groups)
	}
	if !strings.Contains(stderr.String(), "loose is not inside a Go module") {
		t.Errorf("no warning for a file outside a module: %q", stderr.String())
	}
}

func TestPreCommitNothingStaged(t *testing.T) {
	repo := newRepo(t)
	writeFile(t, filepath.Join(repo, "go.mod"), "module example.com/m\n")
	// Broken Go that is not staged must not be looked at.
	writeFile(t, filepath.Join(repo, "a.go"), "package a\nfunc (\n")
	writeFile(t, filepath.Join(repo, "README.md"), "docs\n")
	git(t, repo, "add", "README.md", "go.mod")
	var out, errb bytes.Buffer
	if code := PreCommit(repo, &out, &errb); code != 0 || out.Len()+errb.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want a silent 0", code, out.String(), errb.String())
	}
}

func TestPreCommitOutsideRepository(t *testing.T) {
	isolateGit(t)
	var errb bytes.Buffer
	if code := PreCommit(t.TempDir(), io.Discard, &errb); code != 2 || !strings.Contains(errb.String(), "not in a git work tree") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

func TestLintFilesWithoutGoFiles(t *testing.T) {
	repo := newRepo(t)
	writeFile(t, filepath.Join(repo, "go.mod"), "module example.com/m\n")
	outside := filepath.Join(t.TempDir(), "x.go")
	writeFile(t, outside, "package x\n")
	var out, errb bytes.Buffer
	// Only non-Go files, fixtures and a file of another repository: nothing to lint.
	code := LintFiles(repo, []string{"README.md", "testdata/bad.go", outside}, &out, &errb)
	if code != 0 || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q; want 0 and no findings", code, out.String())
	}
	if !strings.Contains(errb.String(), "is outside the repository") || strings.Count(errb.String(), "\n") != 1 {
		t.Errorf("stderr %q; want one line about the file outside the repository", errb.String())
	}
}

// TestIntentToAddIsNotCommitted: a file added with git add -N is in the
// index as an empty blob, but git commit leaves it out; linting it as
// empty blocked the commit with "expected 'package', found 'EOF'".
func TestIntentToAddIsNotCommitted(t *testing.T) {
	repo := newRepo(t)
	writeFile(t, filepath.Join(repo, "go.mod"), "module example.com/m\n\ngo 1.22\n")
	writeFile(t, filepath.Join(repo, "p", "a.go"), "package p\n\nvar A = 1\n")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "init")
	writeFile(t, filepath.Join(repo, "p", "a.go"), "package p\n\nvar A = 2\n")
	git(t, repo, "add", "p/a.go")
	writeFile(t, filepath.Join(repo, "p", "later.go"), "package p\n\nvar Later = 1\n")
	git(t, repo, "add", "-N", "p/later.go")

	overlay, err := indexOverlay(repo)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(overlay[filepath.Join(repo, "p", "later.go")]); got != ignoredStub {
		t.Errorf("intent-to-add file in the overlay as %q, want it hidden", got)
	}
	var out, errb bytes.Buffer
	if code := PreCommit(repo, &out, &errb); code != 0 || out.Len()+errb.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want a silent 0", code, out.String(), errb.String())
	}
}
