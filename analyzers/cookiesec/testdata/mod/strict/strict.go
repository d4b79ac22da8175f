package strict

import "net/http"

type config struct{ Secure, HTTPOnly bool }

func fromConfig(w http.ResponseWriter, cfg config, mode http.SameSite) {
	http.SetCookie(w, &http.Cookie{
		Name:     "session",
		Secure:   cfg.Secure,   // want `session cookie "session" sets Secure from a value that is not a constant \(strict mode\)`
		HttpOnly: cfg.HTTPOnly, // want `session cookie "session" sets HttpOnly from a value that is not a constant \(strict mode\)`
		SameSite: mode,         // want `session cookie "session" sets SameSite from a value that is not a constant \(strict mode\)`
	})
}

func conditional(w http.ResponseWriter, r *http.Request) {
	c := &http.Cookie{Name: "prefs", SameSite: http.SameSiteLaxMode}
	if r.TLS != nil {
		c.Secure = true // want `^cookie "prefs" sets Secure only on some paths \(strict mode\); make sure it is true on every path$`
	}
	http.SetCookie(w, c)
}

func constant(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}
