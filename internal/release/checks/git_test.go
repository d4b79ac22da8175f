package checks

import (
	"errors"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/release/guard"
)

// gitFactsStub answers GitFacts from fields.
type gitFactsStub struct {
	shallow     bool
	modified    []string
	untracked   []string
	head        string
	branch      string
	containing  []string
	tags        map[string]gitTagStub
	env         map[string]string
	statusError error
	// trees holds the files of tagged commits: commit -> path -> content.
	trees map[string]map[string]string
}

type gitTagStub struct {
	commit    string
	annotated bool
}

func (s *gitFactsStub) IsShallow() (bool, error) { return s.shallow, nil }
func (s *gitFactsStub) Status() ([]string, []string, error) {
	return s.modified, s.untracked, s.statusError
}
func (s *gitFactsStub) Head() (string, string, error)               { return s.head, s.branch, nil }
func (s *gitFactsStub) BranchesContaining(string) ([]string, error) { return s.containing, nil }
func (s *gitFactsStub) Getenv(k string) string                      { return s.env[k] }
func (s *gitFactsStub) LookupTag(n string) (bool, string, bool, error) {
	t, ok := s.tags[n]
	return ok, t.commit, t.annotated, nil
}
func (s *gitFactsStub) ReadFilesAt(commit string, paths []string) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, p := range paths {
		if c, ok := s.trees[commit][p]; ok {
			files[p] = []byte(c)
		}
	}
	return files, nil
}
func (s *gitFactsStub) Tags() ([]string, error) {
	var names []string
	for n := range s.tags {
		names = append(names, n)
	}
	return names, nil
}

const headHash = "1111111111111111111111111111111111111111"
const otherHash = "2222222222222222222222222222222222222222"

func gitCtx(version string, facts *gitFactsStub) *guard.Context {
	cfg := config.Default()
	v := semver.MustParse(version)
	if facts.head == "" {
		facts.head = headHash
	}
	return &guard.Context{Version: v, Tag: cfg.TagPrefix + version, Config: cfg, Git: facts}
}

func tagsOf(names ...string) map[string]gitTagStub {
	m := map[string]gitTagStub{}
	for _, n := range names {
		m[n] = gitTagStub{commit: otherHash, annotated: true}
	}
	return m
}

// only asserts a single result with the status and message fragment.
func only(t *testing.T, got []guard.Result, id string, status guard.Status, fragment string) guard.Result {
	t.Helper()
	if len(got) != 1 {
		t.Fatalf("got %d results %+v, want 1", len(got), got)
	}
	r := got[0]
	if r.ID != id || r.Status != status || !strings.Contains(r.Message, fragment) {
		t.Errorf("got %s %s %q, want %s %s containing %q", r.ID, r.Status, r.Message, id, status, fragment)
	}
	if (status == guard.Fail || status == guard.Warn) && r.Hint == "" {
		t.Errorf("%s %s has no hint", r.ID, r.Status)
	}
	return r
}

