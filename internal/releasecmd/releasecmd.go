// Package releasecmd implements `relguard check`, `relguard notes` and
// `relguard tag`.
package releasecmd

import "io"

// Check is `relguard check`; it returns the exit code. Placeholder.
func Check(args []string, stdout, stderr io.Writer) int { return 2 }

// Notes is `relguard notes`. Placeholder.
func Notes(args []string, stdout, stderr io.Writer) int { return 2 }

// Tag is `relguard tag`. Placeholder.
func Tag(args []string, stdout, stderr io.Writer) int { return 2 }
