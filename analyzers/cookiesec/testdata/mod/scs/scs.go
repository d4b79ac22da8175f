package scs

import (
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
)

type config struct{ Production bool }

var sessionManager *scs.SessionManager

func setup(cfg config) {
	a := scs.New() // want `^scs session cookie "session" of a defaults to Secure false \(scs.New\), so it can travel over plain HTTP; set Cookie.Secure to true$`
	_ = a

	b := scs.New()
	b.Cookie.Secure = true
	b.Lifetime = 90 * 24 * time.Hour // want `scs session cookie "session" of b has Lifetime 90d`

	d := scs.New()
	d.Cookie.Secure = true
	d.Cookie.HttpOnly = false                 // want `scs session cookie "session" of d sets HttpOnly to false`
	d.Cookie.SameSite = http.SameSiteNoneMode // want `scs session cookie "session" of d uses SameSite=None`

	// negatives
	sessionManager = scs.New()
	sessionManager.Cookie.Secure = cfg.Production
	sessionManager.Lifetime = 12 * time.Hour

	e := scs.New()
	e.Cookie.Secure = true
	e.Cookie.Persist = false
	e.Lifetime = 365 * 24 * time.Hour

	f := scs.New()
	if cfg.Production {
		f.Cookie.Secure = true
	}
	_, _, _, _ = b, d, e, f
}

var globalManager = scs.New()

func init() {
	// configured outside the constructing code: unknown, not reported
	globalManager.Cookie.Secure = true
	globalManager.Lifetime = 24 * time.Hour
}

type app struct{ sessions *scs.SessionManager }

func (a *app) configure(isDev bool) {
	a.sessions.Cookie.Secure = false          // want `scs session cookie of a.sessions sets Secure to false`
	a.sessions.Lifetime = 60 * 24 * time.Hour // want `scs session cookie of a.sessions has Lifetime 60d`
	a.sessions.Cookie.SameSite = http.SameSiteLaxMode
	if isDev {
		a.sessions.Cookie.HttpOnly = false
	}
	a.sessions.Cookie.Persist = !isDev
}
