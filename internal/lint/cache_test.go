package lint

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
)

// lintOnce runs the driver with a private cache directory and returns the
// result; it fails the test on a load error.
func lintOnce(t *testing.T, opts Options) *result {
	t.Helper()
	res, err := run(opts)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if res.errs != nil {
		t.Fatalf("run reported errors: %v", res.errs)
	}
	return res
}

func messages(diags []Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s", filepath.Base(d.File), d.Line, d.Column, d.Message))
	}
	return out
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cacheEntries lists the result entries in a cache directory.
func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	out, err := filepath.Glob(filepath.Join(dir, "*-r"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestCacheHitReplaysResults(t *testing.T) {
	dir := fixture(t, "basic")
	cache := t.TempDir()
	var warn1, warn2 bytes.Buffer
	opts := Options{Dir: dir, Tests: true, Analyzers: testAnalyzers(), CacheDir: cache, Warnings: &warn1}
	first := lintOnce(t, opts)
	if first.hits != 0 || first.misses == 0 {
		t.Fatalf("cold run: %d hits, %d misses; want only misses", first.hits, first.misses)
	}
	opts.Warnings = &warn2
	second := lintOnce(t, opts)
	if second.misses != 0 || second.hits != first.misses {
		t.Errorf("warm run: %d hits, %d misses; want %d hits and no package analysed", second.hits, second.misses, first.misses)
	}
	if fmt.Sprint(second.diags) != fmt.Sprint(first.diags) {
		t.Errorf("replayed diagnostics differ:\n%v\nwant:\n%v", second.diags, first.diags)
	}
	if !slices.ContainsFunc(second.diags, func(d Diagnostic) bool { return len(d.Fixes) > 0 && len(d.Fixes[0].Edits) > 0 }) {
		t.Errorf("replayed diagnostics lost their fixes: %v", second.diags)
	}
	if warn1.String() == "" || warn2.String() != warn1.String() {
		t.Errorf("malformed-directive warnings: cold %q, warm %q; want the same, non-empty", warn1.String(), warn2.String())
	}

	// NoCache analyses everything again.
	opts.NoCache = true
	third := lintOnce(t, opts)
	if third.hits != 0 || third.misses != first.misses || fmt.Sprint(third.diags) != fmt.Sprint(first.diags) {
		t.Errorf("NoCache: %d hits, %d misses, diagnostics %v", third.hits, third.misses, third.diags)
	}
}

func TestNoCacheFlagAndEnv(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{"a.go": "package m\n\nvar TODOa = 1\n"})
	cache := t.TempDir()
	t.Setenv(cacheEnv, cache)
	if code, _, _ := runMain(t, "-C", dir, "--no-cache"); code != ExitDiagnostics {
		t.Fatalf("exit code %d", code)
	}
	if e := cacheEntries(t, cache); len(e) != 0 {
		t.Errorf("--no-cache wrote %d cache entries", len(e))
	}
	if code, _, _ := runMain(t, "-C", dir); code != ExitDiagnostics || len(cacheEntries(t, cache)) == 0 {
		t.Errorf("RELGUARD_CACHE=%s: exit code %d, entries %v", cache, code, cacheEntries(t, cache))
	}
	t.Setenv(cacheEnv, "off")
	if _, err := DefaultCacheDir(); err != nil {
		t.Error(err)
	}
	if d, _ := DefaultCacheDir(); d != "" {
		t.Errorf("RELGUARD_CACHE=off: dir %q, want none", d)
	}
	t.Setenv(cacheEnv, "relative/dir")
	code, _, stderr := runMain(t, "-C", dir)
	if code != ExitError || !strings.Contains(stderr, "RELGUARD_CACHE=\"relative/dir\" is not an absolute path") {
		t.Errorf("relative RELGUARD_CACHE: code %d, stderr %q", code, stderr)
	}
}

// resultTypeAnalyzer reports every call of a function from another package
// of the module with the function's result type, so its output depends on
// the dependency's API.
func resultTypeAnalyzer() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "resulttype",
		Doc:  "report the result type of calls into other packages",
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					sel, ok := call.Fun.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func)
					if ok && fn.Pkg() != pass.Pkg {
						pass.Reportf(call.Pos(), "%s returns %s", fn.Name(), fn.Signature().Results())
					}
					return true
				})
			}
			return nil, nil
		},
	}
}

