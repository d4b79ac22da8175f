package store

import (
	"example.com/app/models"
	"gorm.io/gorm"
)

// The alias declaration is the disambiguation.
type GormSession = gorm.Session

func configured(db *gorm.DB, s models.Session) *gorm.DB {
	return db.Session(&GormSession{PrepareStmt: true})
}

func newConfig() *GormSession { return &GormSession{} }
