package lint

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// emitsFact marks a function that prints, directly or through the
// functions it calls; Via names the printing function it calls.
type emitsFact struct{ Via string }

func (*emitsFact) AFact()           {}
func (f *emitsFact) String() string { return "emits via " + f.Via }

// emittingPackage marks a package that has a printing function (a marker
// without fields, which cannot be gob-encoded as such).
type emittingPackage struct{}

func (*emittingPackage) AFact() {}

// emitsAnalyzer exports emitsFact for every function that calls println or
// a function with the fact, and reports calls of such functions from
// other packages and imports of packages with emittingPackage.
func emitsAnalyzer() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:      "emits",
		Doc:       "report calls of functions of other packages that print",
		FactTypes: []analysis.Fact{new(emitsFact), new(emittingPackage)},
		Run: func(pass *analysis.Pass) (any, error) {
			// Functions of this package, iterated to a fixed point so that
			// the order of declarations does not matter.
			decls := map[*types.Func]*ast.FuncDecl{}
			for _, f := range pass.Files {
				for _, d := range f.Decls {
					if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
						decls[pass.TypesInfo.Defs[fd.Name].(*types.Func)] = fd
					}
				}
			}
			callee := func(call *ast.CallExpr) types.Object {
				switch fun := call.Fun.(type) {
				case *ast.Ident:
					return pass.TypesInfo.Uses[fun]
				case *ast.SelectorExpr:
					return pass.TypesInfo.Uses[fun.Sel]
				}
				return nil
			}
			for changed := true; changed; {
				changed = false
				for fn, fd := range decls {
					if pass.ImportObjectFact(fn, new(emitsFact)) {
						continue
					}
					ast.Inspect(fd.Body, func(n ast.Node) bool {
						call, ok := n.(*ast.CallExpr)
						if !ok {
							return true
						}
						obj := callee(call)
						var f emitsFact
						switch {
						case obj == nil:
						case obj.Name() == "println" && obj.Pkg() == nil:
							pass.ExportObjectFact(fn, &emitsFact{Via: "println"})
							changed = true
						case pass.ImportObjectFact(obj, &f):
							pass.ExportObjectFact(fn, &emitsFact{Via: obj.Pkg().Path() + "." + obj.Name()})
							changed = true
						}
						return !changed
					})
				}
			}
			for fn := range decls {
				if pass.ImportObjectFact(fn, new(emitsFact)) {
					pass.ExportPackageFact(new(emittingPackage))
					break
				}
			}
			for _, f := range pass.Files {
				for _, imp := range f.Imports {
					if pn, ok := pass.TypesInfo.Implicits[imp].(*types.PkgName); ok && pass.ImportPackageFact(pn.Imported(), new(emittingPackage)) {
						pass.Reportf(imp.Pos(), "imports emitting package %s", pn.Imported().Path())
					} else if imp.Name != nil {
						if pn, ok := pass.TypesInfo.Defs[imp.Name].(*types.PkgName); ok && pass.ImportPackageFact(pn.Imported(), new(emittingPackage)) {
							pass.Reportf(imp.Pos(), "imports emitting package %s", pn.Imported().Path())
						}
					}
				}
				ast.Inspect(f, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok {
						var fact emitsFact
						if obj := callee(call); obj != nil && obj.Pkg() != nil && obj.Pkg() != pass.Pkg && pass.ImportObjectFact(obj, &fact) {
							pass.Reportf(call.Pos(), "call of %s %s", obj.Name(), fact.String())
						}
					}
					return true
				})
			}
			return nil, nil
		},
	}
}

func factsModule(t *testing.T) string {
	return module(t, map[string]string{
		"a/a.go": "package a\n\nfunc Emit() { say() }\n\nfunc say() { println(\"x\") }\n\nfunc Quiet() {}\n",
		"b/b.go": "package b\n\nimport \"example.com/m/a\"\n\nfunc Wrap() { a.Emit() }\n\nfunc Calm() { a.Quiet() }\n",
		"c/c.go": "package c\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/m/b\"\n)\n\nfunc Use() {\n\tb.Wrap()\n\tb.Calm()\n\tfmt.Println()\n}\n",
	})
}

