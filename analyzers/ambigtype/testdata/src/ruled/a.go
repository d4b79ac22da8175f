package ruled

import . "example.com/db" // want `^ambiguous type name Session: b.go uses a bare Session from "example.com/models"; c.go uses a bare Session from "example.com/reexport"; give this import a descriptive alias$`

func open() *Session { return Open() }
