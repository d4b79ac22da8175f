// Package mixed uses the family next to its own module's Session: only the
// module's import is reported, and the message lists three paths and a
// count instead of every provider.
package mixed

import (
	"example.com/goth"
	"example.com/goth/providers/amazon"
	"example.com/goth/providers/apple"
	"example.com/goth/providers/auth0"
	"example.com/goth/providers/bitbucket"
	"example.com/goth/providers/box"
	"familyroot/models" // want `^ambiguous type name Session: this file also uses Session from "example.com/goth", "example.com/goth/providers/amazon", "example.com/goth/providers/apple" and 3 more; give this import a descriptive alias$`
)

func login(s goth.Session, stored *models.Session) {
	_ = []any{&amazon.Session{}, &apple.Session{}, &auth0.Session{}, &bitbucket.Session{}, &box.Session{}}
}
