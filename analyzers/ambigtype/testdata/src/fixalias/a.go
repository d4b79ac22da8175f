package fixalias

import (
	"fmt"

	"example.com/db" // want `this file also uses Session from "example.com/models"`

	"example.com/models" // want `this file also uses Session from "example.com/db"`
)

type pair struct {
	tx   *db.Session
	user models.Session
}

func logout(s *db.Session, u models.Session) {
	db.Close(s)
	fmt.Println(u, models.Current())
}
