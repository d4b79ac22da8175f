//go:build integration

package tags

// newServer is a test helper that only integration tests build.
func newServer() int { return 1 }
