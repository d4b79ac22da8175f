package fixalias

// The mapped aliases are the accepted disambiguation.
import (
	dbsession "example.com/db"
	usermodels "example.com/models"
)

var _ = []any{dbsession.Session{}, usermodels.Session{}}
