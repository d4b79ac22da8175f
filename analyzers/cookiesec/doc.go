// Package cookiesec defines an Analyzer that reports cookies and session
// settings that a server sends without Secure, HttpOnly or SameSite, or with
// a session lifetime that is too long.
//
// # Analyzer cookiesec
//
// cookiesec: report insecure cookies and session cookie settings
//
// The analyzer looks only at cookies that reach a response, and reports an
// attribute only when it is missing or provably insecure (a constant after
// type checking, or a documented framework default) on every path to the
// response. Values it cannot evaluate (configuration fields, parameters,
// !isDev, r.TLS != nil, function calls) are not reported, unless -strict is
// set. A constant assigned inside an if, switch or loop counts with the
// value before it: when none of the values the attribute can end with is
// secure (SameSite set only to None inside an if), it is reported.
//
// # What counts
//
// Sinks: http.SetCookie; w.Header().Add or Set("Set-Cookie", c.String());
// echo Context.SetCookie; gin Context.SetCookie (positional) and
// SetCookieData; fiber v2 and v3 Ctx.Cookie; a cookie returned from a
// function (reported in the factory, not at call sites); a cookie passed to a
// function whose parameter reaches a sink.
//
// Helpers: a function that sends or returns a cookie whose name or
// attributes come straight from its parameters
// (httputil.SetCookie(w, r, "user_sess", token)) is judged at each call,
// with the call's arguments, in its own package and, through analysis
// facts, in the packages that import it. What the helper fixes itself is
// reported once, in the helper; what its callers decide (the name that
// makes it a session cookie, a false they pass) is reported at the call.
// Configurations count as soon as they are built: gorilla/sessions stores
// and Options, gin-contrib/sessions stores and Options, scs.New and
// SessionManager.Cookie, fiber session.Config and session.New (with
// KeyLookup in v2, Extractor in v3: extractors.FromCookie(name) names the
// cookie, header and query extractors send none), gorilla/csrf options
// passed to csrf.Protect, and echo middleware.CSRFConfig. A constant
// written directly in a function body into session settings built
// elsewhere (sess.Options.HttpOnly = false on a gorilla session loaded in a
// handler, app.sessions.Cookie.Secure = false on an scs manager) is checked
// on its own.
//
// A configuration's defaults are reported only when no write in the
// package can replace them before the cookie is sent. It is followed
// wherever the package keeps it: a variable, a field of one of the
// package's types (&Server{store: sessions.NewCookieStore(k)}), or a
// field of another type (store.Options = &sessions.Options{...}). Writes in
// the function that built it count in source order, and so do a
// package-level value's writes in init, which runs before any handler;
// a write in any other function leaves the attribute unknown. Nothing
// but what the package wrote is judged when the configuration is passed
// to a function of the package, returned, wrapped into another value
// (a custom store type), or kept where other packages can change it (an
// exported variable or field). A session's options written before it is
// saved (sess.Options = ..., sess.Options.HttpOnly = true, gin-contrib's
// session.Options(...)) replace the store's defaults for that attribute;
// logging out with a negative MaxAge does not.
//
// Not counted: client cookies (Request.AddCookie, cookie jars), cookies only
// formatted or logged, cookies the code did not build (r.Cookie(...),
// resp.Cookies()), cookies handed to an unknown function before they are
// sent, and anything in _test.go files.
//
// A cookie is tracked from its construction (a keyed or positional composite
// literal, new(http.Cookie), var c http.Cookie) through assignments in the same
// function in source order up to the first sink: an unconditional later
// assignment overrides the literal, an assignment inside an if, switch or
// loop makes the attribute unknown, and an assignment after the cookie was
// written does not help.
//
// Deletion cookies are exempt from every rule: a negative constant MaxAge
// (gin's maxAge, gorilla and gin-contrib Options.MaxAge too), or Expires set
// to time.Unix(k, n) with a constant k before 2000, time.Now(), or
// time.Now().Add(-d). MaxAge: 0 is not a deletion.
//
// # Session cookies
//
// Cookies managed by a session framework are session cookies. A cookie built
// directly is one when its Name is a constant whose value, or an identifier
// or selector whose own name, matches -session-names. The default pattern is
//
//	(?i)sess|auth|token|jwt|login|remember|credential|bearer|identity|(^|[_-])sid($|[_-])
//
// so "session_id", "auth", "user_sid" and a parameter called sessionName
// match, while a parameter called name does not. Names containing csrf or
// xsrf are never session cookies.
//
// # Rules and messages
//
// Secure: every emitted cookie and every session manager, when Secure is
// absent or false. CSRF middleware only for an explicit constant false (its
// defaults are secure).
//
//	http.SetCookie(w, &http.Cookie{Name: "theme", SameSite: http.SameSiteLaxMode})
//	// cookie "theme" is sent without Secure, so it can travel over plain HTTP; set Secure to true
//	csrf.Protect(key, csrf.Secure(false))
//	// CSRF cookie sets Secure to false, so it can travel over plain HTTP; set it to true
//
// HttpOnly (fiber's HTTPOnly too): session cookies only, when absent or
// false. CSRF cookies are exempt.
//
//	c.SetCookie("auth", v, 3600, "/", "", true, false) // gin
//	// session cookie "auth" sets HttpOnly to false, so scripts can read it; set it to true
//	store := sessions.NewCookieStore(key)
//	// session cookie "app" of store store defaults to HttpOnly false (gorilla/sessions v1.4.0 NewCookieStore), so scripts can read it; set Options.HttpOnly to true
//
// SameSite: any cookie whose effective SameSite is None while Secure is
// absent or false; and a session cookie whose effective SameSite is absent,
// SameSiteDefaultMode, None, or fiber's "disabled". Lax and Strict pass.
//
//	// cookie "prefs" uses SameSite=None without the secure flag, so browsers reject it; add the secure flag or use Lax
//	// session cookie "sid" uses SameSite=None, so it is sent on cross-site requests; use Lax or Strict
//	// session cookie "session_id" is sent without SameSite Lax or Strict, so it goes with cross-site requests; set SameSite to Lax
//	// session cookie "auth" disables SameSite, so it is sent on cross-site requests; use Lax or Strict
//	// session cookie "session_id" gets SameSite Lax or Strict on no path, so it goes with cross-site requests; set SameSite to Lax
//
// Partitioned: Partitioned: true without Secure.
//
//	// cookie "embed" sets Partitioned without the secure flag, so browsers reject it
//
// Lifetime: a session cookie that lives longer than -max-age (default 30
// days; exactly 30 days passes): a constant MaxAge, Expires:
// time.Now().Add(d) or AddDate (a month counts as 28 days, a year as 365),
// gin's maxAge, gorilla Options.MaxAge and CookieStore.MaxAge(n), scs
// Lifetime, fiber session Expiration. MaxAge wins over Expires, as in
// browsers; browser-session cookies (fiber SessionOnly, scs Cookie.Persist =
// false) have no lifetime.
//
//	// session cookie "remember_me" has MaxAge 90d, longer than the 30d allowed for session cookies; shorten it or raise -max-age
//	// scs session cookie "session" of sm has Lifetime 90d, longer than the 30d allowed for session cookies; shorten it or raise -max-age
//
// With -strict, a value that is not a constant, or a constant set on some
// paths only, is reported as well:
//
//	// session cookie "session" sets Secure from a value that is not a constant (strict mode); make sure it is true
//	// cookie "prefs" sets Secure only on some paths (strict mode); make sure it is true on every path
//
// Each diagnostic names one attribute, and the cookie: its name when it is
// known (a constant Name, the name a store is used under, scs's Cookie.Name,
// fiber's KeyLookup or Extractor) and the store or helper it goes through.
// A configuration's missing attribute "defaults to" a value, naming the
// constructor (and the gorilla/sessions version) it comes from. An explicit
// value is reported where it is written (Secure: false, c.Secure = false,
// csrf.Secure(false), store.MaxAge(n), the gin SetCookie argument, the
// SetSameSite value); a missing attribute where the cookie or
// configuration is built (the composite literal, new(http.Cookie), var c
// http.Cookie, scs.New(), sessions.NewCookieStore(...)); a helper's cookie
// at the argument naming it.
//
// Suggested fixes: a literal false becomes true, and a missing Secure,
// HttpOnly or SameSite field is added to a keyed composite literal
// (Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode, or the
// framework's field names such as HTTPOnly, CookieSecure, CookieHTTPOnly).
//
// # Framework models
//
// Framework defaults were read from the modules' source at these versions:
//
//   - net/http (Go 1.26): SameSite 0 and SameSiteDefaultMode emit no attribute.
//   - github.com/gin-gonic/gin v1.12.0: SetCookie(name, value, maxAge, path,
//     domain, secure, httpOnly) takes SameSite from an earlier c.SetSameSite on
//     the same context in the same function (none by default).
//   - github.com/labstack/echo/v4 v4.16.0: Context.SetCookie sends the
//     http.Cookie as is; middleware.CSRFConfig defaults to no Secure flag but is
//     reported only for an explicit CookieSecure: false, and
//     CookieSameSite: http.SameSiteNoneMode forces Secure.
//   - github.com/gofiber/fiber/v2 v2.52.15 (fasthttp v1.51.0): an empty or
//     unknown SameSite string is sent as Lax, "none" forces Secure; the session
//     middleware defaults to no Secure, no HttpOnly, Lax and 24h.
//   - github.com/gofiber/fiber/v3 v3.1.0: as v2, and Partitioned forces
//     Secure; the session middleware defaults to no Secure, no HttpOnly, Lax,
//     and a cookie named session_id; its Extractor decides which cookie (if
//     any) carries the session ID.
//   - github.com/gorilla/sessions v1.2.1 and v1.4.0: NewCookieStore defaults
//     to Secure and SameSite=None since v1.3.0 and sets neither before;
//     HttpOnly is false and MaxAge 30 days in every version.
//     NewFilesystemStore sets neither Secure, HttpOnly nor SameSite. The
//     version is the one the package is built against (read from the
//     module cache path of the package's source, or vendor/modules.txt);
//     when it cannot be told, v1.3.0's defaults are assumed and the
//     SameSite message says that earlier versions send no attribute.
//   - github.com/gin-contrib/sessions v1.0.4: cookie.NewStore wraps
//     gorilla's NewCookieStore; store.Options(...) replaces its options.
//   - github.com/gorilla/csrf v1.7.3: defaults are Secure, HttpOnly, Lax.
//   - github.com/alexedwards/scs/v2 v2.9.0: New() is Secure false, HttpOnly
//     true, Lax, Lifetime 24h.
//
// # Flags
//
//	-session-names regexp   replaces the session-name pattern above
//	-max-age duration       longest session lifetime (default 30d; Go durations such as 720h, or days such as 30d)
//	-strict                 treat values that are not constants as insecure (as gosec G124 does)
//
// In relguard.yaml these are cookiesec.session-names, cookiesec.max-age and
// cookiesec.strict under lint:.
//
// # Suppression
//
// A finding that is intended can be silenced on its line with
// //nolint:cookiesec or //relguard:ignore cookiesec <reason>.
package cookiesec
