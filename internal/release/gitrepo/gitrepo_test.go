package gitrepo

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
)

func TestMain(m *testing.M) {
	cleanup := gittest.Isolate()
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// both runs f once with the git CLI and once with go-git alone, on a
// fresh Open each time so that caches do not leak between the two.
func both(t *testing.T, dir string, f func(t *testing.T, r *Repo)) {
	for _, cli := range []bool{true, false} {
		name := "go-git"
		if cli {
			name = "git-cli"
		}
		t.Run(name, func(t *testing.T) {
			r, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			r.UseGitCLI(cli)
			if cli && r.gitBin == "" {
				t.Skip("git is not installed")
			}
			f(t, r)
		})
	}
}

func TestOpenFromSubdirectoryFindsRoot(t *testing.T) {
	g := gittest.New(t)
	g.Write("a/b/c.txt", "x")
	g.Commit("init")
	r, err := Open(filepath.Join(g.Dir, "a", "b"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.EvalSymlinks(g.Dir)
	if r.Root() != want {
		t.Errorf("Root() = %q, want %q", r.Root(), want)
	}
}

func TestOpenOutsideRepositoryIsErrNotRepository(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(dir)
	if !errors.Is(err, ErrNotRepository) {
		t.Fatalf("Open(%q) error = %v, want ErrNotRepository", dir, err)
	}
	if _, err := Open(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Open(missing) error = %v, want 'does not exist'", err)
	}
}

func TestHeadOfEmptyRepositoryIsErrNoCommits(t *testing.T) {
	g := gittest.New(t)
	r, err := Open(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Head(); !errors.Is(err, ErrNoCommits) {
		t.Errorf("Head() error = %v, want ErrNoCommits", err)
	}
}

func TestHeadBranchAndDetached(t *testing.T) {
	g := gittest.New(t)
	first := g.Commit("one")
	second := g.Commit("two")
	r, _ := Open(g.Dir)
	hash, branch, err := r.Head()
	if err != nil || hash != second || branch != "main" {
		t.Fatalf("Head() = %q, %q, %v; want %q, main", hash, branch, err, second)
	}
	g.Git("checkout", "-q", "--detach", first)
	hash, branch, err = r.Head()
	if err != nil || hash != first || branch != "" {
		t.Fatalf("detached Head() = %q, %q, %v; want %q, \"\"", hash, branch, err, first)
	}
}

// tagFixture has a lightweight, an annotated, a nested and a
// tag-of-a-tag tag, with refs packed so that packed-refs must be read.
func tagFixture(t *testing.T) (g *gittest.Repo, first, second string) {
	g = gittest.New(t)
	first = g.Commit("one")
	g.Git("tag", "v0.4.64")
	second = g.Commit("two")
	g.Git("tag", "-a", "-m", "release", "v0.5.0")
	g.Git("tag", "-a", "-m", "api", "api/v0.5.0", first)
	g.Git("tag", "-a", "-m", "outer", "outer", "v0.5.0")
	g.Git("tag", "tree-tag", "HEAD^{tree}")
	g.Git("pack-refs", "--all")
	if _, err := os.Stat(filepath.Join(g.Dir, ".git", "refs", "tags", "v0.5.0")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("pack-refs left a loose ref behind")
	}
	return g, first, second
}

func TestTagsAndLookup(t *testing.T) {
	g, first, second := tagFixture(t)
	both(t, g.Dir, func(t *testing.T, r *Repo) {
		tags, err := r.Tags()
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"api/v0.5.0", "outer", "tree-tag", "v0.4.64", "v0.5.0"}
		if !reflect.DeepEqual(tags, want) {
			t.Errorf("Tags() = %q, want %q", tags, want)
		}
		cases := []struct {
			name      string
			exists    bool
			commit    string
			annotated bool
		}{
			{"v0.4.64", true, first, false},
			{"v0.5.0", true, second, true},
			{"api/v0.5.0", true, first, true},
			{"outer", true, second, true},
			{"tree-tag", true, "", false},
			{"v9.9.9", false, "", false},
			{"0.5.0", false, "", false},
		}
		for _, c := range cases {
			exists, commit, annotated, err := r.LookupTag(c.name)
			if err != nil || exists != c.exists || commit != c.commit || annotated != c.annotated {
				t.Errorf("LookupTag(%q) = %v, %q, %v, %v; want %v, %q, %v", c.name, exists, commit, annotated, err, c.exists, c.commit, c.annotated)
			}
		}
	})
}

func TestLinkedWorktreeSeesMainRepositoryTags(t *testing.T) {
	g, _, second := tagFixture(t)
	wt := filepath.Join(t.TempDir(), "wt")
	g.Git("worktree", "add", "-q", "-b", "release/0.5", wt)
	both(t, wt, func(t *testing.T, r *Repo) {
		want, _ := filepath.EvalSymlinks(wt)
		if r.Root() != want {
			t.Errorf("Root() = %q, want the worktree %q", r.Root(), want)
		}
		exists, commit, annotated, err := r.LookupTag("v0.5.0")
		if err != nil || !exists || commit != second || !annotated {
			t.Errorf("LookupTag(v0.5.0) from worktree = %v, %q, %v, %v", exists, commit, annotated, err)
		}
		_, branch, err := r.Head()
		if err != nil || branch != "release/0.5" {
			t.Errorf("Head() branch = %q, %v; want release/0.5", branch, err)
		}
		shallow, err := r.IsShallow()
		if err != nil || shallow {
			t.Errorf("IsShallow() = %v, %v; want false", shallow, err)
		}
	})
}

func TestShallowCloneIsDetected(t *testing.T) {
	g := gittest.New(t)
	g.Commit("one")
	g.Git("tag", "v0.1.0")
	g.Commit("two")
	full, _ := Open(g.Dir)
	if shallow, err := full.IsShallow(); err != nil || shallow {
		t.Fatalf("full clone: IsShallow() = %v, %v", shallow, err)
	}
	clone := filepath.Join(t.TempDir(), "clone")
	g.Git("clone", "-q", "--depth", "1", "file://"+g.Dir, clone)
	// The shallow file lives in the common directory, so a worktree of
	// the shallow clone is shallow too.
	wt := filepath.Join(t.TempDir(), "wt")
	gittest.At(t, clone).Git("worktree", "add", "-q", "--detach", wt)
	for _, dir := range []string{clone, wt} {
		both(t, dir, func(t *testing.T, r *Repo) {
			if shallow, err := r.IsShallow(); err != nil || !shallow {
				t.Errorf("IsShallow() in %s = %v, %v; want true", dir, shallow, err)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	g := gittest.New(t)
	g.Write("keep.txt", "k")
	g.Write("mod.txt", "m")
	g.Write("staged.txt", "s")
	g.Write("old name.txt", "r")
	g.Write(".gitignore", "ignored.log\n")
	g.Commit("init")
	g.Write("mod.txt", "changed")
	g.Write("staged.txt", "changed")
	g.Git("add", "staged.txt")
	g.Git("mv", "old name.txt", "new name.txt")
	g.Write("dir/untracked.txt", "u")
	g.Write("ignored.log", "i")
	both(t, g.Dir, func(t *testing.T, r *Repo) {
		modified, untracked, err := r.Status()
		if err != nil {
			t.Fatal(err)
		}
		// go-git reports a rename as a deletion and an addition.
		wantMod := []string{"mod.txt", "new name.txt", "staged.txt"}
		got := modified
		if r.gitBin == "" {
			got = without(modified, "old name.txt")
		}
		if !reflect.DeepEqual(got, wantMod) {
			t.Errorf("modified = %q, want %q", modified, wantMod)
		}
		if want := []string{"dir/untracked.txt"}; !reflect.DeepEqual(untracked, want) {
			t.Errorf("untracked = %q, want %q", untracked, want)
		}
	})
}

func without(list []string, drop string) []string {
	var out []string
	for _, s := range list {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

func TestStatusCleanTree(t *testing.T) {
	g := gittest.New(t)
	g.Write("a.txt", "a")
	g.Commit("init")
	both(t, g.Dir, func(t *testing.T, r *Repo) {
		modified, untracked, err := r.Status()
		if err != nil || len(modified) != 0 || len(untracked) != 0 {
			t.Errorf("Status() = %q, %q, %v; want clean", modified, untracked, err)
		}
	})
}

func TestParsePorcelainZ(t *testing.T) {
	out := "R  new.txt\x00old.txt\x00 M mod.txt\x00?? new dir/x.txt\x00A  add.txt\x00!! ign\x00"
	modified, untracked := parsePorcelainZ([]byte(out))
	if want := []string{"add.txt", "mod.txt", "new.txt"}; !reflect.DeepEqual(modified, want) {
		t.Errorf("modified = %q, want %q", modified, want)
	}
	if want := []string{"new dir/x.txt"}; !reflect.DeepEqual(untracked, want) {
		t.Errorf("untracked = %q, want %q", untracked, want)
	}
	if m, u := parsePorcelainZ(nil); m != nil || u != nil {
		t.Errorf("empty output gave %q, %q", m, u)
	}
}

func TestTrackedFiles(t *testing.T) {
	g := gittest.New(t)
	g.Write("apps/web/package.json", "{}")
	g.Write("space name.txt", "x")
	g.Write("ünïcode.txt", "x")
	g.Commit("init")
	g.Write("untracked.txt", "x")
	both(t, g.Dir, func(t *testing.T, r *Repo) {
		files, err := r.TrackedFiles()
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"apps/web/package.json", "space name.txt", "ünïcode.txt"}
		if !reflect.DeepEqual(files, want) {
			t.Errorf("TrackedFiles() = %q, want %q", files, want)
		}
	})
}

func TestBranchesContaining(t *testing.T) {
	g := gittest.New(t)
	base := g.Commit("base")
	g.Git("branch", "release/0.5")
	g.Git("checkout", "-q", "-b", "feature")
	feature := g.Commit("feature work")
	g.Git("checkout", "-q", "main")
	both(t, g.Dir, func(t *testing.T, r *Repo) {
		got, err := r.BranchesContaining(base)
		if want := []string{"feature", "main", "release/0.5"}; err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("BranchesContaining(base) = %q, %v; want %q", got, err, want)
		}
		got, err = r.BranchesContaining(feature)
		if want := []string{"feature"}; err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("BranchesContaining(feature) = %q, %v; want %q", got, err, want)
		}
	})
}

// TestBranchesContainingRemote: a clone checked out at a tag often has
// only the default branch locally; the release branch is remote-tracking.
// A remote's HEAD symref is not a branch.
func TestBranchesContainingRemote(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base")
	g.Git("checkout", "-q", "-b", "9.1.x")
	fix := g.Commit("the fix")
	g.Git("update-ref", "refs/remotes/origin/9.1.x", fix)
	g.Git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/9.1.x")
	g.Git("checkout", "-q", "main")
	g.Git("branch", "-D", "9.1.x")
	both(t, g.Dir, func(t *testing.T, r *Repo) {
		got, err := r.BranchesContaining(fix)
		if want := []string{"remotes/origin/9.1.x"}; err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("BranchesContaining(fix) = %q, %v; want %q", got, err, want)
		}
	})
}

func TestReadFile(t *testing.T) {
	g := gittest.New(t)
	g.Write("CHANGELOG.md", "# Changelog\n")
	g.Write("docs/inside.md", "inside")
	outside := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(outside, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustSymlink(t, outside, filepath.Join(g.Dir, "escape.md"))
	mustSymlink(t, filepath.Dir(outside), filepath.Join(g.Dir, "escdir"))
	mustSymlink(t, "docs/inside.md", filepath.Join(g.Dir, "link.md"))
	big, err := os.Create(filepath.Join(g.Dir, "huge.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	big.Close()
	r, err := Open(g.Dir)
	if err != nil {
		t.Fatal(err)
	}

	for rel, want := range map[string]string{"CHANGELOG.md": "# Changelog\n", "link.md": "inside", "./docs/../docs/inside.md": "inside"} {
		data, err := r.ReadFile(rel)
		if err != nil || string(data) != want {
			t.Errorf("ReadFile(%q) = %q, %v; want %q", rel, data, err, want)
		}
	}
	refused := map[string]string{
		"escape.md":        "outside the repository",
		"escdir/secret":    "outside the repository",
		"../secret":        "outside the repository",
		"/etc/passwd":      "absolute path",
		"huge.bin":         "over the 10 MiB limit",
		"docs":             "docs is a directory, not a file",
		"":                 "empty file name",
		"missing/file.txt": "does not exist",
	}
	for rel, want := range refused {
		data, err := r.ReadFile(rel)
		if err == nil || !strings.Contains(err.Error(), want) || data != nil {
			t.Errorf("ReadFile(%q) = %d bytes, %v; want an error containing %q", rel, len(data), err, want)
			continue
		}
		if rel != "" && !strings.Contains(err.Error(), rel) {
			t.Errorf("ReadFile(%q) error %q does not name the file", rel, err)
		}
	}
	if _, err := r.ReadFile("missing/file.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file error %v is not fs.ErrNotExist", err)
	}
	if _, err := r.ReadFile("escape.md"); errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused symlink must not look like a missing file")
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlinks unsupported: %v", err)
	}
}

func TestTaggerFromConfigAndEnvironment(t *testing.T) {
	g := gittest.New(t)
	g.Commit("init")
	both(t, g.Dir, func(t *testing.T, r *Repo) {
		r.SetGetenv(func(string) string { return "" })
		if _, err := r.Tagger(); !errors.Is(err, ErrNoIdentity) {
			t.Errorf("Tagger() without identity error = %v, want ErrNoIdentity", err)
		}
	})
	g.Git("config", "user.name", "Rel Eng")
	g.Git("config", "user.email", "releng@example.com")
	both(t, g.Dir, func(t *testing.T, r *Repo) {
		r.SetGetenv(func(string) string { return "" })
		id, err := r.Tagger()
		if err != nil || id != (Identity{"Rel Eng", "releng@example.com"}) {
			t.Errorf("Tagger() = %+v, %v", id, err)
		}
		r.SetGetenv(func(k string) string {
			return map[string]string{"GIT_COMMITTER_NAME": "CI Bot"}[k]
		})
		id, err = r.Tagger()
		if err != nil || id != (Identity{"CI Bot", "releng@example.com"}) {
			t.Errorf("Tagger() with GIT_COMMITTER_NAME = %+v, %v", id, err)
		}
	})
}

func TestCreateTagWritesAnnotatedTagThatGitReads(t *testing.T) {
	g := gittest.New(t)
	head := g.Commit("init")
	r, _ := Open(g.Dir)
	when := time.Date(2025, 1, 27, 12, 0, 0, 0, time.UTC)
	if _, err := r.CreateTag("v0.5.0", head, "Release v0.5.0", Identity{"Rel Eng", "releng@example.com"}, when); err != nil {
		t.Fatal(err)
	}
	if got := g.Git("cat-file", "-t", "v0.5.0"); got != "tag" {
		t.Errorf("git cat-file -t v0.5.0 = %q, want tag", got)
	}
	if got := g.Git("rev-parse", "v0.5.0^{commit}"); got != head {
		t.Errorf("tag peels to %q, want HEAD %q", got, head)
	}
	if got := g.Git("for-each-ref", "--format=%(taggername) %(taggeremail) %(contents:subject)", "refs/tags/v0.5.0"); got != "Rel Eng <releng@example.com> Release v0.5.0" {
		t.Errorf("tag metadata = %q", got)
	}
	if _, err := r.CreateTag("v0.5.0", head, "again", Identity{"a", "b"}, when); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second CreateTag error = %v, want 'already exists'", err)
	}
}

// TestPrefetchWithGoGitOnPackedRepository asks every question while
// Prefetch is answering them in the background, with go-git alone on a
// packed repository, where go-git's shared pack readers are not safe for
// concurrent use.
func TestPrefetchWithGoGitOnPackedRepository(t *testing.T) {
	g := gittest.New(t)
	for i := range 40 {
		g.Write("f.txt", strings.Repeat("x", i+1))
		g.Commit("c")
		g.Git("tag", "-a", "-m", "t", "v0.0."+strconv.Itoa(i))
	}
	g.Git("gc", "-q")
	for range 5 {
		r, err := Open(g.Dir)
		if err != nil {
			t.Fatal(err)
		}
		r.UseGitCLI(false)
		r.Prefetch()
		head, _, err := r.Head()
		if err != nil {
			t.Fatal(err)
		}
		tags, err := r.Tags()
		if err != nil || len(tags) != 40 {
			t.Fatalf("Tags() = %d tags, %v", len(tags), err)
		}
		exists, commit, annotated, err := r.LookupTag("v0.0.39")
		if err != nil || !exists || commit != head || !annotated {
			t.Fatalf("LookupTag = %v %q %v %v, want HEAD %q", exists, commit, annotated, err, head)
		}
		if files, err := r.TrackedFiles(); err != nil || len(files) != 1 {
			t.Fatalf("TrackedFiles() = %q, %v", files, err)
		}
		if m, u, err := r.Status(); err != nil || len(m)+len(u) != 0 {
			t.Fatalf("Status() = %q %q %v", m, u, err)
		}
	}
}

func FuzzParsePorcelainZ(f *testing.F) {
	f.Add([]byte("R  new.txt\x00old.txt\x00 M mod.txt\x00?? x\x00"))
	f.Add([]byte("C  a\x00"))
	f.Add([]byte("??\x00"))
	f.Fuzz(func(t *testing.T, out []byte) {
		modified, untracked := parsePorcelainZ(out)
		for _, p := range append(modified, untracked...) {
			if strings.Contains(p, "\x00") {
				t.Fatalf("path %q contains NUL", p)
			}
		}
	})
}
