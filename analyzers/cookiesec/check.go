package cookiesec

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// year2000 is the Unix time before which an Expires value is a deletion.
const year2000 = 946684800

func constantString(v constant.Value) string {
	if v == nil || v.Kind() != constant.String {
		return ""
	}
	return constant.StringVal(v)
}

// isNegativeConst reports whether e is a negative integer constant.
func isNegativeConst(info *types.Info, e ast.Expr) bool {
	v := info.Types[e].Value
	return v != nil && v.Kind() == constant.Int && constant.Sign(v) < 0
}

// exprText is e as written, for messages.
func exprText(e ast.Expr) string { return types.ExprString(e) }

// valueOf evaluates the expression assigned to attribute a.
func (c *checker) valueOf(k *kind, a attr, e ast.Expr) val {
	v := c.constValue(k, a, e)
	if v.st == stUnknown {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			ref := c.params[c.pass.TypesInfo.Uses[id]]
			v.param, v.pfn = ref.idx, ref.fn
		}
	}
	return v
}

func (c *checker) constValue(k *kind, a attr, e ast.Expr) val {
	if init := c.singleInit(e); init != nil {
		// x := time.Now().Add(-time.Hour); c.Expires = x
		v := c.constValue(k, a, init)
		if v.st == stKnown {
			v.expr = e
			return v
		}
	}
	info := c.pass.TypesInfo
	cv := info.Types[e].Value
	v := val{st: stUnknown, expr: e}
	switch a {
	case attrSecure, attrHttpOnly, attrPartitioned, attrSessionOnly:
		if cv != nil && cv.Kind() == constant.Bool {
			v.st, v.b = stKnown, constant.BoolVal(cv)
		}
	case attrSameSite:
		if cv == nil {
			return v
		}
		switch {
		case k.sameSite == sameSiteFiber && cv.Kind() == constant.String:
			v.st, v.s = stKnown, fiberSameSite(constant.StringVal(cv))
			if k == kindFiberSession && v.s == "disabled" {
				v.s = "lax" // the session middleware knows no "disabled"
			}
		case cv.Kind() == constant.Int:
			n, _ := constant.Int64Val(cv)
			v.st, v.s = stKnown, httpSameSite(n)
		}
	case attrMaxAge:
		if cv != nil && cv.Kind() == constant.Int {
			n, ok := constant.Int64Val(cv)
			if ok {
				v.st, v.n = stKnown, n
			}
		}
	case attrLifetime:
		if cv != nil && cv.Kind() == constant.Int {
			n, ok := constant.Int64Val(cv)
			if ok {
				v.st, v.n = stKnown, n/int64(time.Second)
			}
		}
	case attrExpires:
		return c.expiresOf(e)
	case attrName, attrValue:
		if cv != nil && cv.Kind() == constant.String {
			v.st, v.s = stKnown, constant.StringVal(cv)
		}
	case attrKeyLookup:
		if cv != nil && cv.Kind() == constant.String {
			v.st, v.s = stKnown, constant.StringVal(cv)
			return v
		}
		return c.extractorOf(e)
	}
	return v
}

// singleInit returns the initializer of a local variable that e names,
// when the variable is declared with it and never assigned again.
func (c *checker) singleInit(e ast.Expr) ast.Expr {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || c.pass.TypesInfo.Types[e].Value != nil {
		return nil
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() || c.assignedAgain[v] {
		return nil
	}
	return c.inits[v]
}

// extractorOf reads a fiber v3 session Extractor: where the session ID
// travels, in KeyLookup's "source:name" form. extractors.FromCookie(name)
// is a cookie (of unknown name when name is not a constant); a Chain
// sets a cookie for its first cookie extractor; any other extractor keeps
// the ID out of cookies.
func (c *checker) extractorOf(e ast.Expr) val {
	v := val{st: stUnknown, expr: e}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return v
	}
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgFiberV3Ext {
		return v
	}
	switch fn.Name() {
	case "FromCookie":
		if len(call.Args) != 1 {
			return v
		}
		v.st, v.s = stKnown, "cookie:"+constantString(c.pass.TypesInfo.Types[call.Args[0]].Value)
		v.expr = call.Args[0]
		return v
	case "Chain":
		for _, arg := range call.Args {
			sub := c.extractorOf(arg)
			if sub.st != stKnown {
				return v
			}
			if strings.HasPrefix(sub.s, "cookie:") {
				return sub
			}
		}
		v.st, v.s = stKnown, "chain:"
		return v
	case "FromHeader", "FromAuthHeader", "FromQuery", "FromForm", "FromParam":
		v.st, v.s = stKnown, strings.ToLower(strings.TrimPrefix(fn.Name(), "From"))+":"
	}
	return v
}