func TestVersionNewer(t *testing.T) {
	cases := []struct {
		name     string
		prefix   string
		tags     []string
		version  string
		status   guard.Status
		fragment string
	}{
		{"next minor", "", []string{"v0.4.63", "v0.4.64"}, "0.5.0", guard.Pass, "follows the last release v0.4.64"},
		{"next patch", "", []string{"v0.4.64"}, "0.4.65", guard.Pass, "v0.4.64"},
		{"next major", "", []string{"v0.4.64"}, "1.0.0", guard.Pass, "v0.4.64"},
		{"skipped minor warns", "", []string{"v0.4.64"}, "0.6.0", guard.Warn, "skips a release after v0.4.64 (the next would be 0.4.65, 0.5.0 or 1.0.0)"},
		{"skipped patch warns", "", []string{"v0.4.64"}, "0.4.66", guard.Warn, "skips"},
		{"minor with patch warns", "", []string{"v0.4.64"}, "0.5.1", guard.Warn, "skips"},
		{"maintenance release warns", "", []string{"v3.6.23", "v3.7.8"}, "3.6.24", guard.Warn, "maintenance release: 3.6.24 follows v3.6.23 on the 3.6 line, while v3.7.8 is newer"},
		{"maintenance release that skips", "", []string{"v0.4.64", "v0.5.0"}, "0.4.70", guard.Warn, "maintenance release: 0.4.70 follows v0.4.64 on the 0.4 line, while v0.5.0 is newer; it skips a release (the next would be 0.4.65)"},
		{"maintenance release below its line's last fails", "", []string{"v3.6.23", "v3.7.8"}, "3.6.20", guard.Fail, "3.6.20 is lower than v3.6.23, the last release of the 3.6 line"},
		{"a line that was never released is not maintained", "", []string{"v15.2.0"}, "1.0.0", guard.Fail, "1.0.0 is lower than the last release v15.2.0, and no release of the 1.0 line exists to maintain"},
		{"own tag on an older line is not an earlier release", "", []string{"v3.6.22", "v3.6.23", "v3.7.8"}, "3.6.23", guard.Warn, "maintenance release: 3.6.23 follows v3.6.22 on the 3.6 line"},
		{"equal under another spelling fails", "", []string{"v0.5.0+build.7"}, "0.5.0", guard.Fail, "0.5.0 was already released as v0.5.0+build.7"},
		{"no prefix", "", []string{"15.1.0", "15.2.0"}, "15.2.1", guard.Pass, "follows the last release 15.2.0"},
		{"no prefix, lower fails", "", []string{"15.2.0"}, "1.0.0", guard.Fail, "lower than the last release 15.2.0"},
		{"own tag is not a previous release", "", []string{"v0.4.64", "v0.5.0"}, "0.5.0", guard.Pass, "v0.4.64"},
		{"numeric semver order, not string order", "", []string{"v0.4.9", "v0.4.10"}, "0.4.11", guard.Pass, "v0.4.10"},
		{"no tags is the first release", "", nil, "0.1.0", guard.Pass, "first release"},
		{"non-semver tags are ignored", "", []string{"v1.0", "vnext", "latest", "v01.0.0"}, "0.1.0", guard.Pass, "first release"},
		{"stable ignores pre-release tags", "", []string{"v0.4.64", "v0.5.0-rc.1"}, "0.5.0", guard.Pass, "v0.4.64"},
		{"stable below a pre-release passes", "", []string{"v0.4.64", "v0.5.0-rc.1"}, "0.4.65", guard.Pass, "v0.4.64"},
		{"pre-release after pre-release", "", []string{"v0.4.64", "v0.5.0-rc.1"}, "0.5.0-rc.2", guard.Pass, "v0.5.0-rc.1"},
		{"rc.10 after rc.2", "", []string{"v0.5.0-rc.2"}, "0.5.0-rc.10", guard.Pass, "v0.5.0-rc.2"},
		{"pre-release below pre-release fails", "", []string{"v0.5.0-rc.2"}, "0.5.0-rc.1", guard.Fail, "0.5.0-rc.1 is lower than v0.5.0-rc.2, the last release of the 0.5 line"},
		{"pre-release of a released version fails", "", []string{"v0.5.0"}, "0.5.0-rc.1", guard.Fail, "lower"},
		{"first pre-release of next minor", "", []string{"v0.4.64"}, "0.5.0-rc.1", guard.Pass, "v0.4.64"},
		{"template prefix ignores other prefixes", "api/v", []string{"v0.9.0", "api/v0.4.0", "web/v1.0.0"}, "0.4.1", guard.Pass, "api/v0.4.0"},
		{"template prefix lower fails", "api/v", []string{"api/v0.4.0"}, "0.3.9", guard.Fail, "api/v0.4.0"},
		{"plain prefix ignores nested tags", "", []string{"api/v0.9.0"}, "0.1.0", guard.Pass, "first release"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := gitCtx(c.version, &gitFactsStub{tags: tagsOf(c.tags...)})
			if c.prefix != "" {
				ctx.Config.TagPrefix = c.prefix
				ctx.Tag = c.prefix + c.version
			}
			if strings.HasPrefix(c.name, "no prefix") {
				// tag_prefix: "" is honoured, never turned back into v.
				ctx.Config.TagPrefix, ctx.Config.TagPrefixSet = "", true
				ctx.Tag = c.version
			}
			only(t, versionNewer(ctx), "version.newer", c.status, c.fragment)
		})
	}
}

