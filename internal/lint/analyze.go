package lint

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/gcexportdata"

	"github.com/relguard/relguard/internal/regularfile"
)

// plan is the analyzers of one run, ordered for execution.
type plan struct {
	requested []*analysis.Analyzer
	order     []*analysis.Analyzer // requested and their prerequisites, prerequisites first
	// factOrder is the part of order a package analysed only for its
	// facts needs: the analyzers that declare facts, and their
	// prerequisites.
	factOrder []*analysis.Analyzer
	factTypes map[string]reflect.Type // factTypeName -> type

	fingerprint, factFingerprint string
}

func newPlan(as []*analysis.Analyzer) (*plan, error) {
	if err := analysis.Validate(as); err != nil {
		return nil, err
	}
	p := &plan{requested: as, factTypes: map[string]reflect.Type{}}
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		p.order = append(p.order, a)
	}
	for _, a := range as {
		visit(a)
	}
	needed := map[*analysis.Analyzer]bool{}
	var need func(a *analysis.Analyzer)
	need = func(a *analysis.Analyzer) {
		if !needed[a] {
			needed[a] = true
			for _, r := range a.Requires {
				need(r)
			}
		}
	}
	for _, a := range p.order {
		if len(a.FactTypes) > 0 {
			need(a)
		}
		for _, f := range a.FactTypes {
			t := reflect.TypeOf(f)
			name := factTypeName(t)
			if old, dup := p.factTypes[name]; dup && old != t {
				return nil, fmt.Errorf("two fact types are both named %s", name)
			}
			p.factTypes[name] = t
		}
	}
	for _, a := range p.order {
		if needed[a] {
			p.factOrder = append(p.factOrder, a)
		}
	}
	p.fingerprint = fingerprint(p.order, as)
	p.factFingerprint = fingerprint(p.factOrder, nil)
	return p, nil
}

func (p *plan) usesFacts() bool { return len(p.factOrder) > 0 }

// fingerprint describes analyzers for the cache key: their names, flag
// values, prerequisites and fact types. (Their code is covered by the
// hash of the relguard binary.)
func fingerprint(order, requested []*analysis.Analyzer) string {
	var b strings.Builder
	for _, a := range order {
		fmt.Fprintf(&b, "analyzer %q doc=%d", a.Name, len(a.Doc))
		if slices.Contains(requested, a) {
			b.WriteString(" requested")
		}
		for _, r := range a.Requires {
			fmt.Fprintf(&b, " requires=%q", r.Name)
		}
		for _, f := range a.FactTypes {
			fmt.Fprintf(&b, " fact=%q", factTypeName(reflect.TypeOf(f)))
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			fmt.Fprintf(&b, " -%s=%q", f.Name, f.Value.String())
		})
		b.WriteByte('\n')
	}
	return b.String()
}

// checked is a package parsed and type-checked from source.
type checked struct {
	fset  *token.FileSet
	files []*ast.File
	pkg   *types.Package
	info  *types.Info
	sizes types.Sizes
}