// httpSameSite normalises net/http.SameSite (gorilla/csrf copies its numbering).
func httpSameSite(n int64) string {
	switch n {
	case 1:
		return "default"
	case 2:
		return "lax"
	case 3:
		return "strict"
	case 4:
		return "none"
	}
	return "" // zero or out of range: net/http emits no attribute
}

// fiberSameSite mirrors fiber's Ctx.Cookie: matching is case-insensitive and
// anything unrecognised (including "") is sent as Lax.
func fiberSameSite(s string) string {
	switch strings.ToLower(s) {
	case "strict", "none", "disabled":
		return strings.ToLower(s)
	}
	return "lax"
}

// expiresOf classifies an Expires value: a recognised past time (deletion),
// time.Now() plus a constant (a lifetime), the zero time, or unknown.
func (c *checker) expiresOf(e ast.Expr) val {
	info := c.pass.TypesInfo
	v := val{st: stUnknown, expr: e}
	if lit, ok := ast.Unparen(e).(*ast.CompositeLit); ok && len(lit.Elts) == 0 && isNamed(info.TypeOf(lit), "time", "Time") {
		return val{st: stAbsent, expr: e}
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return v
	}
	fn := typeutil.Callee(info, call)
	switch {
	case isFunc(fn, "time", "Now"):
		v.st, v.past = stKnown, true
	case isFunc(fn, "time", "Unix") && len(call.Args) == 2:
		if sec := info.Types[call.Args[0]].Value; sec != nil && sec.Kind() == constant.Int {
			if n, ok := constant.Int64Val(sec); ok && n < year2000 {
				v.st, v.past = stKnown, true
			}
		}
	case isMethod(fn, "time", "Add") || isMethod(fn, "time", "AddDate"):
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return v
		}
		recv, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok || !isFunc(typeutil.Callee(info, recv), "time", "Now") {
			return v
		}
		var secs int64
		if sel.Sel.Name == "Add" {
			if len(call.Args) != 1 {
				return v
			}
			if u, ok := ast.Unparen(call.Args[0]).(*ast.UnaryExpr); ok && u.Op == token.SUB {
				v.st, v.past = stKnown, true // time.Now().Add(-d)
				return v
			}
			d := info.Types[call.Args[0]].Value
			if d == nil || d.Kind() != constant.Int {
				return v
			}
			n, ok := constant.Int64Val(d)
			if !ok {
				return v
			}
			secs = n / int64(time.Second)
		} else {
			if len(call.Args) != 3 {
				return v
			}
			// A month is counted as 28 days and a year as 365, the shortest
			// they can be, so a lifetime is never overstated.
			scale := []int64{365, 28, 1}
			for i, arg := range call.Args {
				x := info.Types[arg].Value
				if x == nil || x.Kind() != constant.Int {
					return v
				}
				n, _ := constant.Int64Val(x)
				secs += n * scale[i] * 86400
			}
		}
		if secs < 0 {
			v.st, v.past = stKnown, true
		} else {
			v.st, v.n = stKnown, secs
		}
	}
	return v
}

// isDeletion: cookies that are being removed are exempt from every rule,
// and so are cookies explicitly set to an empty value (clearing a token
// sends nothing worth protecting).
func isDeletion(t *tracked) bool {
	if m := t.vals[attrMaxAge]; m.st == stKnown && m.n < 0 {
		return true
	}
	if v := t.vals[attrValue]; v.st == stKnown && v.s == "" && !v.dflt {
		return true
	}
	e := t.vals[attrExpires]
	return e.st == stKnown && e.past
}

