package ambigtype

import (
	_ "embed"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

//go:embed doc.go
var docSource string

// settings holds one analyzer instance's flag values; the run closure reads
// them so that two instances configured differently never interfere.
type settings struct {
	names   nameList
	aliases aliasList
	family  familySize
	strict  bool
}

// NewAnalyzer returns a fresh ambigtype analyzer with its own flags.
func NewAnalyzer() *analysis.Analyzer {
	s := &settings{
		names:  nameList{names: []string{"Session"}},
		family: familySize{n: 3},
	}
	a := &analysis.Analyzer{
		Name: "ambigtype",
		Doc:  extractDoc(docSource, "ambigtype"),
		URL:  "https://github.com/relguard/relguard/blob/main/docs/analyzers/ambigtype.md",
		Run:  func(pass *analysis.Pass) (any, error) { return run(pass, s) },
	}
	a.Flags.Var(&s.names, "names", "comma-separated type names to watch (* = every exported type name)")
	a.Flags.Var(&s.aliases, "alias", "accepted alias for an import path, as path:alias (path is an anchored regexp, alias may use $1); repeatable")
	a.Flags.Var(&s.family, "family", "number of sibling packages from outside the module that form an exempt family")
	a.Flags.BoolVar(&s.strict, "strict", false, "report every shadowing of a watched package and every import name bound to two paths, without family exemption")
	return a
}

// Analyzer is the default instance, for vet-style drivers.
var Analyzer = NewAnalyzer()

// extractDoc returns the "# Analyzer name" section of the package comment
// in doc.go, in the form Analyzer.Doc expects ("summary\n\ndetails"). Unlike
// x/tools' extractor it keeps the section's subheadings (fixes, flags,
// suppression), which belong to this one analyzer.
func extractDoc(src, name string) string {
	fallback := "report ambiguous type names and variables that shadow imports"
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		return fallback
	}
	text := f.Doc.Text()
	_, section, ok := strings.Cut(text, "# Analyzer "+name+"\n")
	if !ok {
		return fallback
	}
	if end := strings.Index(section, "\n# Analyzer "); end >= 0 {
		section = section[:end]
	}
	section = strings.TrimSpace(section)
	summary, ok := strings.CutPrefix(section, name+": ")
	if !ok {
		return fallback
	}
	return summary
}

// checker holds the state of one pass.
type checker struct {
	pass     *analysis.Pass
	s        *settings
	watchAll bool
	watched  map[string]bool
	files    []*fileInfo
	reports  map[*ast.ImportSpec]*specReport
	exports  map[*types.Package]bool // memo: does the package export a watched type?
}

// fileInfo is what the walk learned about one file.
type fileInfo struct {
	file      *ast.File
	cursor    inspector.Cursor
	tokFile   *token.File
	base      string
	generated bool
	specOf    map[*types.PkgName]*ast.ImportSpec
	dotSpecs  map[*types.Package]*ast.ImportSpec
	refs      map[string][]ref // qualified or dot-imported references, by type name, in source order
	bare      map[string]ref   // first unqualified reference, by type name
	qualifies map[string]bool  // import names used to spell a watched type
}

// ref is one spelled reference to a type name.
type ref struct {
	id   *ast.Ident
	obj  *types.TypeName
	spec *ast.ImportSpec // nil for the package's own types
}

// member is one party to a collision on a name within a file.
type member struct {
	spec     *ast.ImportSpec // nil for the package's own declaration
	imported *types.Package
	identity types.Type
	first    token.Pos
	plain    bool
	dot      bool
}

// specReport accumulates everything wrong with one import spec, because
// each spec gets a single diagnostic however many names collide through it.
type specReport struct {
	fi       *fileInfo
	spec     *ast.ImportSpec
	names    []string
	reasons  []string
	related  []analysis.RelatedInformation
	fixable  bool
	reported map[string]bool
}

func run(pass *analysis.Pass, s *settings) (any, error) {
	c := &checker{
		pass:    pass,
		s:       s,
		watched: make(map[string]bool),
		reports: make(map[*ast.ImportSpec]*specReport),
		exports: make(map[*types.Package]bool),
	}
	for _, n := range s.names.names {
		if n == "*" {
			c.watchAll = true
		}
		c.watched[n] = true
	}
	if pass.Pkg == nil || pass.TypesInfo == nil {
		return nil, nil
	}
	if !c.worthWalking() && !s.strict {
		return nil, nil
	}
	// The inspector is built here rather than required from inspect.Analyzer:
	// nearly every package leaves at the early exit above, and building an
	// inspector for each of them was most of the analyzer's cost on std.
	insp := inspector.New(pass.Files)
	for fileCur := range insp.Root().Children() {
		file, ok := fileCur.Node().(*ast.File)
		if !ok {
			continue
		}
		c.files = append(c.files, c.walkFile(fileCur, file))
	}
	for _, fi := range c.files {
		c.checkCollisions(fi)
	}
	c.checkDotImportsAcrossFiles()
	c.checkImportNamesAcrossFiles()
	c.emitSpecReports()
	for _, fi := range c.files {
		if !fi.generated {
			c.checkShadowing(fi)
		}
	}
	return nil, nil
}

func (c *checker) isWatched(name string) bool {
	if c.watchAll {
		return ast.IsExported(name)
	}
	return c.watched[name]
}

