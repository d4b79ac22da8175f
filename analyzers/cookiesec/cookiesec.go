package cookiesec

import (
	_ "embed"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

//go:embed doc.go
var docSource string

// NewAnalyzer returns a fresh analyzer with its own flag values.
func NewAnalyzer() *analysis.Analyzer {
	s := &settings{maxAge: durationFlag{defaultMaxAge}}
	s.sessionNames.re = regexp.MustCompile(defaultSessionNames)
	a := &analysis.Analyzer{
		Name: "cookiesec",
		Doc:  extractDoc(docSource),
		URL:  "https://github.com/relguard/relguard/blob/main/docs/analyzers/cookiesec.md",
		Run:  s.run,
		// Functions that send a cookie whose attributes come from their
		// parameters are summarised as facts, so that calls from other
		// packages are judged with their arguments.
		FactTypes: []analysis.Fact{new(helperFact), new(helperPackage)},
	}
	a.Flags.Var(&s.sessionNames, "session-names", "regexp matched against cookie names (and the identifiers naming them) that marks session cookies")
	a.Flags.Var(&s.maxAge, "max-age", "longest lifetime allowed for a session cookie (Go duration such as 720h, or days such as 30d)")
	a.Flags.BoolVar(&s.strict, "strict", false, "treat attribute values that are not constants as insecure")
	return a
}

// Analyzer is the default instance, for vet-style drivers.
var Analyzer = NewAnalyzer()

// extractDoc returns the "# Analyzer cookiesec" section of the package
// documentation, so that doc.go stays the one source of the text.
func extractDoc(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		return "report insecure cookies and session cookie settings"
	}
	text := f.Doc.Text()
	if _, after, ok := strings.Cut(text, "# Analyzer cookiesec\n"); ok {
		// As in x/tools: the "cookiesec: summary" line loses its prefix.
		return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(after), "cookiesec:"))
	}
	return strings.TrimSpace(text)
}

// valState says what is known about an attribute's value.
type valState int

const (
	stAbsent  valState = iota // not set: the framework default applies
	stKnown                   // a constant (or a modelled framework default)
	stUnknown                 // set from something relguard cannot evaluate
)

type val struct {
	st   valState
	expr ast.Expr  // the value expression, when there is one
	at   token.Pos // report position when it is not expr's
	b    bool      // bool attributes
	n    int64     // seconds for MaxAge, Expires and Lifetime
	s    string    // names and normalised SameSite values
	past bool      // Expires at a recognised past time

	// dflt marks a value the framework chose (a constructor's default)
	// rather than one the code wrote.
	dflt bool
	// param is the 1-based index of the enclosing function's parameter the
	// value comes straight from (0: none); such a function is a helper
	// whose callers decide the value.
	param int
	pfn   *types.Func
	// ident is the identifier that named the value, when expr is gone
	// (a helper's cookie name seen from its callers).
	ident string
	// alts are the values an attribute may have after assignments on some
	// paths only, when every one of them is known; altsOK says so.
	alts   []val
	altsOK bool
}

func (v val) isFalse() bool { return v.st == stKnown && !v.b }
func (v val) isTrue() bool  { return v.st == stKnown && v.b }

// tracked is one cookie or cookie configuration built in the package.
type tracked struct {
	k    *kind
	ctor ast.Node          // where a missing attribute is reported
	lit  *ast.CompositeLit // for fixes that add a field
	file *ast.File
	vals [numAttrs]val

	// The value's home: obj is the variable holding it, or a struct field
	// of this package's types that holds it in any instance; prefix is the
	// selector path from obj to the value when the value sits in a field of
	// a type from elsewhere (store.Options in store.Options = &sessions.Options{...}).
	obj      types.Object
	prefix   []string
	home     string     // the home as written, for messages
	bind     *ast.Ident // the identifier it was bound through
	block    ast.Node   // innermost block of the construction; nil at package level
	body     *ast.BlockStmt
	evs      []event
	fn       *types.Func  // the function declaring the construction, if any
	onSess   bool         // gorilla Options stored into a session (not a store)
	returned bool         // a cookie its function returns to the caller
	ginCtx   int          // gin: 1-based parameter holding the context, in a helper
	storeObj types.Object // the store whose Options(...) received these options
	// deferSameSite: a gin helper leaves SameSite to what its callers set.
	deferSameSite bool

	// version is the framework module version the defaults came from.
	version string
	// via names the helper a cookie was sent through, for call sites.
	via string
	// reportedInHelper lists the attributes the helper already reports.
	reportedInHelper map[attr]bool
	// names are the constant cookie names a store was seen to use.
	names []string
}

type eventKind int

const (
	evSet eventKind = iota
	evReplace
	evEscape
	evRebind
	evSink
	evAlias
)

type event struct {
	kind  eventKind
	pos   token.Pos
	cond  bool // on some paths only
	a     attr
	value ast.Expr
	at    token.Pos
	stmt  *ast.AssignStmt
	ret   bool // a sink that returns the cookie to the caller
	alias types.Object
}

type checker struct {
	pass    *analysis.Pass
	s       *settings
	assigns []sessionAssign
	testFor map[*ast.File]bool
	// sinkParams are same-package functions whose cookie parameter reaches
	// a sink unchanged.
	sinkParams map[*types.Func]map[int]bool
	byObj      map[types.Object][]*tracked
	binds      map[*ast.Ident]bool
	all        []*tracked
	params     map[types.Object]paramRef
	// aliased are the homes already added for a tracked value.
	aliased map[aliasKey]bool
	// inits are local variables' initializers; assignedAgain the locals
	// assigned after their declaration.
	inits         map[*types.Var]ast.Expr
	assignedAgain map[*types.Var]bool
	// consumed are assignments already judged as part of a tracked value.
	consumed map[*ast.AssignStmt]bool
	// overrides are attributes that code writes into session options
	// before saving (sess.Options.HttpOnly = true), by framework: where
	// they are written, a store's default is not what gets sent.
	overrides map[string]map[attr]bool
	// ginNames maps a gin-contrib store to the cookie name it is mounted
	// under (sessions.Sessions("name", store)).
	ginNames map[types.Object]string

	// helpers are the summaries known at the start of this round: this
	// package's from the previous round, and imported facts.
	helpers map[*types.Func]*helperFact
	// found are the summaries this round produces.
	found map[*types.Func]*helperFact

	diags []analysis.Diagnostic
}

