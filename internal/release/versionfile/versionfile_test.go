package versionfile

import (
	"regexp"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		key     string
		data    string
		kind    Kind
		version string
		line    int
	}{
		{"package.json", "apps/web/package.json", "", "{\n  \"name\": \"web\",\n  \"dependencies\": {\"version\": \"9.9.9\"},\n  \"version\": \"0.5.0\"\n}\n", Declared, "0.5.0", 4},
		{"package.json nested only", "package.json", "", "{\"a\": {\"version\": \"1.0.0\"}}", Missing, "", 1},
		{"package.json placeholder", "package.json", "", "{\"version\": \"0.0.0\"}", Placeholder, "0.0.0", 1},
		{"package.json null", "package.json", "", "{\n\"version\": null}", Missing, "", 2},
		{"json key path", "deploy/meta.json", "app.release", "{\"app\": {\n \"release\": \"v0.5.0\"}}", Declared, "v0.5.0", 2},
		{"pyproject project", "services/api/pyproject.toml", "", "[build-system]\nrequires = []\n\n[project]\nname = \"api\"\nversion = \"0.5.0\"\n", Declared, "0.5.0", 6},
		{"pyproject poetry", "pyproject.toml", "", "[tool.poetry]\nname = \"api\"\nversion = \"0.4.64\"\n", Declared, "0.4.64", 3},
		{"pyproject dynamic", "pyproject.toml", "", "[project]\nname = \"w\"\ndynamic = [\"version\"]\n", Dynamic, "", 3},
		{"pyproject none", "pyproject.toml", "", "[tool.ruff]\nline-length = 100\n", Missing, "", 1},
		{"pyproject dotted key", "pyproject.toml", "", "project.name = \"a\"\nproject.version = \"0.5.0\"\n", Declared, "0.5.0", 2},
		{"cargo", "Cargo.toml", "", "[package]\nname = \"c\"\nversion = \"0.5.0\"\n", Declared, "0.5.0", 3},
		{"cargo workspace inherit", "crates/a/Cargo.toml", "", "[package]\nname = \"a\"\nversion.workspace = true\n", Workspace, "", 3},
		{"cargo virtual", "Cargo.toml", "", "[workspace]\nmembers = [\"a\"]\n[workspace.package]\nversion = \"0.5.0\"\n", Declared, "0.5.0", 4},
		{"chart", "charts/app/Chart.yaml", "", "apiVersion: v2\nname: app\nversion: 1.2.3\nappVersion: \"0.5.0\"\n", Declared, "0.5.0", 4},
		{"chart number text kept", "Chart.yaml", "", "appVersion: 1.10\n", Declared, "1.10", 1},
		{"yaml key", "deploy/values.yml", "image.tag", "image:\n  repository: x\n  tag: 0.5.0\n", Declared, "0.5.0", 3},
		{"yaml anchors", "x.yaml", "b.version", "a: &a\n  version: 0.5.0\nb: *a\n", Declared, "0.5.0", 2},
		{"VERSION", "VERSION", "", "\n v0.5.0 \n", Declared, "v0.5.0", 2},
		{"VERSION empty", "VERSION", "", "  \n", Missing, "", 1},
		{"toml generic", "meta.toml", "", "version = \"0.5.0\"\n", Declared, "0.5.0", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Read(DetectFormat(tt.file), []byte(tt.data), tt.key)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if v.Kind != tt.kind || v.Version != tt.version || v.Line != tt.line {
				t.Errorf("got kind %d version %q line %d, want kind %d version %q line %d", v.Kind, v.Version, v.Line, tt.kind, tt.version, tt.line)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, file, key, data string
		line                  int
		msg                   string
	}{
		{"json syntax", "package.json", "", "{\n  \"name\": \"web\",\n  \"version\": \"0.5.0\"\n  \"x\": 1\n}", 4, "invalid JSON"},
		{"json truncated", "package.json", "", "{\n\"version\": ", 2, "invalid JSON"},
		{"json number", "package.json", "", "{\n\"version\": 5}", 2, "not a string"},
		{"toml syntax", "pyproject.toml", "", "[project]\nversion = \"0.5.0\nname = 1\n", 2, "invalid TOML"},
		{"toml not string", "Cargo.toml", "", "[package]\nversion = 5\n", 2, "not a string"},
		{"yaml syntax", "Chart.yaml", "", "apiVersion: v2\nappVersion: [\n", 2, "invalid YAML"},
		{"yaml mapping value", "Chart.yaml", "", "appVersion:\n  a: b\n", 2, "not a scalar"},
		{"binary", "package.json", "", "{\"version\": \"0.5.0\"}\x00\x01", 0, "binary"},
		{"invalid utf8", "VERSION", "", "0.5.0\xff", 0, "binary"},
		{"VERSION two words", "VERSION", "", "0.5.0 beta\n", 1, "only the version"},
		{"unknown format", "version.ini", "", "version=1", 0, "unknown file format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(DetectFormat(tt.file), []byte(tt.data), tt.key)
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error = %v (%T), want *Error", err, err)
			}
			if e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("got line %d %q, want line %d containing %q", e.Line, e.Msg, tt.line, tt.msg)
			}
			if strings.Contains(e.Error(), "\n") {
				t.Errorf("multi-line error %q", e.Error())
			}
		})
	}
}

