package bump

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/relguard/relguard/internal/release/dotenv"
	"github.com/relguard/relguard/internal/release/images"
)

// marked splits a template in which «…» marks the one token that must
// change: in is the file before, want the file after writing version.
// Everything outside the marks — including decoy copies of the old
// version in comments — must come out byte for byte.
func marked(t *testing.T, tmpl, version string) (in, want, old string) {
	t.Helper()
	i, j := strings.Index(tmpl, "«"), strings.Index(tmpl, "»")
	if i < 0 || j < i || strings.Count(tmpl, "«") != 1 {
		t.Fatalf("template needs exactly one «token»: %q", tmpl)
	}
	old = tmpl[i+len("«") : j]
	in = tmpl[:i] + old + tmpl[j+len("»"):]
	want = tmpl[:i] + version + tmpl[j+len("»"):]
	return in, want, old
}

func reader(files map[string]string) func(string) ([]byte, error) {
	return func(p string) ([]byte, error) {
		s, ok := files[p]
		if !ok {
			return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
		}
		return []byte(s), nil
	}
}

const bom = "\xef\xbb\xbf"

func TestSetVersionPreservesEveryOtherByte(t *testing.T) {
	cases := []struct {
		name   string
		target Target
		tmpl   string
	}{
		{"package.json two spaces", Target{Path: "package.json", Syntax: JSON, Key: "version"},
			"{\n  \"name\": \"web\",\n  \"version\": \"«0.4.64»\",\n  \"description\": \"was 0.4.64\"\n}\n"},
		{"package.json tabs CRLF BOM no final newline", Target{Path: "package.json", Syntax: JSON, Key: "version"},
			bom + "{\r\n\t\"private\":true,\r\n\t\"version\" :  \"«0.4.64»\",\r\n\t\"deps\": {\"version\": \"0.4.64\"}\r\n}"},
		{"package.json minified, duplicate key (the last wins)", Target{Path: "package.json", Syntax: JSON, Key: "version"},
			`{"version":"0.4.63","name":"x","version":"«0.4.64»"}`},
		{"lerna.json", Target{Path: "lerna.json", Syntax: JSON, Key: "version"},
			"{\n   \"packages\": [\"packages/*\"],\n   \"version\": \"«0.4.64»\"\n}\n"},
		{"configured JSON key", Target{Path: "app.json", Syntax: JSON, Key: "expo.version"},
			"{\"expo\": {\"name\": \"a\", \"version\": \"«0.4.64»\"}, \"version\": \"9\"}\n"},
		{"pyproject [project] with comments", Target{Path: "pyproject.toml", Syntax: TOML, Key: "project.version"},
			"# version = \"0.4.64\"\n[project]\nname = \"api\"   # the name\n  version   =   \"«0.4.64»\"  # bumped by relguard\n[tool.x]\nversion = \"0.4.64\"\n"},
		{"pyproject [tool.poetry] single quotes CRLF", Target{Path: "pyproject.toml", Syntax: TOML, Key: "tool.poetry.version"},
			"[tool.poetry]\r\nname = 'api'\r\nversion = '«0.4.64»'\r\n"},
		{"TOML inline table", Target{Path: "pyproject.toml", Syntax: TOML, Key: "project.version"},
			"project = { name = \"api\", version = \"«0.4.64»\", urls = { v = \"0.4.64\" } }\n"},
		{"TOML dotted key", Target{Path: "pyproject.toml", Syntax: TOML, Key: "project.version"},
			"project.name = \"api\"\n\"project\" . \"version\" = \"«0.4.64»\"\n"},
		{"Cargo [workspace.package] BOM CRLF", Target{Path: "Cargo.toml", Syntax: TOML, Key: "workspace.package.version"},
			bom + "[workspace]\r\nmembers = [\r\n  \"a\", # 0.4.64\r\n]\r\n\r\n[workspace.package]\r\nedition = \"2021\"\r\nversion = \"«0.4.64»\"\r\n"},
		{"Cargo [package] after arrays of tables", Target{Path: "Cargo.toml", Syntax: TOML, Key: "package.version"},
			"[[bin]]\nname = \"x\"\nversion = \"0.4.64\"\n\n[package]\nname = \"x\"\nversion = \"«0.4.64»\"\n\n[dependencies]\nserde = { version = \"1\" }\n"},
		{"Chart.yaml appVersion quoted", Target{Path: "Chart.yaml", Syntax: YAML, Key: "appVersion"},
			"apiVersion: v2\nname: web   # 0.4.64\nversion: 1.2.3\nappVersion: \"«0.4.64»\"  # the app\n"},
		{"Chart.yaml version plain, odd indentation", Target{Path: "Chart.yaml", Syntax: YAML, Key: "version"},
			"apiVersion: v2\nversion:    «0.4.64»   # chart\nappVersion: '0.4.64'\n"},
		{"YAML anchor: the alias edits its anchor", Target{Path: "Chart.yaml", Syntax: YAML, Key: "appVersion"},
			"version: &v «0.4.64»\nappVersion: *v\n"},
		{"YAML tagged and anchored, single quotes", Target{Path: "Chart.yaml", Syntax: YAML, Key: "appVersion"},
			"appVersion: &a !!str '«0.4.64»'\n"},
		{"YAML flow mapping, CRLF, BOM", Target{Path: "meta.yaml", Syntax: YAML, Key: "release.version"},
			bom + "release: {name: x, version: «0.4.64», y: 1}\r\nother: 0.4.64\r\n"},
		{"YAML: only the first document counts, as for the release guard", Target{Path: "meta.yaml", Syntax: YAML, Key: "version"},
			"version: «0.4.64»\n---\nversion: 0.4.64\nbroken: [\n"},
		{"VERSION CRLF", Target{Path: "VERSION", Syntax: Plain},
			"«0.4.64»\r\n"},
		{"VERSION BOM, no newline, leading blank line", Target{Path: "VERSION", Syntax: Plain},
			bom + "\n  «v0.4.64»"},
		{"Go const in a group", Target{Path: "version/version.go", Syntax: GoConst, Key: "Version"},
			"package version\n\n// Version was 0.4.64.\nconst (\n\tName    = \"x\"\n\tVersion = \"«0.4.64»\" // release\n)\n"},
		{"Go var, raw string", Target{Path: "version.go", Syntax: GoConst},
			"package main\n\nvar Version = `«0.4.64»`\n\nfunc f() { const Version = \"0.4.64\" }\n"},
		{"Python __version__ annotated, single quotes", Target{Path: "pkg/__init__.py", Syntax: Python},
			"\"\"\"pkg 0.4.64\"\"\"\n__all__ = []\n__version__: str = '«0.4.64»'\n\ndef f():\n    __version__ = \"0.4.64\"\n"},
		{"setup.cfg", Target{Path: "setup.cfg", Syntax: INI, Key: "metadata.version"},
			"[metadata]\nname = pkg\nVersion = «0.4.64»  \n\n[options]\nversion = 0.4.64\n"},
		{"regex group", Target{Path: "Makefile", Syntax: Regex, Regex: `APP_VERSION\s*:?=\s*(\S+)`},
			"# APP_VERSION 0.4.64\nAPP_VERSION := «0.4.64»\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in, want, old := marked(t, tc.tmpl, "0.5.0")
			tc.target.Old = strings.TrimSpace(old)
			p := NewPlan(reader(map[string]string{tc.target.Path: in}))
			changed, err := p.SetVersion(tc.target, "0.5.0")
			if err != nil || !changed {
				t.Fatalf("SetVersion: changed %v, %v", changed, err)
			}
			files := p.Files()
			if len(files) != 1 || string(files[0].Data) != want {
				t.Fatalf("got\n%q\nwant\n%q", string(files[0].Data), want)
			}
			// Writing the same version again changes nothing.
			again := NewPlan(reader(map[string]string{tc.target.Path: want}))
			tc.target.Old = "0.5.0"
			if changed, err := again.SetVersion(tc.target, "0.5.0"); changed || err != nil || len(again.Files()) != 0 {
				t.Errorf("second bump: changed %v, err %v, files %d", changed, err, len(again.Files()))
			}
		})
	}
}

