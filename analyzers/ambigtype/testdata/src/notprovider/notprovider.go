// Package notprovider declares a Session that does not implement the
// imported interface: two unrelated types under one name.
package notprovider

import "example.com/goth" // want `^ambiguous type name Session: package notprovider declares its own Session; give this import a descriptive alias$`

// Session is a stored login, not a goth session.
type Session struct{ UserID int64 }

func current() goth.Session { return nil }
