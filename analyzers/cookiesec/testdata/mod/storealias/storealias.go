// Package storealias builds a store in a local variable, configures it,
// and keeps it in a field of the application: the store is followed into
// the field, and what the local configuration left is still judged.
package storealias

import (
	"net/http"
	"strings"

	"github.com/gorilla/sessions"

	"example.com/app/sessionwrap"
)

type app struct {
	host     string
	sessions *sessions.CookieStore
	flash    *sessions.CookieStore
}

func (a *app) initSession(authKey, key []byte) {
	store := sessions.NewCookieStore(authKey, key)
	store.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   86400 * 7,
		HttpOnly: true,
		Secure:   strings.HasPrefix(a.host, "https://"),
	}
	if store.Options.Secure {
		store.Options.SameSite = http.SameSiteNoneMode // want `^session cookie of store store gets SameSite Lax or Strict on no path, so it goes with cross-site requests; set SameSite to Lax$`
	}
	a.sessions = store
}

// Configured after it was kept in the field, in the same function: the
// write through the field counts, and the default it leaves is reported.
func (a *app) initFlash(key []byte) {
	flash := sessions.NewCookieStore(key) // want `^session cookie of store flash defaults to SameSite=None \(gorilla/sessions v1.4.0 NewCookieStore\)`
	a.flash = flash
	a.flash.Options.HttpOnly = true
}

// Kept as a sessions.Store, which cannot reach the options: a getter
// returning it and a setter replacing it change nothing about what was
// configured here.
type server struct {
	sessionStore sessions.Store
}

func (s *server) SessionStore() sessions.Store { return s.sessionStore }

func (s *server) SetSessionStore(st sessions.Store) { s.sessionStore = st }

func (s *server) initSession(key []byte, https bool) {
	store := sessions.NewCookieStore(key)
	store.Options = &sessions.Options{Path: "/", MaxAge: 86400, HttpOnly: true, Secure: https}
	if https {
		store.Options.SameSite = http.SameSiteNoneMode // want `^session cookie of store store gets SameSite Lax or Strict on no path`
	}
	s.sessionStore = store
}

// An exported field whose store is also handed to another package as a
// sessions.Store (as opengist hands its user store to gothic.Store):
// through that interface nobody can change the options, and only the
// Secure default of an exported field stays open.
type users struct {
	Store *sessions.FilesystemStore
}

func newUsers(dir string, key []byte) *users {
	u := &users{}
	u.Store = sessions.NewFilesystemStore(dir, key) // want `^session cookie "session" of store u.Store defaults to HttpOnly false` `^session cookie "session" of store u.Store defaults to no SameSite attribute`
	sessionwrap.Store = u.Store
	return u
}

func (u *users) current(r *http.Request) *sessions.Session {
	sess, _ := u.Store.Get(r, "session")
	return sess
}
