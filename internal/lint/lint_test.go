package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/relguard/relguard/internal/config"
)

// prefixAnalyzer reports every declared identifier that starts with a
// prefix (flag -prefix) and suggests replacing the prefix with "Done".
func prefixAnalyzer(name, prefix string) *analysis.Analyzer {
	a := &analysis.Analyzer{Name: name, Doc: "report identifiers that start with a prefix"}
	p := a.Flags.String("prefix", prefix, "identifier `prefix` to report")
	a.Run = func(pass *analysis.Pass) (any, error) {
		for id, obj := range pass.TypesInfo.Defs {
			if obj == nil || !strings.HasPrefix(id.Name, *p) {
				continue
			}
			pass.Report(analysis.Diagnostic{
				Pos:     id.Pos(),
				End:     id.End(),
				Message: fmt.Sprintf("identifier %s starts with %s", id.Name, *p),
				SuggestedFixes: []analysis.SuggestedFix{{
					Message:   "replace " + *p + " with Done",
					TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.Pos() + token.Pos(len(*p)), NewText: []byte("Done")}},
				}},
			})
		}
		return nil, nil
	}
	return a
}

func panickyAnalyzer() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "panicky",
		Doc:  "panic on every package",
		Run:  func(*analysis.Pass) (any, error) { panic("boom") },
	}
}

func testAnalyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{prefixAnalyzer("todo", "TODO"), prefixAnalyzer("fixme", "FIXME")}
}

// configureTest mirrors analyzers.Configure for the test analyzers.
func configureTest(settings map[string]any) ([]*analysis.Analyzer, error) {
	as := testAnalyzers()
	for key, v := range settings {
		name, flagName, _ := strings.Cut(key, ".")
		var found bool
		for _, a := range as {
			if a.Name == name && a.Flags.Lookup(flagName) != nil {
				found = true
				if err := a.Flags.Set(flagName, fmt.Sprint(v)); err != nil {
					return nil, err
				}
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown setting %q", key)
		}
	}
	return as, nil
}

// useTestAnalyzers makes Main run the test analyzers instead of relguard's.
func useTestAnalyzers(t *testing.T) {
	t.Helper()
	oldAll, oldConfigure, oldConfigLint := allAnalyzers, configureAnalyzers, config.ConfigureLint
	allAnalyzers, configureAnalyzers, config.ConfigureLint = testAnalyzers, configureTest, configureTest
	t.Cleanup(func() { allAnalyzers, configureAnalyzers, config.ConfigureLint = oldAll, oldConfigure, oldConfigLint })
}

// fixture copies testdata/lint/NAME to a temporary directory, so tests
// that write (--fix) never touch the repository.
func fixture(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("..", "..", "testdata", "lint", name))); err != nil {
		t.Fatal(err)
	}
	return dst
}

// module writes files (path -> content) into a fresh module directory.
func module(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/m\n\ngo 1.22\n"
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runMain(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

const basicText = `basic.go:3:5: identifier TODOName starts with TODO (todo)
basic.go:10:5: identifier TODOOther starts with TODO (todo)
basic.go:22:5: identifier TODONoReason starts with TODO (todo)
basic.go:25:5: identifier TODONextLine starts with TODO (todo)
basic.go:28:5: identifier TODOSpaced starts with TODO (todo)
basic.go:32:5: identifier TODOTwoBelow starts with TODO (todo)
basic_test.go:3:5: identifier TODOInTest starts with TODO (todo)
ext_test.go:3:5: identifier TODOExternal starts with TODO (todo)
`

// TestSuppressionAndTextFormat covers every suppression form, positive and
// negative, through the exact text output.
func TestSuppressionAndTextFormat(t *testing.T) {
	useTestAnalyzers(t)
	dir := fixture(t, "basic")
	code, stdout, stderr := runMain(t, "-C", dir, "--disable", "fixme")
	if code != ExitDiagnostics {
		t.Errorf("exit code = %d, want 1; stderr:\n%s", code, stderr)
	}
	if stdout != basicText {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, basicText)
	}
	wantWarn := "basic.go:21:1: //relguard:ignore todo needs a reason after the analyzer name; the comment suppresses nothing\n"
	if stderr != wantWarn {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, wantWarn)
	}
}

func TestParseDirective(t *testing.T) {
	tests := []struct {
		text    string
		ok      bool
		covers  bool // covers analyzer "todo"
		problem bool
	}{
		{"//nolint", true, true, false},
		{"//nolint // reason", true, true, false},
		{"//nolint:todo", true, true, false},
		{"//nolint:TODO,other", true, true, false},
		{"//nolint:other", true, false, false},
		{"//nolint:other todo", true, false, false}, // text after the blank is an explanation
		{"//nolint:all", true, true, false},
		{"//nolint:relguard", true, true, false},
		{"//nolint:", false, false, false},
		{"//nolintfoo", false, false, false},
		{"// nolint:todo", false, false, false},
		{"//relguard:ignore todo because", true, true, false},
		{"//relguard:ignore other,todo generated code", true, true, false},
		{"//relguard:ignore other because", true, false, false},
		{"//relguard:ignore todo", true, false, true},
		{"//relguard:ignore", true, false, true},
		{"//relguard:ignored todo why", false, false, false},
		{"// regular comment", false, false, false},
	}
	for _, tt := range tests {
		d, ok := parseDirective(tt.text)
		if ok != tt.ok || (ok && d.covers("todo") != tt.covers) || (d.problem != "") != tt.problem {
			t.Errorf("parseDirective(%q) = %+v, %v; want ok=%v covers=%v problem=%v", tt.text, d, ok, tt.ok, tt.covers, tt.problem)
		}
	}
}

