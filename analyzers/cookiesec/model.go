package cookiesec

import (
	"go/types"

	"github.com/relguard/relguard/internal/sessioncookie"
)

// attr is a cookie attribute in relguard's canonical spelling; each
// framework's field names map onto it.
type attr int

const (
	attrName attr = iota
	attrSecure
	attrHttpOnly
	attrSameSite
	attrPartitioned
	attrMaxAge
	attrExpires
	attrLifetime
	attrSessionOnly
	attrKeyLookup
	attrValue
	numAttrs
)

// token is the attribute's canonical, case-sensitive name used in messages.
func (a attr) token() string {
	return [...]string{"Name", "Secure", "HttpOnly", "SameSite", "Partitioned", "MaxAge", "Expires", "Lifetime", "SessionOnly", "KeyLookup", "Value"}[a]
}

// sameSiteStyle says how a SameSite value is spelled by a framework.
type sameSiteStyle int

const (
	sameSiteHTTP  sameSiteStyle = iota // net/http.SameSite (or a copy of its numbering)
	sameSiteFiber                      // fiber's case-insensitive strings; unknown strings mean Lax
)

// kind describes one modelled cookie or cookie configuration type.
type kind struct {
	// subject names the cookie in messages when it has no constant name.
	subject string
	// cookie is true for values that are emitted only when they reach a
	// sink; configurations (session stores, middleware configs) apply as
	// soon as they are built.
	cookie bool
	// session makes every cookie of this kind session-class.
	session bool
	// csrf marks CSRF middleware: its defaults are secure, so only explicit
	// constant false values are reported, and HttpOnly is exempt.
	csrf bool
	// fields maps a field path relative to the tracked value (e.g.
	// "Options.Secure") to the attribute it sets.
	fields map[string]attr
	// replaces lists field paths or methods that replace the whole
	// configuration (store.Options = ..., store.Options(...)).
	replaces map[string]bool
	sameSite sameSiteStyle
	// forcedSecure: the framework sends Secure itself for SameSite=None
	// (fasthttp, fiber v3) and for Partitioned (fiber v3).
	forcedSecure bool
	// literal field names used by fixes, indexed by attr; "" means no fix.
	fixField [numAttrs]string
	// laxValue is the SameSite fix value, a format string taking the local
	// name of laxPkg; kinds without it get no SameSite fix.
	laxValue string
	laxPkg   string
	// remedy names the setting a message tells the user to change, by
	// attribute, when it is not the attribute's own name.
	remedy map[attr]string
	// framework names the module in messages about its defaults.
	framework string
}

// setting is what a message tells the user to set for attribute a.
func (k *kind) setting(a attr) string {
	if r := k.remedy[a]; r != "" {
		return r
	}
	return a.token()
}

const (
	pkgHTTP         = "net/http"
	pkgGin          = "github.com/gin-gonic/gin"
	pkgEcho         = "github.com/labstack/echo/v4"
	pkgEchoMW       = "github.com/labstack/echo/v4/middleware"
	pkgFiberV2      = "github.com/gofiber/fiber/v2"
	pkgFiberV3      = "github.com/gofiber/fiber/v3"
	pkgFiberV2Sess  = "github.com/gofiber/fiber/v2/middleware/session"
	pkgFiberV3Sess  = "github.com/gofiber/fiber/v3/middleware/session"
	pkgGorillaSess  = "github.com/gorilla/sessions"
	pkgGorillaCSRF  = "github.com/gorilla/csrf"
	pkgGinContrib   = "github.com/gin-contrib/sessions"
	pkgGinContribCk = "github.com/gin-contrib/sessions/cookie"
	pkgSCS          = "github.com/alexedwards/scs/v2"
	pkgFiberV3Ext   = "github.com/gofiber/fiber/v3/extractors"
)