func TestSetVersionRefusesWhatItCannotEditExactly(t *testing.T) {
	cases := []struct {
		name   string
		target Target
		in     string
		want   string // fragment of the error
	}{
		{"JSON number", Target{Path: "package.json", Syntax: JSON, Key: "version"}, `{"version": 1}`, "is the number 1, not a string"},
		{"invalid JSON", Target{Path: "package.json", Syntax: JSON, Key: "version"}, "{\n\"version\": \"1.0.0\",\n}", "package.json:3: invalid JSON"},
		{"missing key", Target{Path: "package.json", Syntax: JSON, Key: "version"}, `{"name": "x"}`, `no "version" key`},
		{"invalid TOML", Target{Path: "Cargo.toml", Syntax: TOML, Key: "package.version"}, "[package]\nversion = \"1\nname = 2\n", "Cargo.toml:2: invalid TOML"},
		{"TOML not a string", Target{Path: "Cargo.toml", Syntax: TOML, Key: "package.version"}, "[package]\nversion = 1\n", "is a integer, not a string"},
		{"TOML key inside an array of tables only", Target{Path: "Cargo.toml", Syntax: TOML, Key: "bin.version"}, "[[bin]]\nversion = \"1.0.0\"\n", `no "bin.version" key`},
		{"YAML block scalar", Target{Path: "Chart.yaml", Syntax: YAML, Key: "appVersion"}, "appVersion: |\n  1.0.0\n", "block scalar"},
		{"YAML escapes", Target{Path: "Chart.yaml", Syntax: YAML, Key: "appVersion"}, "appVersion: \"1.0\\x2e0\"\n", "escape sequences"},
		{"invalid YAML", Target{Path: "Chart.yaml", Syntax: YAML, Key: "appVersion"}, "a: [\n", "Chart.yaml:1: invalid YAML"},
		{"reader disagrees", Target{Path: "VERSION", Syntax: Plain, Old: "0.4.63"}, "0.4.64\n", `holds "0.4.64", but the release guard read "0.4.63"`},
		{"VERSION with two lines", Target{Path: "VERSION", Syntax: Plain}, "0.4.64\nextra\n", "only the version"},
		{"Python assigned twice", Target{Path: "__init__.py", Syntax: Python}, "__version__ = '1'\n__version__ = '2'\n", "__init__.py:2: __version__ is assigned more than once"},
		{"Go constant computed", Target{Path: "v.go", Syntax: GoConst}, "package v\nconst Version = major + \".0\"\n", "not set to a string literal"},
		{"invalid Go", Target{Path: "v.go", Syntax: GoConst}, "package v\nconst Version = \n", "v.go:2: invalid Go"},
		{"setup.cfg attr:", Target{Path: "setup.cfg", Syntax: INI}, "[metadata]\nversion = attr: pkg.__version__\n", "read from elsewhere"},
		{"regex matching twice", Target{Path: "f", Syntax: Regex, Regex: `v(\d+\.\d+\.\d+)`}, "v1.0.0 v1.0.0", "must match exactly once, matched 2 times"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPlan(reader(map[string]string{tc.target.Path: tc.in}))
			_, err := p.SetVersion(tc.target, "0.5.0")
			var be *Error
			if err == nil || !errors.As(err, &be) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want *Error containing %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), tc.target.Path) {
				t.Errorf("error %q does not start with the file name", err)
			}
			if len(p.Files()) != 0 {
				t.Errorf("a failed edit left changes")
			}
		})
	}
}