func (c *checker) sessionClass(t *tracked) bool {
	if t.k.session {
		return true
	}
	if t.k.csrf {
		return false
	}
	name := t.vals[attrName]
	re := c.s.sessionNames.re
	if name.st == stKnown {
		if isCSRFName(name.s) {
			return false
		}
		if re.MatchString(name.s) {
			return true
		}
	}
	ident := name.ident
	switch x := ast.Unparen(name.expr).(type) {
	case *ast.Ident:
		ident = x.Name
	case *ast.SelectorExpr:
		ident = x.Sel.Name
	}
	return ident != "" && !isCSRFName(ident) && re.MatchString(ident)
}

// sameSiteOf is what the browser receives for v: "", "default", "lax",
// "strict", "none", "disabled", or "?" when unknown.
func sameSiteOf(k *kind, v val) string {
	switch v.st {
	case stKnown:
		return v.s
	case stUnknown:
		return "?"
	}
	if k.sameSite == sameSiteFiber {
		return "lax"
	}
	return ""
}

func effectiveSameSite(t *tracked) string { return sameSiteOf(t.k, t.vals[attrSameSite]) }

// everyPath returns the values an attribute may end with, when all of them
// are known: the value itself, or the alternatives of assignments made on
// some paths only. ok is false when any of them is not known.
func everyPath(v val) (vals []val, ok bool) {
	switch {
	case v.st != stUnknown:
		return []val{v}, true
	case v.altsOK:
		return v.alts, true
	}
	return nil, false
}

// finding is one diagnostic about one attribute, before it is reported.
type finding struct {
	a   attr
	msg string
}

// check applies the rules to a cookie or configuration whose values are
// final and reports what it finds.
func (c *checker) check(t *tracked) {
	fs := c.findings(t, c.s.strict)
	if ownParam(t, attrMaxAge) || ownParam(t, attrExpires) {
		// Whether the cookie is a deletion is up to each caller (a helper
		// used only to clear a cookie sends nothing insecure): the calls
		// are judged, each with its own arguments.
		fs = nil
	}
	c.emit(t, fs)
	c.summarise(t, fs)
}

// ownParam reports whether attribute a of t comes straight from a
// parameter of the function that sends it.
func ownParam(t *tracked, a attr) bool {
	v := t.vals[a]
	return t.fn != nil && v.param > 0 && v.pfn == t.fn
}

// emit reports findings at their values (or where t is built), leaving
// out those a helper already reports inside itself.
func (c *checker) emit(t *tracked, fs []finding) {
	for _, f := range fs {
		if t.reportedInHelper[f.a] {
			continue
		}
		c.report(t, f.a, f.msg)
	}
}

