// Package dotmix mixes a dot-import with a plain import in one file: the
// dot-import is the one to fix.
package dotmix

import (
	. "example.com/db" // want `^ambiguous type name Session: this file also uses Session from "example.com/models"; give this import a descriptive alias$`
	"example.com/models"
)

func both(*Session, models.Session) {}