// typeCheck parses u's files (src holds their content) and type-checks
// them; importDep provides the imported packages (from the compiler's
// export data, or type-checked from source for test variants).
//
// With declsOnly, function bodies are skipped and no types.Info is kept:
// enough for a package that is only imported, at a fraction of the cost.
func typeCheck(u *unit, src map[string][]byte, goarch string, fset *token.FileSet, declsOnly bool, importDep func(*unit) (*types.Package, error)) (*checked, []error) {
	c := &checked{fset: fset}
	var errs []error
	for _, name := range u.compiled {
		f, err := parser.ParseFile(c.fset, name, src[name], parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			errs = append(errs, err)
		}
		if f != nil {
			c.files = append(c.files, f)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	importer := importerFunc(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		dep := u.imports[path]
		if dep == nil {
			return nil, fmt.Errorf("package %s does not import %q according to go list", u.id, path)
		}
		return importDep(dep)
	})
	c.sizes = types.SizesFor("gc", goarch)
	if c.sizes == nil {
		c.sizes = types.SizesFor("gc", "amd64")
	}
	tc := &types.Config{
		Importer:         importer,
		Sizes:            c.sizes,
		IgnoreFuncBodies: declsOnly,
		Error:            func(err error) { errs = append(errs, err) },
	}
	if m := u.lp.Module; m != nil && m.GoVersion != "" {
		tc.GoVersion = "go" + m.GoVersion
	}
	c.info = &types.Info{}
	if !declsOnly {
		// Sized from the source (bytes per entry measured on relguard and
		// gin), so that the maps do not grow step by step: growing them
		// was a tenth of the cost of type-checking.
		n := 0
		for _, name := range u.compiled {
			n += len(src[name])
		}
		c.info = &types.Info{
			Types:        make(map[ast.Expr]types.TypeAndValue, n/11),
			Defs:         make(map[*ast.Ident]types.Object, n/85),
			Uses:         make(map[*ast.Ident]types.Object, n/17),
			Implicits:    make(map[ast.Node]types.Object, n/480),
			Instances:    map[*ast.Ident]types.Instance{},
			Scopes:       make(map[ast.Node]*types.Scope, n/95),
			Selections:   make(map[*ast.SelectorExpr]*types.Selection, n/104),
			FileVersions: make(map[*ast.File]string, len(c.files)),
		}
	}
	pkg, err := tc.Check(u.pkgPath, c.fset, c.files, c.info)
	if err != nil && len(errs) == 0 {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	c.pkg = pkg
	return c, nil
}

// exportLoader decodes export data for the whole run, sharing the result
// between every package type-checked from source, as go/packages does.
//
// Every package of the build graph gets one types.Package up front. The
// export data of a package is decoded only when a package being
// type-checked imports it, into a view holding the shared packages of its
// whole dependency closure, so that the objects it mentions from other
// packages are added to (or found in) those shared packages: every
// package has one identity in the run, whichever export data mentioned it
// first. Decoding is serialized.
type exportLoader struct {
	fset *token.FileSet

	mu   sync.Mutex
	pkgs map[*unit]*types.Package
	errs map[*unit]error
}

func newExportLoader() *exportLoader {
	return &exportLoader{fset: token.NewFileSet(), pkgs: map[*unit]*types.Package{}, errs: map[*unit]error{}}
}

// shell returns the shared package for u; the caller holds l.mu.
func (l *exportLoader) shell(u *unit) *types.Package {
	if u.pkgPath == "unsafe" {
		return types.Unsafe
	}
	p := l.pkgs[u]
	if p == nil {
		p = types.NewPackage(u.pkgPath, u.lp.Name)
		l.pkgs[u] = p
	}
	return p
}

func (l *exportLoader) load(u *unit) (*types.Package, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.shell(u)
	if p.Complete() {
		return p, nil
	}
	if err := l.errs[u]; err != nil {
		return nil, err
	}
	view := map[string]*types.Package{u.pkgPath: p}
	l.closure(view, u)
	got, err := readExportData(l.fset, view, u)
	if err == nil && got != p {
		err = fmt.Errorf("internal error: decoding %s made a second package", u.id)
	}
	if err != nil {
		l.errs[u] = err
		return nil, err
	}
	return p, nil
}

// closure adds the shared packages u imports, directly or not, to view;
// the caller holds l.mu.
func (l *exportLoader) closure(view map[string]*types.Package, u *unit) {
	for _, d := range u.deps {
		if _, seen := view[d.pkgPath]; seen {
			continue
		}
		view[d.pkgPath] = l.shell(d)
		l.closure(view, d)
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func readExportData(fset *token.FileSet, view map[string]*types.Package, dep *unit) (*types.Package, error) {
	if dep.lp.Export == "" {
		return nil, fmt.Errorf("no export data for %s", dep.id)
	}
	f, err := os.Open(dep.lp.Export)
	if err != nil {
		return nil, fmt.Errorf("cannot read the export data of %s: %v", dep.id, regularfile.Cause(err))
	}
	defer f.Close()
	// go list -export names the compiler's archive in the build cache;
	// NewReader is what finds the export data inside an archive.
	r, err := gcexportdata.NewReader(bufio.NewReader(f)) //nolint:staticcheck // SA1019: go list -export still yields archives in Go 1.26

	if err != nil {
		return nil, fmt.Errorf("cannot read the export data of %s: %v", dep.id, err)
	}
	return gcexportdata.Read(r, fset, view, dep.pkgPath)
}

// outcome is what analysing one package produced.
type outcome struct {
	diags    []Diagnostic
	warnings []warning
	facts    []byte
	failures []string // analyzers that failed: "pkg: analyzer NAME failed: why"
}

// runAnalyzers applies the plan's analyzers to a checked package; facts
// holds what its dependencies exported. When keep is false the package is
// analysed only for the facts it exports, and reports nothing.
func runAnalyzers(u *unit, c *checked, p *plan, facts *factStore, readFile func(string) ([]byte, error), keep bool) outcome {
	order := p.order
	if !keep {
		order = p.factOrder
	}
	var out outcome
	results := map[*analysis.Analyzer]any{}
	failed := map[*analysis.Analyzer]bool{}
	var module *analysis.Module
	if m := u.lp.Module; m != nil {
		module = &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
	}
	// Pass.ReadFile may read only the package's own files: they are all
	// in the cache key, so a cached result never depends on anything else.
	readable := map[string]bool{}
	for _, list := range [][]string{u.compiled, u.goFiles, u.other, u.ignored} {
		for _, f := range list {
			readable[f] = true
		}
	}
	type reported struct {
		analyzer string
		d        analysis.Diagnostic
	}
	var reports []reported
	for _, a := range order {
		var missing []string
		inputs := map[*analysis.Analyzer]any{}
		for _, r := range a.Requires {
			if failed[r] {
				missing = append(missing, r.Name)
			}
			inputs[r] = results[r]
		}
		if len(missing) > 0 {
			failed[a] = true
			out.failures = append(out.failures, fmt.Sprintf("%s: analyzer %s failed: failed prerequisites: %s", u.pkgPath, a.Name, strings.Join(missing, ", ")))
			continue
		}
		var diags []analysis.Diagnostic
		pass := &analysis.Pass{
			Analyzer:     a,
			Fset:         c.fset,
			Files:        c.files,
			OtherFiles:   u.other,
			IgnoredFiles: u.ignored,
			Pkg:          c.pkg,
			TypesInfo:    c.info,
			TypesSizes:   c.sizes,
			ResultOf:     inputs,
			Module:       module,
			Report:       func(d analysis.Diagnostic) { diags = append(diags, d) },
			ImportObjectFact: func(obj types.Object, f analysis.Fact) bool {
				return facts.importObject(a, obj, f)
			},
			ExportObjectFact: func(obj types.Object, f analysis.Fact) { facts.exportObject(a, obj, f) },
			ImportPackageFact: func(pkg *types.Package, f analysis.Fact) bool {
				return facts.importPackage(a, pkg, f)
			},
			ExportPackageFact: func(f analysis.Fact) { facts.exportPackage(a, f) },
			AllObjectFacts:    func() []analysis.ObjectFact { return facts.allObjects(a) },
			AllPackageFacts:   func() []analysis.PackageFact { return facts.allPackages(a) },
			ReadFile: func(name string) ([]byte, error) {
				if !readable[name] {
					return nil, fmt.Errorf("Pass.ReadFile: %s is not a file of package %s", name, u.pkgPath)
				}
				return readFile(name)
			},
		}
		res, err := runPass(a, pass)
		if err == nil && a.ResultType != nil && res != nil && reflect.TypeOf(res) != a.ResultType {
			err = fmt.Errorf("internal error: it returned a result of type %v, but declared ResultType %v", reflect.TypeOf(res), a.ResultType)
		}
		if err != nil {
			failed[a] = true
			out.failures = append(out.failures, fmt.Sprintf("%s: analyzer %s failed: %v", u.pkgPath, a.Name, oneLine(err.Error())))
			continue
		}
		results[a] = res
		if keep && slices.Contains(p.requested, a) {
			for _, d := range diags {
				reports = append(reports, reported{a.Name, d})
			}
		}
	}
	data, err := facts.encode()
	if err != nil {
		out.failures = append(out.failures, fmt.Sprintf("%s: %v", u.pkgPath, err))
	}
	out.facts = data
	if !keep {
		return out
	}
	supp := newSuppressor(readFile)
	supp.index(c.fset, c.files)
	for _, r := range reports {
		diag := convert(c.fset, r.analyzer, r.d)
		if !supp.suppressed(diag) {
			out.diags = append(out.diags, diag)
		}
	}
	out.warnings = supp.warnings()
	return out
}

// runPass runs one analyzer, turning a panic into an error so that a bug
// in one analyzer is reported as a clear line instead of crashing the run
// with a stack trace.
func runPass(a *analysis.Analyzer, pass *analysis.Pass) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error (panic: %v); please report it with the code that triggers it", r)
		}
	}()
	return a.Run(pass)
}
