package rulea

// One descriptive alias leaves a single plain member: nothing to report.
import (
	dbsession "example.com/db"
	"example.com/models"
)

func aliased(s *dbsession.Session, u models.Session) {}
