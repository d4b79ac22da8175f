package nethttp

import (
	"fmt"
	"log"
	"net/http"
	"time"
)

type config struct {
	Secure bool
	MaxAge int
}

var cfg config

const sessionCookieName = "app_session"

// ---- positives

func missingAll(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "x"}) // want `session cookie "session_id" is sent without Secure` `session cookie "session_id" is sent without HttpOnly` `session cookie "session_id" is sent without SameSite Lax or Strict`
}

func explicitFalse(w http.ResponseWriter) {
	c := &http.Cookie{
		Name:     "auth",
		Value:    "x",
		Secure:   false, // want `session cookie "auth" sets Secure to false`
		HttpOnly: false, // want `session cookie "auth" sets HttpOnly to false`
		SameSite: http.SameSiteLaxMode,
	}
	http.SetCookie(w, c)
}

func plainCookieNoSecure(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "theme", Value: "dark", SameSite: http.SameSiteLaxMode}) // want `cookie "theme" is sent without Secure`
}

func noneWithoutSecure(w http.ResponseWriter) {
	c := http.Cookie{Name: "prefs", Value: "x", HttpOnly: true} // want `cookie "prefs" is sent without Secure`
	c.SameSite = http.SameSiteNoneMode                          // want `cookie "prefs" uses SameSite=None without the secure flag`
	http.SetCookie(w, &c)
}

func sessionNone(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "sid", Secure: true, HttpOnly: true, SameSite: http.SameSiteNoneMode}) // want `session cookie "sid" uses SameSite=None, so it is sent on cross-site requests`
}

func defaultMode(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookieName, Secure: true, HttpOnly: true, SameSite: http.SameSiteDefaultMode}) // want `session cookie "app_session" is sent without SameSite Lax or Strict`
}

func partitioned(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "embed", Secure: false, Partitioned: true, SameSite: http.SameSiteLaxMode}) // want `cookie "embed" sets Secure to false` `cookie "embed" sets Partitioned without the secure flag`
}

func longMaxAge(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "remember_me", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		MaxAge: 90 * 24 * 3600}) // want `session cookie "remember_me" has MaxAge 90d, longer than the 30d allowed`
}

func longExpires(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "jwt", Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Expires: time.Now().Add(365 * 24 * time.Hour)}) // want `session cookie "jwt" has Expires 365d`
}

func longExpiresAddDate(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "login", Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Expires: time.Now().AddDate(1, 0, 0)}) // want `session cookie "login" has Expires 365d`
}

func newCookie(w http.ResponseWriter) {
	c := new(http.Cookie) // want `session cookie "token" is sent without Secure`
	c.Name = "token"
	c.HttpOnly = true
	c.SameSite = http.SameSiteLaxMode
	http.SetCookie(w, c)
}

func varCookie(w http.ResponseWriter) {
	var c http.Cookie // want `cookie "lang" is sent without Secure`
	c.Name = "lang"
	http.SetCookie(w, &c)
}

func headerSink(w http.ResponseWriter) {
	c := &http.Cookie{Name: "bearer_token", Secure: true, SameSite: http.SameSiteLaxMode} // want `session cookie "bearer_token" is sent without HttpOnly`
	w.Header().Add("Set-Cookie", c.String())
}

// newSessionCookie is a factory: it is reported here, not where it is used.
func newSessionCookie(v string) *http.Cookie {
	return &http.Cookie{Name: "session", Value: v, HttpOnly: true, SameSite: http.SameSiteLaxMode} // want `session cookie "session" is sent without Secure`
}

func useFactory(w http.ResponseWriter) {
	http.SetCookie(w, newSessionCookie("v"))
}

func writeCookie(w http.ResponseWriter, c *http.Cookie) {
	http.SetCookie(w, c)
}

func viaHelper(w http.ResponseWriter) {
	c := &http.Cookie{Name: "identity", HttpOnly: true, SameSite: http.SameSiteLaxMode} // want `session cookie "identity" is sent without Secure`
	writeCookie(w, c)
}

func assignedAfterWrite(w http.ResponseWriter) {
	c := &http.Cookie{Name: "user_sid", HttpOnly: true, SameSite: http.SameSiteLaxMode} // want `session cookie "user_sid" is sent without Secure`
	http.SetCookie(w, c)
	c.Secure = true
}

func identName(w http.ResponseWriter, sessionName string) {
	http.SetCookie(w, &http.Cookie{Name: sessionName, Secure: true, SameSite: http.SameSiteLaxMode}) // want `session cookie is sent without HttpOnly`
}

