package hooks

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHooksDir(t *testing.T) {
	repo := newRepo(t)
	sub := filepath.Join(repo, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := HooksDir(sub)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(realPath(t, repo), ".git", "hooks"); got != want {
		t.Errorf("HooksDir = %q, want %q", got, want)
	}

	git(t, repo, "config", "core.hooksPath", ".githooks")
	got, err = HooksDir(sub)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(realPath(t, repo), ".githooks"); got != want {
		t.Errorf("with core.hooksPath: HooksDir = %q, want %q", got, want)
	}
}

func TestHooksDirLinkedWorktree(t *testing.T) {
	repo := newRepo(t)
	writeFile(t, filepath.Join(repo, "README"), "x\n")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "init")
	wt := filepath.Join(t.TempDir(), "wt")
	git(t, repo, "worktree", "add", "-q", wt)
	got, err := HooksDir(wt)
	if err != nil {
		t.Fatal(err)
	}
	// Hooks are shared: a linked worktree runs the main repository's hooks.
	if want := filepath.Join(realPath(t, repo), ".git", "hooks"); got != want {
		t.Errorf("HooksDir(worktree) = %q, want %q", got, want)
	}
}

func TestHooksDirOutsideRepository(t *testing.T) {
	isolateGit(t)
	_, err := HooksDir(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "not in a git repository") {
		t.Errorf("err = %v, want \"not in a git repository\"", err)
	}
}

func realPath(t *testing.T, p string) string {
	t.Helper()
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestScriptFillsBinaryAndIsMarked(t *testing.T) {
	for _, name := range []string{"pre-commit", "pre-push"} {
		s, err := Script(name, "/opt/it's here/relguard")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(s, `relguard_bin=${RELGUARD_BIN:-'/opt/it'\''s here/relguard'}`) {
			t.Errorf("%s script does not record the quoted binary path:\n%s", name, s)
		}
		if !strings.HasPrefix(s, "#!/bin/sh\n") || !IsRelguardHook([]byte(s)) {
			t.Errorf("%s script lacks the shebang or the relguard marker", name)
		}
	}
	if _, err := Script("post-merge", "relguard"); err == nil {
		t.Error("Script(post-merge) succeeded; relguard has no such hook")
	}
}

func TestInstallFresh(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "hooks") // created by Install
	msg, err := Install(dir, "pre-commit", "/bin/relguard")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "pre-commit")
	if !strings.Contains(msg, "installed pre-commit hook in "+path) {
		t.Errorf("message %q", msg)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm()&0o111 == 0 {
		t.Errorf("hook mode %v is not executable", info.Mode())
	}
	if _, err := os.Lstat(path + origSuffix); err == nil {
		t.Error("a .relguard-orig file appeared although there was no hook")
	}
	msg, err = Uninstall(dir, "pre-commit")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(path); err == nil {
		t.Errorf("hook still there after uninstall (%s)", msg)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("uninstall left %d files in the hooks directory", len(entries))
	}
}

func TestInstallChainsForeignHookAndRestoresIt(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pre-push")
	foreign := []byte("#!/bin/sh\n# team hook\nexit 0\n")
	if err := os.WriteFile(path, foreign, 0o750); err != nil {
		t.Fatal(err)
	}
	msg, err := Install(dir, "pre-push", "/bin/relguard")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "pre-push.relguard-orig") {
		t.Errorf("message %q does not say where the existing hook went", msg)
	}
	kept, err := os.ReadFile(path + origSuffix)
	if err != nil || !bytes.Equal(kept, foreign) {
		t.Fatalf("foreign hook not kept byte for byte: %q, %v", kept, err)
	}
	installed, _ := os.ReadFile(path)
	if !IsRelguardHook(installed) {
		t.Fatal("relguard's hook not installed")
	}

	// Installing again is idempotent: the kept hook is not overwritten
	// with relguard's and no second copy appears.
	for i := 0; i < 2; i++ {
		if _, err := Install(dir, "pre-push", "/bin/relguard"); err != nil {
			t.Fatal(err)
		}
	}
	kept, _ = os.ReadFile(path + origSuffix)
	if !bytes.Equal(kept, foreign) {
		t.Fatalf("re-install changed the kept hook: %q", kept)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("hooks directory holds %d files after three installs, want 2", len(entries))
	}

	// A newer relguard binary path refreshes relguard's own hook only.
	if _, err := Install(dir, "pre-push", "/usr/local/bin/relguard"); err != nil {
		t.Fatal(err)
	}
	installed, _ = os.ReadFile(path)
	if !strings.Contains(string(installed), "/usr/local/bin/relguard") {
		t.Error("re-install did not record the new binary path")
	}

	if _, err := Uninstall(dir, "pre-push"); err != nil {
		t.Fatal(err)
	}
	restored, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(restored, foreign) {
		t.Fatalf("uninstall did not restore the hook byte for byte: %q, %v", restored, err)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o750 {
		t.Errorf("restored mode %v, want 0750", info.Mode().Perm())
	}
	if _, err := os.Lstat(path + origSuffix); err == nil {
		t.Error(".relguard-orig left behind")
	}
}