func TestTwoFieldsThroughOneAnchorEditOnce(t *testing.T) {
	in := "version: &v 0.4.64\nappVersion: *v\n"
	p := NewPlan(reader(map[string]string{"Chart.yaml": in}))
	for _, key := range []string{"version", "appVersion"} {
		if _, err := p.SetVersion(Target{Path: "Chart.yaml", Syntax: YAML, Key: key, Old: "0.4.64"}, "0.5.0"); err != nil {
			t.Fatal(err)
		}
	}
	if got := string(p.Files()[0].Data); got != "version: &v 0.5.0\nappVersion: *v\n" {
		t.Errorf("got %q", got)
	}
}

func TestImageTags(t *testing.T) {
	compose := `x-common: &common
  image: ghcr.io/acme/worker:«0.4.64»
services:
  web:
    build: .
    image: acme/web:${WEB_TAG:-0.4.64}   # pinned
  api:
    build: api
    image: "acme/api:v0.4.64"
  worker:
    <<: *common
    build: worker
  db:
    image: postgres:16.4
`
	cases := []struct {
		name    string
		targets []ImageTarget
		tmpl    string
		want    string
		notes   []string
	}{
		{"compose: literal, default, v prefix, anchor", []ImageTarget{
			{Path: "compose.yml", Line: 6, Ref: "acme/web:${WEB_TAG:-0.4.64}"},
			{Path: "compose.yml", Line: 9, Ref: "acme/api:v0.4.64"},
			{Path: "compose.yml", Line: 2, Ref: "ghcr.io/acme/worker:0.4.64"},
		}, compose, strings.NewReplacer("${WEB_TAG:-0.4.64}", "${WEB_TAG:-0.5.0}", "v0.4.64", "v0.5.0", "«0.4.64»", "0.5.0").Replace(compose), nil},
		{"kubernetes", []ImageTarget{{Path: "k8s/web.yaml", Line: 9, Ref: "registry.local:5000/acme/web:0.4.64@sha256:abc"}},
			"apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          # image: registry.local:5000/acme/web:0.4.64\n          image: «registry.local:5000/acme/web:0.4.64@sha256:abc»\n",
			"apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          # image: registry.local:5000/acme/web:0.4.64\n          image: registry.local:5000/acme/web:0.5.0@sha256:abc\n", nil},
		{"helm values: the tag key only", []ImageTarget{{Path: "values.yaml", Line: 4, Ref: "acme/web:0.4.64"}},
			"image:\n  repository: acme/web\n  pullPolicy: IfNotPresent\n  tag: «\"0.4.64\"»\r\n",
			"image:\n  repository: acme/web\n  pullPolicy: IfNotPresent\n  tag: \"0.5.0\"\r\n", nil},
		{"not versions: left alone with a note", []ImageTarget{
			{Path: "compose.yml", Line: 3, Ref: "acme/web:latest"},
			{Path: "compose.yml", Line: 5, Ref: "acme/api:${TAG}"},
			{Path: "compose.yml", Line: 7, Ref: "acme/job"},
		}, "services:\n  web:\n    image: acme/web:latest\n  api:\n    image: acme/api:${TAG}\n  job:\n    image: «acme/job»\n",
			"services:\n  web:\n    image: acme/web:latest\n  api:\n    image: acme/api:${TAG}\n  job:\n    image: acme/job\n",
			[]string{"compose.yml:3: image acme/web:latest is tagged latest, which is not a version", "compose.yml:5: image acme/api:${TAG} takes its tag from a variable without a default", "compose.yml:7: image acme/job has no tag"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.NewReplacer("«", "", "»", "").Replace(tc.tmpl)
			p := NewPlan(reader(map[string]string{tc.targets[0].Path: in}))
			for _, it := range tc.targets {
				_, note, err := p.SetImageTag(it, "0.5.0")
				if err != nil {
					t.Fatal(err)
				}
				if note != "" {
					p.Notes = append(p.Notes, note)
				}
			}
			got := in
			if files := p.Files(); len(files) == 1 {
				got = string(files[0].Data)
			}
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if len(p.Notes) != len(tc.notes) {
				t.Fatalf("notes %q, want %d", p.Notes, len(tc.notes))
			}
			for i, n := range tc.notes {
				if !strings.HasPrefix(p.Notes[i], n) {
					t.Errorf("note %q, want prefix %q", p.Notes[i], n)
				}
			}
		})
	}
}

