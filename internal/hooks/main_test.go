package hooks

import (
	"os"
	"testing"
)

// asRelguard makes this test binary act as relguard when a hook script
// installed by a test calls it: "<binary> hooks pre-push REMOTE URL". The
// tests then drive the real hook scripts through git without building
// relguard.
const asRelguard = "RELGUARD_HOOKS_TEST_AS_RELGUARD"

func TestMain(m *testing.M) {
	if os.Getenv(asRelguard) == "1" {
		if len(os.Args) < 2 || os.Args[1] != "hooks" {
			os.Stderr.WriteString("the hooks test binary acting as relguard runs only \"hooks\" commands\n")
			os.Exit(2)
		}
		os.Exit(Main(os.Args[2:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// installAsRelguard installs relguard's hook name into repo, calling this
// test binary as relguard.
func installAsRelguard(t *testing.T, repo, name string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := HooksDir(repo)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Install(dir, name, exe); err != nil {
		t.Fatal(err)
	}
	t.Setenv(asRelguard, "1")
}
