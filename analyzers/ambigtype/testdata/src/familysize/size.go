// Package familysize is checked with -family=4: three siblings are not
// enough.
package familysize

import (
	"example.com/providers/github" // want `this file also uses Session from "example.com/providers/gitlab" and "example.com/providers/google"`
	"example.com/providers/gitlab" // want `this file also uses Session from`
	"example.com/providers/google" // want `this file also uses Session from`
)

var _ = []any{github.Session{}, gitlab.Session{}, google.Session{}}
