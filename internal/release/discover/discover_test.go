package discover

import (
	"testing"

	"github.com/Masterminds/semver/v3"
)

func TestExcluded(t *testing.T) {
	for p, want := range map[string]bool{
		"package.json":                          false,
		"apps/web/package.json":                 false,
		"web/ui/package.json":                   false,
		"testdata/package.json":                 true,
		"a/fixtures/x/pyproject.toml":           true,
		"examples/basic/package.json":           true,
		"example/Cargo.toml":                    true,
		"test/VERSION":                          true,
		"tests/pyproject.toml":                  true,
		"_integration-test/nginx.conf":          true,
		"integration-tests/compose.yml":         true,
		"pkg/Fixture_data/Chart.yaml":           true,
		"docs/package.json":                     true,
		".github/workflows/compose.yml":         true,
		".release/VERSION":                      true,
		"node_modules/left-pad/package.json":    true,
		"vendor/github.com/x/y/version.go":      true,
		"third_party/z/Cargo.toml":              true,
		"_build/VERSION":                        true,
		"docs":                                  false, // a file named docs
		"tests.md":                              false,
		"src/latest/package.json":               true, // "test" in the name, as the rule says
		"./charts/traefik/Chart.yaml":           false,
		"deploy/docker-compose.prod.yml":        false,
		"src/pydantic/version.py":               false,
		"internal/version/version.go":           false,
		"crates/core/tests/data/Cargo.toml":     true,
		"packages/testing-library/package.json": true,
	} {
		if got := Excluded(p); got != want {
			t.Errorf("Excluded(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestSplitTag(t *testing.T) {
	for tag, want := range map[string]string{
		"v1.2.3": "v|1.2.3", "1.2.3": "|1.2.3", "api/v1.2.3": "api/v|1.2.3", "@scope/pkg@1.2.3": "@scope/pkg@|1.2.3",
		"traefik-26.0.0": "traefik-|26.0.0", "version/2024.2.1": "version/|2024.2.1", "pkg-v2-1.2.3": "pkg-v2-|1.2.3",
		"v11.2.3-rc.1": "v|11.2.3-rc.1", "core-v2.48.0": "core-v|2.48.0",
		"v1.2": "", "latest": "", "2.3.x": "", "v01.2.3": "",
	} {
		p, v, ok := SplitTag(tag)
		got := ""
		if ok {
			got = p + "|" + v.Original()
		}
		if got != want {
			t.Errorf("SplitTag(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestInferTagPrefix(t *testing.T) {
	tests := []struct {
		name    string
		tags    []string
		version string
		want    string
	}{
		{"no tags", nil, "1.0.0", "v"},
		{"v", []string{"v1.0.0", "v1.1.0"}, "1.2.0", "v"},
		{"none", []string{"15.1.0", "15.2.0", "ignore-0.4.33"}, "15.2.1", ""},
		{"none beats stale v tags", []string{"v0.9.0", "v0.9.1", "1.0.0", "1.1.0"}, "1.2.0", ""},
		{"v beats stale bare tags", []string{"0.1.0", "v1.0.0"}, "1.1.0", "v"},
		{"tie prefers v", []string{"v2.3.3", "2.3.3"}, "2.3.4", "v"},
		{"component tags only", []string{"traefik-25.0.0", "traefik-26.0.0"}, "26.0.1", "traefik-"},
		{"the component this version follows", []string{"api/v1.0.0", "api/v1.1.0", "api/v1.2.0", "web/v3.4.0"}, "3.5.0", "web/v"},
		{"the component with most releases", []string{"api/v1.0.0", "api/v1.1.0", "web/v3.4.0"}, "9.0.0", "api/v"},
		{"the own tag decides a re-run", []string{"v1.0.0", "release-2.0.0"}, "2.0.0", "release-"},
		{"non-semver tags only", []string{"latest", "nightly", "v1.2"}, "1.0.0", "v"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := InferTagPrefix(tt.tags, semver.MustParse(tt.version)); got != tt.want {
				t.Errorf("InferTagPrefix(%v, %s) = %q, want %q", tt.tags, tt.version, got, tt.want)
			}
		})
	}
}

func TestReleasesSortAndFilter(t *testing.T) {
	got := Releases([]string{"v0.4.9", "v0.4.10", "api/v9.0.0", "v1.0", "v0.5.0-rc.1", "v0.5.0"}, "v", "v0.5.0")
	var tags []string
	for _, r := range got {
		tags = append(tags, r.Tag)
	}
	if want := "v0.5.0-rc.1 v0.4.10 v0.4.9"; joined(tags) != want {
		t.Errorf("Releases = %q, want %q", joined(tags), want)
	}
}

func joined(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

func TestChangelogRank(t *testing.T) {
	order := []string{"api/CHANGELOG.md", "CHANGELOG.md", "Changelog.rst", "CHANGELOG", "CHANGES.rst", "HISTORY.md", "NEWS", "RELEASES.md", "docs/changelog.md", "docs/CHANGES.rst"}
	prev := -1
	for _, p := range order {
		r := changelogRank(p, "api")
		if r <= prev {
			t.Errorf("%s ranks %d, not after %d", p, r, prev)
		}
		prev = r
	}
	for _, p := range []string{"web/CHANGELOG.md", "docs/en/changelog.rst", "CHANGELOG.html", "RELEASE_NOTES.md", "tests/CHANGELOG.md"} {
		if r := changelogRank(p, "api"); r >= 0 {
			t.Errorf("%s is a changelog candidate (rank %d)", p, r)
		}
	}
}

func TestCandidateFormat(t *testing.T) {
	for p, want := range map[string]bool{
		"package.json": true, "web/lerna.json": true, "setup.cfg": true, "VERSION": true,
		"internal/version/version.go": true, "version.go": true, "cmd/versioncmd.go": true, "cmd/myversion.go": false, "pkg/versioning.go": true,
		"version/info_test.go": false, "src/pkg/__init__.py": true, "pkg/__about__.py": true, "pkg/_version.py": true,
		"requests/__version__.py": true, "pkg/utils.py": false, "main.go": false, "Chart.yml": false,
		"bower.json": true, "composer.json": true, "jsr.json": true, "deno.json": true, ".version": true, "tsconfig.json": false,
	} {
		if _, got := candidateFormat(p); got != want {
			t.Errorf("candidateFormat(%q) = %v, want %v", p, got, want)
		}
	}
}