// findings applies the rules to t. strict reports values that are not
// constants too.
func (c *checker) findings(t *tracked, strict bool) []finding {
	if isDeletion(t) {
		return nil
	}
	if t.k == kindFiberSession {
		kl := t.vals[attrKeyLookup]
		if kl.st == stUnknown || kl.st == stKnown && !strings.HasPrefix(kl.s, "cookie:") {
			return nil // the session ID travels in a header or query, or somewhere relguard cannot see
		}
	}
	t = c.withOpenDefaults(t)
	var out []finding
	add := func(a attr, format string, args ...any) {
		out = append(out, finding{a: a, msg: fmt.Sprintf(format, args...)})
	}
	session := c.sessionClass(t)
	subject := c.subject(t, session)
	sameSite := effectiveSameSite(t)
	secure := t.vals[attrSecure]
	forced := t.k.forcedSecure && (sameSite == "none" || t.vals[attrPartitioned].isTrue())
	// When the framework might force Secure, an unknown SameSite or
	// Partitioned leaves Secure unknown too.
	mayBeForced := t.k.forcedSecure && (sameSite == "?" || t.vals[attrPartitioned].st == stUnknown)
	notSecure := func(v val) bool { return v.st == stAbsent || v.isFalse() }
	if t.k.csrf {
		notSecure = func(v val) bool { return v.isFalse() }
	}
	insecure := !forced && !mayBeForced && allOf(secure, notSecure)
	src := c.defaultSource(t)

	switch {
	case insecure && secure.st == stUnknown:
		add(attrSecure, "%s sets Secure to true on no path, so it can travel over plain HTTP; set Secure to true", subject)
	case insecure && secure.st == stAbsent && t.k.cookie:
		add(attrSecure, "%s is sent without Secure, so it can travel over plain HTTP; set Secure to true", subject)
	case insecure && secure.st == stAbsent:
		add(attrSecure, "%s defaults to Secure false%s, so it can travel over plain HTTP; set %s to true", subject, src, t.k.setting(attrSecure))
	case insecure:
		add(attrSecure, "%s sets Secure to false, so it can travel over plain HTTP; set it to true", subject)
	case strict && !forced && (secure.st == stUnknown || mayBeForced):
		add(attrSecure, "%s", c.strictMessage(t, subject, attrSecure, "true"))
	}

	if session && !t.k.csrf {
		h := t.vals[attrHttpOnly]
		switch {
		case h.st == stUnknown && allOf(h, notTrue):
			add(attrHttpOnly, "%s sets HttpOnly to true on no path, so scripts can read it; set HttpOnly to true", subject)
		case h.st == stAbsent && t.k.cookie:
			add(attrHttpOnly, "%s is sent without HttpOnly, so scripts can read it; set HttpOnly to true", subject)
		case h.st == stAbsent:
			add(attrHttpOnly, "%s defaults to HttpOnly false%s, so scripts can read it; set %s to true", subject, src, t.k.setting(attrHttpOnly))
		case h.isFalse():
			add(attrHttpOnly, "%s sets HttpOnly to false, so scripts can read it; set it to true", subject)
		case strict && h.st == stUnknown:
			add(attrHttpOnly, "%s", c.strictMessage(t, subject, attrHttpOnly, "true"))
		}
	}

	ss := t.vals[attrSameSite]
	sessionRules := session && !t.k.csrf
	switch {
	case t.deferSameSite:
	case sameSite == "none" && insecure:
		add(attrSameSite, "%s uses SameSite=None without the secure flag, so browsers reject it; add the secure flag or use Lax", subject)
	case sessionRules && sameSite == "none" && ss.dflt:
		add(attrSameSite, "%s defaults to SameSite=None%s, so it is sent on cross-site requests; set %s to Lax or Strict", subject, src, t.k.setting(attrSameSite))
	case sessionRules && sameSite == "none":
		add(attrSameSite, "%s uses SameSite=None, so it is sent on cross-site requests; use Lax or Strict", subject)
	case sessionRules && sameSite == "disabled":
		add(attrSameSite, "%s disables SameSite, so it is sent on cross-site requests; use Lax or Strict", subject)
	case sessionRules && (sameSite == "" || sameSite == "default") && (ss.dflt || !t.k.cookie && ss.st == stAbsent):
		add(attrSameSite, "%s defaults to no SameSite attribute%s, so it goes with cross-site requests; set %s to Lax", subject, src, t.k.setting(attrSameSite))
	case sessionRules && (sameSite == "" || sameSite == "default"):
		add(attrSameSite, "%s is sent without SameSite Lax or Strict, so it goes with cross-site requests; set SameSite to Lax", subject)
	case sessionRules && sameSite == "?" && allOf(ss, func(v val) bool { s := sameSiteOf(t.k, v); return s != "lax" && s != "strict" }):
		add(attrSameSite, "%s gets SameSite Lax or Strict on no path, so it goes with cross-site requests; set SameSite to Lax", subject)
	case strict && sessionRules && sameSite == "?":
		add(attrSameSite, "%s", c.strictMessage(t, subject, attrSameSite, "Lax or Strict"))
	}

	if t.vals[attrPartitioned].isTrue() && insecure {
		add(attrPartitioned, "%s sets Partitioned without the secure flag, so browsers reject it", subject)
	}

	if sessionRules {
		out = append(out, c.lifetimeFindings(t, subject)...)
	}
	return out
}

func notTrue(v val) bool { return !v.isTrue() }

// withOpenDefaults returns t with the defaults that other code may replace
// made unknown: the Secure default of a configuration other packages can
// reach (an exported variable or field), and the attributes that session
// options written before a save (sess.Options.HttpOnly = true) decide
// instead of the store's. The values the code wrote stay.
func (c *checker) withOpenDefaults(t *tracked) *tracked {
	if t.k.cookie || t.onSess {
		return t
	}
	exported := c.exportedHome(t)
	var written map[attr]bool
	switch {
	case t.k == kindGorillaStore && c.isGinContribStore(t), t.k == kindGinContribOptions:
		written = c.overrides[pkgGinContrib]
	case t.k == kindGorillaStore, t.k == kindGorillaOptions:
		written = c.overrides[pkgGorillaSess]
	}
	if !exported && len(written) == 0 {
		return t
	}
	open := *t
	for a := range open.vals {
		v := open.vals[a]
		// Where other packages can reach the configuration, Secure stays
		// open: whether the deployment uses TLS is often decided there
		// (middleware.Store.Options.Secure = cfg.UseTLS in main); the
		// other defaults rarely depend on the deployment.
		if (v.st == stAbsent || v.dflt && v.st == stKnown) && (exported && attr(a) == attrSecure || written[attr(a)]) {
			open.vals[a] = val{st: stUnknown, expr: v.expr}
		}
	}
	return &open
}

