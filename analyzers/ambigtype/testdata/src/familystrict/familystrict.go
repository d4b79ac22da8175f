// Package familystrict is checked with -strict, where families are
// reported too: every message lists three paths and counts the rest.
package familystrict

import (
	"example.com/goth"                     // want `^ambiguous type name Session: this file also uses Session from "example.com/goth/providers/amazon", "example.com/goth/providers/apple", "example.com/goth/providers/auth0" and 2 more; give this import a descriptive alias$`
	"example.com/goth/providers/amazon"    // want `this file also uses Session from "example.com/goth", "example.com/goth/providers/apple", "example.com/goth/providers/auth0" and 2 more;`
	"example.com/goth/providers/apple"     // want `and 2 more;`
	"example.com/goth/providers/auth0"     // want `and 2 more;`
	"example.com/goth/providers/bitbucket" // want `and 2 more;`
	"example.com/goth/providers/box"       // want `"example.com/goth", "example.com/goth/providers/amazon", "example.com/goth/providers/apple" and 2 more;`
)

var current goth.Session

func providers() []any {
	return []any{&amazon.Session{}, &apple.Session{}, &auth0.Session{}, &bitbucket.Session{}, &box.Session{}}
}
