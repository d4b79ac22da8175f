package releasecmd

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
	"github.com/relguard/relguard/internal/release/guard"
)

func TestMain(m *testing.M) {
	cleanup := gittest.Isolate()
	code := m.Run()
	cleanup()
	os.Exit(code)
}

const changelog050 = "# Changelog\n\n## [0.5.0] - 2025-01-27\n\n- Fix the logout 500.\n\n## [0.4.64] - 2025-01-20\n\n- Rate limits.\n"

// releaseRepo is a repository ready to release 0.5.0 on main: v0.4.64 is
// tagged on the first commit and the changelog has a 0.5.0 section.
func releaseRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	g := gittest.New(t)
	g.Write("CHANGELOG.md", "# Changelog\n\n## [0.4.64] - 2025-01-20\n\n- Rate limits.\n")
	g.Commit("release 0.4.64")
	g.Git("tag", "-a", "-m", "v0.4.64", "v0.4.64")
	g.Write("CHANGELOG.md", changelog050)
	g.Commit("prepare 0.5.0")
	return g
}

type outcome struct {
	code           int
	stdout, stderr string
	report         guard.Report
}

func run(t *testing.T, cmd func([]string, io.Writer, io.Writer) int, args ...string) outcome {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cmd(args, &stdout, &stderr)
	o := outcome{code: code, stdout: stdout.String(), stderr: stderr.String()}
	for _, s := range []string{o.stdout, o.stderr} {
		if strings.Contains(s, "panic") || strings.Contains(s, "goroutine ") {
			t.Fatalf("output contains a panic:\n%s", s)
		}
	}
	return o
}

// checkJSON runs `relguard check` with --format json and decodes the report.
func checkJSON(t *testing.T, args ...string) outcome {
	t.Helper()
	o := run(t, Check, append(args, "--format", "json")...)
	if o.code != 2 {
		dec := json.NewDecoder(strings.NewReader(o.stdout))
		if err := dec.Decode(&o.report); err != nil {
			t.Fatalf("stdout is not a JSON report: %v\n%s\nstderr: %s", err, o.stdout, o.stderr)
		}
		if dec.More() {
			t.Fatalf("stdout holds more than one JSON value:\n%s", o.stdout)
		}
	}
	return o
}

// results returns the results with the ID.
func (o outcome) results(id string) []guard.Result {
	var out []guard.Result
	for _, r := range o.report.Checks {
		if r.ID == id {
			out = append(out, r)
		}
	}
	return out
}

// want asserts that the check's results include one with the status
// whose message contains fragment.
func (o outcome) want(t *testing.T, id string, status guard.Status, fragment string) guard.Result {
	t.Helper()
	for _, r := range o.results(id) {
		if r.Status == status && strings.Contains(r.Message, fragment) {
			return r
		}
	}
	t.Errorf("no %s result %s containing %q; got %+v\nstderr: %s", id, status, fragment, o.results(id), o.stderr)
	return guard.Result{}
}

// noFail asserts that the check has no failed result.
func (o outcome) noFail(t *testing.T, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if len(o.results(id)) == 0 {
			t.Errorf("check %s is missing from the report", id)
		}
		for _, r := range o.results(id) {
			if r.Status == guard.Fail {
				t.Errorf("%s failed: %s (%s)", id, r.Message, r.Hint)
			}
		}
	}
}

var gitChecks = []string{"git.shallow", "git.dirty", "git.branch", "tag.exists-elsewhere", "tag.annotated", "version.newer"}

func TestCheckPassesOnAReadyRepository(t *testing.T) {
	g := releaseRepo(t)
	o := checkJSON(t, "0.5.0", "--repo", g.Dir)
	o.noFail(t, gitChecks...)
	o.want(t, "version.newer", guard.Pass, "0.5.0 follows the last release v0.4.64")
	o.want(t, "git.branch", guard.Pass, "HEAD is on branch main")
	o.want(t, "tag.exists-elsewhere", guard.Pass, "tag v0.5.0 does not exist yet")
	if o.code != 0 || !o.report.OK {
		t.Errorf("exit %d, ok=%v; want 0, true\n%s", o.code, o.report.OK, o.stdout)
	}
	if o.report.Version != "0.5.0" || o.report.Tag != "v0.5.0" {
		t.Errorf("report version %q tag %q", o.report.Version, o.report.Tag)
	}
	// v-prefixed VERSION and flags before the version give the same answer.
	o2 := checkJSON(t, "--repo", g.Dir, "v0.5.0")
	if o2.code != 0 || o2.report.Tag != "v0.5.0" || o2.report.Version != "0.5.0" {
		t.Errorf("v0.5.0: exit %d, %+v", o2.code, o2.report)
	}
}

func TestCheckFindsRepositoryFromSubdirectory(t *testing.T) {
	g := releaseRepo(t)
	g.Write("services/api/app.py", "print()\n")
	g.Commit("api")
	t.Chdir(filepath.Join(g.Dir, "services", "api"))
	o := checkJSON(t, "0.5.0")
	o.noFail(t, gitChecks...)
	o.want(t, "version.newer", guard.Pass, "v0.4.64")
}

