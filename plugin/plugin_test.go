package plugin

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

func flagValue(t *testing.T, as []*analysis.Analyzer, analyzer, flag string) string {
	t.Helper()
	for _, a := range as {
		if a.Name != analyzer {
			continue
		}
		f := a.Flags.Lookup(flag)
		if f == nil {
			t.Fatalf("analyzer %s has no flag %s", analyzer, flag)
		}
		return f.Value.String()
	}
	t.Fatalf("no analyzer %s among %d analyzers", analyzer, len(as))
	return ""
}

func build(t *testing.T, conf any) []*analysis.Analyzer {
	t.Helper()
	p, err := New(conf)
	if err != nil {
		t.Fatalf("New(%v): %v", conf, err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatalf("BuildAnalyzers: %v", err)
	}
	return as
}

func TestRegisteredUnderRelguard(t *testing.T) {
	newPlugin, err := register.GetPlugin("relguard")
	if err != nil {
		t.Fatalf("plugin not registered: %v", err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatalf("new plugin without settings: %v", err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range as {
		names = append(names, a.Name)
	}
	if got := strings.Join(names, ","); got != "ambigtype,cookiesec" {
		t.Errorf("analyzers = %s, want ambigtype,cookiesec", got)
	}
}

func TestDottedKeys(t *testing.T) {
	as := build(t, map[string]any{
		"ambigtype.names":         []any{"Token", "Client"},
		"cookiesec.session-names": "^sid$",
		"cookiesec.strict":        true,
	})
	if got := flagValue(t, as, "ambigtype", "names"); got != "Token,Client" {
		t.Errorf("ambigtype.names = %q, want Token,Client", got)
	}
	if got := flagValue(t, as, "cookiesec", "session-names"); got != "^sid$" {
		t.Errorf("cookiesec.session-names = %q, want ^sid$", got)
	}
	if got := flagValue(t, as, "cookiesec", "strict"); got != "true" {
		t.Errorf("cookiesec.strict = %q, want true", got)
	}
}

// golangci-lint's configuration loader splits "ambigtype.names" into
// nested mappings; both spellings must mean the same.
func TestNestedKeys(t *testing.T) {
	as := build(t, map[string]any{
		"ambigtype": map[string]any{"names": []any{"Token"}, "alias": []any{"example.com/db:dbsession"}},
		"cookiesec": map[string]any{"max-age": "7d"},
	})
	if got := flagValue(t, as, "ambigtype", "names"); got != "Token" {
		t.Errorf("ambigtype.names = %q, want Token", got)
	}
	if got := flagValue(t, as, "ambigtype", "alias"); got != "example.com/db:dbsession" {
		t.Errorf("ambigtype.alias = %q, want example.com/db:dbsession", got)
	}
	defaults := build(t, nil)
	if got, def := flagValue(t, as, "cookiesec", "max-age"), flagValue(t, defaults, "cookiesec", "max-age"); got == def {
		t.Errorf("cookiesec.max-age = %q, the default; the nested setting was ignored", got)
	}
}

func TestEachBuildIsFresh(t *testing.T) {
	p, err := New(map[string]any{"ambigtype.names": "Token"})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := p.BuildAnalyzers()
	second, _ := p.BuildAnalyzers()
	if first[0] == second[0] {
		t.Error("BuildAnalyzers returned the same analyzer twice; flag state would leak between builds")
	}
	if got := flagValue(t, second, "ambigtype", "names"); got != "Token" {
		t.Errorf("second build: ambigtype.names = %q, want Token", got)
	}
	// Settings of one plugin instance never leak into the defaults.
	if got := flagValue(t, build(t, nil), "ambigtype", "names"); got == "Token" {
		t.Error("default analyzers carry another instance's settings")
	}
}

func TestBadSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		conf any
		want string
	}{
		{"unknown flag", map[string]any{"ambigtype.nmaes": "Token"}, `"ambigtype.nmaes"`},
		{"unknown nested flag", map[string]any{"cookiesec": map[string]any{"secure": true}}, `"cookiesec.secure"`},
		{"unknown analyzer", map[string]any{"shadow.strict": true}, `"shadow.strict"`},
		{"bare key", map[string]any{"names": "Token"}, `"names"`},
		{"bad value", map[string]any{"ambigtype.names": "not an identifier"}, `ambigtype.names`},
		{"both spellings", map[string]any{"ambigtype.names": "A", "ambigtype": map[string]any{"names": "B"}}, `given twice`},
		{"not a mapping", []any{"ambigtype.names"}, `must be a mapping`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(tc.conf)
			if err == nil {
				t.Fatalf("New(%v) = %v, want an error", tc.conf, p)
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q: want one line mentioning %s", err, tc.want)
			}
		})
	}
}

func TestRelatedInformationDropped(t *testing.T) {
	orig := &analysis.Analyzer{
		Name: "fake",
		Doc:  "fake",
		Run: func(pass *analysis.Pass) (any, error) {
			pass.Report(analysis.Diagnostic{Pos: 7, Message: "ambiguous", Related: []analysis.RelatedInformation{{Pos: 9, Message: "used here"}}})
			return "result", nil
		},
	}
	var got []analysis.Diagnostic
	pass := &analysis.Pass{Analyzer: orig, Report: func(d analysis.Diagnostic) { got = append(got, d) }}
	res, err := withoutRelated(orig).Run(pass)
	if err != nil || res != "result" {
		t.Fatalf("wrapped Run = %v, %v; want the analyzer's own result", res, err)
	}
	if len(got) != 1 || got[0].Message != "ambiguous" || got[0].Pos != 7 || got[0].Related != nil {
		t.Errorf("reported %+v; want the diagnostic without related information", got)
	}
}

// TestFactsThroughThePlugin: the analyzers golangci-lint gets keep their
// fact types, so a cookie sent through a helper of another package is
// still judged at the call (golangci-lint runs the analyzer on the
// helper's package for its facts, as analysistest does here).
func TestFactsThroughThePlugin(t *testing.T) {
	var cookiesec *analysis.Analyzer
	for _, a := range build(t, map[string]any{}) {
		if a.Name == "cookiesec" {
			cookiesec = a
		}
	}
	if cookiesec == nil || len(cookiesec.FactTypes) == 0 {
		t.Fatalf("the plugin's cookiesec has no fact types: %+v", cookiesec)
	}
	dir, err := filepath.Abs(filepath.Join("..", "analyzers", "cookiesec", "testdata", "mod"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, cookiesec, "./httputil", "./webhandlers")
}