func TestJSONFormat(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{"a.go": "package m\n\nvar TODOx = 1\n"})
	code, stdout, stderr := runMain(t, "-C", dir, "--format", "json")
	if code != ExitDiagnostics {
		t.Fatalf("exit code = %d, want 1; stderr: %s", code, stderr)
	}
	want := `{
  "diagnostics": [
    {
      "analyzer": "todo",
      "file": "a.go",
      "line": 3,
      "column": 5,
      "end_line": 3,
      "end_column": 10,
      "message": "identifier TODOx starts with TODO",
      "fixes": [
        {
          "message": "replace TODO with Done",
          "edits": [
            {
              "file": "a.go",
              "offset": 15,
              "end": 19,
              "new_text": "Done"
            }
          ]
        }
      ]
    }
  ]
}
`
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
}

func TestJSONCleanIsEmptyArray(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{"a.go": "package m\n\nvar fine = 1\n"})
	code, stdout, _ := runMain(t, "-C", dir, "--format=json")
	if code != ExitClean {
		t.Errorf("exit code = %d, want 0", code)
	}
	if stdout != "{\n  \"diagnostics\": []\n}\n" {
		t.Errorf("stdout = %q", stdout)
	}
}

func TestJSONNoFixesIsEmptyArray(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, []Diagnostic{{Analyzer: "x", File: "/abs/f.go", Line: 1, Column: 2, Message: "m"}}, "/abs"); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Diagnostics []map[string]any `json:"diagnostics"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if fixes, ok := got.Diagnostics[0]["fixes"].([]any); !ok || len(fixes) != 0 {
		t.Errorf("fixes = %#v, want []", got.Diagnostics[0]["fixes"])
	}
	if f := got.Diagnostics[0]["file"]; f != "f.go" {
		t.Errorf("file = %v, want f.go", f)
	}
}

func TestWriteTextRelativePaths(t *testing.T) {
	base := filepath.Join(string(filepath.Separator), "work", "mod")
	diags := []Diagnostic{
		{Analyzer: "a", File: filepath.Join(base, "pkg", "x.go"), Line: 1, Column: 2, Message: "inside"},
		{Analyzer: "a", File: filepath.Join(string(filepath.Separator), "elsewhere", "y.go"), Line: 3, Column: 4, Message: "outside"},
		{Analyzer: "a", File: filepath.Join(string(filepath.Separator), "work", "module", "z.go"), Line: 5, Column: 6, Message: "sibling prefix"},
	}
	var buf bytes.Buffer
	WriteText(&buf, diags, base)
	want := filepath.Join("pkg", "x.go") + ":1:2: inside (a)\n" +
		filepath.Join(string(filepath.Separator), "elsewhere", "y.go") + ":3:4: outside (a)\n" +
		filepath.Join(string(filepath.Separator), "work", "module", "z.go") + ":5:6: sibling prefix (a)\n"
	if buf.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestTestsFlag(t *testing.T) {
	useTestAnalyzers(t)
	dir := fixture(t, "basic")
	_, stdout, _ := runMain(t, "-C", dir, "--tests=false")
	if strings.Contains(stdout, "_test.go") {
		t.Errorf("--tests=false analysed test files:\n%s", stdout)
	}
	if !strings.Contains(stdout, "basic.go:3:5:") {
		t.Errorf("--tests=false lost non-test diagnostics:\n%s", stdout)
	}
	// The configuration can turn tests off, and the command line back on.
	if err := os.WriteFile(filepath.Join(dir, "relguard.yaml"), []byte("lint:\n  tests: false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stdout, _ = runMain(t, "-C", dir); strings.Contains(stdout, "_test.go") {
		t.Errorf("lint.tests: false analysed test files:\n%s", stdout)
	}
	if _, stdout, _ = runMain(t, "-C", dir, "--tests"); !strings.Contains(stdout, "ext_test.go:3:5:") {
		t.Errorf("--tests did not override lint.tests: false:\n%s", stdout)
	}
}

func TestNoDuplicateFromTestVariant(t *testing.T) {
	useTestAnalyzers(t)
	dir := fixture(t, "basic")
	diags, err := Run(Options{Dir: dir, Tests: true, Analyzers: []*analysis.Analyzer{prefixAnalyzer("todo", "TODO")}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range diags {
		if strings.Contains(d.Message, "TODOName ") {
			n++
		}
		if !filepath.IsAbs(d.File) {
			t.Errorf("Run returned relative path %q", d.File)
		}
	}
	if n != 1 {
		t.Errorf("TODOName reported %d times, want once", n)
	}
}

func TestAnalyzersNone(t *testing.T) {
	useTestAnalyzers(t)
	code, stdout, stderr := runMain(t, "-C", fixture(t, "basic"), "--analyzers", "none")
	if code != ExitClean || stdout != "" || stderr != "" {
		t.Errorf("--analyzers none: code %d, stdout %q, stderr %q; want 0 and no output", code, stdout, stderr)
	}
	// It still type-checks.
	code, _, stderr = runMain(t, "-C", fixture(t, "broken"), "--analyzers=none")
	if code != ExitError || !strings.Contains(stderr, "broken.go:3:17: cannot use") {
		t.Errorf("--analyzers none on a broken package: code %d, stderr:\n%s", code, stderr)
	}
}

func TestEnableDisable(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{"a.go": "package m\n\nvar TODOa, FIXMEb = 1, 2\n"})
	cases := []struct {
		args []string
		want string
	}{
		{nil, "a.go:3:5: identifier TODOa starts with TODO (todo)\na.go:3:12: identifier FIXMEb starts with FIXME (fixme)\n"},
		{[]string{"--disable", "todo"}, "a.go:3:12: identifier FIXMEb starts with FIXME (fixme)\n"},
		{[]string{"--analyzers", "todo"}, "a.go:3:5: identifier TODOa starts with TODO (todo)\n"},
		{[]string{"--analyzers", "todo,fixme", "--disable", "fixme"}, "a.go:3:5: identifier TODOa starts with TODO (todo)\n"},
	}
	for _, c := range cases {
		_, stdout, stderr := runMain(t, append([]string{"-C", dir}, c.args...)...)
		if stdout != c.want {
			t.Errorf("%v: stdout:\n%s\nwant:\n%s\nstderr: %s", c.args, stdout, c.want, stderr)
		}
	}
	// The configuration's enable list restricts; --enable adds back.
	if err := os.WriteFile(filepath.Join(dir, "relguard.yaml"), []byte("lint:\n  enable: [fixme]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stdout, _ := runMain(t, "-C", dir); stdout != "a.go:3:12: identifier FIXMEb starts with FIXME (fixme)\n" {
		t.Errorf("lint.enable [fixme]: stdout:\n%s", stdout)
	}
	if _, stdout, _ := runMain(t, "-C", dir, "--enable", "todo"); !strings.Contains(stdout, "(todo)") || !strings.Contains(stdout, "(fixme)") {
		t.Errorf("--enable todo did not add todo:\n%s", stdout)
	}
	code, _, stderr := runMain(t, "-C", dir, "--enable", "nosuch")
	if code != ExitError || stderr != "relguard lint: unknown analyzer \"nosuch\" (known: todo, fixme)\n" {
		t.Errorf("--enable nosuch: code %d, stderr %q", code, stderr)
	}
	code, _, stderr = runMain(t, "-C", dir, "--analyzers", "todo", "--disable", "todo")
	if code != ExitError || !strings.Contains(stderr, "no analyzer is left to run") {
		t.Errorf("--analyzers todo --disable todo: code %d, stderr %q", code, stderr)
	}
	code, _, stderr = runMain(t, "-C", dir, "--disable", "fixme")
	if code != ExitError || !strings.Contains(stderr, "no analyzer is left to run") {
		t.Errorf("lint.enable [fixme] --disable fixme: code %d, stderr %q", code, stderr)
	}
	code, _, stderr = runMain(t, "-C", dir, "--analyzers", "none,todo")
	if code != ExitError || !strings.Contains(stderr, `"none" cannot be combined`) {
		t.Errorf("--analyzers none,todo: code %d, stderr %q", code, stderr)
	}
}

func TestSelectAnalyzersAPI(t *testing.T) {
	useTestAnalyzers(t)
	as, err := SelectAnalyzers(config.Default(), []string{"none"}, nil)
	if err != nil || len(as) != 0 {
		t.Errorf("enable none: %v, %v; want no analyzers", as, err)
	}
	as, err = SelectAnalyzers(config.Default(), nil, []string{"todo"})
	if err != nil || len(as) != 1 || as[0].Name != "fixme" {
		t.Errorf("disable todo: %v, %v; want [fixme]", as, err)
	}
}

func TestConfigSettingsAndCLIOverride(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{
		"a.go":          "package m\n\nvar TODOa, XXXb, YYYc = 1, 2, 3\n",
		"relguard.yaml": "lint:\n  disable: [fixme]\n  todo.prefix: XXX\n",
	})
	if _, stdout, _ := runMain(t, "-C", dir); stdout != "a.go:3:12: identifier XXXb starts with XXX (todo)\n" {
		t.Errorf("config todo.prefix: XXX: stdout:\n%s", stdout)
	}
	if _, stdout, _ := runMain(t, "-C", dir, "-todo.prefix=YYY"); stdout != "a.go:3:18: identifier YYYc starts with YYY (todo)\n" {
		t.Errorf("-todo.prefix=YYY did not override the configuration: stdout:\n%s", stdout)
	}
	// Flags after the package patterns work too.
	if _, stdout, _ := runMain(t, "-C", dir, "./...", "--todo.prefix", "YYY"); stdout != "a.go:3:18: identifier YYYc starts with YYY (todo)\n" {
		t.Errorf("flag after the patterns: stdout:\n%s", stdout)
	}
}

func TestConfigErrors(t *testing.T) {
	useTestAnalyzers(t)
	cases := []struct {
		yaml, want string
	}{
		{"lint:\n  todo.prefix: X\n  todo.nope: 1\n", "relguard.yaml:3: lint: unknown setting \"todo.nope\"\n"},
		{"lint:\n  enabel: [todo]\n", "relguard.yaml:2: lint: unknown setting \"enabel\"\n"},
		{"lint:\n  enable: [todoo]\n", "relguard.yaml:2: lint.enable: unknown analyzer \"todoo\" (known: todo, fixme)\n"},
		{"lnt:\n  enable: [todo]\n", "relguard.yaml:1: unknown key \"lnt\""},
	}
	for _, c := range cases {
		dir := module(t, map[string]string{"a.go": "package m\n", "relguard.yaml": c.yaml})
		code, stdout, stderr := runMain(t, "-C", dir)
		if code != ExitError || stdout != "" || !strings.HasPrefix(stderr, strings.TrimSuffix(c.want, "\n")) {
			t.Errorf("config %q: code %d, stdout %q, stderr %q; want 2 and %q", c.yaml, code, stdout, stderr, c.want)
		}
	}
}

func TestConfigLookup(t *testing.T) {
	useTestAnalyzers(t)
	// relguard.yaml at the git root applies to a module below it that has none.
	root := module(t, map[string]string{
		"go.mod":        "",
		".git/HEAD":     "ref: refs/heads/main\n",
		"relguard.yaml": "lint:\n  todo.prefix: XXX\n",
		"svc/go.mod":    "module example.com/svc\n\ngo 1.22\n",
		"svc/a.go":      "package svc\n\nvar TODOa, XXXb = 1, 2\n",
	})
	os.Remove(filepath.Join(root, "go.mod"))
	svc := filepath.Join(root, "svc")
	if _, stdout, _ := runMain(t, "-C", svc, "--analyzers", "todo"); stdout != "a.go:3:12: identifier XXXb starts with XXX (todo)\n" {
		t.Errorf("repository-root config not used: stdout:\n%s", stdout)
	}
	// The module's own file wins over the repository's.
	if err := os.WriteFile(filepath.Join(svc, "relguard.yaml"), []byte("lint:\n  todo.prefix: TODO\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stdout, _ := runMain(t, "-C", svc, "--analyzers", "todo"); stdout != "a.go:3:5: identifier TODOa starts with TODO (todo)\n" {
		t.Errorf("module-root config not preferred: stdout:\n%s", stdout)
	}
	// --config overrides both, relative to -C.
	if err := os.WriteFile(filepath.Join(svc, "other.yaml"), []byte("lint:\n  todo.prefix: XXX\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stdout, _ := runMain(t, "-C", svc, "--analyzers", "todo", "--config", "other.yaml"); stdout != "a.go:3:12: identifier XXXb starts with XXX (todo)\n" {
		t.Errorf("--config not used: stdout:\n%s", stdout)
	}
	code, _, stderr := runMain(t, "-C", svc, "--config", "missing.yaml")
	if code != ExitError || !strings.HasPrefix(stderr, "missing.yaml: cannot read configuration") {
		t.Errorf("--config missing.yaml: code %d, stderr %q", code, stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{"a.go": "package m\n"})
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml"}, "relguard lint: unknown --format \"xml\"; use text or json\n"},
		{[]string{"--nosuch"}, "relguard lint: flag provided but not defined: -nosuch (run \"relguard lint -h\" for the flags)\n"},
		{[]string{"--fix", "--diff"}, "relguard lint: --fix and --diff cannot be combined; --diff shows what --fix would write\n"},
		{[]string{"-todo.prefix"}, "relguard lint: flag needs an argument: -todo.prefix (run \"relguard lint -h\" for the flags)\n"},
	}
	for _, c := range cases {
		code, stdout, stderr := runMain(t, append([]string{"-C", dir}, c.args...)...)
		if code != ExitError || stdout != "" || stderr != c.want {
			t.Errorf("%v: code %d, stdout %q, stderr %q; want 2, %q", c.args, code, stdout, stderr, c.want)
		}
	}
	code, _, stderr := runMain(t, "-C", filepath.Join(dir, "nope"))
	if code != ExitError || !strings.Contains(stderr, "no such file or directory") {
		t.Errorf("-C missing dir: code %d, stderr %q", code, stderr)
	}
}

func TestHelp(t *testing.T) {
	useTestAnalyzers(t)
	code, stdout, _ := runMain(t, "-h")
	if code != ExitClean {
		t.Errorf("-h exit code = %d, want 0", code)
	}
	for _, want := range []string{"usage: relguard lint [flags] [packages]", "-format", "-analyzers", "-C dir", "-todo.prefix prefix", `(default "TODO")`, "-fixme.prefix", "-tags tags", "-no-cache", "RELGUARD_CACHE", "Exit codes"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("usage lacks %q:\n%s", want, stdout)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	useTestAnalyzers(t)
	dir := fixture(t, "broken")
	code, stdout, stderr := runMain(t, "-C", dir)
	if code != ExitError {
		t.Errorf("exit code = %d, want 2", code)
	}
	// The well-typed package is still analysed; the broken one is not.
	if stdout != "good/good.go:3:5: identifier TODOGood starts with TODO (todo)\n" {
		t.Errorf("stdout:\n%s", stdout)
	}
	wantErr := "broken.go:3:17: cannot use \"three\" (untyped string constant) as int value in variable declaration\n" +
		"relguard lint: 1 package was not analysed because of the errors above; fix them and run again\n"
	if stderr != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, wantErr)
	}

	code, stdout, _ = runMain(t, "-C", dir, "--format", "json")
	if code != ExitError || !strings.Contains(stdout, `"errors": [
    "broken.go:3:17: cannot use`) || !strings.Contains(stdout, `"file": "good/good.go"`) {
		t.Errorf("json with load errors: code %d, stdout:\n%s", code, stdout)
	}

	diags, err := Run(Options{Dir: dir, Analyzers: testAnalyzers()})
	var errs *Errors
	if !errors.As(err, &errs) || errs.Total != 1 || len(diags) != 1 {
		t.Errorf("Run: %d diagnostics, error %v; want 1 and *Errors with 1 error", len(diags), err)
	}
}

