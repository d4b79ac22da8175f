// Package apitest only supports tests: like a _test.go file, its cookie
// stores never reach a user.
package apitest

import (
	"github.com/gorilla/sessions"
)

// NewStore returns a store for handler tests.
func NewStore() sessions.Store {
	store := sessions.NewCookieStore([]byte("secret"))
	store.Options.HttpOnly = false
	return store
}
