package cookiesec_test

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/relguard/relguard/analyzers/cookiesec"
)

func modDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "mod"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestFrameworks loads every framework package in one go: the frameworks'
// own type-checking dominates the cost, and one load shares it.
func TestFrameworks(t *testing.T) {
	analysistest.Run(t, modDir(t), cookiesec.NewAnalyzer(),
		"./nethttp", "./odd", "./gin", "./echo", "./fiberv2", "./gorilla", "./gorillasess", "./gincontrib", "./scs")
}

// TestFiberV3 uses its own module: fiber v3 needs a newer go directive
// than the other frameworks.
func TestFiberV3(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "fiberv3"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, cookiesec.NewAnalyzer(), "./app")
}

// TestFiberV3Extractor: a v3 session configured with an Extractor is
// checked, under the name of its cookie extractor; header and query
// extractors send no cookie.
func TestFiberV3Extractor(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "fiberv3"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, cookiesec.NewAnalyzer(), "./extractor")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, modDir(t), cookiesec.NewAnalyzer(), "./fixes")
}

func TestStrict(t *testing.T) {
	a := cookiesec.NewAnalyzer()
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, modDir(t), a, "./strict")
}

func TestCustomFlags(t *testing.T) {
	a := cookiesec.NewAnalyzer()
	for name, value := range map[string]string{"session-names": "^app_", "max-age": "7d"} {
		if err := a.Flags.Lookup(name).Value.Set(value); err != nil {
			t.Fatal(err)
		}
	}
	analysistest.Run(t, modDir(t), a, "./custom")
}

// TestPackageWideWrites: a store's defaults are reported only when no
// write in the package can reach them; init's constant writes count.
func TestPackageWideWrites(t *testing.T) {
	analysistest.Run(t, modDir(t), cookiesec.NewAnalyzer(), "./storewrites", "./storealias")
}

// TestOverridesBeforeSave: a store's defaults are not reported where every
// session's options are replaced before it is saved, or where the store is
// wrapped into a custom type that replaces them; what replaces them is
// checked instead.
func TestOverridesBeforeSave(t *testing.T) {
	analysistest.Run(t, modDir(t), cookiesec.NewAnalyzer(), "./overridesave", "./overridepartial", "./ginoverride", "./customstore")
}

// TestConditionalValues: an attribute set inside an if is judged on every
// value it can end with, when all are known (SameSite only ever None or
// the default is reported; one Lax or Strict branch is enough).
func TestConditionalValues(t *testing.T) {
	analysistest.Run(t, modDir(t), cookiesec.NewAnalyzer(), "./conditional")
}

// TestCrossPackageHelpers: cookies sent or built by a helper in another
// package of the module are judged at each call with its arguments,
// through the facts the helper's package exports.
func TestCrossPackageHelpers(t *testing.T) {
	analysistest.Run(t, modDir(t), cookiesec.NewAnalyzer(), "./httputil", "./webhandlers", "./tokencookie")
}

// TestSessionsWithoutImport: a package that writes session options it
// got from the application's own packages is analysed though it imports no
// session framework.
func TestSessionsWithoutImport(t *testing.T) {
	analysistest.Run(t, modDir(t), cookiesec.NewAnalyzer(), "./sessionhandlers")
}

// TestTestSupportPackages: a package named like apitest or testutil is
// skipped like a _test.go file.
func TestTestSupportPackages(t *testing.T) {
	analysistest.Run(t, modDir(t), cookiesec.NewAnalyzer(), "./apitest")
}

// TestGorillaVersion: built against gorilla/sessions v1.2.1, a cookie
// store sets neither Secure nor SameSite, and the messages say so.
func TestGorillaVersion(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "gorilla12"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, cookiesec.NewAnalyzer(), "./legacy")
}

// TestGinPositions: a gin SetCookie finding points at the argument it is
// about (or at the SetSameSite value), not at the call.
func TestGinPositions(t *testing.T) {
	results := analysistest.Run(t, modDir(t), cookiesec.NewAnalyzer(), "./gin")
	want := map[string]string{
		`session cookie "session_id" sets Secure to false`:                   "false",
		`session cookie "auth" sets HttpOnly to false`:                       "false",
		`session cookie "remember" has MaxAge 60d`:                           "86400*60",
		`cookie "theme" uses SameSite=None without the secure flag`:          "http.SameSiteNoneMode",
		`session cookie "session_id" is sent without SameSite Lax or Strict`: "SetCookie",
	}
	seen := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for prefix, text := range want {
				if !strings.HasPrefix(d.Message, prefix) {
					continue
				}
				seen++
				if got := rangeText(t, r, d.Pos, d.End); got != text {
					t.Errorf("%q covers %q, want %q", d.Message, got, text)
				}
			}
		}
	}
	if seen != len(want) {
		t.Errorf("checked %d diagnostics, want %d", seen, len(want))
	}
}

// rangeText is the source text a diagnostic covers (the identifier at pos
// when it has no end).
func rangeText(t *testing.T, r *analysistest.Result, pos, end token.Pos) string {
	t.Helper()
	tf := r.Pass.Fset.File(pos)
	src, err := os.ReadFile(tf.Name())
	if err != nil {
		t.Fatal(err)
	}
	start := tf.Offset(pos)
	if !end.IsValid() {
		stop := start
		for stop < len(src) && (src[stop] == '_' || src[stop] >= 'a' && src[stop] <= 'z' || src[stop] >= 'A' && src[stop] <= 'Z' || src[stop] >= '0' && src[stop] <= '9') {
			stop++
		}
		return string(src[start:stop])
	}
	return string(src[start:tf.Offset(end)])
}