func TestSyntaxError(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{"a.go": "package m\n\nfunc f() {\n\tx :=\n}\n"})
	code, _, stderr := runMain(t, "-C", dir)
	// The go command's (the compiler's) words, as go vet and go build print them.
	if code != ExitError || !strings.HasPrefix(stderr, "a.go:5:1: syntax error: unexpected }, expected expression\n") {
		t.Errorf("code %d, stderr:\n%s", code, stderr)
	}
}

func TestGenericsBuildTagsCgo(t *testing.T) {
	useTestAnalyzers(t)
	cases := []struct {
		name, want string
	}{
		{"generics", "generics.go:6:6: identifier TODOOut starts with TODO (todo)\ngenerics.go:15:30: identifier TODOTotal starts with TODO (todo)\n"},
		{"buildtags", "included.go:3:5: identifier TODOIncluded starts with TODO (todo)\n"},
		// The test variant of a cgo package: cgo's output plus the test file.
		{"cgo", "cgo.go:7:2: identifier TODOResult starts with TODO (todo)\ncgo_test.go:3:5: identifier TODOCgoTest starts with TODO (todo)\n"},
	}
	for _, c := range cases {
		if c.name == "cgo" && !cgoAvailable(t) {
			continue // TestCgoWithoutCCompiler covers it
		}
		code, stdout, stderr := runMain(t, "-C", fixture(t, c.name), "--analyzers", "todo")
		if code != ExitDiagnostics || stdout != c.want {
			t.Errorf("%s: code %d, stdout:\n%s\nwant:\n%s\nstderr: %s", c.name, code, stdout, c.want, stderr)
		}
	}
}

