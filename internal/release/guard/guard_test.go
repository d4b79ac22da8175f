package guard

import (
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"
)

func TestRunSkipsFillsIDsAndFails(t *testing.T) {
	ctx := &Context{Version: semver.MustParse("0.5.0"), Tag: "v0.5.0"}
	checks := []Check{
		{ID: "git.a", Run: func(*Context) []Result { return []Result{{Status: Pass, Message: "ok"}} }},
		{ID: "git.b", Run: func(*Context) []Result { t.Error("a skipped check ran"); return nil }},
		{ID: "git.c", Run: func(*Context) []Result { return []Result{{Status: Warn}, {ID: "git.c", Status: Fail}} }},
	}
	r := Run(ctx, checks, map[string]bool{"git.b": true})
	if r.Version != "0.5.0" || r.Tag != "v0.5.0" || r.OK {
		t.Errorf("report header %+v, want not OK", r)
	}
	var got []string
	for _, c := range r.Checks {
		got = append(got, c.ID+"="+string(c.Status))
	}
	if strings.Join(got, " ") != "git.a=pass git.b=skip git.c=warn git.c=fail" {
		t.Errorf("results %v", got)
	}
	if n := r.Counts(); n[Fail] != 1 || n[Warn] != 1 || n[Pass] != 1 || n[Skip] != 1 {
		t.Errorf("Counts() = %v", n)
	}
}

func TestRunWarningsKeepOKAndChecksNeverNil(t *testing.T) {
	r := Run(&Context{}, []Check{{ID: "git.a", Run: func(*Context) []Result { return []Result{{Status: Warn}} }}}, nil)
	if !r.OK {
		t.Error("a warning made the report fail")
	}
	if empty := Run(&Context{}, nil, nil); empty.Checks == nil || !empty.OK {
		t.Errorf("empty run = %+v, want OK with non-nil checks", empty)
	}
}

func TestRunTurnsPanicIntoFailure(t *testing.T) {
	var nilMap map[string]int
	checks := []Check{
		{ID: "env.boom", Run: func(*Context) []Result { nilMap["x"] = 1; return nil }},
		{ID: "git.after", Run: func(*Context) []Result { return []Result{{Status: Pass}} }},
	}
	r := Run(&Context{}, checks, nil)
	if r.OK || len(r.Checks) != 2 || r.Checks[0].Status != Fail || !strings.Contains(r.Checks[0].Message, "internal error in check env.boom") {
		t.Fatalf("report %+v", r)
	}
	if r.Checks[1].Status != Pass {
		t.Errorf("the check after the panic did not run: %+v", r.Checks[1])
	}
}

func TestGlob(t *testing.T) {
	cases := []struct {
		pattern string
		path    []string // MatchPath true
		notPath []string
	}{
		{"*.lock", []string{"yarn.lock", "apps/web/pnpm.lock"}, []string{"lock", "a.locks"}},
		{"dist/", []string{"dist/app.js", "dist/a/b.js", "src/dist/x.js"}, []string{"dist", "distx/a"}},
		{"node_modules", []string{"node_modules/a/b.js", "apps/web/node_modules/x"}, []string{"node_modules_x/a"}},
		{"docs/**", []string{"docs/a.md", "docs/a/b.md"}, []string{"docs", "x/docs/a.md"}},
		{"**/gen/*.go", []string{"gen/a.go", "x/y/gen/a.go"}, []string{"gen/sub/a.go"}},
		{"/VERSION", []string{"VERSION"}, []string{"sub/VERSION"}},
		{"apps/*/package.json", []string{"apps/web/package.json"}, []string{"apps/web/x/package.json"}},
		{"file?.txt", []string{"file1.txt"}, []string{"file10.txt", "file/.txt"}},
		{"[!a]*.md", []string{"b.md"}, []string{"a.md"}},
		{"a+b(c).txt", []string{"a+b(c).txt"}, []string{"aab(c).txt"}},
	}
	for _, c := range cases {
		g, err := CompileGlob(c.pattern)
		if err != nil {
			t.Fatalf("CompileGlob(%q): %v", c.pattern, err)
		}
		for _, p := range c.path {
			if !g.MatchPath(p) {
				t.Errorf("%q should match %q", c.pattern, p)
			}
		}
		for _, p := range c.notPath {
			if g.MatchPath(p) {
				t.Errorf("%q should not match %q", c.pattern, p)
			}
		}
	}
	g, _ := CompileGlob("release/*")
	if !g.MatchName("release/0.5") || g.MatchName("release/0.5/fix") || g.MatchName("release") {
		t.Error("release/* MatchName is wrong")
	}
	for _, bad := range []string{"", "  ", "[abc", "[]", "[!]"} {
		if _, err := CompileGlob(bad); err == nil {
			t.Errorf("CompileGlob(%q) accepted a malformed pattern", bad)
		}
	}
}

func FuzzGlob(f *testing.F) {
	for _, p := range []string{"*.lock", "dist/", "docs/**", "**/a/*.go", "[!a]?", `a\*b`, "/VERSION", "[", "**"} {
		f.Add(p, "docs/a/b.go")
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		g, err := CompileGlob(pattern)
		if err != nil {
			return
		}
		g.MatchPath(name)
		g.MatchName(name)
		// A pattern without metacharacters matches itself.
		if !strings.ContainsAny(pattern, `*?[\`) && !strings.HasPrefix(pattern, "/") && !strings.HasSuffix(pattern, "/") && !g.MatchName(pattern) {
			t.Errorf("literal %q does not match itself", pattern)
		}
	})
}

func TestMemoComputesOnce(t *testing.T) {
	ctx := &Context{}
	calls := 0
	for range 3 {
		if v := ctx.Memo("k", func() any { calls++; return calls }); v != 1 {
			t.Errorf("Memo = %v, want the first value 1", v)
		}
	}
	if v := ctx.Memo("other", func() any { return "x" }); v != "x" || calls != 1 {
		t.Errorf("another key: %v, calls %d", v, calls)
	}
	if v := (&Context{}).Memo("k", func() any { return 2 }); v != 2 {
		t.Errorf("a new context shares the memo: %v", v)
	}
}