// paramRef locates a parameter: its function and 1-based index.
type paramRef struct {
	fn  *types.Func
	idx int
}

// maxRounds bounds the helper fixed point: a helper calling a helper
// needs one more round; four cover any realistic chain.
const maxRounds = 4

func (s *settings) run(pass *analysis.Pass) (any, error) {
	if isFrameworkItself(pass.Pkg.Path()) || isTestSupport(pass.Pkg.Name()) || !importsModelled(pass.Pkg) && !importsHelpers(pass) {
		return nil, nil
	}
	testFor := make(map[*ast.File]bool)
	anyNonTest := false
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		testFor[f] = tf == nil || strings.HasSuffix(tf.Name(), "_test.go")
		anyNonTest = anyNonTest || !testFor[f]
	}
	if !anyNonTest {
		return nil, nil
	}
	// The inspector is built here rather than required from inspect.Analyzer:
	// almost no package gets this far, and requiring it would index every
	// package's syntax (about 10% of load time and 15% more memory on std
	// when cookiesec runs alone).
	insp := inspector.New(pass.Files)
	var local map[*types.Func]*helperFact
	var c *checker
	for round := 0; round < maxRounds; round++ {
		c = newChecker(pass, s, testFor, local)
		c.analyse(insp)
		if sameHelpers(c.found, local) {
			break
		}
		local = c.found
	}
	sort.SliceStable(c.diags, func(i, j int) bool {
		if c.diags[i].Pos != c.diags[j].Pos {
			return c.diags[i].Pos < c.diags[j].Pos
		}
		return c.diags[i].Message < c.diags[j].Message
	})
	for _, d := range c.diags {
		pass.Report(d)
	}
	c.exportFacts()
	return nil, nil
}

func newChecker(pass *analysis.Pass, s *settings, testFor map[*ast.File]bool, local map[*types.Func]*helperFact) *checker {
	c := &checker{
		pass:          pass,
		s:             s,
		testFor:       testFor,
		sinkParams:    make(map[*types.Func]map[int]bool),
		byObj:         make(map[types.Object][]*tracked),
		binds:         make(map[*ast.Ident]bool),
		params:        make(map[types.Object]paramRef),
		inits:         make(map[*types.Var]ast.Expr),
		aliased:       make(map[aliasKey]bool),
		assignedAgain: make(map[*types.Var]bool),
		consumed:      make(map[*ast.AssignStmt]bool),
		overrides:     make(map[string]map[attr]bool),
		ginNames:      make(map[types.Object]string),
		helpers:       make(map[*types.Func]*helperFact),
		found:         make(map[*types.Func]*helperFact),
	}
	for fn, h := range local {
		c.helpers[fn] = h
	}
	return c
}

func (c *checker) analyse(insp *inspector.Inspector) {
	c.indexParams()
	c.computeSinkParams()
	c.findConstructions(insp)
	if len(c.byObj) > 0 {
		c.collectEvents(insp)
	}
	for _, t := range c.all {
		c.resolve(t)
	}
	c.checkSessionAssigns()
}

// recordLocals notes the initializers of local variables declared by an
// assignment or var spec, and the variables assigned again.
func (c *checker) recordLocals(lhs, rhs []ast.Expr, declares bool) {
	for i, l := range lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			continue
		}
		if v, ok := c.pass.TypesInfo.Defs[id].(*types.Var); ok && declares {
			if len(lhs) == len(rhs) {
				c.inits[v] = rhs[i]
			}
			continue
		}
		if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok {
			c.assignedAgain[v] = true
		}
	}
}

// isFrameworkItself: a framework's own defaults are what relguard models and
// reports where applications use them, not where they are defined.
func isFrameworkItself(path string) bool {
	for _, root := range frameworkRoots {
		if path == root || strings.HasPrefix(path, root+"/") {
			return true
		}
	}
	return false
}

// isTestSupport reports whether a package name says the package only
// supports tests (tests, testutil, apitest, mocks...): like _test.go
// files, its cookies never reach a user.
func isTestSupport(name string) bool {
	name = strings.ToLower(name)
	switch name {
	case "latest", "contest", "protest", "attest":
		return false
	}
	for _, suffix := range []string{"test", "tests", "testing", "testutil", "testutils", "testhelper", "testhelpers", "mock", "mocks"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

func importsModelled(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		for _, p := range modelledPackages {
			if imp.Path() == p {
				return true
			}
		}
	}
	// Session options reach handlers through the application's own
	// packages: sess := ctx.GetSession(); sess.Options.MaxAge = ... needs
	// no import of gorilla/sessions. One level down is enough for that.
	for _, imp := range pkg.Imports() {
		for _, sub := range imp.Imports() {
			switch sub.Path() {
			case pkgGorillaSess, pkgSCS, pkgGinContrib:
				return true
			}
		}
	}
	return false
}

// indexParams records every named parameter of the package's functions, so
// that a value read straight from one marks its function as a helper.
func (c *checker) indexParams() {
	for _, f := range c.pass.Files {
		if c.testFor[f] {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if fn == nil {
				continue
			}
			idx := 0
			for _, field := range fd.Type.Params.List {
				if len(field.Names) == 0 {
					idx++
					continue
				}
				for _, name := range field.Names {
					idx++
					if obj := c.pass.TypesInfo.Defs[name]; obj != nil && name.Name != "_" {
						c.params[obj] = paramRef{fn, idx}
					}
				}
			}
		}
	}
}

// ---- sinks

// unwrapRef strips parentheses, & and * around an operand.
func unwrapRef(e ast.Expr) ast.Expr {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return e
			}
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return e
		}
	}
}

// rootIdent returns the variable at the root of a selector chain such as c.Options.Secure.
func rootIdent(info *types.Info, e ast.Expr) types.Object {
	for {
		switch x := unwrapRef(e).(type) {
		case *ast.SelectorExpr:
			e = x.X
		case *ast.Ident:
			return info.Uses[x]
		default:
			return nil
		}
	}
}