func TestInstallKeepsSymlinkedHook(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "shared-hook")
	if err := os.WriteFile(target, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "pre-commit")
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	if _, err := Install(dir, "pre-commit", "relguard"); err != nil {
		t.Fatal(err)
	}
	if _, err := Uninstall(dir, "pre-commit"); err != nil {
		t.Fatal(err)
	}
	got, err := os.Readlink(path)
	if err != nil || got != target {
		t.Errorf("symlink not restored: %q, %v", got, err)
	}
}

func TestInstallRefusesToClobber(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pre-commit")
	writeFile(t, path, "#!/bin/sh\necho mine\n")
	writeFile(t, path+origSuffix, "#!/bin/sh\necho older\n")
	_, err := Install(dir, "pre-commit", "relguard")
	if err == nil || !strings.Contains(err.Error(), "move one of them away") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	for p, want := range map[string]string{path: "echo mine", path + origSuffix: "echo older"} {
		if b, _ := os.ReadFile(p); !strings.Contains(string(b), want) {
			t.Errorf("%s changed to %q", p, b)
		}
	}
}

func TestUninstallLeavesForeignHookAlone(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pre-commit")
	writeFile(t, path, "#!/bin/sh\necho mine\n")
	msg, err := Uninstall(dir, "pre-commit")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "not relguard's hook") {
		t.Errorf("message %q", msg)
	}
	if b, _ := os.ReadFile(path); string(b) != "#!/bin/sh\necho mine\n" {
		t.Errorf("foreign hook changed: %q", b)
	}
	msg, err = Uninstall(dir, "pre-push")
	if err != nil || !strings.Contains(msg, "no relguard pre-push hook") {
		t.Errorf("uninstall of a missing hook: %q, %v", msg, err)
	}
}

func TestMainInstallSelectsHooks(t *testing.T) {
	repo := newRepo(t)
	var out, errb bytes.Buffer
	if code := Main([]string{"install", "--pre-push", "--repo", repo}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	hooks := filepath.Join(repo, ".git", "hooks")
	if _, err := os.Stat(filepath.Join(hooks, "pre-push")); err != nil {
		t.Error("pre-push not installed")
	}
	if b, err := os.ReadFile(filepath.Join(hooks, "pre-commit")); err == nil && IsRelguardHook(b) {
		t.Error("pre-commit installed although only --pre-push was asked for")
	}
	if code := Main([]string{"install", "--repo", repo}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, h := range []string{"pre-commit", "pre-push"} {
		if b, _ := os.ReadFile(filepath.Join(hooks, h)); !IsRelguardHook(b) {
			t.Errorf("%s not installed by a plain install", h)
		}
	}
	if code := Main([]string{"uninstall", "--repo", repo}, &out, &errb); code != 0 {
		t.Fatalf("uninstall exit %d: %s", code, errb.String())
	}
	for _, h := range []string{"pre-commit", "pre-push"} {
		if b, err := os.ReadFile(filepath.Join(hooks, h)); err == nil && IsRelguardHook(b) {
			t.Errorf("%s still installed", h)
		}
	}
}

func TestMainUsageErrors(t *testing.T) {
	isolateGit(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "Usage:"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"install", "extra"}, `unexpected argument "extra"`},
		{[]string{"install", "--nope"}, "flag provided but not defined"},
		{[]string{"install", "--repo", t.TempDir()}, "not in a git repository"},
		{[]string{"pre-commit", "x.go"}, `unexpected argument "x.go"`},
		{[]string{"pre-push", "--bogus"}, `unknown flag "--bogus"`},
	} {
		var out, errb bytes.Buffer
		if code := Main(tc.args, &out, &errb); code != 2 {
			t.Errorf("Main(%q) = %d, want 2", tc.args, code)
		}
		if !strings.Contains(errb.String(), tc.want) {
			t.Errorf("Main(%q) stderr %q, want %q", tc.args, errb.String(), tc.want)
		}
	}
}