func TestImageTagWithBuildMetadata(t *testing.T) {
	in := "services:\n  web:\n    image: acme/web:0.4.64\n  api:\n    image: acme/api:v0.4.64\n"
	p := NewPlan(reader(map[string]string{"compose.yml": in}))
	for _, it := range []ImageTarget{{Path: "compose.yml", Line: 3, Ref: "acme/web:0.4.64"}, {Path: "compose.yml", Line: 5, Ref: "acme/api:v0.4.64"}} {
		if _, note, err := p.SetImageTag(it, "0.5.0+build.7"); err != nil || note != "" {
			t.Fatalf("SetImageTag(%v) = %q, %v", it, note, err)
		}
	}
	files := p.Files()
	if want := "services:\n  web:\n    image: acme/web:0.5.0_build.7\n  api:\n    image: acme/api:v0.5.0_build.7\n"; len(files) != 1 || string(files[0].Data) != want {
		t.Errorf("got %+v, want %q", files, want)
	}
}

func TestImageNotOnItsLineIsAnError(t *testing.T) {
	p := NewPlan(reader(map[string]string{"c.yml": "services:\n  web:\n    image: a:1.0.0\n"}))
	_, _, err := p.SetImageTag(ImageTarget{Path: "c.yml", Line: 2, Ref: "a:1.0.0"}, "2.0.0")
	if err == nil || !strings.Contains(err.Error(), "c.yml:2: cannot find the image a:1.0.0") {
		t.Fatalf("err %v", err)
	}
}

