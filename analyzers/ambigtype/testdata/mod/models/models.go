// Package models holds the application's own Session.
package models

type Session struct {
	ID     string
	UserID int
}
