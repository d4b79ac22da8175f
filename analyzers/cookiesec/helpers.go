package cookiesec

import (
	"fmt"
	"go/ast"
	"go/types"
	"path"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Helpers are functions that send (or return) a cookie on behalf of their
// callers. Two shapes are followed, within the package and, through
// analysis facts, into the packages that import it:
//
//   - a cookie parameter that reaches a sink unchanged
//     (func write(w http.ResponseWriter, c *http.Cookie) { http.SetCookie(w, c) }):
//     a cookie passed to it is sent;
//   - a cookie built from parameters and sent or returned
//     (func SetCookie(w, r, name, value string) { http.SetCookie(w, &http.Cookie{Name: name, ...}) }):
//     each call is judged with its own arguments, at the call.

// helperFact summarises a helper for callers in other packages. It is
// exported only for exported functions and methods of the analysed package
// that send or return a cookie whose attributes come from their parameters
// (Cookies), or whose cookie parameter reaches a sink (SinkParams).
type helperFact struct {
	SinkParams []int // 0-based indices of cookie parameters that are sent
	Cookies    []HelperCookie
}

func (*helperFact) AFact() {}

func (f *helperFact) String() string {
	var parts []string
	if len(f.SinkParams) > 0 {
		parts = append(parts, fmt.Sprintf("sends cookie parameters %v", f.SinkParams))
	}
	for _, hc := range f.Cookies {
		parts = append(parts, hc.String())
	}
	return "cookieHelper(" + strings.Join(parts, "; ") + ")"
}

func (f *helperFact) sinks(i int) bool {
	for _, p := range f.SinkParams {
		if p == i {
			return true
		}
	}
	return false
}

// helperPackage marks a package that exports helper facts, so that a
// package importing none of the modelled frameworks still gets analysed
// when it calls such a helper.
type helperPackage struct{}

func (*helperPackage) AFact()         {}
func (*helperPackage) String() string { return "cookieHelpers" }

// HelperCookie is one cookie a helper sends or returns.
type HelperCookie struct {
	Kind     string // "http", "fiber" or "gin": how attributes are spelled and defaulted
	Returns  bool   // returned to the caller rather than sent
	GinCtx   int    // gin: 1-based parameter holding the context, whose SameSite the caller may set
	Attrs    []HelperAttr
	Reported []string // attributes the helper's own diagnostics cover
}

func (hc HelperCookie) String() string {
	var attrs []string
	for _, a := range hc.Attrs {
		attrs = append(attrs, a.String())
	}
	verb := "sends"
	if hc.Returns {
		verb = "returns"
	}
	s := fmt.Sprintf("%s %s cookie{%s}", verb, hc.Kind, strings.Join(attrs, ", "))
	if len(hc.Reported) > 0 {
		s += " reported " + strings.Join(hc.Reported, ",")
	}
	return s
}

// HelperAttr is one attribute of a helper's cookie: taken from parameter
// Param (1-based), or fixed by the helper (Param 0) with the given state
// and value.
type HelperAttr struct {
	Attr  string
	Param int
	State int
	Bool  bool
	Int   int64
	Str   string
	Past  bool
	// Ident is the identifier that named an unknown Name (a package
	// variable such as SessionCookieName), which still tells a session
	// cookie.
	Ident string
}

func (a HelperAttr) String() string {
	switch {
	case a.Param > 0:
		return fmt.Sprintf("%s=param%d", a.Attr, a.Param)
	case valState(a.State) == stAbsent:
		return a.Attr + "=unset"
	case valState(a.State) == stUnknown && a.Ident != "":
		return a.Attr + "=?" + a.Ident
	case valState(a.State) == stUnknown:
		return a.Attr + "=?"
	}
	return fmt.Sprintf("%s=%v", a.Attr, a.value())
}

func (a HelperAttr) value() any {
	switch {
	case a.Str != "":
		return fmt.Sprintf("%q", a.Str)
	case a.Past:
		return "past"
	case a.Int != 0:
		return a.Int
	}
	return a.Bool
}

// helperAttrs are the attributes a summary carries.
var helperAttrs = []attr{attrName, attrSecure, attrHttpOnly, attrSameSite, attrPartitioned, attrMaxAge, attrExpires, attrSessionOnly, attrValue}

var kindNames = map[*kind]string{kindHTTPCookie: "http", kindFiberCookie: "fiber", kindGin: "gin"}

func kindByName(name string) *kind {
	for k, n := range kindNames {
		if n == name {
			return k
		}
	}
	return nil
}

func attrByToken(tok string) (attr, bool) {
	for a := attr(0); a < numAttrs; a++ {
		if a.token() == tok {
			return a, true
		}
	}
	return 0, false
}

// computeSinkParams finds the package's functions whose cookie parameter
// reaches a sink without being changed.
func (c *checker) computeSinkParams() {
	type param struct {
		fn  *types.Func
		idx int
		obj types.Object
	}
	var params []param
	bodies := make(map[*types.Func]*ast.BlockStmt)
	for obj, ref := range c.params {
		if isCookieType(obj.Type()) {
			params = append(params, param{ref.fn, ref.idx - 1, obj})
		}
	}
	if len(params) == 0 {
		return
	}
	sort.Slice(params, func(i, j int) bool { return params[i].obj.Pos() < params[j].obj.Pos() })
	for _, f := range c.pass.Files {
		if c.testFor[f] {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					bodies[fn] = fd.Body
				}
			}
		}
	}
	modifies := make(map[types.Object]bool)
	// Helpers may call helpers: a few rounds reach a fixed point for any
	// realistic chain.
	for round := 0; round < maxRounds; round++ {
		changed := false
		for _, p := range params {
			if c.sinkParams[p.fn][p.idx] || bodies[p.fn] == nil {
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
				if c.sinkParams[p.fn] == nil {
					c.sinkParams[p.fn] = make(map[int]bool)
				}
				c.sinkParams[p.fn][p.idx] = true
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for fn, idx := range c.sinkParams {
		h := c.foundFor(fn)
		for i := range idx {
			h.SinkParams = append(h.SinkParams, i)
		}
		sort.Ints(h.SinkParams)
	}
}

func (c *checker) foundFor(fn *types.Func) *helperFact {
	h := c.found[fn]
	if h == nil {
		h = &helperFact{}
		c.found[fn] = h
	}
	return h
}

// helperOf returns what is known about fn as a helper: this package's
// summary from the previous round, or the fact its own package exported.
func (c *checker) helperOf(fn *types.Func) *helperFact {
	fn = fn.Origin()
	if fn.Pkg() == c.pass.Pkg {
		return c.helpers[fn]
	}
	if h, ok := c.helpers[fn]; ok {
		return h
	}
	var h *helperFact
	if fact := new(helperFact); c.pass.ImportObjectFact(fn, fact) {
		h = fact
	}
	c.helpers[fn] = h // remember misses too
	return h
}

// importsHelpers reports whether a direct import exports helper facts.
func importsHelpers(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if pass.ImportPackageFact(imp, new(helperPackage)) {
			return true
		}
	}
	return false
}

// summarise records t as a cookie its function sends (or returns) for its
// callers, when some attribute comes straight from a parameter.
func (c *checker) summarise(t *tracked, fs []finding) {
	if t.fn == nil || kindNames[t.k] == "" {
		return
	}
	if !fromOwnParams(t) || isDeletion(t) {
		return
	}
	hc := HelperCookie{Kind: kindNames[t.k], Returns: t.returned, GinCtx: t.ginCtx}
	for _, a := range helperAttrs {
		v := t.vals[a]
		ha := HelperAttr{Attr: a.token(), State: int(v.st)}
		switch {
		case v.param > 0 && v.pfn == t.fn:
			ha = HelperAttr{Attr: a.token(), Param: v.param}
		case v.st == stKnown:
			ha.Bool, ha.Int, ha.Str, ha.Past = v.b, v.n, v.s, v.past
		case v.st == stUnknown:
			ha.State = int(stUnknown)
			if a == attrName {
				switch x := ast.Unparen(v.expr).(type) {
				case *ast.Ident:
					ha.Ident = x.Name
				case *ast.SelectorExpr:
					ha.Ident = x.Sel.Name
				}
			}
		}
		hc.Attrs = append(hc.Attrs, ha)
	}
	seen := map[attr]bool{}
	for a := range t.reportedInHelper {
		seen[a] = true
	}
	for _, f := range fs {
		seen[f.a] = true
	}
	for a := attr(0); a < numAttrs; a++ {
		if seen[a] {
			hc.Reported = append(hc.Reported, a.token())
		}
	}
	h := c.foundFor(t.fn)
	h.Cookies = append(h.Cookies, hc)
}

// fromOwnParams reports whether some attribute of t comes straight from a
// parameter of the function that sends it.
func fromOwnParams(t *tracked) bool {
	for _, a := range helperAttrs {
		// A value from a parameter alone makes no helper: only an empty
		// one would change anything, and the cookie is judged as sent.
		if a != attrValue && ownParam(t, a) {
			return true
		}
	}
	return false
}

// visitHelperCall turns a call of a helper into the cookies it sends (or
// returns), with the call's arguments in place of the parameters.
func (c *checker) visitHelperCall(call *ast.CallExpr, fn *types.Func, stack []ast.Node, file *ast.File) {
	h := c.helperOf(fn)
	if h == nil || len(h.Cookies) == 0 || call.Ellipsis.IsValid() {
		return
	}
	via := fn.Name()
	if fn.Pkg() != c.pass.Pkg {
		via = path.Base(fn.Pkg().Path()) + "." + via
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		if named, ok := derefNamed(sig.Recv().Type()); ok {
			via = named.Obj().Name() + "." + fn.Name()
		}
	}
	for _, hc := range h.Cookies {
		k := kindByName(hc.Kind)
		if k == nil {
			continue
		}
		t := &tracked{k: k, ctor: call, file: file, via: via, reportedInHelper: map[attr]bool{}}
		for _, tok := range hc.Reported {
			if a, ok := attrByToken(tok); ok {
				t.reportedInHelper[a] = true
			}
		}
		// An attribute the helper fixes is reported at the argument that
		// made it matter (the cookie's name), else at the call.
		fixedAt := call.Pos()
		for _, ha := range hc.Attrs {
			if ha.Attr == attrName.token() && ha.Param > 0 && ha.Param <= len(call.Args) {
				fixedAt = call.Args[ha.Param-1].Pos()
			}
		}
		complete := true
		for _, ha := range hc.Attrs {
			a, ok := attrByToken(ha.Attr)
			if !ok {
				continue
			}
			if ha.Param > 0 {
				if ha.Param > len(call.Args) {
					complete = false
					break
				}
				vk := k
				if k == kindGin {
					vk = kindHTTPCookie
				}
				t.vals[a] = c.valueOf(vk, a, call.Args[ha.Param-1])
				continue
			}
			t.vals[a] = val{st: valState(ha.State), b: ha.Bool, n: ha.Int, s: ha.Str, past: ha.Past, at: fixedAt, ident: ha.Ident}
		}
		if !complete {
			continue
		}
		if hc.GinCtx > 0 && hc.GinCtx <= len(call.Args) && t.vals[attrSameSite].st == stAbsent {
			t.vals[attrSameSite] = c.ginSameSite(call.Args[hc.GinCtx-1], call, stack)
		}
		if hc.Returns {
			c.bindConstruction(t, call, stack)
			continue
		}
		t.block, t.body, t.fn = innermostBlock(stack), enclosingBody(stack), c.enclosingFunc(stack)
		c.all = append(c.all, t)
	}
}

func derefNamed(t types.Type) (*types.Named, bool) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return n, ok
}

// sameHelpers reports whether two rounds found the same cookie summaries
// (sink parameters are found within each round).
func sameHelpers(a, b map[*types.Func]*helperFact) bool {
	cookies := func(m map[*types.Func]*helperFact) map[*types.Func][]HelperCookie {
		out := make(map[*types.Func][]HelperCookie)
		for fn, h := range m {
			if len(h.Cookies) > 0 {
				out[fn] = h.Cookies
			}
		}
		return out
	}
	return reflect.DeepEqual(cookies(a), cookies(b))
}

// exportFacts publishes the summaries of exported helpers.
func (c *checker) exportFacts() {
	var fns []*types.Func
	for fn := range c.found {
		if fn.Exported() && fn.Pkg() == c.pass.Pkg {
			fns = append(fns, fn)
		}
	}
	if len(fns) == 0 {
		return
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	for _, fn := range fns {
		c.pass.ExportObjectFact(fn, c.found[fn])
	}
	c.pass.ExportPackageFact(new(helperPackage))
}