// exportedHome reports whether t lives where other packages can change it:
// an exported package-level variable, or an exported field.
func (c *checker) exportedHome(t *tracked) bool {
	obj := t.obj
	if t.storeObj != nil {
		obj = t.storeObj
	}
	v, ok := obj.(*types.Var)
	if !ok || !v.Exported() {
		return false
	}
	return v.IsField() || v.Parent() == c.pass.Pkg.Scope()
}

func (c *checker) isGinContribStore(t *tracked) bool {
	call, ok := t.ctor.(*ast.CallExpr)
	return ok && isFunc(typeutil.Callee(c.pass.TypesInfo, call), pkgGinContribCk, "NewStore")
}

// allOf reports whether pred holds for every value v may end with (false
// when they are not all known).
func allOf(v val, pred func(val) bool) bool {
	vals, ok := everyPath(v)
	if !ok || len(vals) == 0 {
		return false
	}
	for _, x := range vals {
		if !pred(x) {
			return false
		}
	}
	return true
}

// strictMessage explains an attribute relguard cannot prove secure: a
// constant assigned on some paths only is conditional, not "not a constant".
func (c *checker) strictMessage(t *tracked, subject string, a attr, want string) string {
	if t.vals[a].altsOK {
		return fmt.Sprintf("%s sets %s only on some paths (strict mode); make sure it is %s on every path", subject, a.token(), want)
	}
	return fmt.Sprintf("%s sets %s from a value that is not a constant (strict mode); make sure it is %s", subject, a.token(), want)
}

// defaultSource says where a configuration's defaults come from, for the
// messages about them: " (gorilla/sessions v1.2.1 NewCookieStore)".
func (c *checker) defaultSource(t *tracked) string {
	if t.k.cookie {
		return ""
	}
	call, ok := t.ctor.(*ast.CallExpr)
	if !ok {
		if lit, ok := t.ctor.(*ast.CompositeLit); ok && t.k == kindFiberSession {
			// Fields the literal leaves out take the middleware's defaults.
			if named, ok := derefNamed(c.pass.TypesInfo.TypeOf(lit)); ok {
				return " (" + named.Obj().Pkg().Name() + "." + named.Obj().Name() + " default)"
			}
		}
		return ""
	}
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return ""
	}
	ctor := fn.Pkg().Name() + "." + fn.Name()
	switch {
	case t.k == kindGorillaStore && t.version != "" && fn.Pkg().Path() == pkgGorillaSess:
		return fmt.Sprintf(" (gorilla/sessions %s %s)", t.version, fn.Name())
	case t.k == kindGorillaStore && t.version != "":
		return fmt.Sprintf(" (%s with gorilla/sessions %s)", ctor, t.version)
	case t.k == kindGorillaStore && t.vals[attrSameSite].s == "none":
		return fmt.Sprintf(" (%s; no SameSite attribute before gorilla/sessions v1.3.0)", ctor)
	}
	return " (" + ctor + ")"
}

func (c *checker) lifetimeFindings(t *tracked, subject string) []finding {
	if so := t.vals[attrSessionOnly]; so.st == stKnown && so.b != (t.k == kindSCS) {
		return nil // a browser-session cookie (scs: Persist false) has no lifetime
	}
	var out []finding
	limit := int64(c.s.maxAge.d / time.Second)
	over := func(a attr, what string) {
		v := t.vals[a]
		if v.st == stKnown && v.n > limit {
			life := formatSeconds(v.n)
			out = append(out, finding{a: a, msg: fmt.Sprintf("%s %s %s, longer than the %s allowed for session cookies; shorten it or raise -max-age", subject, what, life, formatDuration(c.s.maxAge.d))})
		}
	}
	m := t.vals[attrMaxAge]
	switch {
	case m.st == stKnown && m.n > 0:
		over(attrMaxAge, "has MaxAge")
	case m.st == stAbsent || m.st == stKnown && m.n == 0:
		over(attrExpires, "has Expires")
	}
	over(attrLifetime, "has Lifetime")
	return out
}