// isCookieSinkArg reports whether argument i of call writes a cookie to a response.
func (c *checker) isCookieSinkArg(call *ast.CallExpr, i int) bool {
	obj := typeutil.Callee(c.pass.TypesInfo, call)
	switch {
	case isFunc(obj, pkgHTTP, "SetCookie"):
		return i == 1
	case isMethod(obj, pkgEcho, "SetCookie"), isMethod(obj, pkgGin, "SetCookieData"),
		isMethod(obj, pkgFiberV2, "Cookie"), isMethod(obj, pkgFiberV3, "Cookie"):
		return i == 0
	}
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	if c.sinkParams[fn][i] {
		return true
	}
	if h := c.helperOf(fn); h != nil {
		return h.sinks(i)
	}
	return false
}

// isHeaderSink reports whether call is h.Add/Set("Set-Cookie", x.String())
// with x the variable cookie (any cookie when cookie is nil).
func (c *checker) isHeaderSink(call *ast.CallExpr, cookie types.Object) bool {
	obj := typeutil.Callee(c.pass.TypesInfo, call)
	if !(isMethod(obj, pkgHTTP, "Add") || isMethod(obj, pkgHTTP, "Set")) || len(call.Args) != 2 {
		return false
	}
	key := c.pass.TypesInfo.Types[call.Args[0]].Value
	if key == nil || !strings.EqualFold(constantString(key), "Set-Cookie") {
		return false
	}
	str, ok := ast.Unparen(call.Args[1]).(*ast.CallExpr)
	if !ok || !isMethod(typeutil.Callee(c.pass.TypesInfo, str), pkgHTTP, "String") {
		return false
	}
	sel, ok := ast.Unparen(str.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if cookie == nil {
		return true
	}
	id, ok := unwrapRef(sel.X).(*ast.Ident)
	return ok && c.pass.TypesInfo.Uses[id] == cookie
}

// ---- constructions

func (c *checker) findConstructions(insp *inspector.Inspector) {
	filter := []ast.Node{(*ast.CompositeLit)(nil), (*ast.CallExpr)(nil), (*ast.ValueSpec)(nil), (*ast.AssignStmt)(nil)}
	insp.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		file, _ := stack[0].(*ast.File)
		if file == nil || c.testFor[file] {
			return false
		}
		switch n := n.(type) {
		case *ast.CompositeLit:
			k := literalKind(c.pass.TypesInfo.TypeOf(n))
			if k == nil {
				return true
			}
			t := &tracked{k: k, ctor: n, lit: n, file: file}
			c.applyLiteral(t, n)
			c.bindConstruction(t, n, stack)
		case *ast.CallExpr:
			c.visitCall(n, stack, file)
		case *ast.AssignStmt:
			c.recordLocals(n.Lhs, n.Rhs, n.Tok == token.DEFINE)
			c.visitSessionAssign(n, stack, file)
		case *ast.ValueSpec:
			names := make([]ast.Expr, len(n.Names))
			for i, name := range n.Names {
				names[i] = name
			}
			c.recordLocals(names, n.Values, true)
			if len(n.Values) != 0 || n.Type == nil {
				return true
			}
			k := literalKind(c.pass.TypesInfo.TypeOf(n.Type))
			if k == nil || !k.cookie {
				return true
			}
			for _, name := range n.Names {
				obj := c.pass.TypesInfo.Defs[name]
				if obj == nil || name.Name == "_" {
					continue
				}
				t := &tracked{k: k, ctor: name, file: file, obj: obj, bind: name, home: name.Name}
				t.block, t.body, t.fn = innermostBlock(stack), enclosingBody(stack), c.enclosingFunc(stack)
				c.addBound(t)
			}
		}
		return true
	})
}

func (c *checker) visitCall(call *ast.CallExpr, stack []ast.Node, file *ast.File) {
	info := c.pass.TypesInfo
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			if b.Name() == "new" && len(call.Args) == 1 {
				if tv, ok := info.Types[call.Args[0]]; ok && tv.IsType() {
					if k := literalKind(tv.Type); k != nil && k.cookie {
						c.bindConstruction(&tracked{k: k, ctor: call, file: file}, call, stack)
					}
				}
			}
			return
		}
	}
	obj := typeutil.Callee(info, call)
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil {
		return
	}
	switch {
	case isFunc(fn, pkgGorillaSess, "NewCookieStore"), isFunc(fn, pkgGinContribCk, "NewStore"):
		t := &tracked{k: kindGorillaStore, ctor: call, file: file}
		t.version = c.moduleVersion(pkgGorillaSess)
		// gorilla/sessions v1.3.0 and later default Secure to true and
		// SameSite to None; earlier versions leave both unset. HttpOnly is
		// false in every version, MaxAge 30 days.
		if t.version == "" || !versionBefore(t.version, "v1.3.0") {
			t.vals[attrSecure] = val{st: stKnown, b: true, dflt: true}
			t.vals[attrSameSite] = val{st: stKnown, s: "none", dflt: true}
		} else {
			t.vals[attrSecure] = val{st: stAbsent, dflt: true}
			t.vals[attrSameSite] = val{st: stAbsent, dflt: true}
		}
		t.vals[attrHttpOnly] = val{st: stAbsent, dflt: true}
		t.vals[attrMaxAge] = val{st: stKnown, n: 86400 * 30, dflt: true}
		c.bindConstruction(t, call, stack)
	case isFunc(fn, pkgGorillaSess, "NewFilesystemStore"):
		t := &tracked{k: kindGorillaStore, ctor: call, file: file}
		t.version = c.moduleVersion(pkgGorillaSess)
		for _, a := range []attr{attrSecure, attrHttpOnly, attrSameSite} {
			t.vals[a] = val{st: stAbsent, dflt: true}
		}
		t.vals[attrMaxAge] = val{st: stKnown, n: 86400 * 30, dflt: true}
		c.bindConstruction(t, call, stack)
	case isFunc(fn, pkgSCS, "New"), isFunc(fn, pkgSCS, "NewSession"):
		t := &tracked{k: kindSCS, ctor: call, file: file}
		t.vals[attrSecure] = val{st: stAbsent, dflt: true}
		t.vals[attrHttpOnly] = val{st: stKnown, b: true, dflt: true}
		t.vals[attrSameSite] = val{st: stKnown, s: "lax", dflt: true}
		t.vals[attrLifetime] = val{st: stKnown, n: 24 * 3600, dflt: true}
		t.vals[attrName] = val{st: stKnown, s: "session", dflt: true}
		c.bindConstruction(t, call, stack)
	case (isFunc(fn, pkgFiberV2Sess, "New") || isFunc(fn, pkgFiberV3Sess, "New") ||
		isFunc(fn, pkgFiberV3Sess, "NewWithStore") || isFunc(fn, pkgFiberV3Sess, "NewStore")) && len(call.Args) == 0:
		// Called without a Config: the defaults send no Secure and no HttpOnly.
		t := &tracked{k: kindFiberSession, ctor: call, file: file}
		t.vals[attrSecure] = val{st: stAbsent, dflt: true}
		t.vals[attrHttpOnly] = val{st: stAbsent, dflt: true}
		c.bindConstruction(t, call, stack)
	case isFunc(fn, pkgGorillaCSRF, "Protect"):
		c.checkGorillaCSRF(call, file)
	case isMethod(fn, pkgGin, "SetCookie"):
		c.checkGin(call, stack, file)
	case isFunc(fn, pkgGinContrib, "Sessions") && len(call.Args) == 2:
		if name := constantString(info.Types[call.Args[0]].Value); name != "" {
			if obj := rootIdent(info, call.Args[1]); obj != nil {
				c.ginNames[obj] = name
			}
			if sel, ok := ast.Unparen(call.Args[1]).(*ast.SelectorExpr); ok {
				if f, ok := info.Uses[sel.Sel].(*types.Var); ok && f.IsField() {
					c.ginNames[f] = name
				}
			}
		}
	case isMethod(fn, pkgGinContrib, "Options"):
		c.visitSessionOverride(call, fn)
	default:
		c.visitHelperCall(call, fn, stack, file)
	}
}

