package config

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Verify is the verify: section, read by `relguard verify`. Zero values
// mean "not configured"; WithDefaults fills in the documented defaults.
// UnmarshalYAML decodes it key by key; the yaml tags name the same keys
// for the documentation's test.
type Verify struct {
	// Health lists the health endpoints; empty means try /healthz,
	// /health and /api/healthz.
	Health []string `yaml:"health"`
	// VersionField is the dotted path of the version in the health JSON.
	VersionField string `yaml:"version_field"`
	// MaxLatency bounds the median response time of each health endpoint.
	MaxLatency time.Duration `yaml:"max_latency"`
	// CSRF is the endpoint that hands out a CSRF token; nil when unchecked.
	CSRF *VerifyCSRF `yaml:"csrf"`
	// Pages are judged by the header policy.
	Pages []string `yaml:"pages"`
	// SessionCookies are cookie names that are session cookies whatever
	// the name rule says.
	SessionCookies []string `yaml:"session_cookies"`
	// DevRoutes must not answer 2xx in a deployment.
	DevRoutes []string `yaml:"dev_routes"`
	// RateLimit, when set, is probed; nil means never.
	RateLimit *VerifyRateLimit `yaml:"rate_limit"`
	// TLSMinDays is how long the certificate must still be valid; nil
	// means the default.
	TLSMinDays *int `yaml:"tls_min_days"`
	// Expect are smoke checks.
	Expect []VerifyExpect `yaml:"expect"`
	// MaxRequests caps the requests of one run.
	MaxRequests int `yaml:"max_requests"`
}

// VerifyCSRF is the csrf: entry.
type VerifyCSRF struct {
	Path  string `yaml:"path"`
	Field string `yaml:"field"`
}

// VerifyRateLimit is the rate_limit: entry.
type VerifyRateLimit struct {
	Path   string        `yaml:"path"`
	Limit  int           `yaml:"limit"`
	Window time.Duration `yaml:"window"`
}

// VerifyExpect is one expect: entry.
type VerifyExpect struct {
	Path     string `yaml:"path"`
	Status   int    `yaml:"status"`
	Contains string `yaml:"contains"`
	Line     int    `yaml:"-"`
}

// The verify: defaults.
const (
	DefaultVersionField    = "version"
	DefaultMaxLatency      = 2 * time.Second
	DefaultCSRFField       = "csrfToken"
	DefaultTLSMinDays      = 14
	DefaultRateLimitWindow = 60 * time.Second
	// DefaultMaxRequests caps a run's requests when max_requests is not
	// set, plus the rate-limit probe's limit+5 when it is configured.
	DefaultMaxRequests = 200
	// MaxRateLimit bounds rate_limit.limit: verify sends up to limit+5
	// requests, and a deployment check must stay polite.
	MaxRateLimit = 1000
)

// DefaultHealthPaths are tried when verify.health is not configured.
var DefaultHealthPaths = []string{"/healthz", "/health", "/api/healthz"}

// WithDefaults returns the section with every unset value defaulted.
func (v Verify) WithDefaults() Verify {
	if v.VersionField == "" {
		v.VersionField = DefaultVersionField
	}
	if v.MaxLatency == 0 {
		v.MaxLatency = DefaultMaxLatency
	}
	if v.CSRF != nil && v.CSRF.Field == "" {
		c := *v.CSRF
		c.Field = DefaultCSRFField
		v.CSRF = &c
	}
	if len(v.Pages) == 0 {
		v.Pages = []string{"/"}
	}
	if v.RateLimit != nil && v.RateLimit.Window == 0 {
		r := *v.RateLimit
		r.Window = DefaultRateLimitWindow
		v.RateLimit = &r
	}
	if v.TLSMinDays == nil {
		d := DefaultTLSMinDays
		v.TLSMinDays = &d
	}
	if v.MaxRequests == 0 {
		v.MaxRequests = DefaultMaxRequests
		if v.RateLimit != nil {
			v.MaxRequests += v.RateLimit.Limit + 5
		}
	}
	return v
}

