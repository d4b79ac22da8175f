// Package goth is the root of a provider family: each package under
// providers/ exports its own Session.
package goth

// Session is what a complete provider's session implements.
type Session interface {
	GetAuthURL() (string, error)
	Marshal() string
}
