package rulea

import (
	"testing"

	"example.com/db"     // want `this file also uses Session from "example.com/models"`
	"example.com/models" // want `this file also uses Session from "example.com/db"`
)

func TestLogout(t *testing.T) {
	logout(&db.Session{}, models.Session{})
}
