package web

import (
	"net/http/httptest"
	"testing"

	"example.com/app/models"      // want `this file also uses Session from "github.com/gorilla/sessions"`
	"github.com/gorilla/sessions" // want `this file also uses Session from "example.com/app/models"`
)

func TestLogout(t *testing.T) {
	r := httptest.NewRequest("POST", "/logout", nil)
	logout(httptest.NewRecorder(), r, &models.Session{})
	var _ *sessions.Session
}