// TestInstallFlagErrorsAreOneLine: a mistyped flag of install/uninstall
// gets one line that names it, not the whole usage; -h is help, exit 0.
func TestInstallFlagErrorsAreOneLine(t *testing.T) {
	isolateGit(t)
	for _, args := range [][]string{{"install", "--nope"}, {"uninstall", "--force"}, {"install", "--pre-commit=maybe"}} {
		var out, errb bytes.Buffer
		code := Main(args, &out, &errb)
		if code != 2 || out.Len() != 0 || strings.Count(errb.String(), "\n") != 1 || !strings.HasPrefix(errb.String(), "relguard hooks "+args[0]+": ") {
			t.Errorf("Main(%q) = %d, stdout %q, stderr %q; want 2 and one line", args, code, out.String(), errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := Main([]string{"install", "-h"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "relguard hooks install") || errb.Len() != 0 {
		t.Errorf("install -h = %d, stdout %q, stderr %q; want 0 and the usage on stdout", code, out.String(), errb.String())
	}
}

// TestInstallIntoTrackedHooksPath: hooks written into a core.hooksPath
// inside the work tree used to dirty it silently, so that relguard check
// then failed git.dirty and the pre-push guard blocked every release.
func TestInstallIntoTrackedHooksPath(t *testing.T) {
	repo := newRepo(t)
	writeFile(t, filepath.Join(repo, ".githooks", "post-merge"), "#!/bin/sh\nexit 0\n")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "shared hooks")
	git(t, repo, "config", "core.hooksPath", ".githooks")

	var out, errb bytes.Buffer
	code := Main([]string{"install", "--repo", repo}, &out, &errb)
	want := "relguard hooks install: the hooks directory .githooks (core.hooksPath) is part of the work tree, so installing would leave uncommitted files there and relguard check would fail git.dirty; to share the hooks with everyone who clones, run relguard hooks install --force and commit them (git add .githooks && git commit -m \"Run relguard from the git hooks\"), or set core.hooksPath to a directory outside the work tree\n"
	if code != 2 || errb.String() != want || out.Len() != 0 {
		t.Errorf("install: exit %d, stdout %q, stderr %q; want 2 and\n%s", code, out.String(), errb.String(), want)
	}
	if status := git(t, repo, "status", "--porcelain"); status != "" {
		t.Fatalf("the refused install changed the work tree:\n%s", status)
	}

	out.Reset()
	errb.Reset()
	if code := Main([]string{"install", "--force", "--repo", repo}, &out, &errb); code != 0 {
		t.Fatalf("install --force: exit %d, stderr %q", code, errb.String())
	}
	if !strings.Contains(out.String(), ".githooks is part of the work tree: commit the change (git add .githooks && git commit)") {
		t.Errorf("install --force does not say to commit the hooks:\n%s", out.String())
	}
	script, err := os.ReadFile(filepath.Join(repo, ".githooks", "pre-push"))
	if err != nil || !IsRelguardHook(script) {
		t.Fatalf("pre-push not installed: %v", err)
	}
	// Committed hooks run on other machines: relguard comes from PATH.
	if !strings.Contains(string(script), "relguard_bin=${RELGUARD_BIN:-'relguard'}\n") {
		t.Errorf("the committed hook names this machine's binary:\n%s", script)
	}
	git(t, repo, "add", ".githooks")
	git(t, repo, "commit", "-q", "--no-verify", "-m", "Run relguard from the git hooks")
	if status := git(t, repo, "status", "--porcelain"); status != "" {
		t.Errorf("after committing the hooks the tree is still dirty:\n%s", status)
	}
}

func TestInstallIntoIgnoredOrPrivateHooksPath(t *testing.T) {
	repo := newRepo(t)
	writeFile(t, filepath.Join(repo, ".gitignore"), ".hooks/\n")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "ignore .hooks")
	outside := t.TempDir()
	for _, hooksPath := range []string{".hooks", outside} {
		git(t, repo, "config", "core.hooksPath", hooksPath)
		var out, errb bytes.Buffer
		if code := Main([]string{"install", "--repo", repo}, &out, &errb); code != 0 {
			t.Errorf("core.hooksPath %s: exit %d, stderr %q", hooksPath, code, errb.String())
		}
		if strings.Contains(out.String(), "part of the work tree") {
			t.Errorf("core.hooksPath %s: %s", hooksPath, out.String())
		}
		if status := git(t, repo, "status", "--porcelain"); status != "" {
			t.Errorf("core.hooksPath %s: the tree is dirty:\n%s", hooksPath, status)
		}
	}
}
