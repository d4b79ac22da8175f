// Package ruledgen: a generated file is never reported, but a reader of
// b.go still meets its bare Session.
package ruledgen

import . "example.com/models" // want `^ambiguous type name Session: gen.go uses a bare Session from "example.com/db"; give this import a descriptive alias$`

var _ Session
