package releasecmd

import (
	"strings"
	"testing"

	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
	"github.com/relguard/relguard/internal/release/guard"
)

// bareTagRepo is a project that tags without a prefix (15.1.0, 15.2.0).
func bareTagRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	g := gittest.New(t)
	g.Write("VERSION", "15.1.0\n")
	g.Write("CHANGELOG.md", "## 15.1.0\n- one\n")
	g.Commit("15.1.0")
	g.Git("tag", "-a", "-m", "15.1.0", "15.1.0")
	g.Write("VERSION", "15.2.0\n")
	g.Write("CHANGELOG.md", "## 15.2.0\n- two\n\n## 15.1.0\n- one\n")
	g.Commit("15.2.0")
	g.Git("tag", "-a", "-m", "15.2.0", "15.2.0")
	g.Write("VERSION", "15.2.1\n")
	g.Write("CHANGELOG.md", "## 15.2.1\n- three\n\n## 15.2.0\n- two\n\n## 15.1.0\n- one\n")
	g.Commit("15.2.1")
	return g
}

func TestTagPrefixInferredFromTheTags(t *testing.T) {
	g := bareTagRepo(t)
	o := checkJSON(t, "15.2.1", "--repo", g.Dir)
	if o.code != 0 || o.report.Tag != "15.2.1" {
		t.Fatalf("exit %d tag %q\n%s", o.code, o.report.Tag, o.stdout)
	}
	o.want(t, "version.newer", guard.Pass, `15.2.1 follows the last release 15.2.0 (tag prefix "" inferred from the tags`)
	o.want(t, "version.files", guard.Pass, "VERSION holds 15.2.1 (in lockstep: held 15.2.0 at 15.2.0)")
	// A version below the last release is no first release.
	o = checkJSON(t, "1.0.0", "--repo", g.Dir)
	o.want(t, "version.newer", guard.Fail, "1.0.0 is lower than the last release 15.2.0")
	if o.code != 1 {
		t.Errorf("1.0.0: exit %d", o.code)
	}
}

func TestExplicitEmptyTagPrefixIsHonoured(t *testing.T) {
	g := bareTagRepo(t)
	g.Git("tag", "-a", "-m", "old scheme", "v99.0.0", "HEAD~2") // would win as "v"
	g.Write("relguard.yaml", "tag_prefix: \"\"\n")
	g.Commit("configure")
	o := checkJSON(t, "15.2.1", "--repo", g.Dir)
	if o.report.Tag != "15.2.1" {
		t.Errorf("tag %q, want 15.2.1", o.report.Tag)
	}
	o.want(t, "version.newer", guard.Pass, "15.2.1 follows the last release 15.2.0")
	for _, r := range o.results("version.newer") {
		if strings.Contains(r.Message, "inferred") {
			t.Errorf("an explicit tag_prefix was inferred: %s", r.Message)
		}
	}
	g.Write("relguard.yaml", "tag_prefix: v\n")
	g.Commit("configure v")
	o = checkJSON(t, "15.2.1", "--repo", g.Dir)
	o.want(t, "version.newer", guard.Fail, "lower than the last release v99.0.0")
}

func TestMaintenanceReleaseOnItsBranch(t *testing.T) {
	g := bareTagRepo(t)
	g.Git("checkout", "-q", "-b", "15.1.x", "15.1.0")
	g.Write("VERSION", "15.1.1\n")
	g.Write("CHANGELOG.md", "## 15.1.1\n- fix\n\n## 15.1.0\n- one\n")
	g.Commit("15.1.1")
	o := checkJSON(t, "15.1.1", "--repo", g.Dir)
	if o.code != 0 {
		t.Fatalf("exit %d\n%s", o.code, o.stdout)
	}
	o.want(t, "git.branch", guard.Pass, "HEAD is on branch 15.1.x")
	o.want(t, "version.newer", guard.Warn, "maintenance release: 15.1.1 follows 15.1.0 on the 15.1 line, while 15.2.0 is newer")
	o.want(t, "version.files", guard.Pass, "VERSION holds 15.1.1 (in lockstep: held 15.1.0 at 15.1.0)")
	// On a feature branch it fails.
	g.Git("checkout", "-q", "-b", "feature/x")
	checkJSON(t, "15.1.1", "--repo", g.Dir).want(t, "git.branch", guard.Fail, "HEAD is on branch feature/x")
}

