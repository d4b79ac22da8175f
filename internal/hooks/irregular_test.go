//go:build unix

package hooks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relguard/relguard/internal/regularfile/irregular"
)

// TestInstallWithIrregularHook: a named pipe where a hook belongs must not
// block install or uninstall, and is left where it is. A symlink (the
// "device" case is a symlink to /dev/zero) is a foreign hook: it is moved
// aside without being read.
func TestInstallWithIrregularHook(t *testing.T) {
	for _, kind := range irregular.Kinds {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "pre-push")
			irregular.Make(t, path, kind)
			for _, op := range []string{"install", "uninstall"} {
				var msg string
				var err error
				irregular.Within(t, op+" over a "+kind, func() {
					if op == "install" {
						msg, err = Install(dir, "pre-push", "relguard")
					} else {
						msg, err = Uninstall(dir, "pre-push")
					}
				})
				if kind == "device" {
					if err != nil {
						t.Errorf("%s over a symlinked hook: %v", op, err)
					}
					continue
				}
				want := path + " is a " + kind + ", not a file; git cannot run it as a hook"
				if err == nil || !strings.HasPrefix(err.Error(), want) {
					t.Errorf("%s: %q, %v; want an error starting %q", op, msg, err, want)
				}
				if info, lerr := os.Lstat(path); lerr != nil || info.Mode().IsRegular() {
					t.Errorf("%s replaced the %s", op, kind)
				}
			}
		})
	}
}
