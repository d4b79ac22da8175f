package verify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"time"
)

// maxBody bounds what is read of a response body: health and CSRF JSON,
// smoke-check pages and debug exposures are small, and relguard must not
// download a large page to judge it.
const maxBody = 1 << 20

// errCapReached is returned for requests past the run's request cap.
var errCapReached = errors.New("request cap reached")

// seenCookie is one Set-Cookie header and the URL that sent it.
type seenCookie struct {
	header string
	url    string
}

// client sends every request of a run: GET only, to the base URL's
// origin only, with relguard's User-Agent, a timeout, a cap on the number
// of requests, and a cookie jar holding only what the server set during
// the run. It records every Set-Cookie header it sees.
type client struct {
	base     *url.URL
	http     *http.Client
	ua       string
	max      int
	requests int
	perPath  map[string]int // GETs sent per configured path
	cookies  []seenCookie
}

func newClient(base *url.URL, timeout time.Duration, ua string, maxRequests int, t *tlsInfo) *client {
	c := &client{base: base, ua: ua, max: maxRequests, perPath: map[string]int{}}
	tr := &http.Transport{
		// No proxy from the environment: the TLS probe and the checks
		// must reach the same server.
		Proxy:                 nil,
		DialContext:           (&net.Dialer{Timeout: timeout}).DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   2,
		ForceAttemptHTTP2:     true,
	}
	if t != nil {
		tr.TLSClientConfig = t.clientConfig()
	}
	jar, _ := cookiejar.New(nil) // never fails without options
	c.http = &http.Client{
		Transport: &recorder{c: c, next: tr},
		Jar:       jar,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.Context().Value(followKey{}) == nil || !sameOrigin(req.URL, c.base) {
				return http.ErrUseLastResponse
			}
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			return nil
		},
	}
	return c
}

// recorder counts and caps requests, sets the User-Agent and keeps every
// Set-Cookie header.
type recorder struct {
	c    *client
	next http.RoundTripper
}

func (rt *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	c := rt.c
	if !sameOrigin(req.URL, c.base) {
		// CheckRedirect stops redirects off the origin; nothing else may
		// leave it either.
		return nil, fmt.Errorf("refusing a request to %s, outside %s", req.URL.Redacted(), origin(c.base))
	}
	if c.requests >= c.max {
		return nil, errCapReached
	}
	c.requests++
	req.Header.Set("User-Agent", c.ua)
	resp, err := rt.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	for _, h := range resp.Header.Values("Set-Cookie") {
		c.cookies = append(c.cookies, seenCookie{header: h, url: req.URL.String()})
	}
	return resp, nil
}

func origin(u *url.URL) string {
	return u.Scheme + "://" + hostPort(u)
}

// hostPort is the URL's host with its port made explicit.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

func sameOrigin(a, b *url.URL) bool {
	return a.Scheme == b.Scheme && hostPort(a) == hostPort(b)
}

// response is what a check needs from one GET.
type response struct {
	path    string // the configured path
	url     string // the URL requested
	final   string // the URL that answered (after same-origin redirects)
	status  int
	header  http.Header
	body    []byte
	elapsed time.Duration
	// location is where a redirect that was not followed points; offOrigin
	// is set too when that is outside the deployment's origin.
	location  string
	offOrigin string
	err       error
}

// resolve joins a configured path ("/api/healthz?x=1") to the base URL,
// keeping the base URL's own path as a prefix.
func (c *client) resolve(p string) string {
	return c.base.Scheme + "://" + c.base.Host + strings.TrimSuffix(c.base.EscapedPath(), "/") + p
}

// followKey marks the context of a request whose same-origin redirects are
// followed: a page is judged where the browser lands. Every other request
// is judged by what the path itself answers, so that a dev route that
// redirects to the home page is not taken for a dev route that answers.
type followKey struct{}

// follow is get for a page: same-origin redirects are followed.
func (c *client) follow(ctx context.Context, p string, limit int64) *response {
	return c.get(context.WithValue(ctx, followKey{}, true), p, limit)
}

// get sends one GET, without following redirects, and reads at most limit
// bytes of the body.
func (c *client) get(ctx context.Context, p string, limit int64) *response {
	r := &response{path: p, url: c.resolve(p)}
	c.perPath[p]++
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		r.err = err
		return r
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		r.err = describe(err)
		return r
	}
	defer resp.Body.Close()
	r.body, err = io.ReadAll(io.LimitReader(resp.Body, limit))
	r.elapsed = time.Since(start)
	if err != nil {
		r.err = fmt.Errorf("reading the body: %w", describe(err))
		return r
	}
	r.status, r.header, r.final = resp.StatusCode, resp.Header, resp.Request.URL.String()
	if isRedirect(resp.StatusCode) {
		if loc, lerr := resp.Location(); lerr == nil {
			r.location = loc.Redacted()
			if !sameOrigin(loc, c.base) {
				r.offOrigin = r.location
			}
		}
	}
	return r
}

// redirectNote names where a redirect points, for a message.
func (r *response) redirectNote() string {
	if r.location == "" {
		return ""
	}
	return " (a redirect to " + r.location + ")"
}

// what describes the response's body, or its redirect.
func (r *response) what() string {
	if r.location != "" {
		return "a redirect to " + r.location
	}
	return snippet(r.body)
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// describe shortens the errors of net/http to their cause: "Get
// \"http://…\": dial tcp …: connection refused" becomes "connection refused".
func describe(err error) error {
	if errors.Is(err, errCapReached) {
		return errCapReached
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if ue != nil && ue.Timeout() {
		return errors.New("timed out")
	}
	return cause(err)
}

// cause is a network error without the operation and addresses wrapped
// around it: "connection refused", "no such host".
func cause(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		err = oe.Err
	}
	var se *os.SyscallError
	if errors.As(err, &se) && se.Err != nil {
		err = se.Err
	}
	return err
}

// problem says, for a check's message, why a response cannot be judged:
// a failed request or a redirect off the origin; "" when it can.
func (r *response) problem() string {
	switch {
	case r.err != nil:
		return fmt.Sprintf("GET %s failed: %v", r.path, r.err)
	case r.offOrigin != "":
		return fmt.Sprintf("GET %s redirects to %s, outside the deployment's origin; not followed", r.path, r.offOrigin)
	}
	return ""
}

// problemHint is the remedy for problem.
func (r *response) problemHint() string {
	switch {
	case errors.Is(r.err, errCapReached):
		return "raise verify.max_requests in relguard.yaml"
	case r.err != nil:
		return "check that the deployment answers this path; --timeout raises the per-request timeout"
	case r.offOrigin != "":
		return "run relguard verify on the URL the deployment redirects to, or configure a path that answers directly"
	}
	return ""
}

// baseTLSConfig is shared by the probe and the client. relguard judges the
// version the server negotiates (tls.certificate), so it offers every
// version a server may still speak.
func baseTLSConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS10}
}
