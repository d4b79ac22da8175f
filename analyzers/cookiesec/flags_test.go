package cookiesec_test

import (
	"strings"
	"testing"

	"github.com/relguard/relguard/analyzers"
	"github.com/relguard/relguard/analyzers/cookiesec"
)

func TestMaxAgeFlag(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{in: "30d", want: "30d"},
		{in: "720h", want: "30d"},
		{in: "90m", want: "1h30m0s"},
		{in: "1d", want: "1d"},
		{in: "0d", err: "positive number of days"},
		{in: "-3d", err: "positive number of days"},
		{in: "xd", err: "positive number of days"},
		{in: "0s", err: "positive Go duration"},
		{in: "-1h", err: "positive Go duration"},
		{in: "forever", err: "positive Go duration"},
		{in: "", err: "positive Go duration"},
	} {
		a := cookiesec.NewAnalyzer()
		f := a.Flags.Lookup("max-age")
		err := f.Value.Set(tc.in)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("Set(%q) error = %v, want one containing %q", tc.in, err, tc.err)
		case tc.err == "" && err != nil:
			t.Errorf("Set(%q): %v", tc.in, err)
		case tc.err == "" && f.Value.String() != tc.want:
			t.Errorf("Set(%q) = %s, want %s", tc.in, f.Value.String(), tc.want)
		}
	}
}

func TestSessionNamesFlag(t *testing.T) {
	a := cookiesec.NewAnalyzer()
	f := a.Flags.Lookup("session-names")
	if !strings.Contains(f.Value.String(), "sess") {
		t.Errorf("default session-names = %q, want the built-in pattern", f.Value.String())
	}
	if err := f.Value.Set("(unclosed"); err == nil || !strings.Contains(err.Error(), "not a valid regular expression") {
		t.Errorf("Set(bad regexp) error = %v", err)
	}
	if err := f.Value.Set("  "); err == nil {
		t.Error("Set(blank) succeeded, want an error")
	}
	if err := f.Value.Set("^app_"); err != nil || f.Value.String() != "^app_" {
		t.Errorf("Set(^app_) = %q, %v", f.Value.String(), err)
	}
}

// Each analyzer owns its flags: configuring one leaves the others and the
// package-level Analyzer alone.
func TestInstancesAreIndependent(t *testing.T) {
	a, b := cookiesec.NewAnalyzer(), cookiesec.NewAnalyzer()
	if err := a.Flags.Set("max-age", "2d"); err != nil {
		t.Fatal(err)
	}
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	if got := b.Flags.Lookup("max-age").Value.String(); got != "30d" {
		t.Errorf("second analyzer max-age = %s, want 30d", got)
	}
	if got := cookiesec.Analyzer.Flags.Lookup("strict").Value.String(); got != "false" {
		t.Errorf("package Analyzer strict = %s, want false", got)
	}
	if a.Name != "cookiesec" || !strings.HasPrefix(a.Doc, "report insecure cookies and session cookie settings\n\n") {
		t.Errorf("Name/Doc = %q / %q", a.Name, a.Doc)
	}
}

func TestConfigure(t *testing.T) {
	all, err := analyzers.Configure(map[string]any{
		"cookiesec.max-age":       "14d",
		"cookiesec.strict":        true,
		"cookiesec.session-names": "^sess",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.Name != "cookiesec" {
			continue
		}
		for flag, want := range map[string]string{"max-age": "14d", "strict": "true", "session-names": "^sess"} {
			if got := a.Flags.Lookup(flag).Value.String(); got != want {
				t.Errorf("%s = %s, want %s", flag, got, want)
			}
		}
	}
	if _, err := analyzers.Configure(map[string]any{"cookiesec.max-age": "soon"}); err == nil || !strings.Contains(err.Error(), "cookiesec.max-age") {
		t.Errorf("Configure(bad max-age) error = %v, want one naming the key", err)
	}
}
