package gorilla

import (
	"net/http"

	"github.com/gorilla/csrf"
	"github.com/gorilla/sessions"
)

type settings struct {
	Secure   bool
	HTTPOnly bool
}

func stores(key []byte, cfg settings) {
	s1 := sessions.NewCookieStore(key) // want `session cookie of sessions.NewCookieStore is sent without HttpOnly` `session cookie of sessions.NewCookieStore uses SameSite=None, so it is sent on cross-site requests`
	_ = s1

	s2 := sessions.NewFilesystemStore("", key) // want `session cookie of sessions.NewFilesystemStore is sent without Secure` `session cookie of sessions.NewFilesystemStore is sent without HttpOnly` `session cookie of sessions.NewFilesystemStore is sent without SameSite Lax or Strict`
	_ = s2

	s3 := sessions.NewCookieStore(key)
	s3.Options.HttpOnly = true
	s3.Options.SameSite = http.SameSiteLaxMode
	s3.Options.Secure = false // want `session cookie of sessions.NewCookieStore sets Secure to false`
	s3.MaxAge(86400 * 90)     // want `session cookie of sessions.NewCookieStore has MaxAge 90d`

	s4 := sessions.NewCookieStore(key)
	s4.Options = &sessions.Options{Path: "/", MaxAge: 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode} // want `session cookie of sessions.Options is sent without Secure`

	// negatives
	s5 := sessions.NewCookieStore(key)
	s5.Options = &sessions.Options{Path: "/", MaxAge: 3600, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}

	s6 := sessions.NewCookieStore(key)
	s6.Options.HttpOnly = cfg.HTTPOnly
	s6.Options.SameSite = http.SameSiteStrictMode

	s7 := sessions.NewCookieStore(key)
	s7.Options.Secure = cfg.Secure
	s7.Options.HttpOnly = true
	s7.Options.SameSite = http.SameSiteLaxMode
	_, _, _ = s5, s6, s7
}

// optionsAssignedToAField: writes after store.Options = &sessions.Options{...}
// change the stored options like writes through a variable.
func optionsAssignedToAField(key []byte, tls bool) {
	s8 := sessions.NewCookieStore(key)
	s8.Options = &sessions.Options{Path: "/", MaxAge: 3600, HttpOnly: true, Secure: true}
	if tls {
		s8.Options.SameSite = http.SameSiteLaxMode // set on some paths only: unknown
	}

	s9 := sessions.NewCookieStore(key)
	s9.Options = &sessions.Options{Path: "/", MaxAge: 3600, HttpOnly: true, Secure: true}
	s9.Options.SameSite = http.SameSiteStrictMode // set on every path

	s10 := sessions.NewCookieStore(key)
	s10.Options = &sessions.Options{Path: "/", MaxAge: 3600, Secure: true, SameSite: http.SameSiteLaxMode}
	s10.Options.HttpOnly = false // want `session cookie of sessions.Options sets HttpOnly to false`

	s11 := sessions.NewCookieStore(key)
	s11.Options = &sessions.Options{Path: "/", MaxAge: 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode} // want `session cookie of sessions.Options is sent without Secure`
	if tls {
		s11.Options.HttpOnly = false // a conditional write to another field leaves Secure missing
	}
	_, _, _, _ = s8, s9, s10, s11
}

func login(w http.ResponseWriter, r *http.Request, store sessions.Store, isDev bool) {
	sess, _ := store.Get(r, "app")
	sess.Options.HttpOnly = false     // want `session cookie of sessions.Options sets HttpOnly to false`
	sess.Options.MaxAge = 86400 * 365 // want `session cookie of sessions.Options has MaxAge 365d`
	// negatives: conditional, config-driven, secure
	if isDev {
		sess.Options.Secure = false
	}
	sess.Options.Secure = !isDev
	sess.Options.SameSite = http.SameSiteStrictMode
	_ = sess.Save(r, w)
}

func logout(w http.ResponseWriter, r *http.Request, store sessions.Store) {
	sess, _ := store.Get(r, "app")
	sess.Options = &sessions.Options{MaxAge: -1}
	_ = sess.Save(r, w)
	sess.Options.MaxAge = -1
}

func protect(key []byte, isDev bool) {
	_ = csrf.Protect(key, csrf.Secure(false)) // want `CSRF cookie sets Secure to false`
	_ = csrf.Protect(key, csrf.Secure(false), // want `CSRF cookie sets Secure to false`
		csrf.SameSite(csrf.SameSiteNoneMode)) // want `CSRF cookie uses SameSite=None without the secure flag`

	// negatives: defaults are Secure, HttpOnly and Lax; HttpOnly is exempt
	_ = csrf.Protect(key)
	_ = csrf.Protect(key, csrf.Secure(!isDev))
	_ = csrf.Protect(key, csrf.HttpOnly(false), csrf.SameSite(csrf.SameSiteNoneMode))
	_ = csrf.Protect(key, csrf.Path("/"))
}

// A package-level store configured in init: the assignments happen outside
// the constructing code, so their values are unknown and nothing is reported.
var appStore = sessions.NewCookieStore([]byte("k"))

func init() {
	appStore.Options.HttpOnly = true
	appStore.Options.SameSite = http.SameSiteLaxMode
}

// A package-level store nobody configures keeps its defaults.
var bareStore = sessions.NewFilesystemStore("", []byte("k")) // want `session cookie of sessions.NewFilesystemStore is sent without Secure` `without HttpOnly` `without SameSite`

// A store handed to a function of this package may be configured there.
func configuredElsewhere() *sessions.CookieStore {
	s := sessions.NewCookieStore([]byte("k"))
	harden(s)
	return s
}

func harden(s *sessions.CookieStore) {
	s.Options.HttpOnly = true
	s.Options.SameSite = http.SameSiteLaxMode
}
