package bump

import (
	"fmt"
	"strings"
	"testing"
)

// TestDependencyPins: requirements on the release's own packages follow
// it when they name the old version exactly; everything else in the
// manifests stays byte for byte.
func TestDependencyPins(t *testing.T) {
	own := map[string]string{"@acme/core": "8.0.1", "acme-utils": "0.39.2", "acme": "0.39.2"}
	cases := []struct {
		name, path, in, want string
		changes              []string
	}{
		{"npm: every section, bare and ranged; other packages and ranges stay", "packages/cli/package.json",
			"{\r\n  \"name\": \"@acme/cli\",\r\n  \"dependencies\": {\"@acme/core\": \"8.0.1\", \"left-pad\": \"8.0.1\"},\r\n  \"devDependencies\": {\r\n    \"@acme/core\": \"^8.0.1\"\r\n  },\r\n  \"peerDependencies\": {\"@acme/core\": \"workspace:~8.0.1\"},\r\n  \"optionalDependencies\": {\"@acme/core\": \">=8.0.0 <9\"}\r\n}\r\n",
			"{\r\n  \"name\": \"@acme/cli\",\r\n  \"dependencies\": {\"@acme/core\": \"8.0.2\", \"left-pad\": \"8.0.1\"},\r\n  \"devDependencies\": {\r\n    \"@acme/core\": \"^8.0.2\"\r\n  },\r\n  \"peerDependencies\": {\"@acme/core\": \"workspace:~8.0.2\"},\r\n  \"optionalDependencies\": {\"@acme/core\": \">=8.0.0 <9\"}\r\n}\r\n",
			[]string{"3 dependency @acme/core 8.0.1→8.0.2", "5 dependency @acme/core ^8.0.1→^8.0.2", "7 dependency @acme/core workspace:~8.0.1→workspace:~8.0.2"}},
		{"cargo: inline tables, dotted keys, dependency tables, target and workspace tables, renames", "Cargo.toml",
			"[package]\nname = \"acme\"\nversion = \"0.39.2\"\n\n[dependencies]\nacme-utils = { path = \"utils/\", version = \"0.39.2\" } # local\nserde = { version = \"0.39.2\" }\nacme-remote = \"0.39.2\"\nu.path = \"utils\"\nu.package = \"acme-utils\"\nu.version = \"=0.39.2\"\n\n[dev-dependencies.acme-utils]\npath = \"utils\"\nversion = '^0.39.2'\n\n[target.'cfg(unix)'.build-dependencies]\nacme-utils = { path = \"utils\", version = \"0.39\" }\n\n[workspace.dependencies]\nacme = { path = \".\", version = \"0.39.2\", features = [\"x\"] }\n",
			"[package]\nname = \"acme\"\nversion = \"0.39.2\"\n\n[dependencies]\nacme-utils = { path = \"utils/\", version = \"0.40.0\" } # local\nserde = { version = \"0.39.2\" }\nacme-remote = \"0.39.2\"\nu.path = \"utils\"\nu.package = \"acme-utils\"\nu.version = \"=0.40.0\"\n\n[dev-dependencies.acme-utils]\npath = \"utils\"\nversion = '^0.40.0'\n\n[target.'cfg(unix)'.build-dependencies]\nacme-utils = { path = \"utils\", version = \"0.39\" }\n\n[workspace.dependencies]\nacme = { path = \".\", version = \"0.40.0\", features = [\"x\"] }\n",
			[]string{"6 dependency acme-utils 0.39.2→0.40.0", "11 dependency acme-utils =0.39.2→=0.40.0", "15 dependency acme-utils ^0.39.2→^0.40.0", "21 dependency acme 0.39.2→0.40.0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPlan(reader(map[string]string{tc.path: tc.in}))
			version := "8.0.2"
			pins := map[string]string{"@acme/core": own["@acme/core"]}
			if strings.HasSuffix(tc.path, "Cargo.toml") {
				version, pins = "0.40.0", map[string]string{"acme-utils": own["acme-utils"], "acme": own["acme"]}
			}
			for i := 0; i < 2; i++ { // twice: the same edits count once
				if err := p.SetDependencyPins(tc.path, pins, version); err != nil {
					t.Fatal(err)
				}
			}
			got := tc.in
			if fs := p.Files(); len(fs) == 1 {
				got = string(fs[0].Data)
			}
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			var changes []string
			for _, c := range p.Changes {
				changes = append(changes, fmt.Sprintf("%d %s %s→%s", c.Line, c.What, c.Old, c.New))
			}
			if strings.Join(changes, "\n") != strings.Join(tc.changes, "\n") {
				t.Errorf("changes:\n%s\nwant\n%s", strings.Join(changes, "\n"), strings.Join(tc.changes, "\n"))
			}
		})
	}
}

func TestDependencyPinsInABrokenManifestAreAnError(t *testing.T) {
	p := NewPlan(reader(map[string]string{"Cargo.toml": "[dependencies]\na = { path = \"a\", version = \"1.0.0\"\n"}))
	if err := p.SetDependencyPins("Cargo.toml", map[string]string{"a": "1.0.0"}, "1.1.0"); err == nil || !strings.HasPrefix(err.Error(), "Cargo.toml:") {
		t.Errorf("err %v", err)
	}
}
