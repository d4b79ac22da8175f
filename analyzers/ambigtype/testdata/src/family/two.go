package family

// Two siblings are below the family size.
import (
	"example.com/providers/github" // want `this file also uses Session from "example.com/providers/google"`
	"example.com/providers/google" // want `this file also uses Session from "example.com/providers/github"`
)

var _ = []any{github.Session{}, google.Session{}}