// TestCacheDependencyAPIChange edits a dependency's API: the dependent
// must be analysed again, against the new API. Editing a package that the
// dependent does not import must leave its result cached.
func TestCacheDependencyAPIChange(t *testing.T) {
	dir := module(t, map[string]string{
		"dep/dep.go":     "package dep\n\nfunc F() int { return 1 }\n",
		"use/use.go":     "package use\n\nimport \"example.com/m/dep\"\n\nvar V = dep.F()\n",
		"other/other.go": "package other\n\nfunc G() int { return 1 }\n",
	})
	opts := Options{Dir: dir, Analyzers: []*analysis.Analyzer{resultTypeAnalyzer()}, CacheDir: t.TempDir()}
	if res := lintOnce(t, opts); fmt.Sprint(messages(res.diags)) != "[use.go:5:9: F returns (int)]" || res.misses != 3 {
		t.Fatalf("cold: %d misses, %v", res.misses, messages(res.diags))
	}
	writeFile(t, filepath.Join(dir, "other", "other.go"), "package other\n\nfunc G() string { return \"1\" }\n")
	if res := lintOnce(t, opts); res.misses != 1 || res.hits != 2 {
		t.Errorf("after editing a package nobody imports: %d hits, %d misses; want only that package analysed", res.hits, res.misses)
	}
	writeFile(t, filepath.Join(dir, "dep", "dep.go"), "package dep\n\nfunc F() string { return \"1\" }\n")
	res := lintOnce(t, opts)
	if res.misses != 2 || res.hits != 1 || fmt.Sprint(messages(res.diags)) != "[use.go:5:9: F returns (string)]" {
		t.Errorf("after an API change of dep: %d hits, %d misses, %v; want dep and use analysed again, F returns (string)", res.hits, res.misses, messages(res.diags))
	}
	// Only the dependent is linted: dep's API still reaches it.
	writeFile(t, filepath.Join(dir, "dep", "dep.go"), "package dep\n\nfunc F() []byte { return nil }\n")
	opts.Patterns = []string{"./use"}
	if res := lintOnce(t, opts); res.misses != 1 || fmt.Sprint(messages(res.diags)) != "[use.go:5:9: F returns ([]byte)]" {
		t.Errorf("./use after another API change of dep: %d misses, %v", res.misses, messages(res.diags))
	}
}

func TestCacheAnalyzerFlagChange(t *testing.T) {
	dir := module(t, map[string]string{"a.go": "package m\n\nvar TODOa, XXXb = 1, 2\n"})
	cache := t.TempDir()
	withPrefix := func(prefix string) *result {
		a := prefixAnalyzer("todo", "TODO")
		if err := a.Flags.Set("prefix", prefix); err != nil {
			t.Fatal(err)
		}
		return lintOnce(t, Options{Dir: dir, Analyzers: []*analysis.Analyzer{a}, CacheDir: cache})
	}
	if res := withPrefix("TODO"); fmt.Sprint(messages(res.diags)) != "[a.go:3:5: identifier TODOa starts with TODO]" {
		t.Fatalf("prefix TODO: %v", messages(res.diags))
	}
	res := withPrefix("XXX")
	if res.hits != 0 || fmt.Sprint(messages(res.diags)) != "[a.go:3:12: identifier XXXb starts with XXX]" {
		t.Errorf("prefix XXX after TODO: %d hits, %v; want a miss reporting XXXb", res.hits, messages(res.diags))
	}
	if res := withPrefix("TODO"); res.hits != 1 || fmt.Sprint(messages(res.diags)) != "[a.go:3:5: identifier TODOa starts with TODO]" {
		t.Errorf("prefix TODO again: %d hits, %v", res.hits, messages(res.diags))
	}
	// The set of analyzers is part of the key too.
	res = lintOnce(t, Options{Dir: dir, Analyzers: testAnalyzers(), CacheDir: cache})
	if res.hits != 0 {
		t.Errorf("another analyzer set reused a result: %d hits", res.hits)
	}
}

// TestCacheOverlay is the pre-commit situation: the overlay (the staged
// content) and the disk (with an unstaged edit) differ, and each run must
// see its own content, whatever the cache holds from the other.
func TestCacheOverlay(t *testing.T) {
	dir := module(t, map[string]string{"a.go": "package m\n\nvar TODOdisk = 1\n"})
	path := filepath.Join(dir, "a.go")
	staged := map[string][]byte{path: []byte("package m\n\nvar TODOstaged = 1\n")}
	cache := t.TempDir()
	withOverlay := Options{Dir: dir, Overlay: staged, Analyzers: []*analysis.Analyzer{prefixAnalyzer("todo", "TODO")}, CacheDir: cache}
	onDisk := withOverlay
	onDisk.Overlay = nil
	want := map[bool]string{true: "[a.go:3:5: identifier TODOstaged starts with TODO]", false: "[a.go:3:5: identifier TODOdisk starts with TODO]"}
	for i, overlay := range []bool{true, false, true, false} {
		opts := onDisk
		if overlay {
			opts = withOverlay
		}
		res := lintOnce(t, opts)
		if got := fmt.Sprint(messages(res.diags)); got != want[overlay] {
			t.Errorf("run %d (overlay %v): %s, want %s", i+1, overlay, got, want[overlay])
		}
		if wantHit := i >= 2; (res.hits == 1) != wantHit {
			t.Errorf("run %d (overlay %v): %d hits, want a hit: %v", i+1, overlay, res.hits, wantHit)
		}
	}
}