// applyLiteral records the fields of a composite literal, keyed or positional.
func (c *checker) applyLiteral(t *tracked, lit *ast.CompositeLit) {
	st, _ := c.pass.TypesInfo.TypeOf(lit).Underlying().(*types.Struct)
	for i, elt := range lit.Elts {
		name, value := "", elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			name, value = key.Name, kv.Value
		} else if st != nil && i < st.NumFields() {
			name = st.Field(i).Name()
		}
		if a, ok := t.k.fields[name]; ok {
			t.vals[a] = c.valueOf(t.k, a, value)
		}
	}
	if t.k == kindFiberSession {
		// fiber v2's deprecated CookieName wins over KeyLookup.
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "CookieName" {
					v := c.valueOf(t.k, attrName, kv.Value)
					if v.st == stKnown && v.s != "" {
						t.vals[attrKeyLookup] = val{st: stKnown, s: "cookie:" + v.s, expr: kv.Value}
					}
				}
			}
		}
		// Fields the literal leaves out are the session middleware's defaults.
		for _, a := range []attr{attrSecure, attrHttpOnly} {
			if t.vals[a].st == stAbsent {
				t.vals[a].dflt = true
			}
		}
	}
}

// bindConstruction decides where a construction goes: into a variable or a
// field (tracked through later events), straight into a sink, or nowhere
// known.
func (c *checker) bindConstruction(t *tracked, n ast.Node, stack []ast.Node) {
	t.block, t.body, t.fn = innermostBlock(stack), enclosingBody(stack), c.enclosingFunc(stack)
	child := n
	i := len(stack) - 2
	for ; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr:
			child = p
			continue
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				child = p
				continue
			}
		}
		break
	}
	var parent ast.Node
	if i >= 0 {
		parent = stack[i]
	}
	switch p := parent.(type) {
	case *ast.AssignStmt:
		for j, rhs := range p.Rhs {
			if rhs != child || len(p.Lhs) != len(p.Rhs) {
				continue
			}
			if id, ok := p.Lhs[j].(*ast.Ident); ok && id.Name != "_" {
				if obj := c.pass.TypesInfo.ObjectOf(id); obj != nil {
					t.obj, t.bind, t.home = obj, id, id.Name
					c.addBound(t)
					return
				}
			}
			if sel, ok := ast.Unparen(p.Lhs[j]).(*ast.SelectorExpr); ok && !t.k.cookie {
				if c.bindSelector(t, sel) {
					return
				}
			}
		}
	case *ast.ValueSpec:
		for j, v := range p.Values {
			if v == child && j < len(p.Names) && p.Names[j].Name != "_" {
				if obj := c.pass.TypesInfo.Defs[p.Names[j]]; obj != nil {
					t.obj, t.bind, t.home = obj, p.Names[j], p.Names[j].Name
					c.addBound(t)
					return
				}
			}
		}
	case *ast.KeyValueExpr:
		// &Store{sessions: scs.New()}: a field of one of this package's
		// types holds it, in whatever instance.
		if key, ok := p.Key.(*ast.Ident); ok && p.Value == child && !t.k.cookie {
			if f, ok := c.pass.TypesInfo.Uses[key].(*types.Var); ok && f.IsField() && f.Embedded() {
				// Store{Store: cookie.NewStore(k)}: a custom store type whose
				// methods (Options among them) reach the embedded one.
				return
			}
			if f, ok := c.pass.TypesInfo.Uses[key].(*types.Var); ok && f.IsField() && f.Pkg() == c.pass.Pkg {
				t.obj, t.bind, t.home = f, key, key.Name
				c.addBound(t)
				return
			}
		}
	case *ast.CallExpr:
		if t.k.cookie {
			for j, arg := range p.Args {
				if arg == child && c.isCookieSinkArg(p, j) {
					c.all = append(c.all, t)
					return
				}
			}
			return
		}
		// store.Options(sessions.Options{...}) on a gin-contrib store.
		if sel, ok := ast.Unparen(p.Fun).(*ast.SelectorExpr); ok && len(p.Args) == 1 && p.Args[0] == child &&
			isMethod(typeutil.Callee(c.pass.TypesInfo, p), pkgGinContrib, "Options") {
			t.home, t.prefix = exprText(sel.X), []string{"Options"}
			t.storeObj = rootIdent(c.pass.TypesInfo, sel.X)
			if isNamed(c.pass.TypesInfo.TypeOf(sel.X), pkgGinContrib, "Session") {
				t.onSess, t.prefix = true, nil
			}
		}
	case *ast.SelectorExpr:
		// (&http.Cookie{...}).String() written into a Set-Cookie header.
		if t.k.cookie && p.X == child && i >= 2 {
			str, ok1 := stack[i-1].(*ast.CallExpr)
			outer, ok2 := stack[i-2].(*ast.CallExpr)
			if ok1 && ok2 && str.Fun == p && len(outer.Args) == 2 && outer.Args[1] == str && c.isHeaderSink(outer, nil) {
				c.all = append(c.all, t)
			}
			return
		}
	case *ast.ReturnStmt:
		if t.k.cookie {
			// A factory: the caller can only send what it returns.
			t.returned = true
			c.all = append(c.all, t)
			return
		}
		if _, isCall := n.(*ast.CallExpr); isCall {
			// A store handed back to the caller may be configured there.
			return
		}
	case *ast.CompositeLit:
		if _, isCall := n.(*ast.CallExpr); isCall && !t.k.cookie {
			// Wrapped into a value of another type (a custom store):
			// configured through that type, out of sight.
			return
		}
	}
	if !t.k.cookie {
		// A configuration that is built applies wherever it goes.
		c.all = append(c.all, t)
	}
}

