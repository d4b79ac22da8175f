// Package routes wires the authentication endpoints.
package routes

import (
	"encoding/json"
	"net/http"

	"example.com/incident/db"
	"example.com/incident/models"
)

// Auth serves /api/auth/*.
type Auth struct {
	Store *db.Store
}

// Login starts a session and sets the session cookie.
func (a *Auth) Login(w http.ResponseWriter, r *http.Request) {
	s := &db.Session{ID: r.FormValue("nonce"), UserID: 1}
	a.Store.Put(s)
	http.SetCookie(w, &http.Cookie{Name: "session_id", Value: s.ID})
	writeJSON(w, models.Session{UserID: s.UserID, LoggedIn: true})
}

// Logout revokes the session. In v0.4.x the two Session types were mixed
// up here and every logout answered 500.
func (a *Auth) Logout(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie("session_id")
	if err != nil {
		http.Error(w, "not logged in", http.StatusUnauthorized)
		return
	}
	var s *db.Session
	if s, err = a.Store.Get(c.Value); err != nil {
		http.Error(w, "unknown session", http.StatusUnauthorized)
		return
	}
	if err := a.Store.Revoke(s.ID); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "", MaxAge: -1})
	writeJSON(w, models.Session{LoggedIn: false})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
