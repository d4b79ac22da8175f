// Package conditional sets attributes inside if statements. When every
// branch (and the value before it) is known, the rules apply to all of
// them: a SameSite set only to None or the default is never Lax or Strict.
package conditional

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// ---- positives

func embeddable(w http.ResponseWriter, embed bool) {
	c := &http.Cookie{Name: "session_id", Value: "v", Secure: true, HttpOnly: true}
	if embed {
		c.SameSite = http.SameSiteNoneMode // want `^session cookie "session_id" gets SameSite Lax or Strict on no path, so it goes with cross-site requests; set SameSite to Lax$`
	}
	http.SetCookie(w, c)
}

func eitherBranch(w http.ResponseWriter, legacy bool) {
	c := &http.Cookie{Name: "auth", Value: "v", Secure: true, HttpOnly: true}
	if legacy {
		c.SameSite = http.SameSiteDefaultMode
	} else {
		c.SameSite = http.SameSiteNoneMode // want `session cookie "auth" gets SameSite Lax or Strict on no path`
	}
	http.SetCookie(w, c)
}

func ginEmbed(c *gin.Context, embed bool) {
	if embed {
		c.SetSameSite(http.SameSiteNoneMode) // want `session cookie "session" gets SameSite Lax or Strict on no path`
	}
	c.SetCookie("session", "v", 3600, "/", "", true, true)
}

func insecureInDev(w http.ResponseWriter, dev bool) {
	c := &http.Cookie{Name: "theme", Value: "dark", SameSite: http.SameSiteLaxMode}
	if dev {
		c.Secure = false // want `^cookie "theme" sets Secure to true on no path, so it can travel over plain HTTP; set Secure to true$`
	}
	http.SetCookie(w, c)
}

// ---- negatives

func strictWhenAsked(w http.ResponseWriter, strict bool) {
	c := &http.Cookie{Name: "session_id", Value: "v", Secure: true, HttpOnly: true}
	if strict {
		c.SameSite = http.SameSiteStrictMode
	}
	http.SetCookie(w, c)
}

func laxOrNone(w http.ResponseWriter, embed bool) {
	c := &http.Cookie{Name: "session_id", Value: "v", Secure: true, HttpOnly: true}
	if embed {
		c.SameSite = http.SameSiteNoneMode
	} else {
		c.SameSite = http.SameSiteLaxMode
	}
	http.SetCookie(w, c)
}

func fromArgument(w http.ResponseWriter, embed bool, mode http.SameSite) {
	c := &http.Cookie{Name: "session_id", Value: "v", Secure: true, HttpOnly: true}
	if embed {
		c.SameSite = mode
	}
	http.SetCookie(w, c)
}

func secureInProduction(w http.ResponseWriter, prod bool) {
	c := &http.Cookie{Name: "theme", Value: "dark", SameSite: http.SameSiteLaxMode}
	if prod {
		c.Secure = true
	}
	http.SetCookie(w, c)
}

func ginLaxWhenAsked(c *gin.Context, lax bool) {
	if lax {
		c.SetSameSite(http.SameSiteLaxMode)
	}
	c.SetCookie("session", "v", 3600, "/", "", true, true)
}
