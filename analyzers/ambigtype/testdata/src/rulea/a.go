package rulea

import (
	"example.com/db"     // want `^ambiguous type name Session: this file also uses Session from "example.com/models"; give this import a descriptive alias$`
	"example.com/models" // want `^ambiguous type name Session: this file also uses Session from "example.com/db"; give this import a descriptive alias$`
)

func logout(s *db.Session, u models.Session) {}
