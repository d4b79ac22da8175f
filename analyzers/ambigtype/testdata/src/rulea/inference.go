package rulea

import (
	"example.com/db"
	"example.com/models"
)

// db.Session is only reached by inference; methods and fields named
// Session are not type names.
type holder struct{ Session int }

type opener struct{}

func (opener) Session() {}

func inferred() models.Session {
	s := db.Open()
	db.Close(s)
	var h holder
	opener{}.Session()
	_ = h.Session
	return models.Session{}
}
