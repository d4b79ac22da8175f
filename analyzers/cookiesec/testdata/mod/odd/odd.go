// Package odd holds unusual code shapes: none may crash the analyzer, and
// each result is stated.
package odd

import (
	"net/http"
	"time"
)

func positional(w http.ResponseWriter) {
	// positional fields are matched to the struct's fields
	http.SetCookie(w, &http.Cookie{"session", "v", false, "/", "", time.Time{}, "", 0, false, false, 0, false, "", nil}) // want `session cookie "session" sets Secure to false` `session cookie "session" sets HttpOnly to false` `session cookie "session" is sent without SameSite`
}

func deferred(w http.ResponseWriter) {
	c := &http.Cookie{Name: "theme", SameSite: http.SameSiteLaxMode} // want `cookie "theme" is sent without Secure`
	defer http.SetCookie(w, c)
}

func inGoroutine(w http.ResponseWriter, done chan struct{}) {
	c := &http.Cookie{Name: "theme", SameSite: http.SameSiteLaxMode} // want `cookie "theme" is sent without Secure`
	go func() {
		http.SetCookie(w, c)
		close(done)
	}()
}

func closureSets(w http.ResponseWriter) {
	c := &http.Cookie{Name: "theme", SameSite: http.SameSiteLaxMode}
	set := func() { c.Secure = true }
	set()
	http.SetCookie(w, c)
}

func overwritten(w http.ResponseWriter, src *http.Cookie) {
	c := &http.Cookie{Name: "session"}
	*c = *src
	http.SetCookie(w, c)
}

func switched(w http.ResponseWriter, mode int) {
	c := &http.Cookie{Name: "theme", Secure: true}
	switch mode {
	case 1:
		c.Secure = false
	}
	http.SetCookie(w, c)
}

func selected(w http.ResponseWriter, ch chan int) {
	c := &http.Cookie{Name: "theme", Secure: true}
	select {
	case <-ch:
		c.Secure = false
	default:
	}
	http.SetCookie(w, c)
}

func labelled(w http.ResponseWriter) {
	c := &http.Cookie{Name: "theme", Secure: true}
loop:
	for i := 0; i < 2; i++ {
		if i == 1 {
			break loop
		}
	}
	http.SetCookie(w, c)
}

func sendGeneric[T any](w http.ResponseWriter, c *http.Cookie, _ T) {
	http.SetCookie(w, c)
}

func viaGeneric(w http.ResponseWriter) {
	sendGeneric(w, &http.Cookie{Name: "theme", Secure: true, SameSite: http.SameSiteLaxMode}, 1)
	sendGeneric[string](w, &http.Cookie{Name: "lang"}, "") // want `cookie "lang" is sent without Secure`
}

func unnamedParams(http.ResponseWriter, *http.Cookie) {}

func nilCookie(w http.ResponseWriter) {
	http.SetCookie(w, nil)
	unnamedParams(w, nil)
	var c *http.Cookie
	http.SetCookie(w, c)
}

func header(w http.ResponseWriter) {
	w.Header().Set("set-cookie", (&http.Cookie{Name: "theme", Secure: true}).String())
	w.Header().Set("Set-Cookie", (&http.Cookie{Name: "lang"}).String()) // want `cookie "lang" is sent without Secure`
	w.Header().Set("X-Other", (&http.Cookie{Name: "lang"}).String())
}

func incDec(w http.ResponseWriter) {
	c := &http.Cookie{Name: "session", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 40 * 86400}
	c.MaxAge--
	http.SetCookie(w, c)
}

func compound(w http.ResponseWriter) {
	c := &http.Cookie{Name: "session", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 10}
	c.MaxAge *= 86400 * 40
	http.SetCookie(w, c)
}

var global = &http.Cookie{Name: "theme", Secure: true}

func useGlobal(w http.ResponseWriter) {
	http.SetCookie(w, global)
}

var globalInsecure = &http.Cookie{Name: "lang"} // want `cookie "lang" is sent without Secure`

func useGlobalInsecure(w http.ResponseWriter) {
	http.SetCookie(w, globalInsecure)
}

func tooFar(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Expires: time.Now().Add(1<<63 - 1)}) // want `session cookie "session" has Expires 106751d23h47m16s, longer`
}

func unixFuture(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Expires: time.Unix(4102444800, 0)})
}
