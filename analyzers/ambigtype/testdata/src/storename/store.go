// Package storename is checked with -names=Store.
package storename

import (
	"example.com/db"
	"example.com/models"
	"example.com/other/session"
)

// Session is not watched under -names=Store.
var _ = []any{db.Session{}, models.Session{}}

func current() {
	session := session.Default() // want `variable session shadows the import of "example.com/other/session"`
	_ = session
}