// frameworkRoots are the modelled modules (and net/http), whose own code is
// not analysed.
var frameworkRoots = []string{
	pkgHTTP, pkgGin, pkgEcho, pkgFiberV2, pkgFiberV3, pkgGorillaSess, pkgGorillaCSRF, pkgGinContrib, pkgSCS,
}

// modelledPackages are the imports that make a package worth analysing.
var modelledPackages = []string{
	pkgHTTP, pkgGin, pkgEcho, pkgEchoMW, pkgFiberV2, pkgFiberV3, pkgFiberV2Sess, pkgFiberV3Sess,
	pkgGorillaSess, pkgGorillaCSRF, pkgGinContrib, pkgGinContribCk, pkgSCS,
}

var (
	kindHTTPCookie = &kind{
		subject: "cookie", cookie: true,
		fields: map[string]attr{"Name": attrName, "Secure": attrSecure, "HttpOnly": attrHttpOnly, "SameSite": attrSameSite,
			"Partitioned": attrPartitioned, "MaxAge": attrMaxAge, "Expires": attrExpires, "Value": attrValue},
		fixField: fixFields("Secure", "HttpOnly", "SameSite"),
		laxValue: "%s.SameSiteLaxMode", laxPkg: pkgHTTP,
	}
	kindFiberCookie = &kind{
		subject: "cookie", cookie: true,
		fields: map[string]attr{"Name": attrName, "Secure": attrSecure, "HTTPOnly": attrHttpOnly, "SameSite": attrSameSite,
			"Partitioned": attrPartitioned, "MaxAge": attrMaxAge, "Expires": attrExpires, "SessionOnly": attrSessionOnly, "Value": attrValue},
		sameSite: sameSiteFiber, forcedSecure: true,
		fixField: fixFields("Secure", "HTTPOnly", ""),
	}
	kindGorillaOptions = &kind{
		subject: "session cookie of sessions.Options", session: true, framework: "gorilla/sessions",
		fields: map[string]attr{"Secure": attrSecure, "HttpOnly": attrHttpOnly, "SameSite": attrSameSite,
			"Partitioned": attrPartitioned, "MaxAge": attrMaxAge},
		fixField: fixFields("Secure", "HttpOnly", "SameSite"),
		laxValue: "%s.SameSiteLaxMode", laxPkg: pkgHTTP,
	}
	kindGinContribOptions = &kind{
		subject: "session cookie of sessions.Options", session: true, framework: "gin-contrib/sessions",
		fields: map[string]attr{"Secure": attrSecure, "HttpOnly": attrHttpOnly, "SameSite": attrSameSite,
			"MaxAge": attrMaxAge},
		fixField: fixFields("Secure", "HttpOnly", "SameSite"),
		laxValue: "%s.SameSiteLaxMode", laxPkg: pkgHTTP,
	}
	// kindGorillaStore is a store left with (some of) its constructor's
	// defaults; store.Options = ... replaces them.
	kindGorillaStore = &kind{
		subject: "session cookie of the gorilla/sessions store", session: true, framework: "gorilla/sessions",
		fields: map[string]attr{"Options.Secure": attrSecure, "Options.HttpOnly": attrHttpOnly, "Options.SameSite": attrSameSite,
			"Options.Partitioned": attrPartitioned, "Options.MaxAge": attrMaxAge},
		replaces: map[string]bool{"Options": true},
		remedy: map[attr]string{attrSecure: "Options.Secure", attrHttpOnly: "Options.HttpOnly", attrSameSite: "Options.SameSite",
			attrPartitioned: "Options.Partitioned", attrMaxAge: "Options.MaxAge"},
	}
	kindSCS = &kind{
		subject: "scs session cookie", session: true, framework: "scs",
		fields: map[string]attr{"Cookie.Secure": attrSecure, "Cookie.HttpOnly": attrHttpOnly, "Cookie.SameSite": attrSameSite,
			"Cookie.Partitioned": attrPartitioned, "Lifetime": attrLifetime, "Cookie.Persist": attrSessionOnly, "Cookie.Name": attrName},
		replaces: map[string]bool{"Cookie": true},
		remedy: map[attr]string{attrSecure: "Cookie.Secure", attrHttpOnly: "Cookie.HttpOnly", attrSameSite: "Cookie.SameSite",
			attrPartitioned: "Cookie.Partitioned"},
	}
	kindFiberSession = &kind{
		subject: "fiber session cookie", session: true, framework: "fiber session",
		remedy: map[attr]string{attrSecure: "CookieSecure", attrHttpOnly: "CookieHTTPOnly", attrSameSite: "CookieSameSite", attrLifetime: "Expiration"},
		fields: map[string]attr{"CookieSecure": attrSecure, "CookieHTTPOnly": attrHttpOnly, "CookieSameSite": attrSameSite,
			"Expiration": attrLifetime, "CookieSessionOnly": attrSessionOnly, "KeyLookup": attrKeyLookup, "Extractor": attrKeyLookup},
		sameSite: sameSiteFiber, forcedSecure: true,
		fixField: fixFields("CookieSecure", "CookieHTTPOnly", ""),
	}
	kindEchoCSRF = &kind{
		subject: "CSRF cookie", csrf: true, forcedSecure: true,
		remedy:   map[attr]string{attrSecure: "CookieSecure", attrSameSite: "CookieSameSite"},
		fields:   map[string]attr{"CookieSecure": attrSecure, "CookieHTTPOnly": attrHttpOnly, "CookieSameSite": attrSameSite},
		fixField: fixFields("CookieSecure", "", ""),
	}
	kindGorillaCSRF = &kind{subject: "CSRF cookie", csrf: true}
	kindGin         = &kind{subject: "cookie", cookie: true}
)

