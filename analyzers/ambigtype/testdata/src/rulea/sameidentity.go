package rulea

import (
	"example.com/models"
	"example.com/reexport"
)

// Two spellings of one type never collide, generic instantiations included.
func sameIdentity(a models.Session, b reexport.Session, c models.Generic[int], d models.Generic[string]) {
	a = b
}
