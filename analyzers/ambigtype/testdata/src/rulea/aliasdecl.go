package rulea

import (
	"example.com/db"
	"example.com/models"
)

// The alias declaration is the disambiguation.
type DBSession = db.Session

type GenericModel = models.Generic[int]

func renamed(*DBSession, models.Session) {}
