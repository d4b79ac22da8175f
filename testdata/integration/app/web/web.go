// Package web serves the pages.
package web

import "net/http"

// Index greets.
func Index(w http.ResponseWriter, _ *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "theme", Value: "dark", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	w.Write([]byte("hello"))
}