// worthWalking is the cheap early exit: a package whose imports and own
// scope carry no watched type name cannot produce a diagnostic outside
// -strict, so the AST is never walked. For "*" a collision needs some
// exported type name in two places, and shadowing needs any exported type.
func (c *checker) worthWalking() bool {
	if !c.watchAll {
		for name := range c.watched {
			if isTypeName(c.pass.Pkg.Scope().Lookup(name)) {
				return true
			}
		}
		for _, imp := range c.pass.Pkg.Imports() {
			if c.exportsWatched(imp) {
				return true
			}
		}
		return false
	}
	seen := make(map[string]bool)
	scopes := []*types.Scope{c.pass.Pkg.Scope()}
	for _, imp := range c.pass.Pkg.Imports() {
		scopes = append(scopes, imp.Scope())
	}
	for _, scope := range scopes {
		for _, name := range scope.Names() {
			if !ast.IsExported(name) || !isTypeName(scope.Lookup(name)) {
				continue
			}
			if seen[name] || scope != c.pass.Pkg.Scope() {
				return true // a repeat, or an import whose variable may shadow it
			}
			seen[name] = true
		}
	}
	return false
}

func isTypeName(obj types.Object) bool {
	_, ok := obj.(*types.TypeName)
	return ok
}

// exportsWatched reports whether pkg declares an exported watched type name.
func (c *checker) exportsWatched(pkg *types.Package) bool {
	if pkg == nil {
		return false
	}
	if v, ok := c.exports[pkg]; ok {
		return v
	}
	found := false
	if c.watchAll {
		for _, name := range pkg.Scope().Names() {
			if ast.IsExported(name) && isTypeName(pkg.Scope().Lookup(name)) {
				found = true
				break
			}
		}
	} else {
		for name := range c.watched {
			if ast.IsExported(name) && isTypeName(pkg.Scope().Lookup(name)) {
				found = true
				break
			}
		}
	}
	c.exports[pkg] = found
	return found
}

// identity is what a type name denotes once aliases and instantiation are
// looked through, so two spellings of one type compare equal.
func identity(obj *types.TypeName) types.Type {
	t := types.Unalias(obj.Type())
	if named, ok := t.(*types.Named); ok {
		return named.Origin()
	}
	return t
}

func sameIdentity(a, b types.Type) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a == b || types.Identical(a, b) || implementsOther(a, b) || implementsOther(b, a)
}

// implementsOther reports whether iface is an interface with methods that
// t (or *t) implements. A provider's Session that implements the
// framework's Session interface is the same concept under the same name,
// on purpose: the one can stand wherever the other is expected.
func implementsOther(iface, t types.Type) bool {
	it, ok := iface.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return false
	}
	if _, isIface := t.Underlying().(*types.Interface); isIface {
		return false
	}
	if named, ok := t.(*types.Named); ok && named.TypeParams().Len() > 0 {
		return false // an uninstantiated generic type implements nothing yet
	}
	return types.Implements(t, it) || types.Implements(types.NewPointer(t), it)
}

func (c *checker) walkFile(fileCur inspector.Cursor, file *ast.File) *fileInfo {
	fi := &fileInfo{
		file:      file,
		cursor:    fileCur,
		tokFile:   c.pass.Fset.File(file.Pos()),
		generated: ast.IsGenerated(file),
		specOf:    make(map[*types.PkgName]*ast.ImportSpec),
		dotSpecs:  make(map[*types.Package]*ast.ImportSpec),
		refs:      make(map[string][]ref),
		bare:      make(map[string]ref),
		qualifies: make(map[string]bool),
	}
	if fi.tokFile != nil {
		fi.base = filepath.Base(fi.tokFile.Name())
	}
	for _, spec := range file.Imports {
		pkgName := c.pass.TypesInfo.PkgNameOf(spec)
		if pkgName == nil || pkgName.Imported() == nil {
			continue
		}
		fi.specOf[pkgName] = spec
		if spec.Name != nil && spec.Name.Name == "." {
			fi.dotSpecs[pkgName.Imported()] = spec
		}
	}
	for cur := range fileCur.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if !c.isWatched(id.Name) {
			continue
		}
		obj, ok := c.pass.TypesInfo.Uses[id].(*types.TypeName)
		if !ok || obj.Pkg() == nil || isAliasTarget(cur) {
			continue
		}
		if cur.ParentEdgeKind() == edge.SelectorExpr_Sel {
			sel := cur.Parent().Node().(*ast.SelectorExpr)
			x, ok := sel.X.(*ast.Ident)
			if !ok {
				continue
			}
			pkgName, ok := c.pass.TypesInfo.Uses[x].(*types.PkgName)
			if !ok {
				continue
			}
			spec := fi.specOf[pkgName]
			if spec == nil {
				continue
			}
			fi.refs[id.Name] = append(fi.refs[id.Name], ref{id: id, obj: obj, spec: spec})
			fi.qualifies[pkgName.Name()] = true
			continue
		}
		r := ref{id: id, obj: obj}
		if obj.Pkg() != c.pass.Pkg {
			r.spec = fi.dotSpecs[obj.Pkg()]
			if r.spec == nil {
				continue
			}
			fi.refs[id.Name] = append(fi.refs[id.Name], r)
		}
		if _, seen := fi.bare[id.Name]; !seen {
			fi.bare[id.Name] = r
		}
	}
	return fi
}

// isAliasTarget reports whether the identifier spelled at cur is the
// right-hand side of an alias declaration: "type DBSession = db.Session"
// is itself the disambiguation, not a use that collides.
func isAliasTarget(cur inspector.Cursor) bool {
	for {
		switch cur.ParentEdgeKind() {
		case edge.SelectorExpr_Sel, edge.IndexExpr_X, edge.IndexListExpr_X, edge.ParenExpr_X:
			cur = cur.Parent()
			continue
		case edge.TypeSpec_Type:
			spec := cur.Parent().Node().(*ast.TypeSpec)
			return spec.Assign.IsValid()
		}
		return false
	}
}
