package ruled

// Dot-imports the same identity under another path: nothing differs for
// this file, but a.go's Session still differs from it.
import . "example.com/reexport" // want `a.go uses a bare Session from "example.com/db"`

var _ Session
