package ruled

import . "example.com/models" // want `^ambiguous type name Session: a.go uses a bare Session from "example.com/db"; give this import a descriptive alias$`

func current() Session { return Current() }