// bindSelector binds a configuration assigned to x.f: to the field f when
// it belongs to one of this package's types, else to x's root variable
// with the selector path as prefix. It reports whether it bound t.
func (c *checker) bindSelector(t *tracked, sel *ast.SelectorExpr) bool {
	info := c.pass.TypesInfo
	if f, ok := info.Uses[sel.Sel].(*types.Var); ok && f.IsField() && f.Embedded() {
		return true // kept in a custom store type: configured through it, out of sight
	}
	if f, ok := info.Uses[sel.Sel].(*types.Var); ok && f.IsField() && f.Pkg() == c.pass.Pkg {
		t.obj, t.bind, t.home = f, sel.Sel, exprText(sel)
		c.addBound(t)
		return true
	}
	var path []string
	var e ast.Expr = sel
	for {
		switch x := unwrapRef(e).(type) {
		case *ast.SelectorExpr:
			path = append([]string{x.Sel.Name}, path...)
			e = x.X
			continue
		case *ast.Ident:
			obj := info.Uses[x]
			if obj == nil {
				return false
			}
			if _, ok := obj.(*types.Var); !ok {
				return false
			}
			t.obj, t.prefix, t.home = obj, path, exprText(sel.X)
			if t.k == kindGorillaOptions && isGorillaSession(info.TypeOf(sel.X)) {
				t.onSess = true
			}
			c.addBound(t)
			return true
		}
		return false
	}
}

func (c *checker) addBound(t *tracked) {
	c.byObj[t.obj] = append(c.byObj[t.obj], t)
	if t.bind != nil {
		c.binds[t.bind] = true
	}
	c.all = append(c.all, t)
}

// innermostBlock returns the statement list that holds the last node of stack.
func innermostBlock(stack []ast.Node) ast.Node {
	for i := len(stack) - 2; i >= 0; i-- {
		switch b := stack[i].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			return b
		case *ast.File:
			return nil
		}
	}
	return nil
}

// enclosingBody returns the body of the innermost function in stack.
func enclosingBody(stack []ast.Node) *ast.BlockStmt {
	for i := len(stack) - 1; i >= 0; i-- {
		switch fn := stack[i].(type) {
		case *ast.FuncDecl:
			return fn.Body
		case *ast.FuncLit:
			return fn.Body
		}
	}
	return nil
}

// enclosingFunc returns the declared function whose body directly holds
// the last node of stack (not through a closure).
func (c *checker) enclosingFunc(stack []ast.Node) *types.Func {
	for i := len(stack) - 1; i >= 0; i-- {
		switch fn := stack[i].(type) {
		case *ast.FuncDecl:
			f, _ := c.pass.TypesInfo.Defs[fn.Name].(*types.Func)
			return f
		case *ast.FuncLit:
			return nil
		}
	}
	return nil
}

// isInitBody reports whether body is the body of a func init().
func isInitBody(stack []ast.Node, body *ast.BlockStmt) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		if fd, ok := stack[i].(*ast.FuncDecl); ok {
			return fd.Body == body && fd.Recv == nil && fd.Name.Name == "init"
		}
	}
	return false
}

// ---- events on tracked values

// collectEvents records the uses of every tracked value's home, then of
// the homes values were copied into (app.store = store), until no new home
// appears.
func (c *checker) collectEvents(insp *inspector.Inspector) {
	var only map[types.Object]bool
	for round := 0; round < maxRounds; round++ {
		c.collectEventsOf(insp, only)
		only = make(map[types.Object]bool)
		for _, t := range c.all {
			for _, ev := range t.evs {
				if ev.kind != evAlias || c.aliased[aliasKey{t, ev.alias}] {
					continue
				}
				c.aliased[aliasKey{t, ev.alias}] = true
				c.byObj[ev.alias] = append(c.byObj[ev.alias], t)
				only[ev.alias] = true
			}
		}
		if len(only) == 0 {
			return
		}
	}
}

type aliasKey struct {
	t   *tracked
	obj types.Object
}

// aliasHome returns the home a configuration copied into lhs lives in from
// then on: a field of this package's types or a package-level variable, when
// no other package can reach it.
func (c *checker) aliasHome(lhs ast.Expr) (types.Object, *ast.Ident) {
	var obj types.Object
	var id *ast.Ident
	switch x := ast.Unparen(lhs).(type) {
	case *ast.SelectorExpr:
		obj, id = c.pass.TypesInfo.Uses[x.Sel], x.Sel
		if v, ok := obj.(*types.Var); !ok || !v.IsField() {
			return nil, nil
		}
	case *ast.Ident:
		obj, id = c.pass.TypesInfo.Uses[x], x
		if obj == nil || obj.Parent() != c.pass.Pkg.Scope() {
			return nil, nil
		}
	default:
		return nil, nil
	}
	if v, ok := obj.(*types.Var); !ok || v.Pkg() != c.pass.Pkg || v.Exported() {
		return nil, nil
	}
	return obj, id
}

