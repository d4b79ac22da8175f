// Command runbookapp is a small server shaped like the release runbook's
// application, for trying `relguard verify` end to end:
//
//	go run ./testdata/verify/runbookapp &
//	relguard verify http://127.0.0.1:8003 --config testdata/verify/runbookapp/relguard.yaml --version 0.5.0
//
// It reads the runbook's production settings from the environment, with
// the runbook's values as defaults, so that setting one back to a
// development value shows the check that catches it:
//
//	APP_VERSION=0.5.0           reported by /api/healthz
//	ALLOW_DEV_ROUTES=0          1 serves /api/dev/demo/login
//	COOKIE_SECURE=1             0 drops Secure from the session cookie
//	COOKIE_SAMESITE=Lax         None or an empty value weakens it
//	COOKIE_HTTPONLY=1           0 lets scripts read the session cookie
//	RATE_LIMIT_ENABLED=1        0 turns the limiter off
//	RATE_LIMIT_REQUESTS=100     per client address and window, on /api/
//	RATE_LIMIT_WINDOW=60        seconds
//	SECURITY_HEADERS=1          0 stops sending CSP and X-Frame-Options
//
// It prints "listening on http://ADDR" once it accepts connections.
package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8003", "address to listen on (port 0 picks a free one)")
	flag.Parse()
	app := newApp()
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on http://%s\n", l.Addr())
	srv := &http.Server{Handler: app.routes(), ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.Serve(l))
}

type app struct {
	version                      string
	devRoutes, headers           bool
	cookieSecure, cookieHTTPOnly bool
	sameSite                     http.SameSite
	rateLimited                  bool
	rateRequests                 int
	rateWindow                   time.Duration
	mu                           sync.Mutex
	windows                      map[string]*window
}

type window struct {
	start time.Time
	count int
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

func newApp() *app {
	a := &app{
		version:        env("APP_VERSION", "0.5.0"),
		devRoutes:      env("ALLOW_DEV_ROUTES", "0") == "1",
		headers:        env("SECURITY_HEADERS", "1") == "1",
		cookieSecure:   env("COOKIE_SECURE", "1") == "1",
		cookieHTTPOnly: env("COOKIE_HTTPONLY", "1") == "1",
		rateLimited:    env("RATE_LIMIT_ENABLED", "1") == "1",
		windows:        map[string]*window{},
	}
	switch env("COOKIE_SAMESITE", "Lax") {
	case "Lax":
		a.sameSite = http.SameSiteLaxMode
	case "Strict":
		a.sameSite = http.SameSiteStrictMode
	case "None":
		a.sameSite = http.SameSiteNoneMode
	}
	var err error
	if a.rateRequests, err = strconv.Atoi(env("RATE_LIMIT_REQUESTS", "100")); err != nil {
		log.Fatal("RATE_LIMIT_REQUESTS: ", err)
	}
	seconds, err := strconv.Atoi(env("RATE_LIMIT_WINDOW", "60"))
	if err != nil {
		log.Fatal("RATE_LIMIT_WINDOW: ", err)
	}
	a.rateWindow = time.Duration(seconds) * time.Second
	return a
}

func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]string{"status": "ok", "timestamp": time.Now().UTC().Format(time.RFC3339), "version": a.version})
	})
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /api/auth/csrf", func(w http.ResponseWriter, _ *http.Request) {
		// The CSRF token is bound to an anonymous session.
		a.setSession(w)
		writeJSON(w, map[string]string{"csrfToken": token()})
	})
	mux.HandleFunc("GET /api/dev/demo/login", func(w http.ResponseWriter, r *http.Request) {
		if !a.devRoutes {
			http.NotFound(w, r)
			return
		}
		a.setSession(w)
		writeJSON(w, map[string]string{"user": "demo@applylens.app"})
	})
	page := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" && r.URL.Path != "/welcome" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><title>ApplyLens</title><h1>Welcome to ApplyLens</h1>\n")
	}
	mux.HandleFunc("GET /{$}", page)
	mux.HandleFunc("GET /welcome", page)
	return a.securityHeaders(a.rateLimit(mux))
}

func (a *app) setSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: "applylens_session", Value: token(), Path: "/", MaxAge: 8 * 3600,
		Secure: a.cookieSecure, HttpOnly: a.cookieHTTPOnly, SameSite: a.sameSite,
	})
}

func (a *app) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if a.headers {
			h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
			h.Set("X-Frame-Options", "DENY")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		next.ServeHTTP(w, r)
	})
}

// rateLimit allows RATE_LIMIT_REQUESTS requests to /api/ per client
// address in each fixed window.
func (a *app) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.rateLimited || len(r.URL.Path) < 5 || r.URL.Path[:5] != "/api/" {
			next.ServeHTTP(w, r)
			return
		}
		client, _, _ := net.SplitHostPort(r.RemoteAddr)
		a.mu.Lock()
		win := a.windows[client]
		if win == nil || time.Since(win.start) > a.rateWindow {
			win = &window{start: time.Now()}
			a.windows[client] = win
		}
		win.count++
		over := win.count > a.rateRequests
		a.mu.Unlock()
		if over {
			w.Header().Set("Retry-After", strconv.Itoa(int(a.rateWindow.Seconds())))
			http.Error(w, `{"detail":"rate limit exceeded"}`, http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func token() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
