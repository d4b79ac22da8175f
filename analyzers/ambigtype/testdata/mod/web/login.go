package web

import (
	"net/http"

	"example.com/app/models"
	cookiesessions "github.com/gorilla/sessions"
)

// login disambiguates with an alias: nothing to report.
func login(r *http.Request) (*cookiesessions.Session, models.Session) {
	s, _ := store.Get(r, "app")
	return s, models.Session{}
}