// FuzzLocate: no input makes a locator panic or return a span outside the
// file, and a located token always holds the value it reports.
func FuzzLocate(f *testing.F) {
	seeds := []string{
		"{\"version\": \"1.0.0\"}", "[project]\nversion = \"1.0.0\"\n", "project = { version = '1.0.0' }",
		"version: &v \"1.0.0\"\nappVersion: *v\n", "appVersion: {a: 1}\n", "1.0.0\n", bom + "x",
		"package v\nconst Version = \"1.0.0\"\n", "__version__ = '1.0.0'\n", "[metadata]\nversion = 1.0.0\n",
		"version: 'it''s'\n", "version: \"a\\\"b\"\n", "\xff\xfe", "version: [\n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	targets := []Target{
		{Syntax: JSON, Key: "version"}, {Syntax: TOML, Key: "project.version"}, {Syntax: YAML, Key: "appVersion"},
		{Syntax: YAML, Key: "version"}, {Syntax: Plain}, {Syntax: Regex, Regex: `(\d+\.\d+\.\d+)`},
		{Syntax: GoConst}, {Syntax: Python}, {Syntax: INI},
	}
	f.Fuzz(func(t *testing.T, data string) {
		for _, tg := range targets {
			tg.Path = "f"
			tok, err := Locate([]byte(data), tg)
			if err != nil {
				continue
			}
			if tok.Start < 0 || tok.End < tok.Start || tok.End > len(data) {
				t.Fatalf("%v: span %d-%d outside %d bytes", tg.Syntax, tok.Start, tok.End, len(data))
			}
			if tg.Syntax != JSON && tg.Syntax != TOML && tg.Syntax != GoConst && data[tok.Start:tok.End] != tok.Value {
				t.Fatalf("%v: span holds %q, value %q", tg.Syntax, data[tok.Start:tok.End], tok.Value)
			}
		}
	})
}

// FuzzImageTag: no compose, manifest or values file makes the image edit
// panic or leave a file that no longer parses as YAML.
func FuzzImageTag(f *testing.F) {
	f.Add("services:\n  a:\n    image: x:${T:-1.0.0}\n", 3, "x:${T:-1.0.0}")
	f.Add("image:\n  repository: x\n  tag: '1.0.0'\n", 3, "x:1.0.0")
	f.Add("a: &b\n  image: \"r/x:v1.0.0@sha256:0\"\nc: *b\n", 2, "r/x:v1.0.0@sha256:0")
	f.Fuzz(func(t *testing.T, in string, line int, ref string) {
		p := NewPlan(reader(map[string]string{"c.yml": in}))
		changed, _, err := p.SetImageTag(ImageTarget{Path: "c.yml", Line: line, Ref: ref}, "2.0.0")
		if err != nil || !changed {
			return
		}
		out, _ := p.Content("c.yml")
		if _, err := yamlDocs(out); err != nil {
			t.Fatalf("the edit broke the YAML: %v\n%q\n%q", err, in, out)
		}
	})
}

