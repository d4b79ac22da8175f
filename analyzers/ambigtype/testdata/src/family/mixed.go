package family

// A non-sibling member breaks the family.
import (
	"example.com/db"               // want `^ambiguous type name Session: this file also uses Session from "example.com/providers/github" and "example.com/providers/gitlab"; give this import a descriptive alias$`
	"example.com/providers/github" // want `this file also uses Session from`
	"example.com/providers/gitlab" // want `this file also uses Session from`
)

var _ = []any{db.Session{}, github.Session{}, gitlab.Session{}}