// UnmarshalYAML reads the section strictly: every key is known, every
// value checked, and errors name the key and its line.
func (v *Verify) UnmarshalYAML(n *yaml.Node) error {
	return decodeFields(n, "verify", map[string]func(*yaml.Node) error{
		"health":          pathsInto(&v.Health, "verify.health"),
		"version_field":   fieldInto(&v.VersionField, "verify.version_field"),
		"max_latency":     durationInto(&v.MaxLatency, "verify.max_latency"),
		"csrf":            v.decodeCSRF,
		"pages":           pathsInto(&v.Pages, "verify.pages"),
		"session_cookies": cookiesInto(&v.SessionCookies, "verify.session_cookies"),
		"dev_routes":      pathsInto(&v.DevRoutes, "verify.dev_routes"),
		"rate_limit":      v.decodeRateLimit,
		"tls_min_days": func(n *yaml.Node) error {
			v.TLSMinDays = new(int)
			return intInto(v.TLSMinDays, "verify.tls_min_days", 0, 3650)(n)
		},
		"expect":       v.decodeExpect,
		"max_requests": intInto(&v.MaxRequests, "verify.max_requests", 1, 10000),
	})
}

func (v *Verify) decodeCSRF(n *yaml.Node) error {
	c := &VerifyCSRF{}
	if err := decodeFields(n, "verify.csrf", map[string]func(*yaml.Node) error{
		"path":  pathInto(&c.Path, "verify.csrf.path"),
		"field": fieldInto(&c.Field, "verify.csrf.field"),
	}); err != nil {
		return err
	}
	if c.Path == "" {
		return &Error{Line: n.Line, Msg: "verify.csrf needs a path (such as /api/auth/csrf)"}
	}
	v.CSRF = c
	return nil
}

func (v *Verify) decodeRateLimit(n *yaml.Node) error {
	r := &VerifyRateLimit{}
	if err := decodeFields(n, "verify.rate_limit", map[string]func(*yaml.Node) error{
		"path":   pathInto(&r.Path, "verify.rate_limit.path"),
		"limit":  intInto(&r.Limit, "verify.rate_limit.limit", 1, MaxRateLimit),
		"window": durationInto(&r.Window, "verify.rate_limit.window"),
	}); err != nil {
		return err
	}
	if r.Path == "" || r.Limit == 0 {
		return &Error{Line: n.Line, Msg: "verify.rate_limit needs a path and a limit (such as {path: /api/healthz, limit: 100, window: 60s})"}
	}
	v.RateLimit = r
	return nil
}

func (v *Verify) decodeExpect(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return &Error{Line: n.Line, Msg: "verify.expect must be a list of {path, status, contains} entries"}
	}
	for _, item := range n.Content {
		e := VerifyExpect{Line: item.Line}
		if err := decodeFields(item, "verify.expect entry", map[string]func(*yaml.Node) error{
			"path":     pathInto(&e.Path, "verify.expect.path"),
			"status":   intInto(&e.Status, "verify.expect.status", 100, 599),
			"contains": stringInto(&e.Contains, "verify.expect.contains"),
		}); err != nil {
			return err
		}
		if e.Path == "" {
			return &Error{Line: item.Line, Msg: "verify.expect entry needs a path"}
		}
		if e.Status == 0 {
			e.Status = 200
		}
		v.Expect = append(v.Expect, e)
	}
	return nil
}

// decodeFields decodes a mapping key by key. An empty value (`csrf:`) is
// an empty mapping.
func decodeFields(n *yaml.Node, where string, fields map[string]func(*yaml.Node) error) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return &Error{Line: n.Line, Msg: fmt.Sprintf("%s must be a mapping of keys to values", where)}
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		decode, ok := fields[key.Value]
		if !ok {
			known := make([]string, 0, len(fields))
			for k := range fields {
				known = append(known, k)
			}
			sort.Strings(known)
			return &Error{Line: key.Line, Msg: fmt.Sprintf("unknown key %q in %s (the keys are %s)", key.Value, where, strings.Join(known, ", "))}
		}
		if seen[key.Value] {
			return &Error{Line: key.Line, Msg: fmt.Sprintf("%s.%s is set twice", where, key.Value)}
		}
		seen[key.Value] = true
		if err := decode(val); err != nil {
			return err
		}
	}
	return nil
}