// cgoAvailable reports whether the go command can build cgo packages here.
func cgoAvailable(t *testing.T) bool {
	t.Helper()
	out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(out))
	if len(fields) < 2 || fields[0] != "1" {
		return false
	}
	_, err = exec.LookPath(fields[1])
	return err == nil
}

func TestCgoFixesDropped(t *testing.T) {
	dir := fixture(t, "cgo")
	if !cgoAvailable(t) {
		t.Skip("cgo is disabled or there is no C compiler")
	}
	diags, err := Run(Options{Dir: dir, Analyzers: []*analysis.Analyzer{prefixAnalyzer("todo", "TODO")}})
	if err != nil {
		t.Fatal(err)
	}
	// The compiler sees cgo's rewrite of cgo.go; positions map back through
	// //line directives but byte offsets do not, so the fix must be dropped
	// rather than applied at the wrong place.
	if len(diags) != 1 || diags[0].File != filepath.Join(dir, "cgo.go") || diags[0].Line != 7 || len(diags[0].Fixes) != 0 {
		t.Errorf("diagnostics = %+v, want one at cgo.go:7 without fixes", diags)
	}
}

func TestAnalyzerPanicIsReported(t *testing.T) {
	dir := module(t, map[string]string{"a.go": "package m\n\nvar TODOa = 1\n"})
	diags, err := Run(Options{Dir: dir, Analyzers: []*analysis.Analyzer{panickyAnalyzer(), prefixAnalyzer("todo", "TODO")}})
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v, want *Errors", err)
	}
	want := "example.com/m: analyzer panicky failed: internal error (panic: boom); please report it with the code that triggers it"
	if len(errs.Lines) != 1 || errs.Lines[0] != want {
		t.Errorf("errors = %q, want [%q]", errs.Lines, want)
	}
	if len(diags) != 1 {
		t.Errorf("the other analyzer's diagnostics were lost: %v", diags)
	}
}