func TestCacheCorruptEntryIsAMiss(t *testing.T) {
	dir := fixture(t, "basic")
	cache := t.TempDir()
	opts := Options{Dir: dir, Tests: true, Analyzers: testAnalyzers(), CacheDir: cache}
	first := lintOnce(t, opts)
	entries := cacheEntries(t, cache)
	if len(entries) == 0 {
		t.Fatal("no cache entries written")
	}
	for i, e := range entries {
		data, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		switch i % 4 {
		case 0:
			data = data[:len(data)/2] // torn write
		case 1:
			data[len(data)-2] ^= 0xff // flipped bits
		case 2:
			data = []byte("garbage")
		case 3:
			data = nil
		}
		writeFile(t, e, string(data))
	}
	second := lintOnce(t, opts)
	if second.hits != 0 || second.misses != first.misses || fmt.Sprint(second.diags) != fmt.Sprint(first.diags) {
		t.Errorf("with corrupt entries: %d hits, %d misses, diagnostics %v; want all misses and the same diagnostics", second.hits, second.misses, messages(second.diags))
	}
	if third := lintOnce(t, opts); third.misses != 0 {
		t.Errorf("the corrupt entries were not replaced: %d misses", third.misses)
	}
}

func TestCacheTrim(t *testing.T) {
	cache := t.TempDir()
	old := module(t, map[string]string{"a.go": "package m\n\nvar TODOold = 1\n"})
	lintOnce(t, Options{Dir: old, Analyzers: testAnalyzers(), CacheDir: cache})
	stale := cacheEntries(t, cache)
	if len(stale) == 0 {
		t.Fatal("no entries")
	}
	eightDays := time.Now().Add(-8 * 24 * time.Hour)
	for _, e := range stale {
		if err := os.Chtimes(e, eightDays, eightDays); err != nil {
			t.Fatal(err)
		}
	}
	// Trimming runs at most once a day.
	fresh := module(t, map[string]string{"a.go": "package m\n\nvar TODOfresh = 1\n"})
	lintOnce(t, Options{Dir: fresh, Analyzers: testAnalyzers(), CacheDir: cache})
	if e := cacheEntries(t, cache); !slices.Contains(e, stale[0]) {
		t.Fatalf("trimmed again within a day of the last trim")
	}
	// A leftover temporary file is ours; a file someone else put there is not.
	for _, name := range []string{".tmp-123", "notes.txt"} {
		p := filepath.Join(cache, name)
		writeFile(t, p, "x")
		if err := os.Chtimes(p, eightDays, eightDays); err != nil {
			t.Fatal(err)
		}
	}
	yesterday := time.Now().Add(-25 * time.Hour)
	writeFile(t, filepath.Join(cache, "trim.txt"), fmt.Sprintf("%d\n", yesterday.Unix()))
	lintOnce(t, Options{Dir: fresh, Analyzers: testAnalyzers(), CacheDir: cache})
	left := cacheEntries(t, cache)
	for _, e := range stale {
		if slices.Contains(left, e) {
			t.Errorf("entry unused for 8 days survived the trim: %s", e)
		}
	}
	if len(left) == 0 {
		t.Errorf("the trim removed the entries in use")
	}
	for name, want := range map[string]bool{".tmp-123": false, "notes.txt": true, "README": true, "trim.txt": true} {
		if _, err := os.Stat(filepath.Join(cache, name)); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", name, err == nil, want)
		}
	}
}

