package ambigtype_test

import (
	"bytes"
	"fmt"
	"go/format"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/relguard/relguard/analyzers"
	"github.com/relguard/relguard/analyzers/ambigtype"
)

// configured returns a fresh analyzer with flags set the way
// analyzers.Configure sets them: one Set call per value.
func configured(t *testing.T, flags ...string) *analysis.Analyzer {
	t.Helper()
	a := ambigtype.NewAnalyzer()
	for i := 0; i+1 < len(flags); i += 2 {
		if err := a.Flags.Set(flags[i], flags[i+1]); err != nil {
			t.Fatalf("set -%s=%s: %v", flags[i], flags[i+1], err)
		}
	}
	return a
}

func TestRuleA(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), ambigtype.NewAnalyzer(), "rulea")
	assertRanges(t, results, nil, "Session")
}

// assertRanges checks that each diagnostic covers exactly the reported
// syntax (matching want, or when want is nil the whole import spec: its
// line without indentation and trailing comment) and that its related
// information covers a use of name.
func assertRanges(t *testing.T, results []*analysistest.Result, want *regexp.Regexp, name string) {
	t.Helper()
	checked := 0
	for _, res := range results {
		for _, d := range res.Diagnostics {
			got := sourceText(t, res, d.Pos, d.End)
			if want == nil {
				line := specLine(t, res, d.Pos)
				if got != line {
					t.Errorf("diagnostic %q covers %q, want the whole spec %q", d.Message, got, line)
				}
			} else if !want.MatchString(got) {
				t.Errorf("diagnostic %q covers %q, want %v", d.Message, got, want)
			}
			if strings.HasPrefix(d.Message, "ambiguous") && len(d.Related) == 0 {
				t.Errorf("diagnostic %q has no related information", d.Message)
			}
			for _, rel := range d.Related {
				if got := sourceText(t, res, rel.Pos, rel.End); got != name {
					t.Errorf("related information %q covers %q, want %q", rel.Message, got, name)
				}
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no diagnostics to check")
	}
}

// specLine returns the line holding pos without its indentation and
// trailing comment.
func specLine(t *testing.T, res *analysistest.Result, pos token.Pos) string {
	t.Helper()
	p := res.Pass.Fset.Position(pos)
	src, err := os.ReadFile(p.Filename)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Split(string(src), "\n")[p.Line-1]
	line, _, _ = strings.Cut(line, "//")
	return strings.TrimSpace(line)
}

func sourceText(t *testing.T, res *analysistest.Result, pos, end token.Pos) string {
	t.Helper()
	tf := res.Pass.Fset.File(pos)
	if tf == nil || !end.IsValid() || end < pos {
		t.Fatalf("invalid range %d-%d", pos, end)
	}
	src, err := os.ReadFile(tf.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(src[tf.Offset(pos):tf.Offset(end)])
}

func TestRuleB(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ambigtype.NewAnalyzer(), "ruleb", "rulebalias")
}

func TestRuleC(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), ambigtype.NewAnalyzer(), "rulec")
	assertFixesGofmtClean(t, results)
	assertRanges(t, results, regexp.MustCompile(`^session$`), "")
}

func TestRuleD(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ambigtype.NewAnalyzer(), "ruled", "ruledneg", "ruledgen", "dotmix")
}

func TestRuleF(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ambigtype.NewAnalyzer(), "rulef", "rulefneg")
}

func TestStrict(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), configured(t, "strict", "true"), "strict")
}

func TestFamilyExemption(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ambigtype.NewAnalyzer(), "family")
	analysistest.Run(t, analysistest.TestData(), configured(t, "family", "4"), "familysize")
}

// TestFamilyWithRoot: a file importing a provider family together with the
// family's root package (goth above goth/providers/*) is exempt; next to a
// Session of the module, only the module's import is reported, and no
// message lists more than three paths.
func TestFamilyWithRoot(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ambigtype.NewAnalyzer(), "familyroot", "familyroot/mixed")
	analysistest.Run(t, analysistest.TestData(), configured(t, "strict", "true"), "familystrict")
}

