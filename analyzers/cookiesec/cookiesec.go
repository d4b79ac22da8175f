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
		URL:  "https://github.com/relguard/relguard#cookiesec",
		Run:  s.run,
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
}

func (v val) isFalse() bool { return v.st == stKnown && !v.b }
func (v val) isTrue() bool  { return v.st == stKnown && v.b }

// tracked is one cookie or cookie configuration built in the package.
type tracked struct {
	k     *kind
	ctor  ast.Node          // where a missing attribute is reported
	lit   *ast.CompositeLit // for fixes that add a field
	file  *ast.File
	vals  [numAttrs]val
	obj   types.Object // the variable holding it, if any
	bind  *ast.Ident   // the identifier it was bound through
	block ast.Node     // innermost block of the construction; nil at package level
	evs   []event

	// target is the field a configuration was stored in, such as
	// store.Options in store.Options = &sessions.Options{...}, and body the
	// function that did it: later writes to target's fields change it.
	target *ast.SelectorExpr
	body   *ast.BlockStmt
}

type eventKind int

const (
	evSet eventKind = iota
	evReplace
	evEscape
	evRebind
	evSink
)

type event struct {
	kind  eventKind
	pos   token.Pos
	cond  bool // on some paths only
	a     attr
	value ast.Expr
	at    token.Pos
}

type checker struct {
	pass    *analysis.Pass
	assigns []sessionAssign
	s       *settings
	testFor map[*ast.File]bool
	helpers map[*types.Func]map[int]bool
	byObj   map[types.Object][]*tracked
	binds   map[*ast.Ident]bool
	all     []*tracked
}

func (s *settings) run(pass *analysis.Pass) (any, error) {
	if isFrameworkItself(pass.Pkg.Path()) || !importsModelled(pass.Pkg) {
		return nil, nil
	}
	c := &checker{
		pass:    pass,
		s:       s,
		testFor: make(map[*ast.File]bool),
		helpers: make(map[*types.Func]map[int]bool),
		byObj:   make(map[types.Object][]*tracked),
		binds:   make(map[*ast.Ident]bool),
	}
	anyNonTest := false
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		c.testFor[f] = tf == nil || strings.HasSuffix(tf.Name(), "_test.go")
		anyNonTest = anyNonTest || !c.testFor[f]
	}
	if !anyNonTest {
		return nil, nil
	}
	// The inspector is built here rather than required from inspect.Analyzer:
	// almost no package gets this far, and requiring it would index every
	// package's syntax (about 10% of load time and 15% more memory on std
	// when cookiesec runs alone).
	insp := inspector.New(pass.Files)
	c.computeHelpers()
	c.findConstructions(insp)
	if len(c.byObj) > 0 {
		c.collectEvents(insp)
	}
	c.checkSessionAssigns()
	for _, t := range c.all {
		if t.target != nil {
			c.collectTargetEvents(t)
		}
		c.resolve(t)
	}
	return nil, nil
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

func importsModelled(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		for _, p := range modelledPackages {
			if imp.Path() == p {
				return true
			}
		}
	}
	return false
}

// ---- helpers: same-package functions whose cookie parameter reaches a sink

func (c *checker) computeHelpers() {
	type param struct {
		fn  *types.Func
		idx int
		obj types.Object
	}
	var params []param
	bodies := make(map[*types.Func]*ast.BlockStmt)
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
				for _, name := range field.Names {
					if obj := c.pass.TypesInfo.Defs[name]; obj != nil && isCookieType(obj.Type()) {
						params = append(params, param{fn, idx, obj})
						bodies[fn] = fd.Body
					}
					idx++
				}
				if len(field.Names) == 0 {
					idx++
				}
			}
		}
	}
	if len(params) == 0 {
		return
	}
	modifies := make(map[types.Object]bool)
	// Helpers may call helpers: a few rounds reach a fixed point for any
	// realistic chain.
	for round := 0; round < 4; round++ {
		changed := false
		for _, p := range params {
			if c.helpers[p.fn][p.idx] {
				continue
			}
			reaches := false
			ast.Inspect(bodies[p.fn], func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					for _, lhs := range n.Lhs {
						if rootIdent(c.pass.TypesInfo, lhs) == p.obj {
							if _, isSel := ast.Unparen(lhs).(*ast.SelectorExpr); isSel {
								modifies[p.obj] = true
							}
						}
					}
				case *ast.CallExpr:
					for i, arg := range n.Args {
						if id, ok := unwrapRef(arg).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == p.obj && c.isCookieSinkArg(n, i) {
							reaches = true
						}
					}
					if c.isHeaderSink(n, p.obj) {
						reaches = true
					}
				}
				return true
			})
			if reaches && !modifies[p.obj] {
				if c.helpers[p.fn] == nil {
					c.helpers[p.fn] = make(map[int]bool)
				}
				c.helpers[p.fn][p.idx] = true
				changed = true
			}
		}
		if !changed {
			break
		}
	}
}

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
	if fn, ok := obj.(*types.Func); ok {
		return c.helpers[fn][i]
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
			c.visitSessionAssign(n, stack, file)
		case *ast.ValueSpec:
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
				t := &tracked{k: k, ctor: name, file: file, obj: obj, bind: name, block: innermostBlock(stack)}
				c.addBound(t)
			}
		}
		return true
	})
}

