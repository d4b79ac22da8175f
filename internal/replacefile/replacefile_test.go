package replacefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAllIsAllOrNothing(t *testing.T) {
	root := t.TempDir()
	a, version := filepath.Join(root, "package.json"), filepath.Join(root, "VERSION")
	for _, p := range []string{a, version} {
		if err := os.WriteFile(p, []byte("0.4.64"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("VERSION", filepath.Join(root, "LINK")); err != nil {
		t.Fatal(err)
	}
	cases := map[string]File{
		"a symlink":                          {Path: filepath.Join(root, "LINK"), Name: "LINK"},
		"a missing file":                     {Path: filepath.Join(root, "gone", "VERSION"), Name: "gone/VERSION"},
		"a missing directory for a new file": {Path: filepath.Join(root, "gone", "CHANGELOG.md"), Name: "gone/CHANGELOG.md", Create: true},
	}
	for name, bad := range cases {
		t.Run(name, func(t *testing.T) {
			err := All([]File{{Path: a, Name: "package.json", Data: []byte("0.5.0")}, {Path: version, Name: "VERSION", Data: []byte("0.5.0")}, bad})
			if err == nil || !strings.Contains(err.Error(), bad.Name) || !strings.HasSuffix(err.Error(), "nothing was written") {
				t.Fatalf("err %v, want it to name %s and say nothing was written", err, bad.Name)
			}
			for _, p := range []string{a, version} {
				if data, _ := os.ReadFile(p); string(data) != "0.4.64" {
					t.Errorf("%s was written: %q", p, data)
				}
			}
			entries, _ := os.ReadDir(root)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".relguard-") {
					t.Errorf("temporary file left behind: %s", e.Name())
				}
			}
		})
	}
	if err := All([]File{{Path: a, Name: "package.json", Data: []byte("0.5.0")}, {Path: filepath.Join(root, "NEW"), Name: "NEW", Data: []byte("x"), Create: true}}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(a); string(data) != "0.5.0" {
		t.Errorf("package.json = %q after a successful write", data)
	}
}
