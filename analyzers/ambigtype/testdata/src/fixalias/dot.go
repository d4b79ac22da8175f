package fixalias

import (
	. "example.com/models" // want `this file also uses Session from "example.com/db"`

	"example.com/db"
)

func dotted(u Session, s *db.Session) (User, Generic[int]) {
	_ = Session{UserID: 1}
	_ = Current
	return User{}, Generic[int]{V: 1}
}