func (c *checker) collectEventsOf(insp *inspector.Inspector, only map[types.Object]bool) {
	info := c.pass.TypesInfo
	insp.WithStack([]ast.Node{(*ast.Ident)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		id := n.(*ast.Ident)
		obj := info.Uses[id]
		if obj == nil || c.binds[id] || only != nil && !only[obj] {
			return true
		}
		owners := c.byObj[obj]
		if len(owners) == 0 {
			return true
		}
		if file, _ := stack[0].(*ast.File); file == nil || c.testFor[file] {
			return true
		}
		start := len(stack) - 1
		if v, ok := obj.(*types.Var); ok && v.IsField() {
			// A field home is used through x.field; a composite literal key
			// is another instance being built, not a use.
			if start < 1 {
				return true
			}
			sel, ok := stack[start-1].(*ast.SelectorExpr)
			if !ok || sel.Sel != id {
				return true
			}
			start--
		}
		body := enclosingBody(stack)
		// A local variable holds the latest construction before the use.
		// A package-level variable or a field holds the latest one before
		// it in the same function, else any of them.
		local := obj.Parent() != nil && obj.Parent() != c.pass.Pkg.Scope()
		var t *tracked
		for _, o := range owners {
			if (local || o.body == body) && o.ctor.Pos() < id.Pos() && (t == nil || o.ctor.Pos() > t.ctor.Pos()) {
				t = o
			}
		}
		targets := []*tracked{t}
		if t == nil {
			if local {
				return true
			}
			targets = owners
		}
		for _, t := range targets {
			if t.body == body && t.ctor.Pos() > id.Pos() {
				continue // a use before the construction in the same function
			}
			ev, ok := c.classify(t, stack[:start+1], start)
			if !ok {
				continue
			}
			ev.pos = id.Pos()
			switch {
			case t.body != nil:
				// In another function, or on some paths only: unknown.
				ev.cond = body != t.body || innermostBlock(stack) != t.block
			default:
				// A package-level value is configured for good in init
				// (which runs before any handler); anywhere else the
				// write may or may not have happened.
				ev.cond = !(isInitBody(stack, body) && innermostBlock(stack) == ast.Node(body))
			}
			t.evs = append(t.evs, ev)
		}
		return true
	})
}

// classify turns one use of a tracked value's home (the node stack[start])
// into an event; ok is false for uses that neither change nor send it
// (reads, logging).
func (c *checker) classify(t *tracked, stack []ast.Node, start int) (event, bool) {
	info := c.pass.TypesInfo
	child := stack[start]
	var path []string
	i := start - 1
loop:
	for ; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr, *ast.StarExpr:
		case *ast.UnaryExpr:
			if p.Op != token.AND {
				break loop
			}
		case *ast.SelectorExpr:
			if p.X != child {
				break loop
			}
			path = append(path, p.Sel.Name)
		default:
			break loop
		}
		child = stack[i]
	}
	if i < 0 {
		return event{}, false
	}
	parent := stack[i]
	// Relate the use to the prefix: a use of the value itself (or below
	// it), of its holder, or of something else held next to it.
	holder := false
	if len(t.prefix) > 0 {
		n := min(len(path), len(t.prefix))
		for j := 0; j < n; j++ {
			if path[j] != t.prefix[j] {
				if j == len(path)-1 && j == 0 {
					// store.MaxAge(n) on the store whose Options this is.
					if call, ok := parent.(*ast.CallExpr); ok && call.Fun == child && t.k == kindGorillaOptions && len(call.Args) == 1 {
						if fn := typeutil.Callee(info, call); isMethod(fn, pkgGorillaSess, "MaxAge") {
							return event{kind: evSet, a: attrMaxAge, value: call.Args[0], at: call.Pos()}, true
						}
					}
				}
				return event{}, false
			}
		}
		if len(path) < len(t.prefix) {
			holder = true
		} else {
			path = path[len(t.prefix):]
		}
	}
	key := strings.Join(path, ".")
	if !t.k.cookie && (holder || len(path) == 0) && !canConfigure(info.TypeOf(child.(ast.Expr))) {
		// Held as an interface that cannot reach the options (gorilla's
		// sessions.Store): passing it on or replacing it changes nothing
		// about the value built here.
		return event{}, false
	}
	switch p := parent.(type) {
	case *ast.AssignStmt:
		for j, lhs := range p.Lhs {
			if lhs != child {
				continue
			}
			if holder || len(path) == 0 {
				return event{kind: evRebind}, true
			}
			if t.k.replaces[key] {
				return event{kind: evReplace}, true
			}
			a, ok := t.k.fields[key]
			if !ok {
				return event{}, false
			}
			ev := event{kind: evSet, a: a, stmt: p}
			if p.Tok == token.ASSIGN && len(p.Lhs) == len(p.Rhs) {
				ev.value = p.Rhs[j]
			}
			return ev, true
		}
		if holder || len(path) == 0 {
			for j, rhs := range p.Rhs {
				if rhs == child && len(p.Lhs) == len(p.Rhs) {
					if blank, ok := p.Lhs[j].(*ast.Ident); ok && blank.Name == "_" {
						return event{}, false
					}
					if !t.k.cookie && !canConfigure(info.TypeOf(p.Lhs[j])) {
						return event{}, false // gothic.Store = store: kept as an interface that cannot reach the options
					}
					if !t.k.cookie {
						if home, id := c.aliasHome(p.Lhs[j]); home != nil {
							// app.sessions = store: followed through its new home.
							c.binds[id] = true
							return event{kind: evAlias, alias: home}, true
						}
					}
				}
			}
			return event{kind: evEscape}, true // aliased: d := c
		}
		return event{}, false
	case *ast.CallExpr:
		if p.Fun == child && len(path) > 0 && !holder {
			obj := typeutil.Callee(info, p)
			switch {
			case t.k == kindGorillaStore && isMethod(obj, pkgGorillaSess, "MaxAge") && len(p.Args) == 1:
				return event{kind: evSet, a: attrMaxAge, value: p.Args[0], at: p.Pos()}, true
			case t.k == kindGorillaStore && len(path) == 1 && path[0] == "Options" && isMethod(obj, pkgGinContrib, "Options"):
				return event{kind: evReplace}, true
			case t.k == kindGorillaStore && len(path) == 1 && (path[0] == "Get" || path[0] == "New") && len(p.Args) == 2:
				if name := constantString(info.Types[p.Args[1]].Value); name != "" && !contains(t.names, name) {
					t.names = append(t.names, name)
				}
				return event{}, false
			case t.k.cookie && len(path) == 1 && isMethod(obj, pkgHTTP, "String") && i >= 1:
				if outer, ok := stack[i-1].(*ast.CallExpr); ok && c.isHeaderSink(outer, t.obj) {
					return event{kind: evSink}, true
				}
			}
			return event{}, false
		}
		for j, arg := range p.Args {
			if arg != child {
				continue
			}
			if len(path) == 0 && !holder && t.k.cookie && c.isCookieSinkArg(p, j) {
				return event{kind: evSink}, true
			}
			if len(path) > 0 && !holder && !t.k.cookie && !t.k.replaces[key] {
				if _, ptr := info.TypeOf(arg).Underlying().(*types.Pointer); !ptr {
					return event{}, false // a field's value passed along
				}
			}
			if !t.k.cookie && !canConfigure(paramType(info, p, j)) {
				return event{}, false // received as an interface that cannot reach the options
			}
			return c.classifyPassed(t, p)
		}
		return event{}, false
	case *ast.ReturnStmt:
		if t.k.cookie && len(path) == 0 {
			return event{kind: evSink, ret: true}, true
		}
		if !t.k.cookie && (holder || len(path) == 0 || t.k.replaces[key]) {
			return event{kind: evEscape}, true // the caller may configure it
		}
		return event{}, false
	case *ast.CompositeLit:
		if !t.k.cookie && (holder || len(path) == 0 || t.k.replaces[key]) {
			return event{kind: evEscape}, true // wrapped into another value
		}
		return event{}, false
	case *ast.IncDecStmt:
		if a, ok := t.k.fields[key]; ok && !holder {
			return event{kind: evSet, a: a}, true
		}
		return event{}, false
	case *ast.BinaryExpr, *ast.ExprStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.IndexExpr, *ast.KeyValueExpr:
		return event{}, false
	}
	if len(path) > 0 || holder {
		// A field read, e.g. log.Print(c.Name) or x := c.MaxAge.
		return event{}, false
	}
	if t.k.cookie {
		return event{kind: evEscape}, true
	}
	return event{}, false
}

