// Package familyroot imports a whole provider family together with the
// family's root package, as an application offering every goth provider
// does: the family is exempt as a whole.
package familyroot

import (
	"example.com/goth"
	"example.com/goth/providers/amazon"
	"example.com/goth/providers/apple"
	"example.com/goth/providers/auth0"
	"example.com/goth/providers/bitbucket"
	"example.com/goth/providers/box"
)

type handler struct {
	current goth.Session
}

func providers() []any {
	return []any{&amazon.Session{}, &apple.Session{}, &auth0.Session{}, &bitbucket.Session{}, &box.Session{}}
}

var _ = handler{}