// TestImplementation: a package's own Session that implements an imported
// Session interface (a goth provider) is the same concept, not a clash;
// one that does not is still reported.
func TestImplementation(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ambigtype.NewAnalyzer(), "provider", "notprovider")
}

// TestStrictAliasIdentity: with -strict, one import name bound to a package
// and to another that re-exports its types through aliases is no drift.
func TestStrictAliasIdentity(t *testing.T) {
	// The package has no want comments: any diagnostic fails the test.
	analysistest.Run(t, analysistest.TestData(), configured(t, "strict", "true"), "strictalias")
}

// TestRenameHints: hints are words (client for cli, the import path's
// parent for a name without a usual short form), never truncations.
func TestRenameHints(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), configured(t, "names", "Client,Cache,URL"), "renamehint")
	assertFixesGofmtClean(t, results)
}

var aliasFlags = []string{"alias", `example.com/(db):${1}session`, "alias", "example.com/models:usermodels"}

func TestAliasFixes(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), configured(t, aliasFlags...), "fixalias", "fixblocked", "fixdot")
	assertFixesGofmtClean(t, results)
}

// TestNoFixForImportNames: a mapping exists, but two paths sharing one
// import name get no fix (rulef has no .golden files, so any fix fails).
func TestNoFixForImportNames(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), configured(t, "alias", "example.com/(aws|other)/session:${1}session"), "rulef")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%q offers a fix", d.Message)
			}
		}
	}
}

func TestAliasFixRealignsComments(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), configured(t, "alias", "example.com/models:usermodels"), "fixalign")
	assertFixesGofmtClean(t, results)
}

// assertFixesGofmtClean applies every suggested fix on its own and checks
// that the result is gofmt-clean, which analysistest's golden comparison
// (it formats both sides) cannot tell.
func assertFixesGofmtClean(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	fixes := 0
	for _, res := range results {
		for _, diag := range res.Diagnostics {
			for _, fix := range diag.SuggestedFixes {
				byFile := make(map[*token.File][]analysis.TextEdit)
				for _, e := range fix.TextEdits {
					tf := res.Pass.Fset.File(e.Pos)
					byFile[tf] = append(byFile[tf], e)
				}
				for tf, edits := range byFile {
					src, err := os.ReadFile(tf.Name())
					if err != nil {
						t.Fatal(err)
					}
					sort.Slice(edits, func(i, j int) bool { return edits[i].Pos < edits[j].Pos })
					var out bytes.Buffer
					last := 0
					for _, e := range edits {
						out.Write(src[last:tf.Offset(e.Pos)])
						out.Write(e.NewText)
						last = tf.Offset(e.End)
					}
					out.Write(src[last:])
					pretty, err := format.Source(out.Bytes())
					if err != nil {
						t.Errorf("fix %q breaks %s: %v", fix.Message, tf.Name(), err)
					} else if !bytes.Equal(pretty, out.Bytes()) {
						t.Errorf("fix %q leaves %s not gofmt-clean:\n%s", fix.Message, tf.Name(), out.Bytes())
					}
					fixes++
				}
			}
		}
	}
	if fixes == 0 {
		t.Errorf("no suggested fixes were offered")
	}
}

// TestThirdPartyTypes runs in module mode against the real gorm, gorilla
// sessions and x/crypto/ssh types. analysistest turns the proxy off, so the
// modules must already be in the module cache:
//
//	(cd analyzers/ambigtype/testdata/mod && go mod download)
func TestThirdPartyTypes(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "mod")
	analysistest.Run(t, dir, ambigtype.NewAnalyzer(), "./web", "./store", "./remote", "./login")
	results := analysistest.RunWithSuggestedFixes(t, dir, ambigtype.NewAnalyzer(), "./cloud")
	assertFixesGofmtClean(t, results)
}