func laterOverride(w http.ResponseWriter, r *http.Request) {
	c := &http.Cookie{Name: "auth_token", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode}
	if r.URL.Path == "/" {
		c.Secure = true
	}
	c.Secure = false // want `session cookie "auth_token" sets Secure to false`
	http.SetCookie(w, c)
}

// ---- negatives

func secureAll(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 30 * 24 * 3600})
}

func fromConfig(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session", Secure: cfg.Secure, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: cfg.MaxAge})
}

func notDev(w http.ResponseWriter, isDev bool) {
	http.SetCookie(w, &http.Cookie{Name: "session", Secure: !isDev, HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

func fromTLS(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "session", Secure: r.TLS != nil, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func conditionalFalse(w http.ResponseWriter, r *http.Request) {
	c := &http.Cookie{Name: "session", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode}
	if r.TLS == nil {
		c.Secure = false
	}
	http.SetCookie(w, c)
}

func unconditionalFix(w http.ResponseWriter) {
	c := &http.Cookie{Name: "session", Secure: false, HttpOnly: true, SameSite: http.SameSiteLaxMode}
	c.Secure = true
	http.SetCookie(w, c)
}

func deletionMaxAge(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "", MaxAge: -1})
}

func deletionExpires(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "", Expires: time.Unix(0, 0)})
	http.SetCookie(w, &http.Cookie{Name: "auth", Value: "", Expires: time.Now()})
	http.SetCookie(w, &http.Cookie{Name: "token", Value: "", Expires: time.Now().Add(-time.Hour)})
}

func clientCookie(r *http.Request, client *http.Client) {
	req, _ := http.NewRequest("GET", "http://example.com", nil)
	req.AddCookie(&http.Cookie{Name: "session", Value: "x"})
	c := &http.Cookie{Name: "auth", Value: "y"}
	req.AddCookie(c)
	_, _ = client.Do(req)
}

func jarCookies(jar http.CookieJar, r *http.Request) {
	jar.SetCookies(r.URL, []*http.Cookie{{Name: "session", Value: "x"}})
	c := &http.Cookie{Name: "auth"}
	jar.SetCookies(r.URL, []*http.Cookie{c})
}

func relayed(w http.ResponseWriter, r *http.Request, resp *http.Response) {
	if c, err := r.Cookie("session"); err == nil {
		http.SetCookie(w, c)
	}
	for _, c := range resp.Cookies() {
		http.SetCookie(w, c)
	}
}

func logged() {
	c := &http.Cookie{Name: "session", Value: "x"}
	log.Printf("cookie: %v", c)
	fmt.Println(c.String())
}

func csrfName(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "csrf_token", Secure: true, SameSite: http.SameSiteLaxMode})
}

func paramName(w http.ResponseWriter, name, value string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Secure: true})
}

func maxAgeZero(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "pref", MaxAge: 0, Secure: true})
}

func escapes(w http.ResponseWriter) {
	c := &http.Cookie{Name: "session"}
	harden(c)
	http.SetCookie(w, c)
}

func harden(c *http.Cookie) {
	c.Secure, c.HttpOnly, c.SameSite = true, true, http.SameSiteLaxMode
}

func thirtyDays(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Expires: time.Now().Add(30 * 24 * time.Hour)})
}

func unknownSameSite(w http.ResponseWriter, mode http.SameSite) {
	http.SetCookie(w, &http.Cookie{Name: "session", Secure: true, HttpOnly: true, SameSite: mode})
}

type handler struct{ w http.ResponseWriter }

// send is a method helper; write reaches it through another helper.
func (h handler) send(c *http.Cookie) { http.SetCookie(h.w, c) }

func (h handler) write(c *http.Cookie) { h.send(c) }

func viaHelperChain(h handler) {
	h.write(&http.Cookie{Name: "theme", SameSite: http.SameSiteLaxMode}) // want `cookie "theme" is sent without Secure`
}

// A cookie stored in a slice may be changed before it is sent: not reported.
func collected(w http.ResponseWriter) {
	var all []*http.Cookie
	c := &http.Cookie{Name: "session"}
	all = append(all, c)
	for _, x := range all {
		x.Secure, x.HttpOnly, x.SameSite = true, true, http.SameSiteLaxMode
		http.SetCookie(w, x)
	}
}

// Reassigned to a cookie built elsewhere before the sink: not reported.
func rebound(w http.ResponseWriter) {
	c := &http.Cookie{Name: "session"}
	c = newSecureCookie()
	http.SetCookie(w, c)
}

func newSecureCookie() *http.Cookie {
	return &http.Cookie{Name: "session", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode}
}
