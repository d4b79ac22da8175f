package ambigtype

import (
	"strings"
	"testing"
)

func TestNamesFlag(t *testing.T) {
	a := NewAnalyzer()
	f := a.Flags.Lookup("names")
	if got := f.Value.String(); got != "Session" {
		t.Fatalf("default names = %q, want Session", got)
	}
	for _, v := range []string{"Store", "User, Token"} {
		if err := f.Value.Set(v); err != nil {
			t.Fatalf("Set(%q): %v", v, err)
		}
	}
	if got := f.Value.String(); got != "Store,User,Token" {
		t.Errorf("after two Sets names = %q, want Store,User,Token (first Set replaces the default)", got)
	}
	for _, bad := range []string{"", "A,,B", "1Session", "my-type", "models.Session"} {
		err := NewAnalyzer().Flags.Lookup("names").Value.Set(bad)
		if err == nil {
			t.Errorf("Set(%q) accepted an invalid name", bad)
		}
	}
	if err := NewAnalyzer().Flags.Lookup("names").Value.Set("*"); err != nil {
		t.Errorf("Set(*) = %v, want it accepted", err)
	}
}

func TestAliasFlag(t *testing.T) {
	a := NewAnalyzer()
	f := a.Flags.Lookup("alias")
	if err := f.Value.Set(`example.com/(\w+)/models:${1}models`); err != nil {
		t.Fatal(err)
	}
	if err := f.Value.Set(`example.com/api/v\d{1,2}:api,example.com/db:dbsession`); err != nil {
		t.Fatal(err)
	}
	s := a.Flags.Lookup("alias").Value.(*aliasList)
	if len(s.mappings) != 3 {
		t.Fatalf("got %d mappings, want 3 (commas inside {} do not split): %v", len(s.mappings), f.Value)
	}
	cases := []struct {
		path, want string
		ok         bool
	}{
		{"example.com/billing/models", "billingmodels", true},
		{"example.com/billing/models/v2", "", false}, // the path regexp is anchored
		{"example.com/api/v12", "api", true},
		{"example.com/api/v123", "", false},
		{"example.com/db", "dbsession", true},
		{"example.com/dbx", "", false},
	}
	for _, c := range cases {
		got, ok := "", false
		for _, m := range s.mappings {
			if got, ok = m.aliasFor(c.path); ok {
				break
			}
		}
		if got != c.want || ok != c.ok {
			t.Errorf("alias for %q = %q, %v; want %q, %v", c.path, got, ok, c.want, c.ok)
		}
	}

	// A group reference that expands to something other than an
	// identifier yields no alias rather than a broken fix.
	m, err := parseAliasMapping(`example.com/(.*):${1}`)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := m.aliasFor("example.com/a-b"); ok {
		t.Errorf("alias for example.com/a-b = %q, want none", got)
	}

	for bad, wantErr := range map[string]string{
		"example.com/models":           "has no colon",
		"example.com/models:":          "empty alias",
		":models":                      "empty path",
		"example.com/(models:m":        "invalid path regexp",
		"example.com/models:my-models": "not a Go identifier",
		"example.com/models:_":         "not a Go identifier",
	} {
		err := NewAnalyzer().Flags.Lookup("alias").Value.Set(bad)
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("Set(%q) = %v, want an error containing %q", bad, err, wantErr)
		}
	}
}

func TestFamilyAndStrictFlags(t *testing.T) {
	a := NewAnalyzer()
	if got := a.Flags.Lookup("family").Value.String(); got != "3" {
		t.Errorf("default family = %s, want 3", got)
	}
	if err := a.Flags.Set("family", "5"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"1", "0", "-3", "three", ""} {
		if err := a.Flags.Set("family", bad); err == nil {
			t.Errorf("family %q accepted", bad)
		}
	}
	if got := a.Flags.Lookup("family").Value.String(); got != "5" {
		t.Errorf("family after rejected values = %s, want 5", got)
	}
	if err := a.Flags.Set("strict", "maybe"); err == nil {
		t.Error("strict=maybe accepted")
	}
}

func TestAnalyzersAreIndependent(t *testing.T) {
	a, b := NewAnalyzer(), NewAnalyzer()
	if err := a.Flags.Set("names", "Store"); err != nil {
		t.Fatal(err)
	}
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	if got := b.Flags.Lookup("names").Value.String(); got != "Session" {
		t.Errorf("setting one analyzer changed another: names = %q", got)
	}
	if got := Analyzer.Flags.Lookup("strict").Value.String(); got != "false" {
		t.Errorf("setting a fresh analyzer changed the default instance: strict = %s", got)
	}
}

func TestDoc(t *testing.T) {
	if Analyzer.Name != "ambigtype" {
		t.Errorf("Name = %q", Analyzer.Name)
	}
	summary, _, _ := strings.Cut(Analyzer.Doc, "\n")
	if summary == "" || strings.HasPrefix(summary, "ambigtype:") || strings.Contains(Analyzer.Doc, "# Analyzer") {
		t.Errorf("Doc was not extracted from doc.go: %q", Analyzer.Doc)
	}
	for _, msg := range []string{
		"ambiguous type name Session: this file also uses Session from",
		"package auth declares its own Session",
		"shadows the import of",
	} {
		if !strings.Contains(Analyzer.Doc, msg) {
			t.Errorf("Doc does not document the message %q", msg)
		}
	}
}

func TestExtractDocFallback(t *testing.T) {
	if got := extractDoc("package x", "ambigtype"); got == "" {
		t.Error("extractDoc returned an empty Doc for a file without the section")
	}
}
