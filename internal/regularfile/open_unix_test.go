//go:build unix

package regularfile

import (
	"path/filepath"
	"testing"

	"github.com/relguard/relguard/internal/regularfile/irregular"
)

// TestOpenDoesNotWaitForAWriter covers a named pipe swapped in between
// Lstat and open: the open itself must return, so that the descriptor can
// be classified and refused.
func TestOpenDoesNotWaitForAWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "VERSION")
	irregular.Make(t, path, "named pipe")
	irregular.Within(t, "opening a named pipe", func() {
		f, err := openNonBlocking(path)
		if err != nil {
			t.Errorf("open: %v", err)
			return
		}
		f.Close()
	})
}