func fixFields(secure, httpOnly, sameSite string) [numAttrs]string {
	var f [numAttrs]string
	f[attrSecure], f[attrHttpOnly], f[attrSameSite] = secure, httpOnly, sameSite
	return f
}

// literalKind returns the kind of a composite literal of type t.
func literalKind(t types.Type) *kind {
	switch {
	case isNamed(t, pkgHTTP, "Cookie"):
		return kindHTTPCookie
	case isNamed(t, pkgFiberV2, "Cookie"), isNamed(t, pkgFiberV3, "Cookie"):
		return kindFiberCookie
	case isNamed(t, pkgGorillaSess, "Options"):
		return kindGorillaOptions
	case isNamed(t, pkgGinContrib, "Options"):
		return kindGinContribOptions
	case isNamed(t, pkgFiberV2Sess, "Config"), isNamed(t, pkgFiberV3Sess, "Config"):
		return kindFiberSession
	case isNamed(t, pkgEchoMW, "CSRFConfig"):
		return kindEchoCSRF
	}
	return nil
}

// isCookieType reports whether t is a cookie a handler emits, or a pointer to one.
func isCookieType(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	k := literalKind(t)
	return k != nil && k.cookie
}

func isNamed(t types.Type, pkg, name string) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t)
	n, ok := t.(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkg
}

// isFunc reports whether obj is the package-level function pkg.name.
func isFunc(obj types.Object, pkg, name string) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkg || fn.Name() != name {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	return sig != nil && sig.Recv() == nil
}

// isMethod reports whether obj is a method called name declared in pkg
// (on a concrete type or an interface).
func isMethod(obj types.Object, pkg, name string) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkg || fn.Name() != name {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	return sig != nil && sig.Recv() != nil
}

// isGorillaSession reports whether t is a gorilla *sessions.Session.
func isGorillaSession(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return isNamed(t, pkgGorillaSess, "Session")
}

// isCSRFName: CSRF tokens are meant to be read by pages, so they are never
// treated as session cookies whatever else their name contains.
func isCSRFName(s string) bool { return sessioncookie.IsCSRFName(s) }