// TestImageTagsFromTheEnvFile: a tag compose takes from the .env beside
// the compose file is edited there, the version token only, whether the
// variable holds the tag or the whole reference; quotes, comments,
// export, CRLF and a BOM stay.
func TestImageTagsFromTheEnvFile(t *testing.T) {
	compose := "services:\n  web:\n    image: \"$WEB_IMAGE\"\n  web2:\n    image: \"$WEB_IMAGE\"\n  api:\n    image: acme/api:${API_TAG}\n  job:\n    image: acme/job:${JOB_TAG:-0.4.64}\n  cron:\n    image: acme/cron:${CRON_TAG:-latest}\n  edge:\n    image: ${REGISTRY}/${EDGE_IMAGE}\n"
	env := bom + "# pinned by the release\r\nexport WEB_IMAGE=\"ghcr.io/acme/web:nightly\" # between releases\r\nAPI_TAG = '0.4.64'\r\nJOB_TAG=0.4.64\t# same as the default\r\nCRON_TAG=v0.4.64\r\nREGISTRY=ghcr.io\r\nEDGE_IMAGE=acme/edge:0.4.64\r\n"
	wantEnv := strings.NewReplacer("web:nightly", "web:0.5.0", "'0.4.64'", "'0.5.0'", "JOB_TAG=0.4.64", "JOB_TAG=0.5.0", "v0.4.64", "v0.5.0", "edge:0.4.64", "edge:0.5.0").Replace(env)
	wantCompose := strings.Replace(compose, "${JOB_TAG:-0.4.64}", "${JOB_TAG:-0.5.0}", 1)
	envOf := func(keys ...string) []EnvAssignment {
		vals := map[string]EnvAssignment{
			"WEB_IMAGE": {".env", 2, "WEB_IMAGE", "ghcr.io/acme/web:nightly"}, "API_TAG": {".env", 3, "API_TAG", "0.4.64"},
			"JOB_TAG": {".env", 4, "JOB_TAG", "0.4.64"}, "CRON_TAG": {".env", 5, "CRON_TAG", "v0.4.64"},
			"REGISTRY": {".env", 6, "REGISTRY", "ghcr.io"}, "EDGE_IMAGE": {".env", 7, "EDGE_IMAGE", "acme/edge:0.4.64"},
		}
		var out []EnvAssignment
		for _, k := range keys {
			out = append(out, vals[k])
		}
		return out
	}
	targets := []ImageTarget{
		{Path: "compose.yml", Line: 3, Ref: "$WEB_IMAGE", Env: envOf("WEB_IMAGE"), Lockstep: true},
		{Path: "compose.yml", Line: 5, Ref: "$WEB_IMAGE", Env: envOf("WEB_IMAGE"), Lockstep: true},
		{Path: "compose.yml", Line: 7, Ref: "acme/api:${API_TAG}", Env: envOf("API_TAG")},
		{Path: "compose.yml", Line: 9, Ref: "acme/job:${JOB_TAG:-0.4.64}", Env: envOf("JOB_TAG")},
		{Path: "compose.yml", Line: 11, Ref: "acme/cron:${CRON_TAG:-latest}", Env: envOf("CRON_TAG")},
		{Path: "compose.yml", Line: 13, Ref: "${REGISTRY}/${EDGE_IMAGE}", Env: envOf("REGISTRY", "EDGE_IMAGE")},
	}
	p := NewPlan(reader(map[string]string{"compose.yml": compose, ".env": env}))
	for _, it := range targets {
		if _, note, err := p.SetImageTag(it, "0.5.0"); err != nil || note != "" {
			t.Fatalf("%s:%d: note %q, err %v", it.Path, it.Line, note, err)
		}
	}
	got := map[string]string{}
	for _, f := range p.Files() {
		got[f.Path] = string(f.Data)
	}
	if got[".env"] != wantEnv {
		t.Errorf(".env:\n%q\nwant\n%q", got[".env"], wantEnv)
	}
	if got["compose.yml"] != wantCompose {
		t.Errorf("compose.yml:\n%s\nwant\n%s", got["compose.yml"], wantCompose)
	}
	var changes []string
	for _, c := range p.Changes {
		changes = append(changes, fmt.Sprintf("%s:%d %s %s→%s", c.Path, c.Line, c.What, c.Old, c.New))
	}
	want := []string{
		".env:2 WEB_IMAGE (image ghcr.io/acme/web) nightly→0.5.0", // once for the two services
		".env:3 API_TAG (image acme/api) 0.4.64→0.5.0",
		".env:4 JOB_TAG (image acme/job) 0.4.64→0.5.0",
		"compose.yml:9 image acme/job 0.4.64→0.5.0",
		".env:5 CRON_TAG (image acme/cron) v0.4.64→v0.5.0",
		".env:7 EDGE_IMAGE (image acme/edge) 0.4.64→0.5.0",
	}
	if strings.Join(changes, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes:\n%s\nwant\n%s", strings.Join(changes, "\n"), strings.Join(want, "\n"))
	}
}

