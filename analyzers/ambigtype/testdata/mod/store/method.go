package store

import (
	"example.com/app/models"
	"gorm.io/gorm"
)

// The Session method of *gorm.DB is not a type name; the config struct is
// only built by inference here.
func scoped(db *gorm.DB) (*gorm.DB, models.Session) {
	tx := db.Session(newConfig())
	return tx, models.Session{}
}