func TestWatchedNames(t *testing.T) {
	t.Run("list", func(t *testing.T) {
		analysistest.Run(t, analysistest.TestData(), configured(t, "names", "Session,User"), "multiname")
	})
	t.Run("repeated", func(t *testing.T) {
		analysistest.Run(t, analysistest.TestData(), configured(t, "names", "Session", "names", "User"), "multiname")
	})
	t.Run("every exported type", func(t *testing.T) {
		analysistest.Run(t, analysistest.TestData(), configured(t, "names", "*"), "multiname")
	})
	t.Run("custom name replaces the default", func(t *testing.T) {
		analysistest.Run(t, analysistest.TestData(), configured(t, "names", "Store"), "storename")
	})
}

// TestConfigure sets flags the way relguard.yaml settings arrive.
func TestConfigure(t *testing.T) {
	all, err := analyzers.Configure(map[string]any{
		"ambigtype.names":  []any{"Session", "User"},
		"ambigtype.alias":  []any{"example.com/models:usermodels", `example.com/(db):${1}session`},
		"ambigtype.family": 4,
		"ambigtype.strict": true,
	})
	if err != nil {
		t.Fatal(err)
	}
	var a *analysis.Analyzer
	for _, x := range all {
		if x.Name == "ambigtype" {
			a = x
		}
	}
	if a == nil {
		t.Fatal("Configure returned no ambigtype analyzer")
	}
	for flag, want := range map[string]string{
		"names":  "Session,User",
		"alias":  `example.com/models:usermodels,example.com/(db):${1}session`,
		"family": "4",
		"strict": "true",
	} {
		if got := a.Flags.Lookup(flag).Value.String(); got != want {
			t.Errorf("-%s = %q, want %q", flag, got, want)
		}
	}
	if _, err := analyzers.Configure(map[string]any{"ambigtype.alias": "example.com/models"}); err == nil || !strings.Contains(err.Error(), "has no colon") {
		t.Errorf("a mapping without a colon gave %v", err)
	}
}

// errorCollector swallows analysistest's complaints about the type errors
// the package is meant to have.
type errorCollector struct{ errors []string }

func (c *errorCollector) Errorf(format string, args ...any) {
	c.errors = append(c.errors, fmt.Sprintf(format, args...))
}

func TestTypeErrorsDoNotPanic(t *testing.T) {
	a := ambigtype.NewAnalyzer()
	a.RunDespiteErrors = true
	var c errorCollector
	results := analysistest.Run(&c, analysistest.TestData(), a, "typeerrors")
	if len(results) == 0 {
		t.Fatalf("the broken package was not analysed: %v", c.errors)
	}
	shadowFound := false
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("analysis failed: %v", r.Err)
		}
		for _, d := range r.Diagnostics {
			shadowFound = shadowFound || strings.HasPrefix(d.Message, "variable session shadows")
		}
	}
	// What still type-checks is still checked.
	if !shadowFound {
		t.Errorf("no shadowing diagnostic despite the well-typed session := session.Nope(): %v", c.errors)
	}
}

// TestStandardLibrary checks real code: with the default settings a sample
// of std has nothing to report, and the noisiest settings do not fail.
// (analysistest's own expectations cannot be used: std's comments contain
// the word "want".)
func TestStandardLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks part of the standard library")
	}
	pkgs := []string{"net/http", "database/sql", "crypto/tls", "go/types"}
	count := func(a *analysis.Analyzer) int {
		var c errorCollector
		n := 0
		for _, r := range analysistest.Run(&c, analysistest.TestData(), a, pkgs...) {
			if r.Err != nil {
				t.Errorf("%s: %v", r.Pass.Pkg.Path(), r.Err)
			}
			n += len(r.Diagnostics)
		}
		return n
	}
	if n := count(ambigtype.NewAnalyzer()); n != 0 {
		t.Errorf("default settings report %d diagnostics in %v, want none", n, pkgs)
	}
	if n := count(configured(t, "names", "*", "strict", "true")); n == 0 {
		t.Error("-names=* -strict found nothing in std; the walk did not run")
	}
}
