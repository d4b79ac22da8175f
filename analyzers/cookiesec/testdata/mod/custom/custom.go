package custom

import (
	"net/http"
	"time"
)

// With -session-names=^app_ and -max-age=7d.
func cookies(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "app_state", Secure: true, SameSite: http.SameSiteLaxMode}) // want `session cookie "app_state" is sent without HttpOnly`
	// "session" no longer matches the replaced pattern
	http.SetCookie(w, &http.Cookie{Name: "session", Secure: true})
	http.SetCookie(w, &http.Cookie{Name: "app_id", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Expires: time.Now().Add(8 * 24 * time.Hour)}) // want `session cookie "app_id" has Expires 8d, longer than the 7d allowed`
	http.SetCookie(w, &http.Cookie{Name: "app_week", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 7 * 86400})
	// csrf names stay excluded
	http.SetCookie(w, &http.Cookie{Name: "app_csrf", Secure: true})
}
