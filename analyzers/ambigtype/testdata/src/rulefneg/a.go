// Package rulefneg binds session to two paths but never spells a watched
// type through it; only -strict reports it.
package rulefneg

import "example.com/aws/session"

func connect() { session.New() }
