// Package rulebalias re-exports db.Session: one identity, no collision.
package rulebalias

import "example.com/db"

type Session = db.Session

func use(a *Session, b *db.Session) { a = b }
