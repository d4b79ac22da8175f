// Package multiname is checked with -names=Session,User (and with *).
package multiname

import (
	"example.com/accounts" // want `^ambiguous type names Session and User: this file also uses Session from "example.com/models"; this file also uses User from "example.com/models"; give this import a descriptive alias$`
	"example.com/models"   // want `^ambiguous type names Session and User: this file also uses Session from "example.com/accounts"; this file also uses User from "example.com/accounts"; give this import a descriptive alias$`
)

var _ = []any{accounts.Session{}, accounts.User{}, models.Session{}, models.User{}}
