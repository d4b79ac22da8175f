// Package overridepartial sets one attribute on every session before
// saving it: that default is replaced, the others still reach responses.
// A logout's negative MaxAge replaces nothing.
package overridepartial

import (
	"net/http"

	"github.com/gorilla/sessions"
)

var store = sessions.NewCookieStore([]byte("0123456789abcdef")) // want `^session cookie "sid" of store store defaults to SameSite=None \(gorilla/sessions v1.4.0 NewCookieStore\)`

func login(w http.ResponseWriter, r *http.Request) {
	sess, _ := store.Get(r, "sid")
	sess.Options.HttpOnly = true
	_ = sess.Save(r, w)
}

func logout(w http.ResponseWriter, r *http.Request) {
	sess, _ := store.Get(r, "sid")
	sess.Options = &sessions.Options{MaxAge: -1}
	_ = sess.Save(r, w)
}
