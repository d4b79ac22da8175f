package lint

import (
	"fmt"
	"os"
	"testing"
)

// TestMain points the result cache at a fresh directory, so that the tests
// never read or fill the user's cache.
func TestMain(m *testing.M) {
	if os.Getenv("RELGUARD_LINT_CHILD") != "" {
		os.Exit(m.Run()) // the parent test chose the cache
	}
	dir, err := os.MkdirTemp("", "relguard-lint-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Setenv(cacheEnv, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