func TestCheckPackedRefs(t *testing.T) {
	g := releaseRepo(t)
	g.Git("tag", "v0.5.0", "HEAD~1") // an existing tag on another commit
	g.Git("pack-refs", "--all")
	o := checkJSON(t, "0.5.0", "--repo", g.Dir)
	r := o.want(t, "tag.exists-elsewhere", guard.Fail, "tag v0.5.0 already exists on commit")
	if !strings.Contains(r.Hint, "git tag -d v0.5.0") {
		t.Errorf("hint %q", r.Hint)
	}
	if o.code != 1 {
		t.Errorf("exit %d, want 1", o.code)
	}
	o = checkJSON(t, "0.5.1", "--repo", g.Dir)
	o.want(t, "version.newer", guard.Pass, "0.5.1 follows the last release v0.5.0")
}

func TestCheckLinkedWorktreeSeesMainRepositoryTags(t *testing.T) {
	g := releaseRepo(t)
	wt := filepath.Join(t.TempDir(), "release-wt")
	g.Git("worktree", "add", "-q", "-b", "release/0.5", wt)
	o := checkJSON(t, "0.5.0", "--repo", wt)
	o.noFail(t, gitChecks...)
	o.want(t, "version.newer", guard.Pass, "v0.4.64")
	o.want(t, "git.branch", guard.Pass, "release/0.5")
	// A tag created in the main checkout is visible from the worktree,
	// also when relguard starts in one of the worktree's subdirectories.
	g.Git("tag", "v0.5.0", "HEAD~1")
	sub := filepath.Join(wt, "docs")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	o = checkJSON(t, "0.5.0")
	o.want(t, "tag.exists-elsewhere", guard.Fail, "already exists")
	o.want(t, "git.branch", guard.Pass, "release/0.5")
}

func TestCheckDetachedHead(t *testing.T) {
	g := releaseRepo(t)
	g.Git("checkout", "-q", "--detach")
	o := checkJSON(t, "0.5.0", "--repo", g.Dir)
	o.want(t, "git.branch", guard.Pass, "which branch main contains")

	// A commit that only a feature branch contains.
	g.Git("checkout", "-q", "-b", "feature")
	g.Write("f.txt", "f")
	g.Commit("feature")
	g.Git("checkout", "-q", "--detach")
	o = checkJSON(t, "0.5.0", "--repo", g.Dir)
	r := o.want(t, "git.branch", guard.Fail, "it is only on feature")
	if o.code != 1 || r.Hint == "" {
		t.Errorf("exit %d hint %q", o.code, r.Hint)
	}

	t.Setenv("GITHUB_REF_NAME", "main")
	o = checkJSON(t, "0.5.0", "--repo", g.Dir)
	o.want(t, "git.branch", guard.Pass, "GITHUB_REF_NAME names branch main")

	t.Setenv("GITHUB_REF_TYPE", "tag")
	o = checkJSON(t, "0.5.0", "--repo", g.Dir)
	o.want(t, "git.branch", guard.Fail, "only on feature")
}

func TestCheckShallowCloneFailsAndNeverClaimsFirstRelease(t *testing.T) {
	g := releaseRepo(t)
	clone := filepath.Join(t.TempDir(), "clone")
	g.Git("clone", "-q", "--depth", "1", "--no-tags", "file://"+g.Dir, clone)
	o := checkJSON(t, "0.5.0", "--repo", clone)
	r := o.want(t, "git.shallow", guard.Fail, "shallow")
	if !strings.Contains(r.Hint, "git fetch --tags --unshallow") || !strings.Contains(r.Hint, "fetch-depth: 0") {
		t.Errorf("hint %q", r.Hint)
	}
	o.want(t, "version.newer", guard.Fail, "the clone is shallow")
	for _, res := range o.results("version.newer") {
		if strings.Contains(res.Message, "first release") {
			t.Errorf("shallow clone inferred a first release: %q", res.Message)
		}
	}
	if o.code != 1 {
		t.Errorf("exit %d, want 1", o.code)
	}
}

func TestCheckTagKinds(t *testing.T) {
	t.Run("lightweight at HEAD warns, post-tag fails", func(t *testing.T) {
		g := releaseRepo(t)
		g.Git("tag", "v0.5.0")
		o := checkJSON(t, "0.5.0", "--repo", g.Dir)
		o.want(t, "tag.exists-elsewhere", guard.Pass, "already points at HEAD")
		o.want(t, "tag.annotated", guard.Warn, "lightweight")
		o.want(t, "version.newer", guard.Pass, "v0.4.64")
		o = checkJSON(t, "0.5.0", "--repo", g.Dir, "--post-tag")
		o.want(t, "tag.annotated", guard.Fail, "lightweight")
		if o.code != 1 {
			t.Errorf("exit %d, want 1", o.code)
		}
		g.Write("relguard.yaml", "git:\n  require_annotated: true\n")
		g.Commit("config")
		g.Git("tag", "-f", "v0.5.0")
		o = checkJSON(t, "0.5.0", "--repo", g.Dir)
		o.want(t, "tag.annotated", guard.Fail, "an annotated tag is required")
	})
	t.Run("annotated at HEAD passes post-tag", func(t *testing.T) {
		g := releaseRepo(t)
		g.Git("tag", "-a", "-m", "Release v0.5.0", "v0.5.0")
		o := checkJSON(t, "0.5.0", "--repo", g.Dir, "--post-tag")
		o.noFail(t, gitChecks...)
		o.want(t, "tag.annotated", guard.Pass, "annotated")
	})
	t.Run("post-tag without the tag fails", func(t *testing.T) {
		g := releaseRepo(t)
		o := checkJSON(t, "0.5.0", "--repo", g.Dir, "--post-tag")
		o.want(t, "tag.exists-elsewhere", guard.Fail, "--post-tag expects it")
	})
	t.Run("nested tags with a template prefix", func(t *testing.T) {
		g := releaseRepo(t)
		g.Git("tag", "-a", "-m", "api", "api/v0.4.0", "HEAD~1")
		g.Git("tag", "-a", "-m", "web", "web/v2.0.0", "HEAD~1")
		g.Write("relguard.yaml", "tag_prefix: api/v\n")
		g.Commit("config")
		o := checkJSON(t, "0.4.1", "--repo", g.Dir)
		if o.report.Tag != "api/v0.4.1" {
			t.Errorf("tag %q, want api/v0.4.1", o.report.Tag)
		}
		o.want(t, "version.newer", guard.Pass, "0.4.1 follows the last release api/v0.4.0")
		o = checkJSON(t, "0.3.0", "--repo", g.Dir)
		o.want(t, "version.newer", guard.Fail, "lower than the last release api/v0.4.0")
	})
}