func TestReadRegex(t *testing.T) {
	data := []byte("// generated\nconst appVersion = \"0.5.0\";\n")
	v, err := ReadRegex(data, regexp.MustCompile(`appVersion = "([^"]+)"`))
	if err != nil || v.Version != "0.5.0" || v.Line != 2 {
		t.Errorf("group: %+v, %v", v, err)
	}
	v, err = ReadRegex(data, regexp.MustCompile(`\d+\.\d+\.\d+`))
	if err != nil || v.Version != "0.5.0" || v.Line != 2 {
		t.Errorf("whole match: %+v, %v", v, err)
	}
	_, err = ReadRegex([]byte("1.0.0 2.0.0 3.0.0"), regexp.MustCompile(`\d+\.\d+\.\d+`))
	if err == nil || !strings.Contains(err.Error(), "matched 3 times") {
		t.Errorf("three matches: %v", err)
	}
	_, err = ReadRegex([]byte("nothing"), regexp.MustCompile(`\d+`))
	if err == nil || !strings.Contains(err.Error(), "matched 0 times") {
		t.Errorf("no match: %v", err)
	}
}

func TestCargoWorkspace(t *testing.T) {
	root, v, err := CargoWorkspace([]byte("[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nversion = \"0.5.0\"\n"))
	if err != nil || !root || v.Version != "0.5.0" || v.Line != 5 {
		t.Errorf("root: %v %+v %v", root, v, err)
	}
	root, _, err = CargoWorkspace([]byte("[package]\nname = \"a\"\n"))
	if err != nil || root {
		t.Errorf("crate: %v %v", root, err)
	}
}

func TestDetectFormat(t *testing.T) {
	cases := map[string]Format{
		"apps/web/package.json": FormatPackageJSON, "pyproject.toml": FormatPyproject,
		"a/Cargo.toml": FormatCargo, "charts/x/Chart.yaml": FormatChart, "VERSION": FormatVersion,
		"x/meta.JSON": FormatJSON, "a.yml": FormatYAML, "b.toml": FormatTOML, "setup.py": FormatUnknown,
		"package.json.bak": FormatUnknown,
	}
	for name, want := range cases {
		if got := DetectFormat(name); got != want {
			t.Errorf("DetectFormat(%q) = %d, want %d", name, got, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	seeds := []struct {
		format Format
		data   string
	}{
		{FormatPackageJSON, `{"version": "0.5.0", "a": [1, {"version": 2}]}`},
		{FormatPyproject, "[project]\nversion = \"0.5.0\"\n"},
		{FormatPyproject, "[project]\ndynamic = [\"version\"]\n"},
		{FormatCargo, "[package]\nversion.workspace = true\n"},
		{FormatChart, "appVersion: 0.5.0\n"},
		{FormatVersion, "v0.5.0\n"},
		{FormatYAML, "a: &x [*x]\n"},
		{FormatJSON, `[[[[[[`},
	}
	for _, s := range seeds {
		f.Add(uint8(s.format), []byte(s.data), "")
	}
	f.Add(uint8(FormatYAML), []byte("image:\n  tag: 1\n"), "image.tag")
	f.Fuzz(func(t *testing.T, format uint8, data []byte, key string) {
		v, err := Read(Format(format%9), data, key)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		// YAML, like Markdown, also ends a line at a lone CR.
		lf := strings.ReplaceAll(string(data), "\r\n", "\n")
		if v.Line < 0 || v.Line > strings.Count(lf, "\n")+strings.Count(lf, "\r")+1 {
			t.Fatalf("line %d out of range", v.Line)
		}
		if v.Kind == Declared && v.Version == "" {
			t.Fatal("declared an empty version")
		}
	})
}