func scalar(n *yaml.Node, where, want string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", &Error{Line: n.Line, Msg: fmt.Sprintf("%s must be %s", where, want)}
	}
	return n.Value, nil
}

func stringInto(dst *string, where string) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		s, err := scalar(n, where, "a string")
		if err != nil {
			return err
		}
		if s == "" {
			return &Error{Line: n.Line, Msg: where + " must not be empty"}
		}
		*dst = s
		return nil
	}
}

// urlPath accepts an absolute path, optionally with a query: it is joined
// to the base URL, so a scheme or host here would send requests elsewhere.
func urlPath(n *yaml.Node, where string) (string, error) {
	s, err := scalar(n, where, "a path such as /api/healthz")
	if err != nil {
		return "", err
	}
	u, perr := url.Parse(s)
	if perr != nil || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || u.Scheme != "" || u.Host != "" || u.Fragment != "" || strings.ContainsAny(s, " \t\r\n") {
		return "", &Error{Line: n.Line, Msg: fmt.Sprintf("%s: %q is not a path on the deployment; write it as /path (relguard verify joins it to the URL)", where, s)}
	}
	return s, nil
}

func pathInto(dst *string, where string) func(*yaml.Node) error {
	return func(n *yaml.Node) (err error) {
		*dst, err = urlPath(n, where)
		return err
	}
}

func pathsInto(dst *[]string, where string) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		if n.Kind != yaml.SequenceNode {
			return &Error{Line: n.Line, Msg: fmt.Sprintf("%s must be a list of paths such as [/api/healthz]", where)}
		}
		for _, item := range n.Content {
			p, err := urlPath(item, where)
			if err != nil {
				return err
			}
			*dst = append(*dst, p)
		}
		return nil
	}
}

func cookiesInto(dst *[]string, where string) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		if n.Kind != yaml.SequenceNode {
			return &Error{Line: n.Line, Msg: where + " must be a list of cookie names"}
		}
		for _, item := range n.Content {
			var s string
			if err := stringInto(&s, where)(item); err != nil {
				return err
			}
			if strings.ContainsAny(s, " \t\r\n;=,\"") {
				return &Error{Line: item.Line, Msg: fmt.Sprintf("%s: %q is not a cookie name", where, s)}
			}
			*dst = append(*dst, s)
		}
		return nil
	}
}

// fieldInto reads a path into a JSON object: names separated by dots.
func fieldInto(dst *string, where string) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		var s string
		if err := stringInto(&s, where)(n); err != nil {
			return err
		}
		for _, part := range strings.Split(s, ".") {
			if part == "" {
				return &Error{Line: n.Line, Msg: fmt.Sprintf("%s: %q has an empty name between dots; write a field such as version or build.version", where, s)}
			}
		}
		*dst = s
		return nil
	}
}

func durationInto(dst *time.Duration, where string) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		s, err := scalar(n, where, "a duration such as 2s or 500ms")
		if err != nil {
			return err
		}
		d, perr := time.ParseDuration(s)
		if perr != nil || d <= 0 {
			return &Error{Line: n.Line, Msg: fmt.Sprintf("%s: %q is not a positive duration; write it with a unit, such as 2s, 500ms or 1m", where, s)}
		}
		*dst = d
		return nil
	}
}

func intInto(dst *int, where string, lo, hi int) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		s, err := scalar(n, where, "a whole number")
		if err != nil {
			return err
		}
		i, perr := strconv.Atoi(s)
		if perr != nil || i < lo || i > hi {
			return &Error{Line: n.Line, Msg: fmt.Sprintf("%s: %q must be a whole number from %d to %d", where, s, lo, hi)}
		}
		*dst = i
		return nil
	}
}