func TestCheckPreReleaseOrdering(t *testing.T) {
	g := releaseRepo(t)
	g.Git("tag", "-a", "-m", "rc1", "v0.5.0-rc.1", "HEAD~1")
	o := checkJSON(t, "0.5.0-rc.2", "--repo", g.Dir)
	o.want(t, "version.newer", guard.Pass, "0.5.0-rc.2 follows the last release v0.5.0-rc.1")
	if o.report.Tag != "v0.5.0-rc.2" {
		t.Errorf("tag %q", o.report.Tag)
	}
	g.Git("tag", "-a", "-m", "rc2", "v0.5.0-rc.2", "HEAD~1")
	o = checkJSON(t, "0.5.0-rc.1", "--repo", g.Dir)
	o.want(t, "version.newer", guard.Fail, "0.5.0-rc.1 is lower than v0.5.0-rc.2, the last release of the 0.5 line")
	// A stable release compares with the highest stable tag.
	o = checkJSON(t, "0.5.0", "--repo", g.Dir)
	o.want(t, "version.newer", guard.Pass, "follows the last release v0.4.64")
	// The changelog has no 0.6.0 section; only the version step matters here.
	o = checkJSON(t, "0.6.0", "--repo", g.Dir, "--skip", "changelog.entry")
	o.want(t, "version.newer", guard.Warn, "skips a release after v0.4.64")
	if o.code != 0 {
		t.Errorf("a warning gave exit %d, want 0", o.code)
	}
}

func TestCheckDirtyWorkingTree(t *testing.T) {
	g := releaseRepo(t)
	g.Write("src/main.go", "package main\n")
	g.Write("dist/app.js", "1")
	g.Commit("code")

	g.Write("src/main.go", "package main // changed\n")
	o := checkJSON(t, "0.5.0", "--repo", g.Dir)
	r := o.want(t, "git.dirty", guard.Fail, "src/main.go is modified")
	if r.File != "src/main.go" || o.code != 1 {
		t.Errorf("file %q exit %d", r.File, o.code)
	}

	g.Git("checkout", "--", "src/main.go")
	g.Write("dist/app.js", "2")
	g.Git("add", "dist/app.js") // staged
	o = checkJSON(t, "0.5.0", "--repo", g.Dir)
	o.want(t, "git.dirty", guard.Fail, "dist/app.js is modified or staged")
	o = checkJSON(t, "0.5.0", "--repo", g.Dir, "--allow-dirty", "dist/**,*.tmp")
	o.want(t, "git.dirty", guard.Pass, "1 allowed by allow-dirty: dist/app.js")

	g.Git("reset", "-q", "--hard")
	g.Write("notes.tmp", "scratch")
	o = checkJSON(t, "0.5.0", "--repo", g.Dir)
	o.want(t, "git.dirty", guard.Warn, "1 untracked file(s): notes.tmp")
	if o.code != 0 {
		t.Errorf("untracked files gave exit %d, want 0", o.code)
	}

	g.Write("relguard.yaml", "git:\n  allow_dirty: [\"*.tmp\"]\n")
	g.Commit("config")
	o = checkJSON(t, "0.5.0", "--repo", g.Dir)
	if got := o.results("git.dirty"); len(got) != 1 || got[0].Status != guard.Pass {
		t.Errorf("git.allow_dirty did not silence notes.tmp: %+v", got)
	}
}

func TestCheckSkip(t *testing.T) {
	g := releaseRepo(t)
	g.Write("x.txt", "dirty")
	g.Commit("x")
	g.Write("x.txt", "dirtier")
	o := checkJSON(t, "0.5.0", "--repo", g.Dir, "--skip", "git.dirty,changelog.entry")
	o.want(t, "git.dirty", guard.Skip, "skipped by --skip")
	o.want(t, "changelog.entry", guard.Skip, "skipped by --skip")
	if len(o.results("git.dirty")) != 1 || o.code != 0 {
		t.Errorf("exit %d, git.dirty %+v", o.code, o.results("git.dirty"))
	}
}