// TestCacheConcurrentProcesses runs relguard lint in two processes at
// once on one cache: every entry must stay whole, and a later run must
// reuse them all with the same output.
func TestCacheConcurrentProcesses(t *testing.T) {
	if os.Getenv("RELGUARD_LINT_CHILD") != "" {
		t.Skip("child process")
	}
	mod := fixture(t, "basic")
	for i := 0; i < 5; i++ {
		dir := filepath.Join(mod, fmt.Sprintf("p%d", i))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "p.go"), fmt.Sprintf("package p%d\n\nvar TODOp%d = %d\n", i, i, i))
	}
	cache := t.TempDir()
	var wg sync.WaitGroup
	outputs := make([]string, 2)
	for i := range outputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestLintChildProcess$")
			cmd.Env = append(os.Environ(), "RELGUARD_LINT_CHILD="+mod, cacheEnv+"="+cache)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("process %d: %v\n%s", i, err, out)
			}
			outputs[i] = string(out)
		}()
	}
	wg.Wait()
	entries := cacheEntries(t, cache)
	for _, e := range entries {
		data, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := unseal(data); !ok {
			t.Errorf("corrupt entry after concurrent runs: %s", e)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(cache, ".tmp-*")); len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
	res := lintOnce(t, Options{Dir: mod, Tests: true, Analyzers: []*analysis.Analyzer{prefixAnalyzer("todo", "TODO")}, CacheDir: cache})
	if res.misses != 0 || res.hits != res.packages {
		t.Errorf("after the concurrent runs: %d hits, %d misses; want every package from the cache", res.hits, res.misses)
	}
	if !strings.Contains(outputs[0], "TODOp4") || outputs[0] != outputs[1] {
		t.Errorf("the two processes printed different results:\n%s\n---\n%s", outputs[0], outputs[1])
	}
}

// TestLintChildProcess is the child of TestCacheConcurrentProcesses.
func TestLintChildProcess(t *testing.T) {
	dir := os.Getenv("RELGUARD_LINT_CHILD")
	if dir == "" {
		t.Skip("only run as a child process")
	}
	useTestAnalyzers(t)
	for i := 0; i < 3; i++ {
		code, stdout, stderr := runMain(t, "-C", dir, "--analyzers", "todo")
		if code != ExitDiagnostics {
			t.Fatalf("code %d, stderr %s", code, stderr)
		}
		if i == 0 {
			fmt.Print(stdout)
		}
	}
}

// TestTestVariants: an external test that uses what an internal test file
// exports (export_test.go) imports the test variant of its package, and a
// package recompiled against it; neither has export data, so both are
// type-checked from source, and their content keys the external test's
// cache entry.
func TestTestVariants(t *testing.T) {
	dir := module(t, map[string]string{
		"p/p.go":           "package p\n\nfunc Exported() int { return internal() }\n\nfunc internal() int { return 1 }\n",
		"p/export_test.go": "package p\n\nvar TODOHook = internal\n",
		"p/x_test.go":      "package p_test\n\nimport (\n\t\"example.com/m/p\"\n\t\"example.com/m/q\"\n)\n\nvar TODOUse = p.TODOHook() + q.Q()\n",
		"q/q.go":           "package q\n\nimport \"example.com/m/p\"\n\nfunc Q() int { return p.Exported() }\n",
	})
	opts := Options{Dir: dir, Patterns: []string{"./p"}, Tests: true, Analyzers: []*analysis.Analyzer{prefixAnalyzer("todo", "TODO")}, CacheDir: t.TempDir()}
	want := "[export_test.go:3:5: identifier TODOHook starts with TODO x_test.go:8:5: identifier TODOUse starts with TODO]"
	res := lintOnce(t, opts)
	if got := fmt.Sprint(messages(res.diags)); got != want || res.misses != 2 {
		t.Fatalf("cold: %d misses, %s\nwant 2, %s", res.misses, got, want)
	}
	if res := lintOnce(t, opts); res.hits != 2 {
		t.Errorf("warm: %d hits", res.hits)
	}
	// The hook changes type in the test file only: the external test,
	// which sees it through the variant, must be analysed again.
	writeFile(t, filepath.Join(dir, "p", "export_test.go"), "package p\n\nvar TODOHook = func() string { return \"\" }\n")
	if _, err := Run(opts); err == nil {
		t.Errorf("TODOHook() + q.Q() mixes string and int, but no type error was reported")
	}
	writeFile(t, filepath.Join(dir, "p", "export_test.go"), "package p\n\nvar TODOHook = internal\n\nvar TODOMore = 2\n")
	if res := lintOnce(t, opts); res.misses != 2 || len(res.diags) != 3 {
		t.Errorf("after editing export_test.go: %d misses, %v; want both test packages analysed again", res.misses, messages(res.diags))
	}
	// q is recompiled against the variant: editing it re-analyses the
	// external test too.
	writeFile(t, filepath.Join(dir, "q", "q.go"), "package q\n\nimport \"example.com/m/p\"\n\nfunc Q() string { return \"\" }\n\nvar _ = p.Exported\n")
	if _, err := Run(opts); err == nil {
		t.Errorf("after q.Q changed to string, the external test must not type-check")
	}
}