func TestVersionNewerNeverInfersFirstReleaseFromShallowClone(t *testing.T) {
	ctx := gitCtx("0.5.0", &gitFactsStub{shallow: true})
	r := only(t, versionNewer(ctx), "version.newer", guard.Fail, "shallow")
	if !strings.Contains(r.Hint, "git fetch --tags --unshallow") || !strings.Contains(r.Hint, "fetch-depth: 0") {
		t.Errorf("hint %q does not say how to unshallow", r.Hint)
	}
}

func TestGitShallow(t *testing.T) {
	only(t, gitShallow(gitCtx("0.5.0", &gitFactsStub{})), "git.shallow", guard.Pass, "full history")
	r := only(t, gitShallow(gitCtx("0.5.0", &gitFactsStub{shallow: true})), "git.shallow", guard.Fail, "shallow")
	if !strings.Contains(r.Hint, "fetch-depth: 0") {
		t.Errorf("hint %q lacks fetch-depth: 0", r.Hint)
	}
	only(t, gitShallow(&guard.Context{}), "git.shallow", guard.Skip, "not a git repository")
}

func TestGitDirty(t *testing.T) {
	t.Run("clean", func(t *testing.T) {
		only(t, gitDirty(gitCtx("0.5.0", &gitFactsStub{})), "git.dirty", guard.Pass, "no modified")
	})
	t.Run("modified fails per file", func(t *testing.T) {
		got := gitDirty(gitCtx("0.5.0", &gitFactsStub{modified: []string{"a.go", "b/c.go"}}))
		if len(got) != 2 || got[0].Status != guard.Fail || got[0].File != "a.go" || got[1].File != "b/c.go" {
			t.Fatalf("got %+v", got)
		}
		if !strings.Contains(got[1].Message, "b/c.go") {
			t.Errorf("message %q does not name the file", got[1].Message)
		}
	})
	t.Run("untracked only warns", func(t *testing.T) {
		got := gitDirty(gitCtx("0.5.0", &gitFactsStub{untracked: []string{"notes.txt"}}))
		if len(got) != 2 || got[0].Status != guard.Pass || got[1].Status != guard.Warn || !strings.Contains(got[1].Message, "notes.txt") {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("allow-dirty globs from flag and config", func(t *testing.T) {
		ctx := gitCtx("0.5.0", &gitFactsStub{
			modified:  []string{"dist/app.js", "docs/a/b.md", "go.sum", "main.go"},
			untracked: []string{"build/out.o"},
		})
		ctx.AllowDirty = []string{"dist/", "*.sum", "build/**"}
		ctx.Config.Git.AllowDirty = []string{"docs/**"}
		got := gitDirty(ctx)
		if len(got) != 1 || got[0].Status != guard.Fail || got[0].File != "main.go" {
			t.Fatalf("got %+v, want only main.go failing", got)
		}
		ctx.AllowDirty = append(ctx.AllowDirty, "main.go")
		only(t, gitDirty(ctx), "git.dirty", guard.Pass, "4 allowed by allow-dirty")
	})
	t.Run("long lists are capped", func(t *testing.T) {
		var many []string
		for i := range 25 {
			many = append(many, strings.Repeat("x", i+1)+".txt")
		}
		got := gitDirty(gitCtx("0.5.0", &gitFactsStub{modified: many}))
		if len(got) != maxListed+1 || !strings.Contains(got[maxListed].Message, "5 more") {
			t.Fatalf("got %d results, last %+v", len(got), got[len(got)-1])
		}
	})
	t.Run("status error fails", func(t *testing.T) {
		only(t, gitDirty(gitCtx("0.5.0", &gitFactsStub{statusError: errors.New("index is corrupt")})), "git.dirty", guard.Fail, "index is corrupt")
	})
}

func TestGitBranch(t *testing.T) {
	cases := []struct {
		name     string
		facts    gitFactsStub
		branches []string
		status   guard.Status
		fragment string
	}{
		{"main", gitFactsStub{branch: "main"}, nil, guard.Pass, "on branch main"},
		{"release glob", gitFactsStub{branch: "release/0.5"}, nil, guard.Pass, "release/0.5"},
		{"glob does not cross slash", gitFactsStub{branch: "release/0.5/fix"}, nil, guard.Fail, "not a release branch"},
		{"feature", gitFactsStub{branch: "feature/x"}, nil, guard.Fail, "HEAD is on branch feature/x"},
		{"trunk", gitFactsStub{branch: "trunk"}, nil, guard.Pass, "trunk"},
		{"release-3.14", gitFactsStub{branch: "release-3.14"}, nil, guard.Pass, "release-3.14"},
		{"releases/", gitFactsStub{branch: "releases/2024.1"}, nil, guard.Pass, "releases/2024.1"},
		{"v1.15", gitFactsStub{branch: "v1.15"}, nil, guard.Pass, "v1.15"},
		{"1.15.x", gitFactsStub{branch: "1.15.x"}, nil, guard.Pass, "1.15.x"},
		{"2.x", gitFactsStub{branch: "2.x"}, nil, guard.Pass, "2.x"},
		{"stable", gitFactsStub{branch: "stable-2.3"}, nil, guard.Pass, "stable-2.3"},
		{"support/", gitFactsStub{branch: "support/1.x"}, nil, guard.Pass, "support/1.x"},
		{"hotfix/", gitFactsStub{branch: "hotfix/cve"}, nil, guard.Pass, "hotfix/cve"},
		{"maint", gitFactsStub{branch: "maint-1.2"}, nil, guard.Pass, "maint-1.2"},
		{"dev", gitFactsStub{branch: "dev"}, nil, guard.Fail, "HEAD is on branch dev, which is not a release branch"},
		{"version line", gitFactsStub{branch: "3.4"}, nil, guard.Pass, "on branch 3.4"},
		{"calendar line", gitFactsStub{branch: "2024.1"}, nil, guard.Pass, "on branch 2024.1"},
		{"version line with a suffix", gitFactsStub{branch: "1.10.X-fixes"}, nil, guard.Pass, "on branch 1.10.X-fixes"},
		{"issue-numbered branch", gitFactsStub{branch: "1234-fix.login"}, nil, guard.Fail, "or a version line such as 3.4"},
		{"version line not allowed when branches are configured", gitFactsStub{branch: "3.4"}, []string{"main"}, guard.Fail, "(main)"},
		{"fix slash", gitFactsStub{branch: "fix/login"}, nil, guard.Fail, "fix/login"},
		{"configured branches replace defaults", gitFactsStub{branch: "main"}, []string{"prod"}, guard.Fail, "(prod)"},
		{"configured branch", gitFactsStub{branch: "prod"}, []string{"prod"}, guard.Pass, "prod"},
		{"detached, GitHub branch", gitFactsStub{env: map[string]string{"GITHUB_REF_NAME": "main"}}, nil, guard.Pass, "GITHUB_REF_NAME names branch main"},
		{"detached, GitHub tag ref is not a branch", gitFactsStub{env: map[string]string{"GITHUB_REF_NAME": "main", "GITHUB_REF_TYPE": "tag"}}, nil, guard.Fail, "no local branch contains it"},
		{"detached, PR head ref", gitFactsStub{env: map[string]string{"GITHUB_REF_NAME": "12/merge", "GITHUB_HEAD_REF": "release/1.0"}}, nil, guard.Pass, "GITHUB_HEAD_REF"},
		{"detached, GitLab", gitFactsStub{env: map[string]string{"CI_COMMIT_BRANCH": "master"}}, nil, guard.Pass, "CI_COMMIT_BRANCH"},
		{"detached, CI names another branch", gitFactsStub{env: map[string]string{"CI_COMMIT_BRANCH": "dev"}}, nil, guard.Fail, "CI names CI_COMMIT_BRANCH=dev"},
		{"detached, contained in main", gitFactsStub{containing: []string{"feature", "main"}}, nil, guard.Pass, "branch main contains"},
		{"detached, only on feature", gitFactsStub{containing: []string{"feature"}}, nil, guard.Fail, "it is only on feature"},
		{"detached, on a remote release branch", gitFactsStub{containing: []string{"develop", "remotes/origin/develop", "remotes/origin/9.1.x"}}, nil, guard.Pass, "remote-tracking branch origin/9.1.x contains"},
		{"detached, remote name is not the branch name", gitFactsStub{containing: []string{"remotes/main/feature"}}, nil, guard.Fail, "it is only on main/feature"},
		{"detached, local release branch first", gitFactsStub{containing: []string{"main", "remotes/origin/main"}}, nil, guard.Pass, "which branch main contains"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			facts := c.facts
			ctx := gitCtx("0.5.0", &facts)
			ctx.Config.Git.Branches = c.branches
			only(t, gitBranch(ctx), "git.branch", c.status, c.fragment)
		})
	}
}

func TestTagExistsElsewhere(t *testing.T) {
	only(t, tagExistsElsewhere(gitCtx("0.5.0", &gitFactsStub{})), "tag.exists-elsewhere", guard.Pass, "does not exist yet")
	atHead := map[string]gitTagStub{"v0.5.0": {commit: headHash}}
	only(t, tagExistsElsewhere(gitCtx("0.5.0", &gitFactsStub{tags: atHead})), "tag.exists-elsewhere", guard.Pass, "already points at HEAD")
	r := only(t, tagExistsElsewhere(gitCtx("0.5.0", &gitFactsStub{tags: tagsOf("v0.5.0")})), "tag.exists-elsewhere", guard.Fail, "already exists on commit 222222222222, not on HEAD (111111111111)")
	if !strings.Contains(r.Hint, "git tag -d v0.5.0") {
		t.Errorf("hint %q", r.Hint)
	}
	tree := map[string]gitTagStub{"v0.5.0": {}}
	only(t, tagExistsElsewhere(gitCtx("0.5.0", &gitFactsStub{tags: tree})), "tag.exists-elsewhere", guard.Fail, "does not point at a commit")
	post := gitCtx("0.5.0", &gitFactsStub{})
	post.PostTag = true
	only(t, tagExistsElsewhere(post), "tag.exists-elsewhere", guard.Fail, "--post-tag expects it")
}

func TestTagAnnotated(t *testing.T) {
	light := map[string]gitTagStub{"v0.5.0": {commit: headHash}}
	annotated := map[string]gitTagStub{"v0.5.0": {commit: headHash, annotated: true}}
	cases := []struct {
		name     string
		tags     map[string]gitTagStub
		require  bool
		postTag  bool
		status   guard.Status
		fragment string
	}{
		{"absent", nil, false, false, guard.Skip, "does not exist yet"},
		{"absent post-tag", nil, false, true, guard.Skip, "does not exist"},
		{"annotated", annotated, true, true, guard.Pass, "is annotated"},
		{"lightweight warns", light, false, false, guard.Warn, "lightweight"},
		{"lightweight with require_annotated fails", light, true, false, guard.Fail, "annotated tag is required"},
		{"lightweight post-tag fails", light, false, true, guard.Fail, "annotated tag is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := gitCtx("0.5.0", &gitFactsStub{tags: c.tags})
			ctx.Config.Git.RequireAnnotated = c.require
			ctx.PostTag = c.postTag
			r := only(t, tagAnnotated(ctx), "tag.annotated", c.status, c.fragment)
			if c.status == guard.Fail && !strings.Contains(r.Hint, "CI checkouts") {
				t.Errorf("hint %q does not mention CI checkouts", r.Hint)
			}
		})
	}
}

func TestGitChecksSkipOutsideRepository(t *testing.T) {
	ctx := &guard.Context{Version: semver.MustParse("0.5.0"), Tag: "v0.5.0", Config: config.Default()}
	for _, f := range []func(*guard.Context) []guard.Result{gitShallow, gitDirty, gitBranch, tagExistsElsewhere, tagAnnotated, versionNewer} {
		got := f(ctx)
		if len(got) != 1 || got[0].Status != guard.Skip {
			t.Errorf("got %+v, want one skip", got)
		}
	}
}

func TestRegistryIDsAreUniqueAndWellFormed(t *testing.T) {
	families := map[string]bool{"version": true, "changelog": true, "image": true, "git": true, "tag": true, "env": true, "nginx": true}
	seen := map[string]bool{}
	for _, c := range All() {
		family, name, ok := strings.Cut(c.ID, ".")
		if !ok || !families[family] || name == "" || c.Title == "" || c.Run == nil {
			t.Errorf("malformed check %+v", c)
		}
		if seen[c.ID] {
			t.Errorf("duplicate ID %s", c.ID)
		}
		seen[c.ID] = true
	}
}
