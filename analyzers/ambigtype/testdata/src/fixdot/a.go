// Package fixdot has two files whose dot-imports give Session two meanings.
package fixdot

import . "example.com/db" // want `b.go uses a bare Session from "example.com/models"`

func open() *Session {
	s := Open()
	defer Close(s)
	return s
}