// formatSeconds prints a lifetime as days plus a Go duration for the rest
// ("90d", "106751d23h47m16s", "12h0m0s"), which cannot overflow.
func formatSeconds(n int64) string {
	days, rest := n/86400, time.Duration(n%86400)*time.Second
	switch {
	case days == 0:
		return rest.String()
	case rest == 0:
		return fmt.Sprintf("%dd", days)
	}
	return fmt.Sprintf("%dd%s", days, rest)
}

// subject names the cookie in messages: its name when known, and for a
// configuration the store or manager that sends it.
func (c *checker) subject(t *tracked, session bool) string {
	named := func(prefix string, name string) string {
		if name != "" {
			return prefix + " " + strconv.Quote(name)
		}
		return prefix
	}
	name := ""
	if n := t.vals[attrName]; n.st == stKnown {
		name = n.s
	}
	switch {
	case t.k.cookie:
		s := "cookie"
		if session {
			s = "session cookie"
		}
		s = named(s, name)
		if t.via != "" {
			s += " set through " + t.via
		}
		return s
	case t.k == kindGorillaStore:
		s := named("session cookie", c.storeCookieName(t))
		if t.home != "" {
			return s + " of store " + t.home
		}
		if call, ok := t.ctor.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok {
				return s + " of " + fn.Pkg().Name() + "." + fn.Name()
			}
		}
		return s
	case t.k == kindGorillaOptions || t.k == kindGinContribOptions:
		s := named("session cookie", c.storeCookieName(t))
		switch {
		case t.onSess:
			return s + " saved through " + t.home
		case t.home != "" && len(t.prefix) > 0:
			return s + " of store " + t.home
		case t.home != "":
			return s + " of options " + t.home
		}
		return s + " of sessions.Options"
	case t.k == kindSCS:
		s := named("scs session cookie", name)
		if t.home != "" {
			s += " of " + t.home
		}
		return s
	case t.k == kindFiberSession:
		kl := t.vals[attrKeyLookup]
		switch {
		case kl.st == stAbsent:
			name = "session_id"
		case kl.st == stKnown:
			name = strings.TrimPrefix(kl.s, "cookie:")
		}
		return named("fiber session cookie", name)
	}
	return t.k.subject
}

// storeCookieName is the one cookie name a store is seen to use, if any.
func (c *checker) storeCookieName(t *tracked) string {
	if name := c.ginNames[t.obj]; name != "" && t.obj != nil && len(t.prefix) == 0 {
		return name
	}
	if name := c.ginNames[t.storeObj]; name != "" && t.storeObj != nil {
		return name
	}
	if len(t.names) == 1 {
		return t.names[0]
	}
	return ""
}

// report emits one diagnostic for attribute a: at the value when there is
// one, else where the cookie or configuration is built.
func (c *checker) report(t *tracked, a attr, msg string) {
	v := t.vals[a]
	d := analysis.Diagnostic{Pos: t.ctor.Pos(), Message: msg}
	switch {
	case v.at.IsValid():
		d.Pos = v.at
	case v.expr != nil && v.st != stAbsent:
		d.Pos, d.End = v.expr.Pos(), v.expr.End()
	}
	d.SuggestedFixes = c.fix(t, a, v)
	c.diags = append(c.diags, d)
}

func (c *checker) fix(t *tracked, a attr, v val) []analysis.SuggestedFix {
	if a != attrSecure && a != attrHttpOnly && a != attrSameSite {
		return nil
	}
	if v.st == stKnown && v.expr != nil && (a == attrSecure || a == attrHttpOnly) {
		if id, ok := ast.Unparen(v.expr).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == types.Universe.Lookup("false") {
			return []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Set %s to true", a.token()),
				TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte("true")}},
			}}
		}
		return nil
	}
	if v.st != stAbsent || t.lit == nil || t.k.fixField[a] == "" {
		return nil
	}
	for _, e := range t.lit.Elts {
		if _, ok := e.(*ast.KeyValueExpr); !ok {
			return nil
		}
	}
	value := "true"
	if a == attrSameSite {
		name := importName(t.file, t.k.laxPkg)
		if name == "" {
			return nil
		}
		value = fmt.Sprintf(t.k.laxValue, name)
	}
	edit, ok := c.insertField(t.lit, a, t.k.fixField[a]+": "+value)
	if !ok {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Add %s", t.k.fixField[a]+": "+value),
		TextEdits: []analysis.TextEdit{edit},
	}}
}