// TestTestImportsGuess: the packages only tests import are guessed from
// the previous run; a wrong guess (a new test import, one that no longer
// exists) must change nothing but the time taken.
func TestTestImportsGuess(t *testing.T) {
	dir := module(t, map[string]string{
		"a.go":        "package m\n\nvar TODOa = 1\n",
		"gone/g.go":   "package gone\n\nvar G = 1\n",
		"a_test.go":   "package m\n\nimport \"example.com/m/gone\"\n\nvar _ = gone.G\n",
		"x/x.go":      "package x\n",
		"x/x_test.go": "package x\n\nimport \"strings\"\n\nvar TODOx = strings.ToUpper(\"x\")\n",
	})
	opts := Options{Dir: dir, Tests: true, Analyzers: []*analysis.Analyzer{prefixAnalyzer("todo", "TODO")}, CacheDir: t.TempDir()}
	want := "[a.go:3:5: identifier TODOa starts with TODO x_test.go:5:5: identifier TODOx starts with TODO]"
	for i := 0; i < 2; i++ {
		if res := lintOnce(t, opts); fmt.Sprint(messages(res.diags)) != want {
			t.Fatalf("run %d: %v", i+1, messages(res.diags))
		}
	}
	// The guess now lacks net/http/httptest and holds a package that is gone.
	if err := os.RemoveAll(filepath.Join(dir, "gone")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "a_test.go"), "package m\n\nimport \"net/http/httptest\"\n\nvar TODOrec = httptest.NewRecorder()\n")
	res := lintOnce(t, opts)
	want = "[a.go:3:5: identifier TODOa starts with TODO a_test.go:5:5: identifier TODOrec starts with TODO x_test.go:5:5: identifier TODOx starts with TODO]"
	if got := fmt.Sprint(messages(res.diags)); got != want {
		t.Errorf("after the test imports changed: %s\nwant %s", got, want)
	}
}

func TestScanTestImports(t *testing.T) {
	dir := module(t, map[string]string{
		"a_test.go":            "package m\n\nimport (\n\t\"net/http/httptest\"\n\t_ \"example.com/m/x\"\n)\n",
		"x/x_test.go":          "package x_test\n\nimport \"strings\"\n",
		"x/x.go":               "package x\n\nimport \"os\"\n",
		"x/testdata/t_test.go": "package t\n\nimport \"skipped/testdata\"\n",
		"_skip/s_test.go":      "package s\n\nimport \"skipped/underscore\"\n",
		"nested/go.mod":        "module example.com/nested\n",
		"nested/n_test.go":     "package n\n\nimport \"skipped/nested\"\n",
		"broken_test.go":       "package m\n\nimport (\n",
	})
	got := fmt.Sprint(scanTestImports(dir, []string{"./..."}))
	if want := "[example.com/m/x net/http/httptest strings testing]"; got != want {
		t.Errorf("./...: %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(scanTestImports(dir, []string{"./x", "example.com/other/..."})), "[strings testing]"; got != want {
		t.Errorf("./x: %s, want %s", got, want)
	}
}

func TestToolIDIsTheGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if got, want := goBuildID(exe), strings.TrimSpace(string(out)); got != want {
		t.Errorf("goBuildID = %q, want %q", got, want)
	}
	c, err := openCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if id, err := c.toolID(); err != nil || id != "go-build-id "+strings.TrimSpace(string(out)) {
		t.Errorf("toolID = %q, %v", id, err)
	}
	// Without a build ID, the executable's content is hashed.
	plain := filepath.Join(t.TempDir(), "plain")
	writeFile(t, plain, "no build id here")
	if id := goBuildID(plain); id != "" {
		t.Errorf("goBuildID of a file without one = %q", id)
	}
	first, err := c.executableID(plain)
	if err != nil || len(first) != 64 {
		t.Fatalf("executableID = %q, %v; want a SHA-256", first, err)
	}
	if again, _ := c.executableID(plain); again != first {
		t.Errorf("the remembered hash %q differs from %q", again, first)
	}
	writeFile(t, plain, "another content")
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(plain, future, future); err != nil {
		t.Fatal(err)
	}
	if changed, _ := c.executableID(plain); changed == first {
		t.Errorf("a changed executable kept its identity")
	}
}
