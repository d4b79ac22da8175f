// Package web has the Go shape of the incident: a cookie-store Session and
// the application's Session model in one handler file.
package web

import (
	"net/http"

	"example.com/app/models"      // want `^ambiguous type name Session: this file also uses Session from "github.com/gorilla/sessions"; give this import a descriptive alias$`
	"github.com/gorilla/sessions" // want `^ambiguous type name Session: this file also uses Session from "example.com/app/models"; give this import a descriptive alias$`
)

var store = sessions.NewCookieStore([]byte("key"))

func logout(w http.ResponseWriter, r *http.Request, current *models.Session) {
	var s *sessions.Session
	s, _ = store.Get(r, "app")
	s.Options.MaxAge = -1
	_ = s.Save(r, w)
}