// TestBadInputs covers every way the command line, the configuration or
// the repository can be wrong: each gives exit 2 and one clear line.
func TestBadInputs(t *testing.T) {
	good := releaseRepo(t)
	empty := gittest.New(t)
	notRepo := t.TempDir()
	bare := t.TempDir()
	gittest.At(t, bare).Git("init", "-q", "--bare")
	withConfig := func(content string) string {
		g := releaseRepo(t)
		g.Write("relguard.yaml", content)
		g.Commit("config")
		return g.Dir
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no version", []string{"--repo", good.Dir}, "missing VERSION"},
		{"two versions", []string{"0.5.0", "0.6.0", "--repo", good.Dir}, "expected one VERSION, got 2"},
		{"0.5", []string{"0.5", "--repo", good.Dir}, `"0.5" is not a semantic version`},
		{"0.5.00", []string{"0.5.00", "--repo", good.Dir}, `"0.5.00" is not a semantic version`},
		{"00.5.0", []string{"00.5.0", "--repo", good.Dir}, `"00.5.0" is not a semantic version`},
		{"bare v", []string{"v", "--repo", good.Dir}, `"v" is not a semantic version`},
		{"vv", []string{"vv0.5.0", "--repo", good.Dir}, `"vv0.5.0" is not a semantic version`},
		{"empty", []string{"", "--repo", good.Dir}, `"" is not a semantic version`},
		{"four parts", []string{"0.5.0.1", "--repo", good.Dir}, "is not a semantic version"},
		{"word", []string{"latest", "--repo", good.Dir}, "is not a semantic version"},
		{"unknown flag", []string{"0.5.0", "--bogus"}, "flag provided but not defined: -bogus"},
		{"unknown format", []string{"0.5.0", "--repo", good.Dir, "--format", "xml"}, `unknown --format "xml"`},
		{"unknown skip ID", []string{"0.5.0", "--repo", good.Dir, "--skip", "git.dirty,git.nope"}, `unknown check ID "git.nope" in --skip; the IDs are changelog.entry,`},
		{"bad allow-dirty glob", []string{"0.5.0", "--repo", good.Dir, "--allow-dirty", "[abc"}, "unclosed ["},
		{"not a repository", []string{"0.5.0", "--repo", notRepo}, "is not inside a git repository"},
		{"missing repo dir", []string{"0.5.0", "--repo", filepath.Join(notRepo, "nope")}, "does not exist"},
		{"empty repository", []string{"0.5.0", "--repo", empty.Dir}, "has no commits yet"},
		{"bare repository", []string{"0.5.0", "--repo", bare}, "is a bare repository; run relguard in a checkout"},
		{"repo is a file", []string{"0.5.0", "--repo", filepath.Join(good.Dir, "CHANGELOG.md")}, "is not a directory"},
		{"malformed yaml", []string{"0.5.0", "--repo", withConfig("tag_prefix: [\n")}, "relguard.yaml:"},
		{"unknown config key", []string{"0.5.0", "--repo", withConfig("tagprefix: v\n")}, `relguard.yaml:1: unknown key "tagprefix"`},
		{"nested unknown key", []string{"0.5.0", "--repo", withConfig("git:\n  branchs: [main]\n")}, `relguard.yaml:2: unknown key "branchs"`},
		{"bad config glob", []string{"0.5.0", "--repo", withConfig("git:\n  branches: [\"[x\"]\n")}, "git.branches"},
		{"bad tag prefix", []string{"0.5.0", "--repo", withConfig("tag_prefix: \"my app/\"\n")}, "not a valid git tag name"},
		{"missing --config", []string{"0.5.0", "--repo", good.Dir, "--config", filepath.Join(notRepo, "nope.yaml")}, "cannot read configuration"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := run(t, Check, c.args...)
			if o.code != 2 {
				t.Errorf("exit %d, want 2\nstdout: %s\nstderr: %s", o.code, o.stdout, o.stderr)
			}
			if strings.Count(o.stderr, "\n") != 1 || !strings.HasSuffix(o.stderr, "\n") {
				t.Errorf("stderr is not one line: %q", o.stderr)
			}
			if !strings.Contains(o.stderr, c.want) {
				t.Errorf("stderr %q does not contain %q", o.stderr, c.want)
			}
			if o.stdout != "" {
				t.Errorf("stdout is not empty on a usage error: %q", o.stdout)
			}
		})
	}
}

