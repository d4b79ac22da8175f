// Package login uses three sibling packages of its own module: not an
// exempt family, since the module could name them better.
package login

import (
	"example.com/app/providers/alpha" // want `this file also uses Session from "example.com/app/providers/beta" and "example.com/app/providers/gamma"`
	"example.com/app/providers/beta"  // want `this file also uses Session from`
	"example.com/app/providers/gamma" // want `this file also uses Session from`
)

var _ = []any{alpha.Session{}, beta.Session{}, gamma.Session{}}