// insertField places each attribute at its own spot (HttpOnly first,
// SameSite after the first field, Secure last) so that the fixes for one
// literal do not collide when applied together. In a multi-line literal
// the new line takes the first field's indentation; gofmt realigns values.
func (c *checker) insertField(lit *ast.CompositeLit, a attr, field string) (analysis.TextEdit, bool) {
	fset := c.pass.Fset
	tf := fset.File(lit.Pos())
	if tf == nil {
		return analysis.TextEdit{}, false
	}
	multiline := len(lit.Elts) > 0 && tf.Line(lit.Lbrace) != tf.Line(lit.Rbrace)
	if !multiline {
		switch {
		case len(lit.Elts) == 0:
			return analysis.TextEdit{Pos: lit.Rbrace, End: lit.Rbrace, NewText: []byte(field)}, true
		case a == attrHttpOnly:
			pos := lit.Elts[0].Pos()
			return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(field + ", ")}, true
		case a == attrSameSite && len(lit.Elts) > 1:
			pos := lit.Elts[0].End()
			return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(", " + field)}, true
		default:
			pos := lit.Elts[len(lit.Elts)-1].End()
			return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(", " + field)}, true
		}
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil {
		return analysis.TextEdit{}, false
	}
	lineIndent := func(p token.Pos) string {
		start := tf.Offset(tf.LineStart(tf.Line(p)))
		end := start
		for end < len(src) && (src[end] == '\t' || src[end] == ' ') {
			end++
		}
		return string(src[start:end])
	}
	indent := lineIndent(lit.Elts[0].Pos())
	eolAfter := func(n ast.Node) (token.Pos, bool) {
		line := tf.Line(n.End())
		if line >= tf.LineCount() {
			return token.NoPos, false
		}
		return tf.LineStart(line+1) - 1, true
	}
	lineStart := func(p token.Pos) token.Pos { return tf.LineStart(tf.Line(p)) }
	var pos token.Pos
	text := "\n" + indent + field + ","
	switch {
	case a == attrHttpOnly:
		// A line of its own before the first field.
		pos, text = lineStart(lit.Elts[0].Pos()), indent+field+",\n"
	case a == attrSameSite && len(lit.Elts) > 1:
		// After the first field.
		p, ok := eolAfter(lit.Elts[0])
		if !ok {
			return analysis.TextEdit{}, false
		}
		pos = p
	case a == attrSameSite:
		// Just before the closing brace's line.
		pos, text = lineStart(lit.Rbrace), indent+field+",\n"
	default:
		// After the last field.
		p, ok := eolAfter(lit.Elts[len(lit.Elts)-1])
		if !ok {
			return analysis.TextEdit{}, false
		}
		pos = p
	}
	if tf.Line(lit.Elts[len(lit.Elts)-1].End()) == tf.Line(lit.Rbrace) {
		return analysis.TextEdit{}, false // fields and brace share a line: no safe spot
	}
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)}, true
}

// importName is the local name of the package imported from pkgPath in f.
func importName(f *ast.File, pkgPath string) string {
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || p != pkgPath {
			continue
		}
		if imp.Name != nil {
			if imp.Name.Name == "_" || imp.Name.Name == "." {
				return ""
			}
			return imp.Name.Name
		}
		return path.Base(p)
	}
	return ""
}

// ---- framework calls checked where they are made

