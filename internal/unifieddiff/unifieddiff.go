// Package unifieddiff prints changes as unified diffs that `git apply` and
// `patch -p1` accept, for relguard lint --diff and relguard bump --dry-run.
package unifieddiff

import (
	"fmt"
	"io"

	"github.com/aymanbagabas/go-udiff"
)

// Write prints the change from before to after under the two labels
// ("a/path", "b/path"; "/dev/null" for a new file). Nothing is printed
// when the contents are equal.
func Write(w io.Writer, oldLabel, newLabel, before, after string) error {
	u, err := udiff.ToUnifiedDiff(oldLabel, newLabel, before, udiff.Lines(before, after), udiff.DefaultContextLines)
	if err != nil {
		return fmt.Errorf("cannot diff %s: %v", newLabel, err)
	}
	renumberNewLines(u.Hunks)
	_, err = io.WriteString(w, u.String())
	return err
}

// renumberNewLines recomputes each hunk's start line in the new file: the
// diff library miscounts it after a hunk whose changes are separated by
// unchanged lines, and patch tools use it to place the hunk.
func renumberNewLines(hunks []*udiff.Hunk) {
	shift := 0
	for _, h := range hunks {
		h.ToLine = h.FromLine + shift
		for _, l := range h.Lines {
			switch l.Kind {
			case udiff.Insert:
				shift++
			case udiff.Delete:
				shift--
			}
		}
	}
}