// TestRepositoryGitCanReadButGoGitCannot: `git sparse-checkout` sets
// extensions.worktreeConfig, which go-git refuses; check, notes and tag
// fall back to the git CLI instead of exiting 2.
func TestRepositoryGitCanReadButGoGitCannot(t *testing.T) {
	g := releaseRepo(t)
	g.Git("sparse-checkout", "init", "--cone")
	if cfg := g.Git("config", "--get", "extensions.worktreeConfig"); cfg != "true" {
		t.Skipf("git sparse-checkout did not set extensions.worktreeConfig (%q)", cfg)
	}
	o := checkJSON(t, "0.5.0", "--repo", g.Dir)
	if o.code != 0 {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", o.code, o.stdout, o.stderr)
	}
	o.want(t, "version.newer", guard.Pass, "0.5.0 follows the last release v0.4.64")
	o.want(t, "changelog.entry", guard.Pass, "CHANGELOG.md has a section for 0.5.0")
	if n := run(t, Notes, "0.5.0", "--repo", g.Dir); n.code != 0 || n.stdout != "- Fix the logout 500.\n" {
		t.Errorf("notes: exit %d stdout %q stderr %q", n.code, n.stdout, n.stderr)
	}
	g.Git("config", "user.name", "Rel Eng")
	g.Git("config", "user.email", "releng@example.com")
	if tg := run(t, Tag, "0.5.0", "--repo", g.Dir); tg.code != 0 || !strings.Contains(tg.stdout, "created annotated tag v0.5.0") {
		t.Errorf("tag: exit %d stdout %q stderr %q", tg.code, tg.stdout, tg.stderr)
	}
	if got := g.Git("cat-file", "-t", "v0.5.0"); got != "tag" {
		t.Errorf("v0.5.0 is a %s", got)
	}
}

// TestSayWhatWasChecked: the text output lists the files in lockstep
// with their anchor, the ones left out and why, and warns when nothing
// at all was found to check.
func TestSayWhatWasChecked(t *testing.T) {
	g := gittest.New(t)
	g.Write("package.json", `{"version": "1.0.0"}`)
	g.Write("web/ui/package.json", `{"version": "0.1.0"}`)
	g.Write("tests/fixtures/package.json", `{"version": "1.0.0"}`)
	g.Write("CHANGELOG.md", "## 1.0.0\n- first\n")
	g.Commit("1.0.0")
	g.Git("tag", "-a", "-m", "v1.0.0", "v1.0.0")
	g.Write("package.json", `{"version": "1.1.0"}`)
	g.Write("CHANGELOG.md", "## 1.1.0\n- second\n\n## 1.0.0\n- first\n")
	g.Commit("1.1.0")
	o := run(t, Check, "1.1.0", "--repo", g.Dir)
	for _, want := range []string{
		"✓ version.files         package.json holds 1.1.0 (in lockstep: held 1.0.0 at v1.0.0)",
		"- version.files         web/ui/package.json left out: not in lockstep: held 0.1.0 at v1.0.0, not 1.0.0",
		"✓ changelog.entry       CHANGELOG.md has a section for 1.1.0 (kept per release: it had the section for 1.0.0 at v1.0.0)",
	} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, o.stdout)
		}
	}
	if strings.Contains(o.stdout, "tests/fixtures") {
		t.Errorf("a fixture was looked at:\n%s", o.stdout)
	}

	empty := gittest.New(t)
	empty.Write("main.c", "int main(void) { return 0; }\n")
	empty.Commit("init")
	o = checkJSON(t, "0.1.0", "--repo", empty.Dir)
	o.want(t, "version.files", guard.Warn, "nothing checked: no version file found")
	o.want(t, "changelog.entry", guard.Warn, "nothing checked: no changelog found")
	if o.code != 0 {
		t.Errorf("exit %d: warnings alone must not fail", o.code)
	}
}

func TestNotesDiscoversTheChangelogAndRefusesBinary(t *testing.T) {
	g := gittest.New(t)
	g.Write("CHANGES.rst", "Version 2.0.0\n-------------\n\nReleased 2024-01-01\n\n-   New.\n")
	g.Commit("2.0.0")
	o := run(t, Notes, "2.0.0", "--repo", g.Dir)
	if o.code != 0 || o.stdout != "Released 2024-01-01\n\n-   New.\n" {
		t.Errorf("notes from CHANGES.rst: exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
	g.Write("CHANGES.rst", "\x00\x01binary")
	g.Commit("oops")
	o = run(t, Notes, "2.0.0", "--repo", g.Dir)
	if o.code != 2 || !strings.Contains(o.stderr, "CHANGES.rst: binary data, not a Markdown changelog") || o.stdout != "" {
		t.Errorf("binary changelog: exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
	c := checkJSON(t, "2.0.0", "--repo", g.Dir)
	c.want(t, "changelog.entry", guard.Fail, "binary data")
}
