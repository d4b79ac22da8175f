package rulea

import (
	"example.com/aws/session" // want `^ambiguous type name Session: this file also uses Session from "example.com/db" and "example.com/models"; give this import a descriptive alias$`
	"example.com/db"          // want `uses Session from "example.com/aws/session" and "example.com/models"`
	"example.com/models"      // want `uses Session from "example.com/aws/session" and "example.com/db"`
)

var _ = []any{session.Session{}, db.Session{}, models.Session{}}