// TestImageTagsFromTheEnvFileRefusals: a tag that is not a version is
// left alone unless the reference is in lockstep; values bump cannot edit
// exactly are errors, as for version files.
func TestImageTagsFromTheEnvFileRefusals(t *testing.T) {
	compose := "services:\n  web:\n    image: $WEB_IMAGE\n"
	for _, tc := range []struct {
		name, env, value string
		note, err        string
	}{
		{"not a version, not in lockstep", "WEB_IMAGE=acme/web:nightly\n", "acme/web:nightly", "compose.yml:3: image $WEB_IMAGE is tagged nightly, which is not a version", ""},
		{"no tag", "WEB_IMAGE=acme/web\n", "acme/web", "compose.yml:3: image $WEB_IMAGE has no tag", ""},
		{"a value built from variables", "WEB_IMAGE=acme/web:${TAG}\n", "acme/web:${TAG}", "compose.yml:3: image $WEB_IMAGE takes its tag from WEB_IMAGE in .env, whose value uses other variables", ""},
		{"escape sequences", "WEB_IMAGE=\"acme/web:0.4.\\u0036\"\n", "acme/web:0.4.6", "", ".env:1: the value of WEB_IMAGE is written with escape sequences"},
		{"across lines", "WEB_IMAGE=\"acme/web:\n0.4.64\"\n", "acme/web:\n0.4.64", "", ".env:1: the value of WEB_IMAGE spans lines"},
		{"not what the guard read", "WEB_IMAGE=acme/web:0.4.65\n", "acme/web:0.4.64", "", ".env:1: WEB_IMAGE holds \"acme/web:0.4.65\", but the release guard read \"acme/web:0.4.64\" there"},
		{"not on its line", "\nWEB_IMAGE=acme/web:0.4.64\n", "acme/web:0.4.64", "", ".env:1: cannot find WEB_IMAGE on this line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPlan(reader(map[string]string{"compose.yml": compose, ".env": tc.env}))
			_, note, err := p.SetImageTag(ImageTarget{Path: "compose.yml", Line: 3, Ref: "$WEB_IMAGE", Env: []EnvAssignment{{".env", 1, "WEB_IMAGE", tc.value}}}, "0.5.0")
			if tc.err == "" && (err != nil || !strings.HasPrefix(note, tc.note)) || tc.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.err)) {
				t.Errorf("note %q err %v", note, err)
			}
			if len(p.Files()) != 0 {
				t.Errorf("a refused edit was recorded")
			}
		})
	}
}

// FuzzEnvImageTag: whatever the .env holds, an edit leaves a .env that
// reads back (as compose reads it) with every assignment as it was but
// the variable's tag, which is the version.
func FuzzEnvImageTag(f *testing.F) {
	f.Add("T=1.0.0\n", "x:${T}")
	f.Add("export T = \"r/x:nightly\" # c\r\nU=1\r\n", "$T")
	f.Add(bom+"T='1.0.0'\nT=v1.0.0\t# last wins\n", "x:${T:-1.0.0}")
	f.Fuzz(func(t *testing.T, env, ref string) {
		parsed, err := dotenv.Parse([]byte(env))
		if err != nil {
			return
		}
		var assigns []EnvAssignment
		for _, k := range []string{"T", "U"} {
			if e, ok := parsed.Lookup(k); ok {
				assigns = append(assigns, EnvAssignment{File: ".env", Line: e.Line, Key: k, Value: e.Value})
			}
		}
		compose := "services:\n  a:\n    image: '" + strings.ReplaceAll(ref, "'", "''") + "'\n"
		p := NewPlan(reader(map[string]string{"c.yml": compose, ".env": env}))
		changed, _, err := p.SetImageTag(ImageTarget{Path: "c.yml", Line: 3, Ref: ref, Env: assigns, Lockstep: true}, "2.0.0")
		if err != nil || !changed {
			return
		}
		out, ok := p.Content(".env")
		if !ok {
			return
		}
		after, err := dotenv.Parse(out)
		if err != nil {
			t.Fatalf("the edit broke the .env: %v\n%q\n%q", err, env, out)
		}
		if len(after.Entries) != len(parsed.Entries) {
			t.Fatalf("entries changed: %q -> %q", env, out)
		}
		for i, e := range after.Entries {
			was := parsed.Entries[i]
			if e.Key != was.Key || e.Line != was.Line {
				t.Fatalf("entry %d moved: %+v -> %+v", i, was, e)
			}
			if e.Value != was.Value && !(e.Key == "T" && (e.Value == "2.0.0" || e.Value == "v2.0.0" || images.RawTag(e.Value) == "2.0.0" || images.RawTag(e.Value) == "v2.0.0")) {
				t.Fatalf("%s changed from %q to %q", e.Key, was.Value, e.Value)
			}
		}
	})
}
