// Package sessionwrap hands gorilla sessions to the application's
// handlers through its own context type, so that they need no import of
// gorilla/sessions (nor net/http).
package sessionwrap

import (
	"net/http"

	"github.com/gorilla/sessions"
)

// Store keeps the login sessions; the application configures it.
var Store sessions.Store

// Context is what handlers get.
type Context struct {
	W http.ResponseWriter
	R *http.Request
}

// Session loads the login session.
func (c *Context) Session() *sessions.Session {
	sess, _ := Store.Get(c.R, "session")
	return sess
}

// Save saves a session.
func (c *Context) Save(sess *sessions.Session) { _ = sess.Save(c.R, c.W) }
