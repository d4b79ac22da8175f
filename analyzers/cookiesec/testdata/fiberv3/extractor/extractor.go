// Package extractor configures fiber v3 session stores with an Extractor,
// which says where the session ID travels: a cookie extractor's name is
// the session cookie's name.
package extractor

import (
	"os"
	"strings"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/extractors"
	"github.com/gofiber/fiber/v3/middleware/session"
)

type config struct{ AppURL, Env string }

func secureCookies(cfg config) bool {
	return cfg.Env == "production" || strings.HasPrefix(cfg.AppURL, "https://")
}

func stores(cfg config) []*session.Store {
	return []*session.Store{
		// Secure decided by the configuration: nothing to report.
		session.NewStore(session.Config{
			Extractor:      extractors.FromCookie("forum_session"),
			CookieHTTPOnly: true,
			CookieSameSite: fiber.CookieSameSiteLaxMode,
			CookiePath:     "/",
			CookieSecure:   secureCookies(cfg),
		}),
		session.NewStore(session.Config{ // want `^fiber session cookie "admin_session" defaults to HttpOnly false \(session.Config default\), so scripts can read it; set CookieHTTPOnly to true$`
			Extractor:    extractors.FromCookie("admin_session"),
			CookieSecure: true,
		}),
		// The first cookie extractor of a chain names the cookie.
		session.NewStore(session.Config{ // want `^fiber session cookie "sid" defaults to Secure false`
			Extractor:      extractors.Chain(extractors.FromHeader("X-Session"), extractors.FromCookie("sid")),
			CookieHTTPOnly: true,
		}),
		// A cookie whose name is not a constant is still a session cookie.
		session.NewStore(session.Config{
			Extractor:      extractors.FromCookie(os.Getenv("SESSION_COOKIE")),
			CookieSecure:   true,
			CookieHTTPOnly: true,
			CookieSameSite: fiber.CookieSameSiteNoneMode, // want `^fiber session cookie uses SameSite=None, so it is sent on cross-site requests; use Lax or Strict$`
		}),
		// The session ID travels in a header: no cookie.
		session.NewStore(session.Config{Extractor: extractors.FromHeader("X-Session-ID")}),
		session.NewStore(session.Config{Extractor: extractors.Chain(extractors.FromHeader("X-Session-ID"), extractors.FromQuery("session"))}),
	}
}
