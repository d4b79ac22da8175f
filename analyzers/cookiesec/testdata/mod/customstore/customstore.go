// Package customstore wraps gin-contrib's cookie store in its own type and
// always replaces the options through it: the wrapped defaults are never
// used, and the options it sets are checked where they are set.
package customstore

import (
	"net/http"

	"github.com/gin-contrib/sessions"
	"github.com/gin-contrib/sessions/cookie"
	"github.com/gin-gonic/gin"
)

// Store is the application's session store.
type Store struct {
	sessions.Store
	name string
}

func newStore(name string, secret []byte) Store {
	return Store{Store: cookie.NewStore(secret), name: name}
}

func plainStore(secret []byte) sessions.Store {
	s := cookie.NewStore(secret)
	return s
}

func setup(r *gin.Engine, secret []byte) {
	st := newStore("app", secret)
	st.Options(sessions.Options{Path: "/", MaxAge: 3600, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	r.Use(sessions.Sessions(st.name, st))

	other := plainStore(secret)
	other.Options(sessions.Options{Path: "/", MaxAge: 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode}) // want `^session cookie "admin" of store other defaults to Secure false`
	r.Use(sessions.Sessions("admin", other))
}