// paramType is the type of the parameter that receives argument i of call
// (nil when it cannot be told).
func paramType(info *types.Info, call *ast.CallExpr, i int) types.Type {
	sig, ok := types.Unalias(info.TypeOf(call.Fun)).Underlying().(*types.Signature)
	if !ok || sig.Params().Len() == 0 {
		return nil
	}
	if sig.Variadic() && i >= sig.Params().Len()-1 {
		if call.Ellipsis.IsValid() {
			return nil
		}
		if sl, ok := sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice); ok {
			return sl.Elem()
		}
		return nil
	}
	if i >= sig.Params().Len() {
		return nil
	}
	return sig.Params().At(i).Type()
}

// canConfigure reports whether a value of type t gives access to session
// options: anything but an interface without an Options method.
func canConfigure(t types.Type) bool {
	if t == nil {
		return true
	}
	iface, ok := t.Underlying().(*types.Interface)
	if !ok {
		return true
	}
	for i := 0; i < iface.NumMethods(); i++ {
		if iface.Method(i).Name() == "Options" {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// classifyPassed handles a tracked value passed to a function that is not a sink.
func (c *checker) classifyPassed(t *tracked, call *ast.CallExpr) (event, bool) {
	obj := typeutil.Callee(c.pass.TypesInfo, call)
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil {
		return event{kind: evEscape}, true // builtins such as append, func values
	}
	switch fn.Pkg().Path() {
	case "fmt", "log", "log/slog", "encoding/json":
		return event{}, false // formatting and logging leave the value as it is
	}
	if fn.Pkg() == c.pass.Pkg || t.k.cookie {
		return event{kind: evEscape}, true
	}
	// Configurations are handed to middleware that only reads them.
	return event{}, false
}

// resolve replays a tracked value's events in source order and checks it.
func (c *checker) resolve(t *tracked) {
	sort.SliceStable(t.evs, func(i, j int) bool { return t.evs[i].pos < t.evs[j].pos })
	sunk := !t.k.cookie || t.obj == nil
	for _, ev := range t.evs {
		if t.k.cookie && sunk {
			break
		}
		switch ev.kind {
		case evSet:
			t.vals[ev.a] = c.applySet(t.k, t.vals[ev.a], ev)
			if !ev.cond && ev.stmt != nil {
				c.consumed[ev.stmt] = true
			}
		case evReplace:
			return // the replacement is a construction of its own
		case evEscape:
			return
		case evRebind:
			if t.k.cookie {
				return
			}
			if ev.cond {
				continue // replaced in another function or on some paths: this value stays as built
			}
			goto done
		case evSink:
			sunk = true
			t.returned = ev.ret
		case evAlias:
			// uses of the new home are events of their own
		}
	}
done:
	if !sunk {
		return
	}
	c.check(t)
}

// applySet returns an attribute's value after an assignment: the assigned
// value when it happens on every path; otherwise unknown, keeping the
// possible values while every one of them is known.
func (c *checker) applySet(k *kind, prev val, ev event) val {
	var v val
	if ev.value != nil {
		v = c.valueOf(k, ev.a, ev.value)
	} else {
		v = val{st: stUnknown}
	}
	if ev.at.IsValid() {
		v.at = ev.at
	}
	if !ev.cond {
		return v
	}
	out := val{st: stUnknown, expr: ev.value, at: v.at}
	if v.st == stKnown {
		switch {
		case prev.st != stUnknown:
			prev.alts, prev.altsOK = nil, false
			out.alts, out.altsOK = []val{prev, v}, true
		case prev.altsOK:
			out.alts, out.altsOK = append(append([]val(nil), prev.alts...), v), true
		}
	}
	return out
}

// ---- settings written outside the code that built them

// sessionAssign is a constant written into session settings that relguard
// did not follow from their construction, e.g. session.Options.Secure =
// false on a session loaded in a handler, or app.sessions.Cookie.Secure =
// false.
type sessionAssign struct {
	k     *kind
	a     attr
	value ast.Expr
	file  *ast.File
	stmt  *ast.AssignStmt
	home  string
	// onSess: written into a session's options; store: into a store's.
	onSess, store bool
}

// visitSessionAssign records unconditional assignments to gorilla
// sessions.Options fields and scs SessionManager settings, and notes the
// attributes written into a gorilla session's options before it is saved.
func (c *checker) visitSessionAssign(as *ast.AssignStmt, stack []ast.Node, file *ast.File) {
	if as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return
	}
	info := c.pass.TypesInfo
	// sess.Options = &sessions.Options{...} and sess.Options.X = v on a
	// session decide what its Save sends, whatever the store's defaults.
	for i, lhs := range as.Lhs {
		sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		if sel.Sel.Name == "Options" && isGorillaSession(info.TypeOf(sel.X)) {
			if !c.isDeletionOptions(as.Rhs[i]) {
				c.override(pkgGorillaSess, attrSecure, attrHttpOnly, attrSameSite, attrMaxAge, attrPartitioned)
			}
			continue
		}
		if inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr); ok && inner.Sel.Name == "Options" && isGorillaSession(info.TypeOf(inner.X)) {
			if a, ok := kindGorillaOptions.fields[sel.Sel.Name]; ok && !(a == attrMaxAge && isNegativeConst(info, as.Rhs[i])) {
				c.override(pkgGorillaSess, a)
			}
		}
	}
	// Only statements directly in a function body are on every path.
	if len(stack) < 3 {
		return
	}
	body, ok := stack[len(stack)-2].(*ast.BlockStmt)
	if !ok {
		return
	}
	switch fn := stack[len(stack)-3].(type) {
	case *ast.FuncDecl:
		if fn.Body != body {
			return
		}
	case *ast.FuncLit:
		if fn.Body != body {
			return
		}
	default:
		return
	}
	for i, lhs := range as.Lhs {
		sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		recv := info.TypeOf(sel.X)
		if p, ok := recv.(*types.Pointer); ok {
			recv = p.Elem()
		}
		var k *kind
		var key, home string
		onSess, store := false, false
		switch {
		case isNamed(recv, pkgGorillaSess, "Options"):
			k, key = kindGorillaOptions, sel.Sel.Name
			if inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr); ok && inner.Sel.Name == "Options" {
				home = exprText(inner.X)
				onSess = isGorillaSession(info.TypeOf(inner.X))
				store = !onSess
			}
		case isNamed(recv, pkgSCS, "SessionCookie"):
			k, key = kindSCS, "Cookie."+sel.Sel.Name
			if inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr); ok && inner.Sel.Name == "Cookie" {
				home = exprText(inner.X)
			}
		case isNamed(recv, pkgSCS, "SessionManager"):
			k, key, home = kindSCS, sel.Sel.Name, exprText(sel.X)
		default:
			continue
		}
		a, ok := k.fields[key]
		if !ok || a == attrName {
			continue
		}
		c.assigns = append(c.assigns, sessionAssign{k: k, a: a, value: as.Rhs[i], file: file, stmt: as, home: home, onSess: onSess, store: store})
	}
}

