package hooks

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// push runs git push in repo and returns its exit code and output.
func push(t *testing.T, repo string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"push"}, args...)...)
	cmd.Dir = repo
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), stdout.String(), stderr.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, stdout.String(), stderr.String()
}

func bareRemote(t *testing.T) string {
	t.Helper()
	remote := filepath.Join(t.TempDir(), "remote.git")
	git(t, t.TempDir(), "init", "-q", "--bare", remote)
	return remote
}

// releaseRepo is a repository with a release 0.1.0 on an earlier commit
// and a ready release 0.2.0 at HEAD, both tagged, and floating tags at
// HEAD; relguard's pre-push hook is installed.
func releaseRepo(t *testing.T) string {
	t.Helper()
	repo := newRepo(t)
	writeFile(t, filepath.Join(repo, "relguard.yaml"), "version_files:\n  - VERSION\n")
	writeFile(t, filepath.Join(repo, "VERSION"), "0.1.0\n")
	writeFile(t, filepath.Join(repo, "CHANGELOG.md"), "# Changelog\n\n## [0.1.0] - 2025-01-20\n\n- First release.\n")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "release 0.1.0")
	git(t, repo, "tag", "-a", "v0.1.0", "-m", "v0.1.0")
	writeFile(t, filepath.Join(repo, "VERSION"), "0.2.0\n")
	writeFile(t, filepath.Join(repo, "CHANGELOG.md"), "# Changelog\n\n## [0.2.0] - 2025-01-27\n\n- Fix the logout.\n\n## [0.1.0] - 2025-01-20\n\n- First release.\n")
	git(t, repo, "commit", "-q", "-am", "release 0.2.0")
	git(t, repo, "tag", "-a", "v0.2.0", "-m", "v0.2.0")
	for _, floating := range []string{"v0", "v0.2", "latest", "stable"} {
		git(t, repo, "tag", floating)
	}
	installAsRelguard(t, repo, "pre-push")
	return repo
}

// TestPushAllTagsToNewRemote: pushing a repository with its history of
// release tags to a new remote used to be refused, because the old v0.1.0
// was checked against today's HEAD and the floating v0 against semver.
func TestPushAllTagsToNewRemote(t *testing.T) {
	repo := releaseRepo(t)
	remote := bareRemote(t)
	code, stdout, stderr := push(t, repo, remote, "main", "--tags")
	if code != 0 {
		t.Fatalf("git push %s main --tags: exit %d\nstdout:\n%s\nstderr:\n%s", remote, code, stdout, stderr)
	}
	if !strings.Contains(stdout, "relguard: checking release tag v0.2.0") || !strings.Contains(stdout, "ready to release v0.2.0") {
		t.Errorf("v0.2.0, new and at HEAD, was not checked:\n%s", stdout)
	}
	if strings.Contains(stdout, "checking release tag v0.1.0") {
		t.Errorf("v0.1.0, on an earlier commit, was checked against HEAD:\n%s", stdout)
	}
	if !strings.Contains(stderr, "relguard: not checking tag v0.1.0: it is on another commit than HEAD") {
		t.Errorf("no note that v0.1.0 was not checked:\n%s", stderr)
	}
	if strings.Contains(stdout+stderr, "re-create") {
		t.Errorf("the output tells the user to re-create a tag:\n%s\n%s", stdout, stderr)
	}
	tags := git(t, repo, "ls-remote", "--tags", remote)
	for _, tag := range []string{"v0.1.0", "v0.2.0", "v0", "v0.2", "latest", "stable"} {
		if !strings.Contains(tags, "refs/tags/"+tag+"\n") && !strings.HasSuffix(tags, "refs/tags/"+tag) {
			t.Errorf("the remote lacks %s:\n%s", tag, tags)
		}
	}

	// Again, and to a second remote with only the old tag: history passes.
	if code, stdout, stderr := push(t, repo, remote, "main", "--tags"); code != 0 {
		t.Errorf("pushing again: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if code, stdout, stderr := push(t, repo, bareRemote(t), "v0.1.0"); code != 0 || strings.Contains(stdout, "checking release tag") {
		t.Errorf("pushing the old v0.1.0 alone: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestPushNewReleaseTagThatFails: a new tag at HEAD is still judged, and
// the advice never asks to re-create a published tag.
func TestPushNewReleaseTagThatFails(t *testing.T) {
	repo := releaseRepo(t)
	remote := bareRemote(t)
	if code, stdout, stderr := push(t, repo, remote, "main", "--tags"); code != 0 {
		t.Fatalf("first push: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// 0.3.0 is tagged without bumping VERSION or the changelog.
	writeFile(t, filepath.Join(repo, "main.txt"), "change\n")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "a change")
	git(t, repo, "tag", "-a", "v0.3.0", "-m", "v0.3.0")
	code, stdout, stderr := push(t, repo, remote, "main", "v0.3.0")
	if code == 0 {
		t.Fatalf("a release tag that fails the guard was pushed:\n%s\n%s", stdout, stderr)
	}
	if !strings.Contains(stdout, "VERSION has version 0.2.0, want 0.3.0") {
		t.Errorf("the findings are missing:\n%s", stdout)
	}
	want := "relguard: push blocked: the release guard failed for tag v0.3.0; fix the findings above and commit, then move the tag, which the remote does not have yet (git tag -f -a v0.3.0), or skip the check once with git push --no-verify"
	if !strings.Contains(stderr, want) || strings.Contains(stderr, "re-create") {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if tags := git(t, repo, "ls-remote", "--tags", remote); strings.Contains(tags, "v0.3.0") {
		t.Errorf("the remote got v0.3.0:\n%s", tags)
	}
}

// TestPushFloatingTagsRefused: hooks.pre_push.floating_tags: refuse blocks
// version-shaped tags that are not full versions, and only those.
func TestPushFloatingTagsRefused(t *testing.T) {
	repo := releaseRepo(t)
	writeFile(t, filepath.Join(repo, "relguard.yaml"), "version_files:\n  - VERSION\nhooks:\n  pre_push:\n    floating_tags: refuse\n")
	git(t, repo, "commit", "-q", "-am", "refuse floating tags")
	git(t, repo, "tag", "-f", "latest")
	git(t, repo, "tag", "v1")
	remote := bareRemote(t)
	if code, stdout, stderr := push(t, repo, remote, "main", "latest", "stable"); code != 0 {
		t.Errorf("pushing latest and stable: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr := push(t, repo, remote, "v1")
	want := "relguard: push blocked: tag v1 is not a full semantic version (vMAJOR.MINOR.PATCH), and relguard.yaml refuses such tags (hooks.pre_push.floating_tags: refuse)"
	if code == 0 || !strings.Contains(stderr, want) {
		t.Errorf("pushing v1: exit %d, stderr:\n%s\nwant %q", code, stderr, want)
	}
}