// checkGin: (*gin.Context).SetCookie(name, value, maxAge, path, domain,
// secure, httpOnly) builds an http.Cookie whose SameSite comes from an
// earlier c.SetSameSite on the same context.
func (c *checker) checkGin(call *ast.CallExpr, stack []ast.Node, file *ast.File) {
	if len(call.Args) != 7 || call.Ellipsis.IsValid() {
		return
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	t := &tracked{k: kindGin, ctor: sel.Sel, file: file}
	t.block, t.body, t.fn = innermostBlock(stack), enclosingBody(stack), c.enclosingFunc(stack)
	// Each finding points at the argument it names.
	t.vals[attrName] = c.valueOf(kindHTTPCookie, attrName, call.Args[0])
	t.vals[attrValue] = c.valueOf(kindHTTPCookie, attrValue, call.Args[1])
	t.vals[attrMaxAge] = c.valueOf(kindHTTPCookie, attrMaxAge, call.Args[2])
	t.vals[attrSecure] = c.valueOf(kindHTTPCookie, attrSecure, call.Args[5])
	t.vals[attrHttpOnly] = c.valueOf(kindHTTPCookie, attrHttpOnly, call.Args[6])
	t.vals[attrSameSite] = c.ginSameSite(sel.X, call, stack)
	if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
		if ref := c.params[c.pass.TypesInfo.Uses[id]]; ref.fn != nil && ref.fn == t.fn {
			// The caller may set SameSite on its context before calling.
			t.ginCtx = ref.idx
		}
	}
	if t.ginCtx > 0 && t.vals[attrSameSite].st == stAbsent && fromOwnParams(t) {
		// A helper: its callers are judged with the SameSite they set.
		t.deferSameSite = true
	}
	c.check(t)
}

// ginSameSite finds the last c.SetSameSite(x) before call in the same function.
func (c *checker) ginSameSite(ctx ast.Expr, call *ast.CallExpr, stack []ast.Node) val {
	info := c.pass.TypesInfo
	ctxID, ok := ast.Unparen(ctx).(*ast.Ident)
	if !ok {
		return val{st: stUnknown}
	}
	ctxObj := info.Uses[ctxID]
	var body *ast.BlockStmt
	enclosing := make(map[ast.Node]bool) // blocks that hold the SetCookie call
	for i := len(stack) - 1; i >= 0 && body == nil; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit:
			body = n.Body
		case *ast.FuncDecl:
			body = n.Body
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			enclosing[n] = true
		}
	}
	if body == nil {
		return val{st: stUnknown}
	}
	result := val{st: stAbsent}
	var blocks []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			blocks = blocks[:len(blocks)-1]
			return true
		}
		blocks = append(blocks, n)
		if n.Pos() > call.Pos() {
			blocks = blocks[:len(blocks)-1]
			return false
		}
		ss, ok := n.(*ast.CallExpr)
		if !ok || !isMethod(typeutil.Callee(info, ss), pkgGin, "SetSameSite") || len(ss.Args) != 1 {
			return true
		}
		s, ok := ast.Unparen(ss.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := ast.Unparen(s.X).(*ast.Ident); !ok || info.Uses[id] != ctxObj {
			return true
		}
		uncond := true
		for i := len(blocks) - 2; i >= 0; i-- {
			switch b := blocks[i].(type) {
			case *ast.FuncLit:
				uncond = false
			case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
				if !enclosing[b] {
					uncond = false
				}
			}
		}
		result = c.applySet(kindHTTPCookie, result, event{a: attrSameSite, value: ss.Args[0], cond: !uncond})
		return true
	})
	return result
}

// checkGorillaCSRF checks the options passed directly to csrf.Protect; its
// defaults are Secure, HttpOnly and SameSite=Lax.
func (c *checker) checkGorillaCSRF(call *ast.CallExpr, file *ast.File) {
	if len(call.Args) == 0 {
		return
	}
	t := &tracked{k: kindGorillaCSRF, ctor: call, file: file}
	for _, arg := range call.Args[1:] {
		opt, ok := ast.Unparen(arg).(*ast.CallExpr)
		if !ok || len(opt.Args) != 1 {
			continue
		}
		fn := typeutil.Callee(c.pass.TypesInfo, opt)
		switch {
		case isFunc(fn, pkgGorillaCSRF, "Secure"):
			t.vals[attrSecure] = c.valueOf(kindHTTPCookie, attrSecure, opt.Args[0])
		case isFunc(fn, pkgGorillaCSRF, "SameSite"):
			v := c.valueOf(kindHTTPCookie, attrSameSite, opt.Args[0])
			v.at = opt.Pos()
			t.vals[attrSameSite] = v
		}
	}
	if len(call.Args) > 0 && call.Ellipsis.IsValid() {
		return
	}
	c.check(t)
}
