package fixalias

// m is not the mapped alias, so it counts as plain and is rewritten.
import (
	m "example.com/models" // want `this file also uses Session from "example.com/aws/session"`

	"example.com/aws/session" // want `this file also uses Session from "example.com/models"`
)

var _ = []any{m.Session{}, session.Session{}, m.User{}}
