// Package storewrites holds stores configured away from where they are
// built: in init, in a field of the package's own type, through a helper,
// or in another function. Writes anywhere in the package count before a
// default is reported.
package storewrites

import (
	"net/http"

	"github.com/gorilla/sessions"
)

var key = []byte("0123456789abcdef")

// A package-level store hardened in init: init runs before any handler,
// so its constant writes are what every response gets. Only SameSite is
// left at its default.
var store = sessions.NewCookieStore(key) // want `^session cookie "app" of store store defaults to SameSite=None \(gorilla/sessions v1.4.0 NewCookieStore\), so it is sent on cross-site requests; set Options.SameSite to Lax or Strict$`

func init() {
	store.Options.HttpOnly = true
	store.MaxAge(86400 * 5)
}

// init can also make things worse.
var legacy = sessions.NewFilesystemStore("", key)

func init() {
	legacy.Options.Secure = true
	legacy.Options.SameSite = http.SameSiteLaxMode
	legacy.Options.HttpOnly = false // want `^session cookie "app" of store legacy sets HttpOnly to false, so scripts can read it; set it to true$`
}

// A store kept in a field of this package's type and completed right
// after it is built.
type manager struct {
	sessions *sessions.CookieStore
}

func newManager() *manager {
	m := &manager{
		sessions: sessions.NewCookieStore(key), // want `^session cookie "app" of store sessions defaults to HttpOnly false`
	}
	m.sessions.Options.SameSite = http.SameSiteLaxMode
	return m
}

// A store whose options a helper of this package hardens: unknown.
type web struct {
	flash *sessions.CookieStore
}

func newWeb() *web {
	w := &web{}
	w.flash = sessions.NewCookieStore(key)
	harden(w.flash.Options)
	return w
}

func harden(o *sessions.Options) {
	o.HttpOnly = true
	o.SameSite = http.SameSiteLaxMode
}

// A store written in other functions: whether those ran before a
// response cannot be told, so its defaults are not reported...
var shared = sessions.NewCookieStore(key)

func configure() {
	shared.Options.HttpOnly = true
	shared.Options.SameSite = http.SameSiteStrictMode
}

// ...but a constant insecure value is reported where it is written.
func debug() {
	shared.Options.Secure = false // want `^session cookie of store shared sets Secure to false, so it can travel over plain HTTP; set it to true$`
}

// An exported store may be configured by the packages that import it:
// its Secure default stays open (the deployment decides TLS, often in
// main), its other defaults are judged.
var Exported = sessions.NewFilesystemStore("", key)

func init() {
	Exported.Options.HttpOnly = true
	Exported.Options.SameSite = http.SameSiteLaxMode
}

var ExportedBare = sessions.NewCookieStore(key) // want `session cookie of store ExportedBare defaults to HttpOnly false` `session cookie of store ExportedBare defaults to SameSite=None`

// An unexported store nobody configures keeps its defaults.
var bare = sessions.NewCookieStore(key) // want `session cookie "app" of store bare defaults to HttpOnly false` `session cookie "app" of store bare defaults to SameSite=None`

func handler(w http.ResponseWriter, r *http.Request) {
	sess, _ := store.Get(r, "app")
	_ = sess.Save(r, w)
	sess, _ = legacy.Get(r, "app")
	_ = sess.Save(r, w)
	sess, _ = newManager().sessions.Get(r, "app")
	_ = sess.Save(r, w)
	sess, _ = newWeb().flash.Get(r, "app")
	_ = sess.Save(r, w)
	sess, _ = shared.Get(r, "app")
	_ = sess.Save(r, w)
	sess, _ = bare.Get(r, "app")
	_ = sess.Save(r, w)
}