// TestBadFilesFailTheirCheck covers files the checks read: each fails its
// check with a message naming the file, exit 1, never a panic.
func TestBadFilesFailTheirCheck(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "CHANGELOG.md")
	if err := os.WriteFile(outside, []byte(changelog050), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		prepare func(g *gittest.Repo)
		id      string
		want    string
	}{
		{"missing changelog", func(g *gittest.Repo) { g.Git("rm", "-q", "CHANGELOG.md"); g.Commit("rm") }, "changelog.entry", "CHANGELOG.md"},
		{"changelog symlink outside the repository", func(g *gittest.Repo) {
			g.Git("rm", "-q", "CHANGELOG.md")
			if err := os.Symlink(outside, filepath.Join(g.Dir, "CHANGELOG.md")); err != nil {
				t.Skip(err)
			}
			g.Commit("link")
		}, "changelog.entry", "outside the repository"},
		{"huge changelog", func(g *gittest.Repo) {
			g.Write("CHANGELOG.md", changelog050+strings.Repeat("x", 11<<20))
			g.Commit("huge")
		}, "changelog.entry", "limit"},
		{"malformed package.json", func(g *gittest.Repo) { g.Write("package.json", "{\"version\": \"0.5.0\",,}"); g.Commit("bad") }, "version.files", "package.json"},
		{"malformed pyproject.toml", func(g *gittest.Repo) { g.Write("pyproject.toml", "[project\nversion = \"0.5.0\"\n"); g.Commit("bad") }, "version.files", "pyproject.toml"},
		{"binary package.json", func(g *gittest.Repo) { g.Write("package.json", "\x00\x01\x02\xff"); g.Commit("bin") }, "version.files", "package.json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := releaseRepo(t)
			c.prepare(g)
			o := checkJSON(t, "0.5.0", "--repo", g.Dir)
			if o.code != 1 {
				t.Errorf("exit %d, want 1\n%s", o.code, o.stdout)
			}
			found := false
			for _, r := range o.results(c.id) {
				if r.Status == guard.Fail && strings.Contains(r.Message, c.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s has no failure mentioning %q: %+v", c.id, c.want, o.results(c.id))
			}
		})
	}
}

// snapshot hashes every file and symlink under dir, .git included.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			m[rel] = "link:" + target
		case d.IsDir():
			m[rel] = fmt.Sprintf("dir %v", info.Mode())
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m[rel] = fmt.Sprintf("%x %v %d", sha256.Sum256(data), info.Mode(), info.ModTime().UnixNano())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCheckAndNotesAreReadOnly(t *testing.T) {
	g := releaseRepo(t)
	g.Git("tag", "v0.5.0-rc.1", "HEAD~1")
	g.Git("pack-refs", "--all")
	// Rewrite a tracked file with the same content: its stat data no
	// longer matches the index, which `git status` would refresh.
	g.Write("CHANGELOG.md", changelog050)
	g.Write("untracked.txt", "u")
	wt := filepath.Join(t.TempDir(), "wt")
	g.Git("worktree", "add", "-q", "--detach", wt)
	before := snapshot(t, g.Dir)
	beforeWT := snapshot(t, wt)
	for _, format := range []string{"text", "json", "sarif", "github"} {
		run(t, Check, "0.5.0", "--repo", g.Dir, "--format", format)
		run(t, Check, "0.5.0", "--repo", wt, "--format", format, "--post-tag")
	}
	run(t, Notes, "0.5.0", "--repo", g.Dir)
	run(t, Notes, "0.5.0", "--repo", wt)
	run(t, Check, "0.6.0", "--repo", g.Dir, "--skip", "git.dirty")
	after := snapshot(t, g.Dir)
	afterWT := snapshot(t, wt)
	diff := func(a, b map[string]string) []string {
		var d []string
		for k, v := range a {
			if b[k] != v {
				d = append(d, k)
			}
		}
		for k := range b {
			if _, ok := a[k]; !ok {
				d = append(d, k+" (new)")
			}
		}
		sort.Strings(d)
		return d
	}
	if d := diff(before, after); len(d) > 0 {
		t.Errorf("check/notes changed the repository: %v", d)
	}
	if d := diff(beforeWT, afterWT); len(d) > 0 {
		t.Errorf("check/notes changed the worktree: %v", d)
	}
}

func TestJSONHasExactlyTheDocumentedKeys(t *testing.T) {
	g := releaseRepo(t)
	g.Write("CHANGELOG.md", "changed")
	o := run(t, Check, "0.5.0", "--repo", g.Dir, "--format", "json")
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(o.stdout), &top); err != nil {
		t.Fatal(err)
	}
	if keys := sortedKeys(top); !slices.Equal(keys, []string{"checks", "ok", "tag", "version"}) {
		t.Errorf("top-level keys %v", keys)
	}
	var checks []map[string]json.RawMessage
	if err := json.Unmarshal(top["checks"], &checks); err != nil || len(checks) == 0 {
		t.Fatalf("checks: %v %s", err, top["checks"])
	}
	for _, c := range checks {
		if keys := sortedKeys(c); !slices.Equal(keys, []string{"file", "hint", "id", "line", "message", "status"}) {
			t.Errorf("check keys %v", keys)
		}
	}
	if string(top["ok"]) != "false" || o.code != 1 {
		t.Errorf("ok=%s exit %d, want false and 1", top["ok"], o.code)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestTextOutput(t *testing.T) {
	g := releaseRepo(t)
	g.Write("CHANGELOG.md", changelog050+"\n") // modified tracked file
	g.Write("scratch.txt", "x")                // untracked
	o := run(t, Check, "0.5.0", "--repo", g.Dir, "--skip", "image.tags")
	if o.code != 1 {
		t.Fatalf("exit %d\n%s", o.code, o.stdout)
	}
	for _, want := range []string{
		"relguard check 0.5.0 (tag v0.5.0)\n",
		"✓ git.shallow ",
		"✗ git.dirty ",
		"CHANGELOG.md is modified or staged but not committed",
		"hint: commit or stash the change",
		"! git.dirty ",
		"- image.tags ",
		"failed",
		"not ready to release v0.5.0",
	} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, o.stdout)
		}
	}
	if strings.Contains(o.stdout, "\x1b[") {
		t.Errorf("colour escapes in non-terminal output")
	}
	orig := stdoutIsTerminal
	t.Cleanup(func() { stdoutIsTerminal = orig })
	stdoutIsTerminal = func(io.Writer) bool { return true }
	if o := run(t, Check, "0.5.0", "--repo", g.Dir); !strings.Contains(o.stdout, "\x1b[31m✗\x1b[0m") {
		t.Errorf("no colour on a terminal:\n%s", o.stdout)
	}
	t.Setenv("NO_COLOR", "1")
	if o := run(t, Check, "0.5.0", "--repo", g.Dir); strings.Contains(o.stdout, "\x1b[") {
		t.Errorf("NO_COLOR ignored:\n%s", o.stdout)
	}
}

