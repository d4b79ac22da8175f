package gitrepo

import (
	"bufio"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
)

func TestReadFilesAt(t *testing.T) {
	g := gittest.New(t)
	g.Write("package.json", `{"version": "1.0.0"}`)
	g.Write("dir with space/VERSION", "1.0.0\n")
	g.Write("sub/big.txt", strings.Repeat("x", 100))
	first := g.Commit("1.0.0")
	g.Git("tag", "-a", "-m", "v1.0.0", "v1.0.0")
	g.Write("package.json", `{"version": "1.1.0"}`)
	g.Write("new.txt", "new")
	g.Commit("1.1.0")
	g.Git("gc", "-q")
	both(t, g.Dir, func(t *testing.T, r *Repo) {
		for _, rev := range []string{"v1.0.0", first} {
			files, err := r.ReadFilesAt(rev, []string{"package.json", "dir with space/VERSION", "new.txt", "sub", "missing", "dir with space/VERSION missing"})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][]byte{"package.json": []byte(`{"version": "1.0.0"}`), "dir with space/VERSION": []byte("1.0.0\n")}
			if !reflect.DeepEqual(files, want) {
				t.Errorf("ReadFilesAt(%s) = %q, want %q", rev, files, want)
			}
		}
		if _, err := r.ReadFilesAt("0123456789012345678901234567890123456789", []string{"package.json"}); err == nil {
			t.Error("ReadFilesAt of a missing commit gave no error")
		}
		if _, err := r.ReadFilesAt(g.Git("rev-parse", "HEAD^{tree}"), []string{"package.json"}); err == nil {
			t.Error("ReadFilesAt of a tree gave no error")
		}
	})
}

func TestParseBatchRejectsTruncatedOutput(t *testing.T) {
	out := "c0ffee commit 3\nabc\nbeef blob 10\nshort"
	if _, err := parseBatch(bufio.NewReader(strings.NewReader(out)), "v1", []string{"a"}); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated output: %v", err)
	}
}

// TestRepositoryGoGitCannotOpen uses `git sparse-checkout`, which sets
// extensions.worktreeConfig: go-git refuses the repository, git reads it,
// and every fact then comes from git.
func TestRepositoryGoGitCannotOpen(t *testing.T) {
	g := gittest.New(t)
	g.Write("a/VERSION", "0.4.0\n")
	g.Write("CHANGELOG.md", "# Changelog\n")
	first := g.Commit("0.4.0")
	g.Git("tag", "-a", "-m", "v0.4.0", "v0.4.0")
	g.Git("tag", "light", first)
	g.Write("a/VERSION", "0.5.0\n")
	head := g.Commit("0.5.0")
	g.Git("sparse-checkout", "init", "--cone")
	g.Git("config", "user.name", "Rel Eng")
	g.Git("config", "user.email", "releng@example.com")
	g.Write("untracked.txt", "u")

	r, err := Open(g.Dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if !r.UsesGitCLIOnly() {
		t.Fatal("go-git opened a repository with extensions.worktreeConfig; the test no longer covers the fallback")
	}
	r.UseGitCLI(false) // must not drop the only way in
	if h, b, err := r.Head(); err != nil || h != head || b != "main" {
		t.Errorf("Head() = %q %q %v", h, b, err)
	}
	if s, err := r.IsShallow(); err != nil || s {
		t.Errorf("IsShallow() = %v %v", s, err)
	}
	if tags, err := r.Tags(); err != nil || !reflect.DeepEqual(tags, []string{"light", "v0.4.0"}) {
		t.Errorf("Tags() = %q %v", tags, err)
	}
	if ok, c, ann, err := r.LookupTag("v0.4.0"); err != nil || !ok || c != first || !ann {
		t.Errorf("LookupTag = %v %q %v %v", ok, c, ann, err)
	}
	if files, err := r.TrackedFiles(); err != nil || !reflect.DeepEqual(files, []string{"CHANGELOG.md", "a/VERSION"}) {
		t.Errorf("TrackedFiles() = %q %v", files, err)
	}
	if m, u, err := r.Status(); err != nil || len(m) != 0 || !reflect.DeepEqual(u, []string{"untracked.txt"}) {
		t.Errorf("Status() = %q %q %v", m, u, err)
	}
	if b, err := r.BranchesContaining(head); err != nil || !reflect.DeepEqual(b, []string{"main"}) {
		t.Errorf("BranchesContaining = %q %v", b, err)
	}
	if files, err := r.ReadFilesAt("v0.4.0", []string{"a/VERSION"}); err != nil || string(files["a/VERSION"]) != "0.4.0\n" {
		t.Errorf("ReadFilesAt = %q %v", files, err)
	}
	id, err := r.Tagger()
	if err != nil || id.Name != "Rel Eng" {
		t.Fatalf("Tagger() = %+v %v", id, err)
	}
	if _, err := r.CreateTag("v0.5.0", head, "Release v0.5.0", id, fixedTime); err != nil {
		t.Fatal(err)
	}
	if got := g.Git("for-each-ref", "--format=%(objecttype) %(*objectname) %(taggername) %(contents:subject)", "refs/tags/v0.5.0"); got != "tag "+head+" Rel Eng Release v0.5.0" {
		t.Errorf("created tag = %q", got)
	}
	if _, err := r.CreateTag("v0.5.0", head, "again", id, fixedTime); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second CreateTag = %v", err)
	}
}

var fixedTime = time.Date(2025, 1, 27, 12, 0, 0, 0, time.UTC)
