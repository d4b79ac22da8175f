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
	s1 := sessions.NewCookieStore(key) // want `^session cookie of store s1 defaults to HttpOnly false \(gorilla/sessions v1.4.0 NewCookieStore\), so scripts can read it; set Options.HttpOnly to true$` `^session cookie of store s1 defaults to SameSite=None \(gorilla/sessions v1.4.0 NewCookieStore\), so it is sent on cross-site requests; set Options.SameSite to Lax or Strict$`
	_ = s1

	s2 := sessions.NewFilesystemStore("", key) // want `session cookie of store s2 defaults to Secure false \(gorilla/sessions v1.4.0 NewFilesystemStore\)` `session cookie of store s2 defaults to HttpOnly false` `session cookie of store s2 defaults to no SameSite attribute \(gorilla/sessions v1.4.0 NewFilesystemStore\), so it goes with cross-site requests; set Options.SameSite to Lax$`
	_ = s2

	s3 := sessions.NewCookieStore(key)
	s3.Options.HttpOnly = true
	s3.Options.SameSite = http.SameSiteLaxMode
	s3.Options.Secure = false // want `session cookie of store s3 sets Secure to false`
	s3.MaxAge(86400 * 90)     // want `session cookie of store s3 has MaxAge 90d`

	s4 := sessions.NewCookieStore(key)
	s4.Options = &sessions.Options{Path: "/", MaxAge: 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode} // want `^session cookie of store s4 defaults to Secure false, so it can travel over plain HTTP; set Secure to true$`

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
	s10.Options.HttpOnly = false // want `session cookie of store s10 sets HttpOnly to false`

	s11 := sessions.NewCookieStore(key)
	s11.Options = &sessions.Options{Path: "/", MaxAge: 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode} // want `session cookie of store s11 defaults to Secure false`
	if tls {
		s11.Options.HttpOnly = false // a conditional write to another field leaves Secure missing
	}
	_, _, _, _ = s8, s9, s10, s11
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
var bareStore = sessions.NewFilesystemStore("", []byte("k")) // want `session cookie of store bareStore defaults to Secure false` `defaults to HttpOnly false` `defaults to no SameSite attribute`

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
