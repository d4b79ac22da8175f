package auth

// The file need not spell the package's own Session: a reader still sees
// two Sessions in the package.
import (
	"example.com/db"     // want `package auth declares its own Session and this file also uses Session from "example.com/models"`
	"example.com/models" // want `package auth declares its own Session and this file also uses Session from "example.com/db"`
)

var _ = []any{db.Session{}, models.Session{}}