func (c *checker) visitCall(call *ast.CallExpr, stack []ast.Node, file *ast.File) {
	info := c.pass.TypesInfo
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "new" && len(call.Args) == 1 {
			if tv, ok := info.Types[call.Args[0]]; ok && tv.IsType() {
				if k := literalKind(tv.Type); k != nil && k.cookie {
					c.bindConstruction(&tracked{k: k, ctor: call, file: file}, call, stack)
				}
			}
		}
		return
	}
	obj := typeutil.Callee(info, call)
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil {
		return
	}
	switch {
	case isFunc(fn, pkgGorillaSess, "NewCookieStore"), isFunc(fn, pkgGinContribCk, "NewStore"):
		// gorilla/sessions ≥ v1.3.0 defaults Secure to true and SameSite to
		// None; earlier versions leave both unset. Secure may already be
		// right, so it is not reported; SameSite is None or unset, and both
		// are reported for a session cookie. HttpOnly is false in every version.
		t := &tracked{k: kindGorillaStore, ctor: call, file: file}
		t.vals[attrSecure] = val{st: stKnown, b: true}
		t.vals[attrSameSite] = val{st: stKnown, s: "none"}
		t.vals[attrMaxAge] = val{st: stKnown, n: 86400 * 30}
		c.bindConstruction(t, call, stack)
	case isFunc(fn, pkgGorillaSess, "NewFilesystemStore"):
		t := &tracked{k: kindGorillaStore, ctor: call, file: file}
		t.vals[attrMaxAge] = val{st: stKnown, n: 86400 * 30}
		c.bindConstruction(t, call, stack)
	case isFunc(fn, pkgSCS, "New"), isFunc(fn, pkgSCS, "NewSession"):
		t := &tracked{k: kindSCS, ctor: call, file: file}
		t.vals[attrHttpOnly] = val{st: stKnown, b: true}
		t.vals[attrSameSite] = val{st: stKnown, s: "lax"}
		t.vals[attrLifetime] = val{st: stKnown, n: 24 * 3600}
		c.bindConstruction(t, call, stack)
	case (isFunc(fn, pkgFiberV2Sess, "New") || isFunc(fn, pkgFiberV3Sess, "New") ||
		isFunc(fn, pkgFiberV3Sess, "NewWithStore") || isFunc(fn, pkgFiberV3Sess, "NewStore")) && len(call.Args) == 0:
		// Called without a Config: the defaults send no Secure and no HttpOnly.
		t := &tracked{k: kindFiberSession, ctor: call, file: file}
		c.bindConstruction(t, call, stack)
	case isFunc(fn, pkgGorillaCSRF, "Protect"):
		c.checkGorillaCSRF(call, file)
	case isMethod(fn, pkgGin, "SetCookie"):
		c.checkGin(call, stack, file)
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
}

// bindConstruction decides where a construction goes: into a variable
// (tracked through later events), straight into a sink, or nowhere known.
func (c *checker) bindConstruction(t *tracked, n ast.Node, stack []ast.Node) {
	t.block = innermostBlock(stack)
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
					t.obj, t.bind = obj, id
					c.addBound(t)
					return
				}
			}
			if sel, ok := ast.Unparen(p.Lhs[j]).(*ast.SelectorExpr); ok && !t.k.cookie {
				t.target, t.body = sel, enclosingBody(stack)
			}
		}
	case *ast.ValueSpec:
		for j, v := range p.Values {
			if v == child && j < len(p.Names) && p.Names[j].Name != "_" {
				if obj := c.pass.TypesInfo.Defs[p.Names[j]]; obj != nil {
					t.obj, t.bind = obj, p.Names[j]
					c.addBound(t)
					return
				}
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
			c.all = append(c.all, t)
			return
		}
	}
	if !t.k.cookie {
		// A configuration that is built applies wherever it goes.
		c.all = append(c.all, t)
	}
}

