// Package gorillasess writes session options in handlers: explicit
// constants are reported where they are written.
package gorillasess

import (
	"net/http"

	"github.com/gorilla/sessions"
)

func login(w http.ResponseWriter, r *http.Request, store sessions.Store, isDev bool) {
	sess, _ := store.Get(r, "app")
	sess.Options.HttpOnly = false     // want `^session cookie saved through sess sets HttpOnly to false, so scripts can read it; set it to true$`
	sess.Options.MaxAge = 86400 * 365 // want `session cookie saved through sess has MaxAge 365d`
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
