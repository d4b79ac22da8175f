// Package overridesave replaces a store's options on every session before
// saving it: the store's defaults never reach a response.
package overridesave

import (
	"net/http"

	"github.com/gorilla/sessions"
)

var store = sessions.NewCookieStore([]byte("0123456789abcdef"))

func sessionOptions() *sessions.Options {
	return &sessions.Options{Path: "/", MaxAge: 86400 * 7, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}
}

func login(w http.ResponseWriter, r *http.Request) {
	sess, _ := store.Get(r, "sid")
	sess.Values["user"] = r.FormValue("user")
	sess.Options = sessionOptions()
	_ = sess.Save(r, w)
}

func remember(w http.ResponseWriter, r *http.Request) {
	sess, _ := store.Get(r, "sid")
	sess.Options = &sessions.Options{Path: "/", MaxAge: 86400 * 90, HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode} // want `^session cookie saved through sess has MaxAge 90d`
	_ = sess.Save(r, w)
}

func logout(w http.ResponseWriter, r *http.Request) {
	sess, _ := store.Get(r, "sid")
	sess.Options.MaxAge = -1
	_ = sess.Save(r, w)
}
