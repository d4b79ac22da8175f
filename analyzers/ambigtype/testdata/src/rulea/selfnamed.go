package rulea

// An alias equal to the package's own name disambiguates nothing.
import (
	db "example.com/db"  // want `this file also uses Session from "example.com/models"`
	"example.com/models" // want `this file also uses Session from "example.com/db"`
)

var _ = []any{db.Session{}, models.Session{}}
