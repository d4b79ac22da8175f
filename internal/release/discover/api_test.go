package discover

import (
	"fmt"
	"io/fs"
	"sort"
	"testing"

	"github.com/Masterminds/semver/v3"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/release/versionfile"
)

// history answers GitFacts from an in-memory list of tagged trees.
type history struct {
	tags  map[string]string            // tag -> commit
	trees map[string]map[string]string // commit -> path -> content
}

func (h *history) IsShallow() (bool, error)                    { return false, nil }
func (h *history) Status() ([]string, []string, error)         { return nil, nil, nil }
func (h *history) Head() (string, string, error)               { return "head", "main", nil }
func (h *history) BranchesContaining(string) ([]string, error) { return []string{"main"}, nil }
func (h *history) Getenv(string) string                        { return "" }
func (h *history) Tags() ([]string, error) {
	var names []string
	for n := range h.tags {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}
func (h *history) LookupTag(name string) (bool, string, bool, error) {
	c, ok := h.tags[name]
	return ok, c, true, nil
}
func (h *history) ReadFilesAt(commit string, paths []string) (map[string][]byte, error) {
	tree, ok := h.trees[commit]
	if !ok {
		return nil, fmt.Errorf("commit %s is not in the repository", commit)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		if c, ok := tree[p]; ok {
			out[p] = []byte(c)
		}
	}
	return out, nil
}

func ctxFor(version string, now map[string]string, h *history) *guard.Context {
	v := semver.MustParse(version)
	cfg := config.Default()
	return &guard.Context{
		Version: v, Tag: "v" + version, Config: cfg, Git: h,
		TrackedFiles: func() ([]string, error) {
			var ps []string
			for p := range now {
				ps = append(ps, p)
			}
			sort.Strings(ps)
			return ps, nil
		},
		ReadFile: func(rel string) ([]byte, error) {
			c, ok := now[rel]
			if !ok {
				return nil, fmt.Errorf("%s does not exist: %w", rel, fs.ErrNotExist)
			}
			return []byte(c), nil
		},
	}
}

// TestDiscoverAPI pins what a command that prepares a release relies on:
// for each version file its path, format, field, line, value, whether it
// is in lockstep and why, and its anchor; the changelog; the own images.
func TestDiscoverAPI(t *testing.T) {
	then := map[string]string{
		"package.json":          "{\n  \"version\": \"1.1.0\"\n}\n",
		"charts/app/Chart.yaml": "apiVersion: v2\nversion: 0.3.0\nappVersion: \"1.1.0\"\n",
		"web/ui/package.json":   `{"version": "0.9.0"}`,
		"CHANGELOG.md":          "## 1.1.0\n- old\n",
		"deploy/compose.yml":    "services:\n  app:\n    image: ghcr.io/acme/app:1.1.0\n  db:\n    image: postgres:16\n",
	}
	now := map[string]string{
		"package.json":          "{\n  \"version\": \"1.1.0\"\n}\n",
		"charts/app/Chart.yaml": "apiVersion: v2\nversion: 0.3.1\nappVersion: \"1.2.0\"\n",
		"web/ui/package.json":   `{"version": "0.9.1"}`,
		"CHANGELOG.md":          "## 1.2.0\n- new\n\n## 1.1.0\n- old\n",
		"deploy/compose.yml":    "services:\n  app:\n    image: ghcr.io/acme/app:1.1.0\n  db:\n    image: postgres:16\n",
		"tests/package.json":    `{"version": "1.1.0"}`,
	}
	h := &history{tags: map[string]string{"v1.1.0": "c1", "v1.0.0": "c0"}, trees: map[string]map[string]string{"c1": then, "c0": {}}}
	ctx := ctxFor("1.2.0", now, h)
	rel := Discover(ctx)
	if rel != Discover(ctx) {
		t.Error("Discover is not computed once per context")
	}
	if rel.Anchor == nil || *rel.Anchor != (Anchor{Tag: "v1.1.0", Version: "1.1.0", Commit: "c1"}) {
		t.Errorf("Anchor = %+v", rel.Anchor)
	}
	type row struct {
		path, key string
		format    versionfile.Format
		line      int
		value     string
		state     State
		anchor    string
	}
	var got []row
	for _, vf := range rel.VersionFiles {
		if vf.Lockstep != (vf.State == Judged) || vf.Reason == "" {
			t.Errorf("%s %s: Lockstep %v, State %v, Reason %q", vf.Path, vf.Key, vf.Lockstep, vf.State, vf.Reason)
		}
		got = append(got, row{vf.Path, vf.Key, vf.Format, vf.Line, vf.Value, vf.State, vf.AnchorValue})
	}
	want := []row{
		{"charts/app/Chart.yaml", "version", versionfile.FormatChart, 2, "0.3.1", OwnScheme, "0.3.0"},
		{"charts/app/Chart.yaml", "appVersion", versionfile.FormatChart, 3, "1.2.0", Judged, "1.1.0"},
		{"package.json", "version", versionfile.FormatPackageJSON, 2, "1.1.0", Judged, "1.1.0"},
		{"web/ui/package.json", "version", versionfile.FormatPackageJSON, 1, "0.9.1", OwnScheme, "0.9.0"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("VersionFiles =\n%v\nwant\n%v", got, want)
	}
	if c := rel.Changelog; c.Path != "CHANGELOG.md" || !c.Lockstep || c.AnchorTag != "v1.1.0" {
		t.Errorf("Changelog = %+v", c)
	}
	var own []string
	for _, im := range rel.Images {
		if im.Own {
			own = append(own, fmt.Sprintf("%s:%d %s strict=%v lockstep=%v", im.File, im.Line, im.Raw, im.Strict, im.Lockstep))
		}
	}
	if fmt.Sprint(own) != "[deploy/compose.yml:3 ghcr.io/acme/app:1.1.0 strict=true lockstep=true]" {
		t.Errorf("own images = %v", own)
	}
	if len(rel.Problems) != 0 {
		t.Errorf("Problems = %+v", rel.Problems)
	}
}

// TestDiscoverManifestsBesidePackageJSON: axios bumps bower.json and
// pocket-id a .version file with every release; both are judged, read as
// JSON and as a plain version file.
func TestDiscoverManifestsBesidePackageJSON(t *testing.T) {
	then := map[string]string{"package.json": `{"version": "1.7.8"}`, "bower.json": "{\n  \"name\": \"axios\",\n  \"version\": \"1.7.8\"\n}\n", ".version": "1.7.8\n", "composer.json": `{"name": "a/b"}`}
	now := map[string]string{"package.json": `{"version": "1.7.9"}`, "bower.json": then["bower.json"], ".version": "1.7.9\n", "composer.json": then["composer.json"]}
	h := &history{tags: map[string]string{"v1.7.8": "c1"}, trees: map[string]map[string]string{"c1": then}}
	var got []string
	for _, vf := range Discover(ctxFor("1.7.9", now, h)).VersionFiles {
		got = append(got, fmt.Sprintf("%s %s %s@%d %v", vf.Path, vf.Format, vf.Value, vf.Line, vf.State))
	}
	want := []string{
		fmt.Sprintf(".version %s 1.7.9@1 %v", versionfile.FormatVersion, Judged),
		fmt.Sprintf("bower.json %s 1.7.8@3 %v", versionfile.FormatJSON, Judged),
		fmt.Sprintf("composer.json %s @1 %v", versionfile.FormatJSON, NoVersion),
		fmt.Sprintf("package.json %s 1.7.9@1 %v", versionfile.FormatPackageJSON, Judged),
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("VersionFiles =\n%v\nwant\n%v", got, want)
	}
}

func TestDiscoverUnreadableAnchor(t *testing.T) {
	now := map[string]string{"VERSION": "1.2.0\n"}
	h := &history{tags: map[string]string{"v1.1.0": "gone"}, trees: map[string]map[string]string{}}
	rel := Discover(ctxFor("1.2.0", now, h))
	if len(rel.Problems) == 0 || rel.Problems[0].Check != "version.files" {
		t.Fatalf("Problems = %+v", rel.Problems)
	}
}
