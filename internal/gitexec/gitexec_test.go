package gitexec

import (
	"os/exec"
	"strings"
	"testing"
)

func TestOutput(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	out, err := Output(exec.Command("git", "--version"))
	if err != nil || !strings.HasPrefix(string(out), "git version ") {
		t.Fatalf("git --version = %q, %v", out, err)
	}
	cmd := exec.Command("git", "rev-parse", "--git-dir")
	cmd.Dir = t.TempDir()
	cmd.Env = append(cmd.Environ(), "GIT_CEILING_DIRECTORIES="+cmd.Dir)
	_, err = Output(cmd)
	if err == nil || !strings.HasPrefix(err.Error(), "fatal: not a git repository") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("outside a repository: %v; want git's first stderr line", err)
	}
	// A command that fails without writing to stderr reports its exit status.
	if _, err := Output(exec.Command("git", "diff", "--no-index", "--quiet", "/dev/null", "/etc/hostname")); err == nil || err.Error() != "exit status 1" {
		t.Fatalf("silent failure: %v; want the exit status", err)
	}
}
