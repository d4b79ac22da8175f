// Package hooks implements `relguard hooks`: installing git hooks and the
// work they do when git runs them.
package hooks

import "io"

// Main is `relguard hooks`; it returns the exit code. Placeholder.
func Main(args []string, stdout, stderr io.Writer) int { return 2 }
