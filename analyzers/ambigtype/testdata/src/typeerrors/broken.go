// Package typeerrors does not compile; the analyzer must still not panic.
package typeerrors

import (
	"example.com/aws/session"
	"example.com/db"
	"example.com/missing"
	"example.com/models"
)

type Session = undefined.Session

func broken(s *db.Session, u models.Session, m missing.Session) {
	session := session.Nope()
	var x db.Session = models.Session{}
	for _, session := range undefinedThing {
	}
	_ = models.Generic[int, string]{}
	_ = x
}
