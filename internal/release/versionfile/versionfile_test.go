package versionfile

import (
	"fmt"
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
		{"chart block scalar without its line break", "Chart.yaml", "", "appVersion: |\n  0.5.0\n", Declared, "0.5.0", 1},
		{"yaml key", "deploy/values.yml", "image.tag", "image:\n  repository: x\n  tag: 0.5.0\n", Declared, "0.5.0", 3},
		{"yaml anchors", "x.yaml", "b.version", "a: &a\n  version: 0.5.0\nb: *a\n", Declared, "0.5.0", 2},
		{"VERSION", "VERSION", "", "\n v0.5.0 \n", Declared, "v0.5.0", 2},
		{"VERSION empty", "VERSION", "", "  \n", Missing, "", 1},
		{"toml generic", "meta.toml", "", "version = \"0.5.0\"\n", Declared, "0.5.0", 1},
		{"setup.cfg", "setup.cfg", "", "[metadata]\nname = flask\nversion = 2.2.5\n\n[options]\npackages = find:\n", Declared, "2.2.5", 3},
		{"setup.cfg colon and case", "setup.cfg", "", "# c\n[Metadata]\nVersion: 1.0.0\n", Declared, "1.0.0", 3},
		{"setup.cfg attr", "setup.cfg", "", "[metadata]\nversion = attr: flask.__version__\n", Dynamic, "", 2},
		{"setup.cfg other section", "setup.cfg", "", "[bdist_wheel]\nversion = 9\n", Missing, "", 1},
		{"lerna", "lerna.json", "", "{\n  \"version\": \"8.0.0\",\n  \"npmClient\": \"npm\"\n}\n", Declared, "8.0.0", 2},
		{"lerna independent", "lerna.json", "", "{\"version\": \"independent\"}", Independent, "", 1},
		{"go var", "version/version.go", "", "package version\n\nvar (\n\tGitCommit string\n\tVersion = \"1.10.1\"\n\tVersionPrerelease = \"\"\n)\n", Declared, "1.10.1", 5},
		{"go typed const", "internal/version.go", "", "package x\n\n// Version is the release.\nconst Version string = `0.21.0`\n", Declared, "0.21.0", 4},
		{"go ldflags", "version.go", "", "package x\n\nvar Version = \"dev\"\n", Declared, "dev", 3},
		{"go computed", "version.go", "", "package x\n\nvar Version = build()\n", Missing, "", 3},
		{"go none", "version.go", "", "package x\n", Missing, "", 1},
		{"go key", "version.go", "AppVersion", "package x\nconst AppVersion = \"2.0.0\"\n", Declared, "2.0.0", 2},
		{"python", "src/pkg/__init__.py", "", "\"\"\"Doc.\"\"\"\nfrom x import y\n\n__version__ = \"3.0.1\"\n", Declared, "3.0.1", 4},
		{"python single quotes annotated", "pkg/__about__.py", "", "__version__: str = '1.2.0'  # bumped by hand\n", Declared, "1.2.0", 1},
		{"python chained", "pkg/_version.py", "", "__version__ = version = '8.0.0'\n__version_tuple__ = (8, 0, 0)\n", Declared, "8.0.0", 1},
		{"python computed", "pkg/__init__.py", "", "import importlib.metadata\n__version__ = importlib.metadata.version('pkg')\n", Missing, "", 2},
		{"python indented is not top level", "pkg/__init__.py", "", "if True:\n    __version__ = '1.0.0'\n", Missing, "", 1},
		{"python last wins", "pkg/version.py", "", "__version__ = '1.0.0'\n__version__ = '1.0.1'\n", Declared, "1.0.1", 2},
		{"python VERSION key", "pydantic/version.py", "VERSION", "VERSION = '2.6.1'\n", Declared, "2.6.1", 1},
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
		{"empty key part", "Chart.yaml", ".", "?", 0, "not a dotted key"},
		{"trailing dot key", "x.json", "app.", "{}", 0, "not a dotted key"},
		{"go syntax", "version.go", "", "package x\nconst Version = \n", 2, "invalid Go"},
		{"setup.cfg key without section", "setup.cfg", "version", "[metadata]\nversion = 1\n", 0, "needs a section"},
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
		"x/meta.JSON": FormatJSON, "a.yml": FormatYAML, "b.toml": FormatTOML, "setup.ini": FormatUnknown,
		"package.json.bak": FormatUnknown, "setup.cfg": FormatSetupCfg, "lerna.json": FormatLerna,
		"version/version.go": FormatGo, "pkg/__init__.py": FormatPython,
	}
	for name, want := range cases {
		if got := DetectFormat(name); got != want {
			t.Errorf("DetectFormat(%q) = %d, want %d", name, got, want)
		}
	}
}