func TestOverlay(t *testing.T) {
	dir := module(t, map[string]string{"a.go": "package m\n\nvar TODOdisk = 1\n"})
	path := filepath.Join(dir, "a.go")
	overlay := map[string][]byte{path: []byte("package m\n\n// staged\nvar TODOstaged = 1 //nolint:other\n\n//nolint:todo\nvar TODOhidden = 2\n")}
	diags, err := Run(Options{Dir: dir, Overlay: overlay, Analyzers: []*analysis.Analyzer{prefixAnalyzer("todo", "TODO")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 1 || diags[0].Message != "identifier TODOstaged starts with TODO" || diags[0].Line != 4 {
		t.Errorf("diagnostics = %+v, want only TODOstaged on line 4 (from the overlay)", diags)
	}
}

func TestNoPackagesMatched(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{"README": "no Go here\n"})
	code, stdout, stderr := runMain(t, "-C", dir)
	if code != ExitClean || stdout != "" || stderr != "relguard lint: warning: ./... matched no packages\n" {
		t.Errorf("code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestBrokenDependencyIsNotSilent lints only a package whose import does
// not compile: it cannot be analysed, and the user must be told why.
func TestBrokenDependencyIsNotSilent(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{
		"dep/dep.go": "package dep\n\nvar X int = \"x\"\n",
		"use/use.go": "package use\n\nimport \"example.com/m/dep\"\n\nvar TODOy = dep.X\n",
	})
	code, stdout, stderr := runMain(t, "-C", dir, "./use")
	if code != ExitError || stdout != "" {
		t.Errorf("code %d, stdout %q; want 2 and nothing analysed", code, stdout)
	}
	if !strings.Contains(stderr, "dep.go:3:13: cannot use \"x\"") || !strings.Contains(stderr, "1 package was not analysed") {
		t.Errorf("stderr does not explain the skipped package:\n%s", stderr)
	}
}

// FuzzParseDirective checks that no comment text makes the directive
// parser panic, and that a directive never both suppresses and warns.
func FuzzParseDirective(f *testing.F) {
	for _, s := range []string{"//nolint", "//nolint:", "//nolint:a,,b", "//relguard:ignore", "//relguard:ignore x", "//relguard:ignore x y", "//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, ok := parseDirective(text)
		if !ok {
			return
		}
		if d.problem != "" && (d.all || d.covers("todo")) {
			t.Errorf("parseDirective(%q) = %+v: a malformed directive must suppress nothing", text, d)
		}
	})
}

// TestOverlayReachesDependencies overlays a dependency whose API differs
// from the disk copy: the root must be type-checked against the overlaid
// API, so the dependency's export data has to be built from the overlay.
func TestOverlayReachesDependencies(t *testing.T) {
	dir := module(t, map[string]string{
		"dep/dep.go": "package dep\n\nfunc F() int { return 1 }\n",
		"use/use.go": "package use\n\nimport \"example.com/m/dep\"\n\nvar TODOs string = dep.F()\n",
	})
	overlay := map[string][]byte{
		filepath.Join(dir, "dep", "dep.go"): []byte("package dep\n\nfunc F() string { return \"\" }\n"),
	}
	diags, err := Run(Options{Dir: dir, Patterns: []string{"./use"}, Overlay: overlay, Analyzers: []*analysis.Analyzer{prefixAnalyzer("todo", "TODO")}})
	if err != nil {
		t.Fatalf("Run with the overlaid dependency: %v", err)
	}
	if len(diags) != 1 || diags[0].Message != "identifier TODOs starts with TODO" {
		t.Errorf("diagnostics = %+v, want TODOs", diags)
	}
	if _, err := Run(Options{Dir: dir, Patterns: []string{"./use"}, Analyzers: []*analysis.Analyzer{prefixAnalyzer("todo", "TODO")}}); err == nil {
		t.Errorf("without the overlay the disk copy must not type-check")
	}
}

// TestOverlayOnlyFile overlays a file that does not exist on disk.
func TestOverlayOnlyFile(t *testing.T) {
	dir := module(t, map[string]string{"a.go": "package m\n\nvar Disk = 1\n"})
	overlay := map[string][]byte{filepath.Join(dir, "b.go"): []byte("package m\n\nvar TODOnew = 1\n")}
	diags, err := Run(Options{Dir: dir, Overlay: overlay, Analyzers: []*analysis.Analyzer{prefixAnalyzer("todo", "TODO")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 1 || diags[0].Message != "identifier TODOnew starts with TODO" {
		t.Errorf("diagnostics = %+v, want TODOnew from the overlay-only file", diags)
	}
}

// TestNamedPatternMatchingNothingIsAnError: outside a module go list may
// report nothing at all for a named package; that must not pass as clean.
func TestNamedPatternMatchingNothingIsAnError(t *testing.T) {
	useTestAnalyzers(t)
	dir := t.TempDir() // no go.mod
	code, stdout, stderr := runMain(t, "-C", dir, "./nonexistent")
	if code != ExitError || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "is not inside a Go module (no go.mod here or above)") {
		t.Errorf("code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestOutsideAModule: go list's error alone does not say what to do.
func TestOutsideAModule(t *testing.T) {
	useTestAnalyzers(t)
	dir := t.TempDir() // no go.mod here or above
	code, stdout, stderr := runMain(t, "-C", dir)
	if code != ExitError || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "is not inside a Go module (no go.mod here or above); run relguard in a module, or pass -C DIR") {
		t.Errorf("code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if strings.Contains(stderr, "not analysed") {
		t.Errorf("a pattern outside a module is not a package that failed: %q", stderr)
	}
}

// TestTags: test helpers gated behind a build tag are analysed only with
// --tags, which also keys the cache.
func TestTags(t *testing.T) {
	useTestAnalyzers(t)
	dir := fixture(t, "tags")
	without := "tags.go:3:5: identifier TODOAlways starts with TODO (todo)\n"
	with := "server_integration_test.go:5:5: identifier TODOIntegration starts with TODO (todo)\n" + without
	cases := []struct {
		args []string
		want string
	}{
		{nil, without},
		{[]string{"--tags", "integration"}, with},
		{nil, without},
		{[]string{"--tags=other,integration"}, with},
		{[]string{"--tags", "integration", "--tests=false"}, without},
		{[]string{"--tags", "integration"}, with},
	}
	for _, c := range cases {
		code, stdout, stderr := runMain(t, append([]string{"-C", dir, "--analyzers", "todo"}, c.args...)...)
		if code != ExitDiagnostics || stdout != c.want {
			t.Errorf("%v: code %d, stdout:\n%s\nwant:\n%s\nstderr: %s", c.args, code, stdout, c.want, stderr)
		}
	}
	// The tags reach the go command: a file excluded without them is
	// compiled (and here fails) with them.
	code, _, stderr := runMain(t, "-C", fixture(t, "buildtags"), "--tags", "relguard_never")
	if code != ExitError || !strings.Contains(stderr, "excluded.go:5:24: cannot use \"not even type-correct\"") {
		t.Errorf("--tags relguard_never: code %d, stderr:\n%s", code, stderr)
	}
}

// TestCgoWithoutCCompiler: the go command's own words come first, as go
// vet prints them, not the type checker's "could not import C".
func TestCgoWithoutCCompiler(t *testing.T) {
	useTestAnalyzers(t)
	t.Setenv("CGO_ENABLED", "1")
	t.Setenv("CC", "relguard-no-such-cc")
	code, stdout, stderr := runMain(t, "-C", fixture(t, "cgo"), "--analyzers", "todo")
	if code != ExitError || stdout != "" {
		t.Errorf("code %d, stdout %q; want 2 and nothing reported", code, stdout)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if !strings.HasPrefix(lines[0], `cgo: C compiler "relguard-no-such-cc" not found`) {
		t.Errorf("first line %q, want the go command's error; stderr:\n%s", lines[0], stderr)
	}
	if strings.Contains(stderr, "could not import C") || strings.Contains(stderr, "no metadata") {
		t.Errorf("stderr repeats the consequence instead of the cause:\n%s", stderr)
	}
	if last := lines[len(lines)-1]; last != "relguard lint: 1 package was not analysed because of the errors above; fix them and run again" {
		t.Errorf("last line %q", last)
	}
}

// TestPartialLoad: packages that do not load (a type error, an import no
// module provides, a broken dependency, a broken test file) do not stop
// the others from being analysed and reported; the exit code stays 2 and
// the count of packages left out is printed.
func TestPartialLoad(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{
		"good/good.go":         "package good\n\nvar TODOGood = 1\n",
		"good/good_test.go":    "package good\n\nvar TODOGoodTest = 2\n",
		"alsogood/a.go":        "package alsogood\n\nimport \"example.com/m/good\"\n\nvar TODOAlso = good.TODOGood\n",
		"typeerr/t.go":         "package typeerr\n\nvar N int = \"n\"\n",
		"missing/m.go":         "package missing\n\nimport \"example.com/nosuch\"\n\nvar TODOMissing = nosuch.X\n",
		"usesbroken/u.go":      "package usesbroken\n\nimport \"example.com/m/typeerr\"\n\nvar TODOUses = typeerr.N\n",
		"brokentest/b.go":      "package brokentest\n\nvar TODOBrokenTest = 1\n",
		"brokentest/b_test.go": "package brokentest\n\nvar T int = undefined\n",
		"testimport/t.go":      "package testimport\n",
		"testimport/t_test.go": "package testimport\n\nimport \"example.com/nosuch/fortests\"\n\nvar _ = fortests.X\n",
	})
	code, stdout, stderr := runMain(t, "-C", dir, "--analyzers", "todo")
	if code != ExitError {
		t.Errorf("exit code %d, want 2", code)
	}
	wantOut := "alsogood/a.go:5:5: identifier TODOAlso starts with TODO (todo)\n" +
		"good/good.go:3:5: identifier TODOGood starts with TODO (todo)\n" +
		"good/good_test.go:3:5: identifier TODOGoodTest starts with TODO (todo)\n"
	if stdout != wantOut {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, wantOut)
	}
	for _, want := range []string{
		"brokentest/b_test.go:3:13: undefined: undefined\n",
		"missing/m.go:3:8: no required module provides package example.com/nosuch; to add it: go get example.com/nosuch\n",
		"typeerr/t.go:3:13: cannot use \"n\" (untyped string constant) as int value in variable declaration\n",
		"testimport/t_test.go:3:8: no required module provides package example.com/nosuch/fortests; to add it: go get example.com/nosuch/fortests\n",
		"relguard lint: 5 packages were not analysed because of the errors above; fix them and run again\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	for _, once := range []string{"cannot use \"n\"", "example.com/nosuch/fortests;"} {
		if n := strings.Count(stderr, once); n != 1 {
			t.Errorf("%s is printed %d times, want once:\n%s", once, n, stderr)
		}
	}

	// The same through JSON and the API.
	code, stdout, _ = runMain(t, "-C", dir, "--analyzers", "todo", "--format", "json")
	var report struct {
		Diagnostics []Diagnostic
		Errors      []string
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil || code != ExitError || len(report.Diagnostics) != 3 || len(report.Errors) != 4 {
		t.Errorf("json: code %d, %d diagnostics, errors %q, %v", code, len(report.Diagnostics), report.Errors, err)
	}
	diags, err := Run(Options{Dir: dir, Analyzers: []*analysis.Analyzer{prefixAnalyzer("todo", "TODO")}})
	var errs *Errors
	if !errors.As(err, &errs) || errs.Total != 2 || len(diags) != 3 {
		t.Errorf("Run without tests: %d diagnostics, %v; want 3 (brokentest loads without its test) and 2 errors", len(diags), err)
	}
}

// TestOnlyTestFiles: a directory of test files alone (common for
// integration tests) has nothing to analyse without its tests, and with
// them only its test packages.
func TestOnlyTestFiles(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{
		"a.go":                   "package m\n",
		"integration/x_test.go":  "package integration_test\n\nvar TODOx = 1\n",
		"internalonly/y_test.go": "package internalonly\n\nvar TODOy = 1\n",
	})
	code, stdout, stderr := runMain(t, "-C", dir, "--analyzers", "todo", "--tests=false")
	if code != ExitClean || stdout != "" || stderr != "" {
		t.Errorf("--tests=false: code %d, stdout %q, stderr %q; want 0 and nothing", code, stdout, stderr)
	}
	code, stdout, stderr = runMain(t, "-C", dir, "--analyzers", "todo")
	want := "integration/x_test.go:3:5: identifier TODOx starts with TODO (todo)\ninternalonly/y_test.go:3:5: identifier TODOy starts with TODO (todo)\n"
	if code != ExitDiagnostics || stdout != want || stderr != "" {
		t.Errorf("with tests: code %d, stdout:\n%s\nwant:\n%s\nstderr %q", code, stdout, want, stderr)
	}
}

func TestRelativizeLine(t *testing.T) {
	dir := filepath.Join(string(filepath.Separator), "work", "mod")
	for _, c := range []struct{ in, want string }{
		{"./a.go:3:17: cannot use x", "a.go:3:17: cannot use x"},
		{"sub/b.go:1: syntax error", filepath.Join("sub", "b.go") + ":1: syntax error"},
		{filepath.Join(dir, "c.go") + ":2:1: x", "c.go:2:1: x"},
		{"/elsewhere/d.go:4:2: y", filepath.FromSlash("/elsewhere/d.go") + ":4:2: y"},
		{"cgo: C compiler \"cc\" not found: exec: x", "cgo: C compiler \"cc\" not found: exec: x"},
		{"no position: here.go is mentioned", "no position: here.go is mentioned"},
	} {
		if got := relativizeLine(c.in, dir); got != c.want {
			t.Errorf("relativizeLine(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestFileArguments: go vet accepts a list of .go files as the package;
// the go command refuses to mix such a list with import paths, so the
// packages only tests import must not be added to it.
func TestFileArguments(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{
		"a.go":      "package m\n\nvar TODOa = 1\n",
		"b.go":      "package m\n\nvar TODOb = 1\n",
		"a_test.go": "package m\n\nimport \"testing\"\n\nfunc TestA(*testing.T) {}\n",
	})
	for _, hinted := range []string{"first run", "second run"} {
		code, stdout, stderr := runMain(t, "-C", dir, "--disable", "fixme", "a.go")
		if want := "a.go:3:5: identifier TODOa starts with TODO (todo)\n"; code != ExitDiagnostics || stdout != want || stderr != "" {
			t.Errorf("%s: code %d, stdout %q, stderr %q; want 1, %q and no error", hinted, code, stdout, stderr, want)
		}
	}
}

// TestLongPatternIsCut: a pattern the go command echoes in its error is
// cut like every other echoed input, not printed whole.
func TestLongPatternIsCut(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{"a.go": "package m\n"})
	long := "./" + strings.Repeat("a", 5000)
	code, _, stderr := runMain(t, "-C", dir, long)
	if code != ExitError || len(stderr) > 600 || !strings.Contains(stderr, "…") {
		t.Errorf("code %d, stderr (%d bytes) %.300q; want 2 and the pattern cut", code, len(stderr), stderr)
	}
	code, stdout, _ := runMain(t, "-C", dir, "--format", "json", long)
	if code != ExitError || len(stdout) > 600 || !strings.Contains(stdout, "…") {
		t.Errorf("json: code %d, stdout (%d bytes) %.300q; want 2 and the pattern cut", code, len(stdout), stdout)
	}
}

// TestCLIListFlagReplacesTheFile: -ambigtype.names on the command line
// wins over relguard.yaml's list, as every non-repeatable analyzer flag
// does; the repeatable -ambigtype.alias adds to the file's mappings.
func TestCLIListFlagReplacesTheFile(t *testing.T) {
	dir := module(t, map[string]string{
		"a/a.go":        "package a\n\ntype Session struct{}\ntype Token struct{}\n",
		"b/b.go":        "package b\n\ntype Session struct{}\ntype Token struct{}\n",
		"c/c.go":        "package c\n\nimport (\n\t\"example.com/m/a\"\n\t\"example.com/m/b\"\n)\n\nvar _ a.Session\nvar _ b.Session\n",
		"relguard.yaml": "lint:\n  enable: [ambigtype]\n  ambigtype.names: [Session]\n  ambigtype.alias: [\"example.com/m/a:asess\"]\n",
	})
	code, stdout, stderr := runMain(t, "-C", dir, "-ambigtype.names=Token")
	if code != ExitClean || stdout != "" {
		t.Errorf("-ambigtype.names=Token: code %d, stdout %q, stderr %q; want Session no longer watched", code, stdout, stderr)
	}
	// The alias from the file still holds alongside one from the command line.
	code, stdout, _ = runMain(t, "-C", dir, "--format", "json", "-ambigtype.alias=example.com/m/b:bsess")
	if code != ExitDiagnostics || !strings.Contains(stdout, `as asess"`) || !strings.Contains(stdout, `as bsess"`) {
		t.Errorf("-ambigtype.alias: code %d, stdout %q; want both aliases in force", code, stdout)
	}
}

// TestBrokenGoModIsOneLine: the go command heads a go.mod syntax error
// with "go: errors parsing go.mod:" on a line of its own; relguard says
// both on one line.
func TestBrokenGoModIsOneLine(t *testing.T) {
	dir := module(t, map[string]string{"go.mod": "module example.com/m\n\ngo 1.22\nrequire (\n", "a.go": "package m\n"})
	code, _, stderr := runMain(t, "-C", dir)
	if code != ExitError || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "errors parsing go.mod: go.mod:5: syntax error") {
		t.Errorf("code %d, stderr %q; want 2 and one line", code, stderr)
	}
}

// TestTestMainsAreNeverRoots: the main package the go command synthesizes
// to run a package's tests is neither analysed nor kept, only the
// package's test variants are.
func TestTestMainsAreNeverRoots(t *testing.T) {
	dir := module(t, map[string]string{
		"m.go":          "package m\n\nfunc F() int { return 1 }\n",
		"m_test.go":     "package m\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { _ = F() }\n",
		"m_ext_test.go": "package m_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m\"\n)\n\nfunc TestG(t *testing.T) { _ = m.F() }\n",
	})
	l, err := goList(dir, []string{"./..."}, true, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range l.roots {
		ids = append(ids, r.id)
	}
	want := []string{"example.com/m [example.com/m.test]", "example.com/m_test [example.com/m.test]"}
	if !slices.Equal(ids, want) {
		t.Errorf("roots %q, want %q", ids, want)
	}
	if l.pkgs["example.com/m.test"] != nil {
		t.Error("the synthesized test main is in the listing")
	}
}

// TestErrorsCountRepeatsOnce: an error repeated after the kept lines (a
// package and its test variant) counts once in "(N more errors)".
func TestErrorsCountRepeatsOnce(t *testing.T) {
	var e Errors
	for i := range maxErrors + 2 {
		e.add(fmt.Sprintf("a.go:%d:1: broken", i))
	}
	e.add(fmt.Sprintf("a.go:%d:1: broken", maxErrors+1))
	if e.Total != maxErrors+2 || len(e.Lines) != maxErrors {
		t.Errorf("Total %d, %d lines; want %d and %d", e.Total, len(e.Lines), maxErrors+2, maxErrors)
	}
}
