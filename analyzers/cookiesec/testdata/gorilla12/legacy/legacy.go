// Package legacy is built against gorilla/sessions v1.2.1, whose
// NewCookieStore sets neither Secure nor SameSite: both defaults are
// reported, saying what that version does.
package legacy

import (
	"net/http"

	"github.com/gorilla/sessions"
)

var store = sessions.NewCookieStore([]byte("0123456789abcdef")) // want `^session cookie "app" of store store defaults to Secure false \(gorilla/sessions v1.2.1 NewCookieStore\), so it can travel over plain HTTP; set Options.Secure to true$` `^session cookie "app" of store store defaults to no SameSite attribute \(gorilla/sessions v1.2.1 NewCookieStore\), so it goes with cross-site requests; set Options.SameSite to Lax$`

func init() {
	store.Options.HttpOnly = true
}

func handler(w http.ResponseWriter, r *http.Request) {
	sess, _ := store.Get(r, "app")
	_ = sess.Save(r, w)
}