// TestFactsAcrossPackages lints only c: the facts of the module's
// packages it imports (analysed for their facts only, and reporting
// nothing) must reach it; the standard library is not analysed.
func TestFactsAcrossPackages(t *testing.T) {
	dir := factsModule(t)
	opts := Options{Dir: dir, Patterns: []string{"./c"}, Analyzers: []*analysis.Analyzer{emitsAnalyzer()}, CacheDir: t.TempDir()}
	want := "[c.go:6:2: imports emitting package example.com/m/b c.go:10:2: call of Wrap emits via example.com/m/a.Emit]"
	res := lintOnce(t, opts)
	if got := fmt.Sprint(messages(res.diags)); got != want {
		t.Errorf("cold: %s\nwant %s", got, want)
	}
	if res.misses != 3 {
		t.Errorf("cold: %d packages analysed, want 3 (a and b for their facts, c); the standard library must not be", res.misses)
	}

	res = lintOnce(t, opts)
	if got := fmt.Sprint(messages(res.diags)); got != want || res.hits != 3 || res.misses != 0 {
		t.Errorf("warm: %d hits, %d misses, %s", res.hits, res.misses, got)
	}

	// Only c changes: a and b are cache hits whose stored facts must
	// still reach c, analysed again.
	writeFile(t, filepath.Join(dir, "c", "c.go"), "package c\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/m/b\"\n)\n\nfunc Use() {\n\tb.Wrap()\n\tb.Calm()\n\tfmt.Println()\n\tb.Wrap()\n}\n")
	res = lintOnce(t, opts)
	want2 := "[c.go:6:2: imports emitting package example.com/m/b c.go:10:2: call of Wrap emits via example.com/m/a.Emit c.go:13:2: call of Wrap emits via example.com/m/a.Emit]"
	if got := fmt.Sprint(messages(res.diags)); got != want2 || res.hits != 2 || res.misses != 1 {
		t.Errorf("after editing c: %d hits, %d misses, %s\nwant 2 hits, 1 miss, %s", res.hits, res.misses, got, want2)
	}

	// a stops printing: the facts change all the way up.
	writeFile(t, filepath.Join(dir, "a", "a.go"), "package a\n\nfunc Emit() { say() }\n\nfunc say() {}\n\nfunc Quiet() {}\n")
	if res = lintOnce(t, opts); len(res.diags) != 0 {
		t.Errorf("after a stopped printing: %v", messages(res.diags))
	}

	// Linting the whole module reports in b too, once per call.
	writeFile(t, filepath.Join(dir, "a", "a.go"), "package a\n\nfunc Emit() { say() }\n\nfunc say() { println(\"x\") }\n\nfunc Quiet() {}\n")
	opts.Patterns = nil
	res = lintOnce(t, opts)
	var inB []string
	for _, m := range messages(res.diags) {
		if strings.HasPrefix(m, "b.go:") {
			inB = append(inB, m)
		}
	}
	if fmt.Sprint(inB) != "[b.go:3:8: imports emitting package example.com/m/a b.go:5:15: call of Emit emits via example.com/m/a.say]" {
		t.Errorf("./...: diagnostics in b: %v", inB)
	}
}

// TestFactsAreInTheKey changes the facts a cached dependency holds and
// nothing else: its dependents must not be served from the cache.
func TestFactsAreInTheKey(t *testing.T) {
	dir := factsModule(t)
	cache := t.TempDir()
	opts := Options{Dir: dir, Patterns: []string{"./c"}, Analyzers: []*analysis.Analyzer{emitsAnalyzer()}, CacheDir: cache}
	lintOnce(t, opts)

	// Find a's entry (the fact about Emit says it prints via a.say) and
	// drop its facts.
	var changed int
	for _, path := range cacheEntries(t, cache) {
		data, _ := os.ReadFile(path)
		payload, ok := unseal(data)
		if !ok {
			t.Fatalf("bad entry %s", path)
		}
		var e cacheEntry
		if err := json.Unmarshal(payload, &e); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(e.Facts), "example.com/m/a.say") {
			continue
		}
		e.Facts = nil
		payload, _ = json.Marshal(&e)
		writeFile(t, path, string(seal(payload)))
		changed++
	}
	if changed != 1 {
		t.Fatalf("found %d entries with a's facts, want 1", changed)
	}
	res := lintOnce(t, opts)
	if res.hits != 1 || res.misses != 2 || len(res.diags) != 0 {
		t.Errorf("after a's facts changed: %d hits, %d misses, %v; want a from the cache, b and c analysed again with no fact to report", res.hits, res.misses, messages(res.diags))
	}
}

// TestFactsSkipPackagesOutsideTheModule: with a fact-using analyzer only
// the module's packages are analysed, not their standard-library imports.
func TestFactsSkipPackagesOutsideTheModule(t *testing.T) {
	dir := module(t, map[string]string{
		"a.go": "package m\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n)\n\nfunc F() { fmt.Println(); _ = http.ListenAndServe(\"\", nil) }\n",
	})
	res := lintOnce(t, Options{Dir: dir, Analyzers: []*analysis.Analyzer{emitsAnalyzer()}, NoCache: true})
	if res.misses != 1 || len(res.diags) != 0 {
		t.Errorf("%d packages analysed, diagnostics %v; want only the module's package, no report", res.misses, messages(res.diags))
	}
	if !slices.Contains([]int{1}, res.packages) {
		t.Errorf("%d root packages", res.packages)
	}
}

// hiddenFact has content gob cannot see.
type hiddenFact struct{ n int }

func (*hiddenFact) AFact() {}

// TestUnencodableFactIsAnError: a fact whose content would be lost on the
// way to another package is reported, not silently emptied.
func TestUnencodableFactIsAnError(t *testing.T) {
	dir := module(t, map[string]string{"a.go": "package m\n\nfunc F() {}\n"})
	a := &analysis.Analyzer{
		Name:      "hidden",
		Doc:       "export a fact gob cannot encode",
		FactTypes: []analysis.Fact{new(hiddenFact)},
		Run: func(pass *analysis.Pass) (any, error) {
			pass.ExportObjectFact(pass.Pkg.Scope().Lookup("F"), &hiddenFact{n: 1})
			return nil, nil
		},
	}
	_, err := Run(Options{Dir: dir, Analyzers: []*analysis.Analyzer{a}, NoCache: true})
	if err == nil || !strings.Contains(err.Error(), "cannot encode fact *lint.hiddenFact about func example.com/m.F()") {
		t.Errorf("err = %v, want the fact that cannot be encoded named", err)
	}
}
