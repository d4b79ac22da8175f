package handlers

import (
	"net/http"

	"example.com/gcl/db"     //nolint:relguard // reviewed: aliases would churn the generated client
	"example.com/gcl/models" //nolint:relguard // reviewed
)

// Legacy keeps the old endpoint alive until v1 clients are gone.
func Legacy(w http.ResponseWriter, s db.Session, u models.Session) {
	//nolint:relguard // the legacy client reads this cookie from JavaScript
	http.SetCookie(w, &http.Cookie{Name: "session_id", Value: s.ID + u.UserID})
}
