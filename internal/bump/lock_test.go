package bump

import (
	"strings"
	"testing"
)

func TestLockFiles(t *testing.T) {
	cases := []struct {
		name   string
		target Target
		files  map[string]string // before; «» marks tokens that change
		notes  []string
	}{
		{"package-lock.json: the root entries, not dependencies", Target{Path: "package.json", Syntax: JSON, Key: "version", Old: "0.4.64"}, map[string]string{
			"package.json": "{\"name\": \"web\", \"version\": \"0.4.64\"}\n",
			"package-lock.json": "{\n  \"name\": \"web\",\n  \"version\": \"«0.4.64»\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\n      \"name\": \"web\",\n      \"version\": \"«0.4.64»\"\n    },\n" +
				"    \"node_modules/dep\": {\n      \"version\": \"0.4.64\"\n    }\n  }\n}\n",
		}, nil},
		{"package-lock.json at the workspace root: the member's entry", Target{Path: "apps/web/package.json", Syntax: JSON, Key: "version", Old: "0.4.64"}, map[string]string{
			"apps/web/package.json": "{\"name\": \"web\", \"version\": \"0.4.64\"}\n",
			"package-lock.json":     "{\"name\":\"root\",\"version\":\"1.0.0\",\"packages\":{\"\":{\"version\":\"1.0.0\"},\"apps/web\":{\"name\":\"web\",\"version\":\"«0.4.64»\"}}}",
		}, nil},
		{"package-lock.json out of step: named, not written", Target{Path: "package.json", Syntax: JSON, Key: "version", Old: "0.4.64"}, map[string]string{
			"package.json":      "{\"name\": \"web\", \"version\": \"0.4.64\"}\n",
			"package-lock.json": "{\"version\": \"0.4.1\", \"lockfileVersion\": 1}\n",
		}, []string{"package-lock.json:1: version is 0.4.1, neither 0.4.64 nor 0.5.0; run npm install"}},
		{"Cargo.lock: workspace members, not registry crates of the same name", Target{Path: "Cargo.toml", Syntax: TOML, Key: "workspace.package.version", Old: "0.4.64", Packages: []string{"core", "cli"}}, map[string]string{
			"Cargo.toml": "[workspace.package]\nversion = \"0.4.64\"\n",
			"Cargo.lock": "# generated\nversion = 4\n\n[[package]]\nname = \"cli\"\nversion = \"«0.4.64»\"\ndependencies = [\n \"core «0.4.64»\",\n \"serde\",\n]\n\n[[package]]\nname = \"core\"\nversion = \"«0.4.64»\"\n\n" +
				"[[package]]\nname = \"core\"\nversion = \"0.4.64\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"serde\"\nversion = \"0.4.64\"\n",
		}, nil},
		{"uv.lock: the editable project only", Target{Path: "pyproject.toml", Syntax: TOML, Key: "project.version", Old: "0.4.64", Packages: []string{"My_App"}}, map[string]string{
			"pyproject.toml": "[project]\nname = \"My_App\"\nversion = \"0.4.64\"\n",
			"uv.lock":        "version = 1\n\n[[package]]\nname = \"my-app\"\nversion = \"«0.4.64»\"\nsource = { editable = \".\" }\n\n[[package]]\nname = \"other\"\nversion = \"0.4.64\"\nsource = { registry = \"https://pypi.org/simple\" }\n",
		}, nil},
		{"poetry.lock: a path dependency that is the project", Target{Path: "libs/core/pyproject.toml", Syntax: TOML, Key: "tool.poetry.version", Old: "0.4.64", Packages: []string{"core"}}, map[string]string{
			"libs/core/pyproject.toml": "[tool.poetry]\nname = \"core\"\nversion = \"0.4.64\"\n",
			"poetry.lock":              "[[package]]\nname = \"core\"\nversion = \"«0.4.64»\"\n\n[package.source]\ntype = \"directory\"\nurl = \"libs/core\"\n\n[[package]]\nname = \"core2\"\nversion = \"0.4.64\"\n",
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := map[string]string{}
			want := map[string]string{}
			tracked := map[string]bool{}
			for p, s := range tc.files {
				in[p] = strings.NewReplacer("«", "", "»", "").Replace(s)
				want[p] = strings.NewReplacer("«0.4.64»", "0.5.0").Replace(s)
				tracked[p] = true
			}
			want[tc.target.Path] = in[tc.target.Path] // UpdateLocks leaves the manifest to SetVersion
			p := NewPlan(reader(in))
			if err := p.UpdateLocks(tracked, tc.target, "0.5.0"); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for path := range in {
				got[path] = in[path]
			}
			for _, f := range p.Files() {
				got[f.Path] = string(f.Data)
			}
			for path := range want {
				if got[path] != want[path] {
					t.Errorf("%s:\ngot\n%s\nwant\n%s", path, got[path], want[path])
				}
			}
			if strings.Join(p.Notes, "\n") != strings.Join(tc.notes, "\n") {
				t.Errorf("notes %q, want %q", p.Notes, tc.notes)
			}
		})
	}
}

func TestUntrackedLockIsLeftAlone(t *testing.T) {
	in := map[string]string{"package.json": `{"version":"0.4.64"}`, "package-lock.json": `{"version":"0.4.64"}`}
	p := NewPlan(reader(in))
	if err := p.UpdateLocks(map[string]bool{"package.json": true}, Target{Path: "package.json", Syntax: JSON, Old: "0.4.64"}, "0.5.0"); err != nil || len(p.Files()) != 0 {
		t.Errorf("err %v, files %d", err, len(p.Files()))
	}
}

// TestLockMissingFromTheWorkTreeIsANote: a tracked lock file that is not
// in the work tree (deleted, or outside a sparse checkout) holds nothing
// to update; the plan names the tool that regenerates it, once.
func TestLockMissingFromTheWorkTreeIsANote(t *testing.T) {
	in := map[string]string{
		"Cargo.toml":   "[workspace.package]\nversion = \"0.4.64\"\n",
		"package.json": `{"name":"web","version":"0.4.64"}`,
	}
	tracked := map[string]bool{"Cargo.toml": true, "Cargo.lock": true, "package.json": true, "package-lock.json": true}
	p := NewPlan(reader(in))
	cargo := Target{Path: "Cargo.toml", Syntax: TOML, Key: "workspace.package.version", Old: "0.4.64", Packages: []string{"a", "b"}}
	for i := 0; i < 2; i++ {
		if err := p.UpdateLocks(tracked, cargo, "0.5.0"); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.UpdateLocks(tracked, Target{Path: "package.json", Syntax: JSON, Old: "0.4.64", Packages: []string{"web"}}, "0.5.0"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Cargo.lock is tracked but not in the work tree; restore it and run cargo update -w",
		"package-lock.json is tracked but not in the work tree; restore it and run npm install",
	}
	if strings.Join(p.Notes, "\n") != strings.Join(want, "\n") || len(p.Files()) != 0 {
		t.Errorf("notes %q, files %d", p.Notes, len(p.Files()))
	}
}
