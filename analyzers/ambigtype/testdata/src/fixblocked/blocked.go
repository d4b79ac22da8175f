// Package fixblocked declares the mapped alias itself, so no fix is offered.
package fixblocked

import (
	"example.com/aws/session" // want `this file also uses Session from "example.com/models"`

	"example.com/models" // want `this file also uses Session from "example.com/aws/session"`
)

var usermodels = "taken"

var _ = []any{session.Session{}, models.Session{}}
