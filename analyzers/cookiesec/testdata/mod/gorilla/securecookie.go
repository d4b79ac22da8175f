package gorilla

import (
	"net/http"

	"github.com/gorilla/securecookie"
)

var codec = securecookie.New([]byte("hash-key"), nil)

func setEncoded(w http.ResponseWriter, v map[string]string) {
	encoded, err := codec.Encode("session", v)
	if err != nil {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "session", Value: encoded, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode}) // want `session cookie "session" is sent without Secure`
}

// negatives

func setEncodedSecure(w http.ResponseWriter, v map[string]string, name string) {
	encoded, err := codec.Encode(name, v)
	if err != nil {
		return
	}
	cookie := &http.Cookie{Name: name, Value: encoded, Path: "/", Secure: true}
	http.SetCookie(w, cookie)
}

func readEncoded(r *http.Request) map[string]string {
	got := map[string]string{}
	if c, err := r.Cookie("session"); err == nil {
		_ = codec.Decode("session", c.Value, &got)
	}
	return got
}