func (c *checker) addBound(t *tracked) {
	c.byObj[t.obj] = append(c.byObj[t.obj], t)
	c.binds[t.bind] = true
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

// ---- events on tracked variables

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

// collectTargetEvents records the later writes to the fields of the
// selector a configuration was stored in, so that
//
//	store.Options = &sessions.Options{HttpOnly: true}
//	if tls { store.Options.SameSite = http.SameSiteLaxMode }
//
// leaves SameSite unknown, as the same writes through a variable would.
func (c *checker) collectTargetEvents(t *tracked) {
	if t.body == nil {
		return
	}
	var stack []ast.Node
	ast.Inspect(t.body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Pos() <= t.ctor.Pos() {
			return true
		}
		cond := innermostBlock(stack) != t.block
		for j, lhs := range as.Lhs {
			if c.sameSelector(lhs, t.target) {
				t.evs = append(t.evs, event{kind: evReplace, pos: as.Pos()})
				continue
			}
			sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
			if !ok || !c.sameSelector(sel.X, t.target) {
				continue
			}
			a, ok := t.k.fields[sel.Sel.Name]
			if !ok {
				continue
			}
			ev := event{kind: evSet, a: a, pos: as.Pos(), cond: cond}
			if as.Tok == token.ASSIGN && len(as.Lhs) == len(as.Rhs) {
				ev.value = as.Rhs[j]
			}
			t.evs = append(t.evs, ev)
		}
		return true
	})
}

// sameSelector reports whether a and b spell the same selector chain on
// the same variable, e.g. store.Options and (*store).Options.
func (c *checker) sameSelector(a, b ast.Expr) bool {
	a, b = unwrapRef(a), unwrapRef(b)
	switch a := a.(type) {
	case *ast.Ident:
		b, ok := b.(*ast.Ident)
		if !ok {
			return false
		}
		oa, ob := c.pass.TypesInfo.ObjectOf(a), c.pass.TypesInfo.ObjectOf(b)
		return oa != nil && oa == ob
	case *ast.SelectorExpr:
		b, ok := b.(*ast.SelectorExpr)
		return ok && a.Sel.Name == b.Sel.Name && c.sameSelector(a.X, b.X)
	}
	return false
}

func (c *checker) collectEvents(insp *inspector.Inspector) {
	info := c.pass.TypesInfo
	insp.WithStack([]ast.Node{(*ast.Ident)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		id := n.(*ast.Ident)
		obj := info.Uses[id]
		if obj == nil || c.binds[id] {
			return true
		}
		owners := c.byObj[obj]
		if len(owners) == 0 {
			return true
		}
		if file, _ := stack[0].(*ast.File); file == nil || c.testFor[file] {
			return true
		}
		// The value this use sees is the latest construction before it.
		var t *tracked
		for _, o := range owners {
			if o.ctor.Pos() < id.Pos() && (t == nil || o.ctor.Pos() > t.ctor.Pos()) {
				t = o
			}
		}
		if t == nil {
			return true
		}
		ev, ok := c.classify(t, id, stack)
		if !ok {
			return true
		}
		ev.pos = id.Pos()
		ev.cond = t.block == nil || innermostBlock(stack) != t.block
		t.evs = append(t.evs, ev)
		return true
	})
}