func TestFields(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             []string // key=version@line
	}{
		{"chart both", "Chart.yaml", "apiVersion: v2\nname: traefik\nversion: 26.0.0\nappVersion: v2.10.7\n", []string{"version=26.0.0@3", "appVersion=v2.10.7@4"}},
		{"chart version only", "Chart.yaml", "version: 1.0.0\n", []string{"version=1.0.0@1"}},
		{"pyproject both", "pyproject.toml", "[project]\nversion = \"1.0.0\"\n[tool.poetry]\nversion = \"1.0.0\"\n", []string{"project.version=1.0.0@2", "tool.poetry.version=1.0.0@4"}},
		{"pyproject dynamic", "pyproject.toml", "[project]\nname = \"x\"\ndynamic = [\"version\"]\n", []string{"project.dynamic=@3"}},
		{"pyproject none", "pyproject.toml", "[tool.ruff]\n", []string{"project.version=@1"}},
		{"cargo root package and workspace", "Cargo.toml", "[package]\nversion = \"14.1.0\"\n[workspace]\nmembers = []\n[workspace.package]\nversion = \"14.1.0\"\n", []string{"package.version=14.1.0@2", "workspace.package.version=14.1.0@6"}},
		{"cargo virtual", "Cargo.toml", "[workspace]\n[workspace.package]\nversion = \"0.39.2\"\n", []string{"workspace.package.version=0.39.2@3"}},
		{"cargo inherits", "crates/a/Cargo.toml", "[package]\nversion.workspace = true\n", []string{"package.version.workspace=@2"}},
		{"python both", "pkg/version.py", "VERSION = '2.6.1'\n__version__ = VERSION\n", []string{"VERSION=2.6.1@1"}},
		{"package.json", "package.json", "{\"version\": \"3.4.21\"}", []string{"version=3.4.21@1"}},
		// A byte order mark, as editors on Windows write it: bump keeps it,
		// so check must read past it.
		{"package.json with BOM", "package.json", "\xef\xbb\xbf{\n\"version\": \"3.4.21\"}", []string{"version=3.4.21@2"}},
		{"cargo with BOM", "Cargo.toml", "\xef\xbb\xbf[package]\nname = \"x\"\nversion = \"1.1.0\"\n", []string{"package.version=1.1.0@3"}},
		{"pyproject with BOM", "pyproject.toml", "\xef\xbb\xbf[project]\nversion = \"1.0.0\"\n", []string{"project.version=1.0.0@2"}},
		{"chart with BOM", "Chart.yaml", "\xef\xbb\xbfversion: 1.0.0\n", []string{"version=1.0.0@1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs, err := Fields(DetectFormat(tt.file), []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range vs {
				got = append(got, fmt.Sprintf("%s=%s@%d", v.Key, v.Version, v.Line))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPyprojectDynamic(t *testing.T) {
	tests := []struct {
		name, data string
		want       DynamicSource
		ok         bool
	}{
		{"hatch path", "[project]\ndynamic = [\"version\"]\n[tool.hatch.version]\npath = \"httpx/__version__.py\"\n", DynamicSource{File: "httpx/__version__.py", Via: "[tool.hatch.version] path"}, true},
		{"hatch vcs", "[tool.hatch.version]\nsource = \"vcs\"\n", DynamicSource{FromTag: "hatch-vcs", Via: "[tool.hatch.version] source"}, true},
		{"setuptools attr", "[tool.setuptools.dynamic]\nversion = {attr = \"pkg.sub.__version__\"}\n", DynamicSource{Module: "pkg.sub", Attr: "__version__", Via: "[tool.setuptools.dynamic] version attr"}, true},
		{"setuptools file list", "[tool.setuptools.dynamic]\nversion = {file = [\"VERSION\"]}\n", DynamicSource{File: "VERSION", Via: "[tool.setuptools.dynamic] version file"}, true},
		{"pdm file", "[tool.pdm.version]\nsource = \"file\"\npath = \"fastapi/__init__.py\"\n", DynamicSource{File: "fastapi/__init__.py", Via: "[tool.pdm.version] path"}, true},
		{"setuptools_scm table", "[tool.setuptools_scm]\n", DynamicSource{FromTag: "setuptools_scm", Via: "[tool.setuptools_scm]"}, true},
		{"scm in requires", "[build-system]\nrequires = [\"setuptools>=64\", \"setuptools-scm[toml]>=8\"]\n", DynamicSource{FromTag: "setuptools_scm", Via: "[build-system] requires"}, true},
		{"poetry dynamic", "[tool.poetry-dynamic-versioning]\nenable = true\n", DynamicSource{FromTag: "poetry-dynamic-versioning", Via: "[tool.poetry-dynamic-versioning]"}, true},
		{"flit", "[build-system]\nbuild-backend = \"flit_core.buildapi\"\n[project]\nname = \"my-pkg\"\ndynamic = [\"version\"]\n", DynamicSource{Module: "my_pkg", Attr: "__version__", Via: "flit (the module's __version__)"}, true},
		{"unknown", "[project]\ndynamic = [\"version\"]\n", DynamicSource{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := PyprojectDynamic([]byte(tt.data))
			if err != nil || ok != tt.ok || got != tt.want {
				t.Errorf("got %+v %v %v, want %+v %v", got, ok, err, tt.want, tt.ok)
			}
		})
	}
	src, ok := SetupCfgDynamic([]byte("[metadata]\nname = Flask\nversion = attr: flask.__version__\n"))
	if !ok || src.Module != "flask" || src.Attr != "__version__" {
		t.Errorf("setup.cfg attr: %+v %v", src, ok)
	}
	src, ok = SetupCfgDynamic([]byte("[metadata]\nversion = file: VERSION.txt\n"))
	if !ok || src.File != "VERSION.txt" {
		t.Errorf("setup.cfg file: %+v %v", src, ok)
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
	f.Add(uint8(FormatGo), []byte("package v\nconst Version = \"1.0.0\"\n"), "")
	f.Add(uint8(FormatPython), []byte("__version__ = version = '1.0.0'\n"), "")
	f.Add(uint8(FormatSetupCfg), []byte("[metadata]\nversion = 1.0.0\n  continued\n"), "")
	f.Fuzz(func(t *testing.T, format uint8, data []byte, key string) {
		v, err := Read(Format(format%uint8(NumFormats)), data, key)
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
