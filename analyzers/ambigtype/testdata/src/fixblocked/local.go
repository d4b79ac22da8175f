package fixblocked

import (
	"example.com/aws/session" // want `this file also uses Session from "example.com/db"`

	"example.com/db" // want `this file also uses Session from "example.com/aws/session"`
)

// dbsession is visible at a use inside this function only.
func shadowed(dbsession int) *session.Session {
	_ = db.Session{}
	return nil
}
