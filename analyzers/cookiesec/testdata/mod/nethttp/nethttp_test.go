package nethttp

import "net/http"

func inTest(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "x"})
}