// classify turns one use of a tracked variable into an event; ok is false
// for uses that neither change nor send it (reads, logging).
func (c *checker) classify(t *tracked, id *ast.Ident, stack []ast.Node) (event, bool) {
	info := c.pass.TypesInfo
	var child ast.Node = id
	var path []string
	i := len(stack) - 2
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
	key := strings.Join(path, ".")
	switch p := parent.(type) {
	case *ast.AssignStmt:
		for j, lhs := range p.Lhs {
			if lhs != child {
				continue
			}
			if len(path) == 0 {
				return event{kind: evRebind}, true
			}
			if t.k.replaces[key] {
				return event{kind: evReplace}, true
			}
			a, ok := t.k.fields[key]
			if !ok {
				return event{}, false
			}
			ev := event{kind: evSet, a: a}
			if p.Tok == token.ASSIGN && len(p.Lhs) == len(p.Rhs) {
				ev.value = p.Rhs[j]
			}
			return ev, true
		}
		if len(path) == 0 {
			for j, rhs := range p.Rhs {
				if rhs == child && len(p.Lhs) == len(p.Rhs) {
					if blank, ok := p.Lhs[j].(*ast.Ident); ok && blank.Name == "_" {
						return event{}, false
					}
				}
			}
			return event{kind: evEscape}, true // aliased: d := c
		}
		return event{}, false
	case *ast.CallExpr:
		if p.Fun == child && len(path) > 0 {
			obj := typeutil.Callee(info, p)
			switch {
			case t.k == kindGorillaStore && isMethod(obj, pkgGorillaSess, "MaxAge") && len(p.Args) == 1:
				return event{kind: evSet, a: attrMaxAge, value: p.Args[0], at: p.Pos()}, true
			case t.k == kindGorillaStore && len(path) == 1 && path[0] == "Options" && isMethod(obj, pkgGinContrib, "Options"):
				return event{kind: evReplace}, true
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
			if len(path) == 0 && t.k.cookie && c.isCookieSinkArg(p, j) {
				return event{kind: evSink}, true
			}
			return c.classifyPassed(t, p)
		}
		return event{}, false
	case *ast.ReturnStmt:
		if t.k.cookie && len(path) == 0 {
			return event{kind: evSink}, true
		}
		return event{}, false
	case *ast.BinaryExpr, *ast.ExprStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.IncDecStmt, *ast.IndexExpr:
		if _, ok := parent.(*ast.IncDecStmt); ok {
			if a, ok := t.k.fields[key]; ok {
				return event{kind: evSet, a: a}, true
			}
		}
		return event{}, false
	}
	if len(path) > 0 {
		// A field read, e.g. log.Print(c.Name) or x := c.MaxAge.
		return event{}, false
	}
	return event{kind: evEscape}, true
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
	sort.Slice(t.evs, func(i, j int) bool { return t.evs[i].pos < t.evs[j].pos })
	sunk := !t.k.cookie || t.obj == nil
	for _, ev := range t.evs {
		if t.k.cookie && sunk {
			break
		}
		switch ev.kind {
		case evSet:
			var v val
			if ev.cond || ev.value == nil {
				v = val{st: stUnknown, expr: ev.value}
			} else {
				v = c.valueOf(t.k, ev.a, ev.value)
			}
			if ev.at.IsValid() {
				v.at = ev.at
			}
			t.vals[ev.a] = v
		case evReplace:
			return // the replacement is a construction of its own
		case evEscape:
			return
		case evRebind:
			if t.k.cookie {
				return
			}
			goto done
		case evSink:
			sunk = true
		}
	}
done:
	if !sunk {
		return
	}
	c.check(t)
}

// sessionAssign is a constant written into session settings that relguard
// did not see being built, e.g. session.Options.Secure = false on a session
// loaded in a handler, or app.sessions.Cookie.Secure = false.
type sessionAssign struct {
	k     *kind
	a     attr
	root  types.Object
	value ast.Expr
	file  *ast.File
	stmt  *ast.AssignStmt
}

// visitSessionAssign records unconditional assignments to gorilla
// sessions.Options fields and scs SessionManager settings.
func (c *checker) visitSessionAssign(as *ast.AssignStmt, stack []ast.Node, file *ast.File) {
	if as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return
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
	info := c.pass.TypesInfo
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
		var key string
		switch {
		case isNamed(recv, pkgGorillaSess, "Options"):
			k, key = kindGorillaOptions, sel.Sel.Name
		case isNamed(recv, pkgSCS, "SessionCookie"):
			k, key = kindSCS, "Cookie."+sel.Sel.Name
		case isNamed(recv, pkgSCS, "SessionManager"):
			k, key = kindSCS, sel.Sel.Name
		default:
			continue
		}
		a, ok := k.fields[key]
		if !ok {
			continue
		}
		c.assigns = append(c.assigns, sessionAssign{k: k, a: a, root: rootIdent(info, sel.X), value: as.Rhs[i], file: file, stmt: as})
	}
}

// checkSessionAssigns reports the recorded assignments whose settings are
// not tracked from their construction (those are checked as a whole).
func (c *checker) checkSessionAssigns() {
	if len(c.assigns) == 0 {
		return
	}
	// Only the assigned attribute is known: the others stay unknown, and
	// strict mode must not turn them into findings here.
	explicitOnly := *c
	s := *c.s
	s.strict = false
	explicitOnly.s = &s
	for _, sa := range c.assigns {
		if sa.root != nil && len(c.byObj[sa.root]) > 0 {
			continue
		}
		t := &tracked{k: sa.k, ctor: sa.stmt, file: sa.file}
		for a := range t.vals {
			t.vals[a] = val{st: stUnknown}
		}
		t.vals[sa.a] = c.valueOf(sa.k, sa.a, sa.value)
		if t.vals[sa.a].st != stKnown {
			continue
		}
		explicitOnly.check(t)
	}
}
