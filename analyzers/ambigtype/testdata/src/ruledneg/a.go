// Package ruledneg has a dot-import that conflicts with nothing.
package ruledneg

import . "example.com/db"

func open() *Session { return Open() }