// visitSessionOverride notes gin-contrib's session.Options(...) in a
// handler, which replaces the store's options for that response.
func (c *checker) visitSessionOverride(call *ast.CallExpr, fn *types.Func) {
	if !isMethod(fn, pkgGinContrib, "Options") || len(call.Args) != 1 {
		return
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	// store.Options(...) on a store is tracked as a replacement; this is
	// the Session interface's method.
	if recv := c.pass.TypesInfo.TypeOf(sel.X); recv == nil || !isNamed(recv, pkgGinContrib, "Session") {
		return
	}
	if !c.isDeletionOptions(call.Args[0]) {
		c.override(pkgGinContrib, attrSecure, attrHttpOnly, attrSameSite, attrMaxAge)
	}
}

func (c *checker) override(framework string, as ...attr) {
	m := c.overrides[framework]
	if m == nil {
		m = make(map[attr]bool)
		c.overrides[framework] = m
	}
	for _, a := range as {
		m[a] = true
	}
}

// isDeletionOptions reports whether e is an options literal with a negative
// MaxAge: logging out writes such options, which say nothing about what
// the other responses send.
func (c *checker) isDeletionOptions(e ast.Expr) bool {
	lit, ok := unwrapRef(e).(*ast.CompositeLit)
	if !ok {
		return false
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "MaxAge" && isNegativeConst(c.pass.TypesInfo, kv.Value) {
			return true
		}
	}
	return false
}

// checkSessionAssigns reports the recorded assignments that were not
// judged as part of a tracked value (those are checked as a whole).
func (c *checker) checkSessionAssigns() {
	if len(c.assigns) == 0 {
		return
	}
	// Only the assigned attribute is known: the others stay unknown, and
	// strict mode must not turn them into findings here.
	for _, sa := range c.assigns {
		if c.consumed[sa.stmt] {
			continue
		}
		t := &tracked{k: sa.k, ctor: sa.stmt, file: sa.file, home: sa.home, onSess: sa.onSess}
		if sa.store {
			t.prefix = []string{"Options"}
		}
		for a := range t.vals {
			t.vals[a] = val{st: stUnknown}
		}
		t.vals[sa.a] = c.valueOf(sa.k, sa.a, sa.value)
		if t.vals[sa.a].st != stKnown {
			continue
		}
		c.emit(t, c.findings(t, false))
	}
}