func TestNotes(t *testing.T) {
	g := releaseRepo(t)
	o := run(t, Notes, "0.5.0", "--repo", g.Dir)
	if o.code != 0 || o.stdout != "- Fix the logout 500.\n" || o.stderr != "" {
		t.Errorf("notes 0.5.0: exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
	o = run(t, Notes, "v0.4.64", "--repo", g.Dir)
	if o.code != 0 || o.stdout != "- Rate limits.\n" {
		t.Errorf("notes v0.4.64: exit %d stdout %q", o.code, o.stdout)
	}
	o = run(t, Notes, "0.6.0", "--repo", g.Dir)
	if o.code != 1 || !strings.Contains(o.stderr, "no section for 0.6.0 in CHANGELOG.md") || o.stdout != "" {
		t.Errorf("notes 0.6.0: exit %d stderr %q stdout %q", o.code, o.stderr, o.stdout)
	}

	dir := t.TempDir()
	crlf := filepath.Join(dir, "HISTORY.md")
	content := "\ufeff# History\r\n\r\n## v1.2.0\r\n\r\n<!-- nothing yet -->\r\n\r\n## v1.1.0\r\n\r\n* Added X.\r\n* Fixed Y.\r\n"
	if err := os.WriteFile(crlf, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	o = run(t, Notes, "1.1.0", "--changelog", crlf)
	if o.code != 0 || o.stdout != "* Added X.\n* Fixed Y.\n" {
		t.Errorf("CRLF/BOM notes: exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
	o = run(t, Notes, "1.2.0", "--changelog", crlf)
	if o.code != 1 || !strings.Contains(o.stderr, "empty") || o.stdout != "" {
		t.Errorf("empty section: exit %d stderr %q", o.code, o.stderr)
	}
	// A section holding only a placeholder has no release notes: check
	// fails it, so notes must not print "TBD" for a release page.
	placeholder := filepath.Join(dir, "PLACEHOLDER.md")
	if err := os.WriteFile(placeholder, []byte("# Changelog\n\n## 1.3.0\n\nTBD\n\n## 1.2.0\n\n- Real notes.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o = run(t, Notes, "1.3.0", "--changelog", placeholder)
	if o.code != 1 || !strings.Contains(o.stderr, "holds only a placeholder (TBD), no release notes") || o.stdout != "" {
		t.Errorf("placeholder section: exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
	o = run(t, Notes, "1.2.0", "--changelog", filepath.Join(dir, "missing.md"))
	if o.code != 2 || !strings.Contains(o.stderr, "missing.md does not exist") {
		t.Errorf("missing changelog: exit %d stderr %q", o.code, o.stderr)
	}
	o = run(t, Notes, "1.2", "--changelog", crlf)
	if o.code != 2 || !strings.Contains(o.stderr, "not a semantic version") {
		t.Errorf("bad version: exit %d stderr %q", o.code, o.stderr)
	}
	o = run(t, Notes, "1.2.0", "--repo", t.TempDir())
	if o.code != 2 || !strings.Contains(o.stderr, "not inside a git repository") {
		t.Errorf("not a repo: exit %d stderr %q", o.code, o.stderr)
	}

	o = run(t, Notes, "1.2.0", "--changelog", dir)
	if o.code != 2 || !strings.Contains(o.stderr, dir+" is a directory, not a file") {
		t.Errorf("directory as changelog: exit %d stderr %q", o.code, o.stderr)
	}
	o = run(t, Notes, "1.2.0", "--changelog", "/dev/null")
	if o.code != 2 || !strings.Contains(o.stderr, "/dev/null is a device, not a file") {
		t.Errorf("device as changelog: exit %d stderr %q", o.code, o.stderr)
	}
	binary := filepath.Join(dir, "binary.md")
	if err := os.WriteFile(binary, []byte("\x00\xff\xfe## 1.2.0\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	o = run(t, Notes, "1.2.0", "--changelog", binary)
	if o.code != 2 || !strings.Contains(o.stderr, "binary.md: binary data, not a Markdown changelog") || o.stdout != "" {
		t.Errorf("binary changelog: exit %d stderr %q", o.code, o.stderr)
	}

	// notes needs no commit: release notes can be drafted in a new repository.
	fresh := gittest.New(t)
	fresh.Write("CHANGELOG.md", changelog050)
	o = run(t, Notes, "0.5.0", "--repo", fresh.Dir)
	if o.code != 0 || o.stdout != "- Fix the logout 500.\n" {
		t.Errorf("notes in a repository without commits: exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}

	// The changelog key of relguard.yaml names the file.
	g.Write("docs/CHANGES.md", "## 0.5.0\n\nDocs changelog.\n")
	g.Write("relguard.yaml", "changelog: docs/CHANGES.md\n")
	g.Commit("config")
	o = run(t, Notes, "0.5.0", "--repo", g.Dir)
	if o.code != 0 || o.stdout != "Docs changelog.\n" {
		t.Errorf("configured changelog: exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
}

func TestTagCreatesAnnotatedTagAtHead(t *testing.T) {
	g := releaseRepo(t)
	g.Git("config", "user.name", "Rel Eng")
	g.Git("config", "user.email", "releng@example.com")
	o := run(t, Tag, "0.5.0", "--repo", g.Dir, "-m", "Release 0.5.0: logout fix")
	if o.code != 0 {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", o.code, o.stdout, o.stderr)
	}
	if !strings.Contains(o.stdout, "created annotated tag v0.5.0") || !strings.Contains(o.stdout, "git push origin v0.5.0") {
		t.Errorf("stdout %q", o.stdout)
	}
	if got := g.Git("cat-file", "-t", "v0.5.0"); got != "tag" {
		t.Errorf("v0.5.0 is a %s, want an annotated tag", got)
	}
	if got, head := g.Git("rev-parse", "v0.5.0^{commit}"), g.Head(); got != head {
		t.Errorf("tag at %s, HEAD %s", got, head)
	}
	meta := g.Git("for-each-ref", "--format=%(taggername)|%(taggeremail)|%(contents)", "refs/tags/v0.5.0")
	if meta != "Rel Eng|<releng@example.com>|Release 0.5.0: logout fix" {
		t.Errorf("tag metadata %q", meta)
	}
	// The tag passes the post-tag check; re-running tag is a no-op.
	if o := checkJSON(t, "0.5.0", "--repo", g.Dir, "--post-tag"); o.code != 0 {
		t.Errorf("post-tag check after tag: exit %d\n%s", o.code, o.stdout)
	}
	o = run(t, Tag, "0.5.0", "--repo", g.Dir)
	if o.code != 0 || !strings.Contains(o.stdout, "already exists at HEAD; nothing to do") {
		t.Errorf("second tag: exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
}

func TestTagFromWorktreeIsVisibleInMainCheckout(t *testing.T) {
	g := releaseRepo(t)
	g.Git("config", "user.name", "Rel Eng")
	g.Git("config", "user.email", "releng@example.com")
	wt := filepath.Join(t.TempDir(), "wt")
	g.Git("worktree", "add", "-q", "-b", "release/0.5", wt)
	if o := run(t, Tag, "0.5.0", "--repo", wt); o.code != 0 {
		t.Fatalf("exit %d: %s %s", o.code, o.stdout, o.stderr)
	}
	if got := g.Git("tag", "-l", "v0.5.0"); got != "v0.5.0" {
		t.Errorf("main checkout does not see the tag: %q", got)
	}
}

func TestTagRefusesAndCreatesNothing(t *testing.T) {
	tagAbsent := func(t *testing.T, g *gittest.Repo) {
		t.Helper()
		if got := g.Git("tag", "-l", "v0.5.0"); got != "" {
			t.Errorf("tag v0.5.0 was created")
		}
	}
	t.Run("a failing check", func(t *testing.T) {
		g := releaseRepo(t)
		g.Git("config", "user.name", "Rel Eng")
		g.Git("config", "user.email", "releng@example.com")
		g.Write("CHANGELOG.md", "dirty")
		o := run(t, Tag, "0.5.0", "--repo", g.Dir)
		if o.code != 1 || !strings.Contains(o.stderr, "not tagging v0.5.0") || !strings.Contains(o.stdout, "✗ git.dirty") {
			t.Errorf("exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
		}
		tagAbsent(t, g)
	})
	t.Run("no identity", func(t *testing.T) {
		g := releaseRepo(t)
		o := run(t, Tag, "0.5.0", "--repo", g.Dir)
		if o.code != 2 || !strings.Contains(o.stderr, "git config user.name") {
			t.Errorf("exit %d stderr %q", o.code, o.stderr)
		}
		tagAbsent(t, g)
	})
	t.Run("sign without a signing key", func(t *testing.T) {
		t.Setenv("GNUPGHOME", t.TempDir()) // an empty keyring
		g := releaseRepo(t)
		g.Git("config", "user.name", "Rel Eng")
		g.Git("config", "user.email", "releng@example.com")
		o := run(t, Tag, "0.5.0", "--repo", g.Dir, "--sign")
		if o.code != 2 || !strings.Contains(o.stderr, "git could not sign tag v0.5.0") || !strings.Contains(o.stderr, "user.signingkey") {
			t.Errorf("exit %d stderr %q", o.code, o.stderr)
		}
		tagAbsent(t, g)
	})
	t.Run("bad version", func(t *testing.T) {
		g := releaseRepo(t)
		if o := run(t, Tag, "0.5", "--repo", g.Dir); o.code != 2 {
			t.Errorf("exit %d", o.code)
		}
		tagAbsent(t, g)
	})
}

func TestHelpExitsZero(t *testing.T) {
	for _, cmd := range []func([]string, io.Writer, io.Writer) int{Check, Notes, Tag} {
		o := run(t, cmd, "-h")
		if o.code != 0 || !strings.Contains(o.stdout, "usage: relguard") || o.stderr != "" {
			t.Errorf("-h: exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
		}
	}
}

// TestRunbookMonorepoZeroConfig is the user story: the runbook's monorepo
// with no relguard.yaml.
func TestRunbookMonorepoZeroConfig(t *testing.T) {
	g := gittest.New(t)
	copyTree(t, filepath.Join("..", "..", "testdata", "release", "runbook"), g.Dir)
	g.Write("apps/web/package.json", strings.Replace(readFixture(t, "apps/web/package.json"), "0.5.0", "0.4.64", 1))
	g.Write("services/api/pyproject.toml", strings.Replace(readFixture(t, "services/api/pyproject.toml"), "0.5.0", "0.4.64", 1))
	g.Commit("0.4.64")
	g.Git("tag", "-a", "-m", "v0.4.64", "v0.4.64")
	copyTree(t, filepath.Join("..", "..", "testdata", "release", "runbook"), g.Dir)
	g.Commit("0.5.0")

	o := checkJSON(t, "0.5.0", "--repo", g.Dir)
	if o.code != 0 {
		t.Errorf("ready runbook repo: exit %d\n%s\n%s", o.code, o.stdout, o.stderr)
	}
	o.noFail(t, "version.files", "changelog.entry", "image.tags", "image.latest")

	// Forgetting to bump one manifest fails and names it.
	g.Write("apps/web/package.json", strings.Replace(readFixture(t, "apps/web/package.json"), "0.5.0", "0.4.64", 1))
	g.Commit("forgot")
	o = checkJSON(t, "0.5.0", "--repo", g.Dir)
	r := o.want(t, "version.files", guard.Fail, "apps/web/package.json")
	if o.code != 1 || r.File != "apps/web/package.json" || r.Line == 0 {
		t.Errorf("exit %d result %+v", o.code, r)
	}
}

func readFixture(t *testing.T, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "release", "runbook", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTagSignsWithGitsSigningSetup signs with an SSH key, the signing setup
// that needs no agent: relguard hands --sign to git, which uses the user's
// gpg.format and user.signingkey.
func TestTagSignsWithGitsSigningSetup(t *testing.T) {
	keygen, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Skip("ssh-keygen is not installed; this test signs with an SSH key")
	}
	key := filepath.Join(t.TempDir(), "signing")
	if out, err := exec.Command(keygen, "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v: %s", err, out)
	}
	g := releaseRepo(t)
	g.Git("config", "user.name", "Rel Eng")
	g.Git("config", "user.email", "releng@example.com")
	g.Git("config", "gpg.format", "ssh")
	g.Git("config", "user.signingkey", key)
	o := run(t, Tag, "0.5.0", "--repo", g.Dir, "--sign", "-m", "v0.5.0: fix logout")
	if o.code != 0 || !strings.Contains(o.stdout, "created signed tag v0.5.0") {
		t.Fatalf("exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
	obj := g.Git("cat-file", "tag", "v0.5.0")
	if !strings.Contains(obj, "-----BEGIN SSH SIGNATURE-----") || !strings.Contains(obj, "v0.5.0: fix logout") || !strings.Contains(obj, "tagger Rel Eng <releng@example.com>") {
		t.Errorf("tag object is not a signed annotated tag with the message:\n%s", obj)
	}
	if head, tagged := g.Git("rev-parse", "HEAD"), g.Git("rev-parse", "v0.5.0^{commit}"); head != tagged {
		t.Errorf("tag points at %s, HEAD is %s", tagged, head)
	}
}

// TestSARIFAnchorsRepositoryWideResults: GitHub code scanning rejects a
// whole SARIF upload when one result has no location, so a failure about
// the repository as a whole (here git.branch) is located at relguard.yaml,
// or at the changelog when there is no configuration.
func TestSARIFAnchorsRepositoryWideResults(t *testing.T) {
	locations := func(t *testing.T, out string) map[string][]string {
		t.Helper()
		var doc struct {
			Runs []struct {
				Results []struct {
					RuleID    string `json:"ruleId"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Runs) != 1 {
			t.Fatalf("not a SARIF log: %v\n%s", err, out)
		}
		got := map[string][]string{}
		for _, r := range doc.Runs[0].Results {
			var uris []string
			for _, l := range r.Locations {
				uris = append(uris, l.PhysicalLocation.ArtifactLocation.URI)
			}
			got[r.RuleID] = uris
		}
		return got
	}
	for _, tc := range []struct {
		name, config, want string
	}{
		{"changelog without configuration", "", "CHANGELOG.md"},
		{"configuration file", "git:\n  branches: [main]\n", "relguard.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := releaseRepo(t)
			if tc.config != "" {
				g.Write("relguard.yaml", tc.config)
				g.Commit("configure")
			}
			g.Git("checkout", "-q", "-b", "topic")
			o := run(t, Check, "0.5.0", "--repo", g.Dir, "--format", "sarif", "--skip", "version.files")
			if o.code != 1 {
				t.Fatalf("exit %d, want 1 (git.branch fails on topic)\n%s%s", o.code, o.stdout, o.stderr)
			}
			got := locations(t, o.stdout)
			if uris := got["git.branch"]; len(uris) != 1 || uris[0] != tc.want {
				t.Errorf("git.branch located at %v, want [%s]", uris, tc.want)
			}
			for id, uris := range got {
				if len(uris) == 0 {
					t.Errorf("%s has no location", id)
				}
			}
		})
	}
}
