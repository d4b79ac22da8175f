// Package store uses gorm, whose *gorm.DB has a Session method and whose
// gorm.Session is the session configuration struct.
package store

import (
	"example.com/app/models" // want `this file also uses Session from "gorm.io/gorm"`
	"gorm.io/gorm"           // want `this file also uses Session from "example.com/app/models"`
)

func dryRun(db *gorm.DB, s models.Session) *gorm.DB {
	return db.Session(&gorm.Session{DryRun: true}).Where("id = ?", s.ID)
}
