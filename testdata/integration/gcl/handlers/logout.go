// Package handlers serves the HTTP API.
package handlers

import (
	"net/http"

	"example.com/gcl/db"
	"example.com/gcl/models"
)

// Logout ends the session.
func Logout(w http.ResponseWriter, s *db.Session, u models.Session) {
	http.SetCookie(w, &http.Cookie{Name: "session_id", Value: s.ID + u.UserID})
}
