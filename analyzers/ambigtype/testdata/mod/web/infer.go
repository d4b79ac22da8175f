package web

import (
	"net/http"

	"example.com/app/models"
)

// The cookie-store session is only reached by inference.
func refresh(r *http.Request) models.Session {
	s, _ := store.Get(r, "app")
	_ = s.Values
	return models.Session{}
}
