package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/headerpolicy"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/sessioncookie"
)

// ---- health.status, health.version, health.latency ----

func (r *runner) health(ctx context.Context) {
	if !r.on("health.status") && !r.on("health.version") && !r.on("health.latency") {
		return
	}
	paths, defaulted := r.cfg.Health, false
	if len(paths) == 0 {
		paths, defaulted = config.DefaultHealthPaths, true
	}
	var up []*response // the health endpoints that answered 200
	var tried []string
	for _, p := range paths {
		resp := r.c.get(ctx, p, maxBody)
		switch {
		case resp.problem() != "":
			tried = append(tried, fmt.Sprintf("%s: %s", p, shortProblem(resp)))
			if !defaulted && r.on("health.status") {
				r.add("health.status", fail(resp.url, resp.problem(), resp.problemHint()))
			}
		case resp.status != http.StatusOK:
			tried = append(tried, fmt.Sprintf("%s: %d", p, resp.status))
			if !defaulted && r.on("health.status") {
				r.add("health.status", fail(resp.url, fmt.Sprintf("GET %s answered %d, want 200 (%s)", resp.path, resp.status, resp.what()),
					"make the health endpoint answer 200 once the service is up, or fix verify.health in relguard.yaml"))
			}
		default:
			up = append(up, resp)
			tried = append(tried, p+": 200")
			if !defaulted && r.on("health.status") {
				r.add("health.status", pass(resp.url, fmt.Sprintf("GET %s answered 200", resp.path)))
			}
		}
	}
	if defaulted && r.on("health.status") {
		if len(up) == 0 {
			r.add("health.status", fail(r.o.URL.String(), fmt.Sprintf("none of %s answered 200 (%s)", strings.Join(paths, ", "), strings.Join(tried, "; ")),
				"list the deployment's health endpoints under verify.health in relguard.yaml"))
		}
		for _, resp := range up {
			r.add("health.status", pass(resp.url, fmt.Sprintf("GET %s answered 200 (tried %s)", resp.path, strings.Join(tried, "; "))))
		}
	}
	if len(up) == 0 {
		for _, id := range []string{"health.version", "health.latency"} {
			if r.on(id) {
				r.add(id, skip("", "no health endpoint answered 200 (see health.status)"))
			}
		}
		return
	}
	if r.on("health.version") {
		r.healthVersion(up)
	}
	if r.on("health.latency") {
		r.healthLatency(ctx, up)
	}
}

// shortProblem is a problem in a few words, for a list of tried paths.
func shortProblem(resp *response) string {
	if resp.err != nil {
		return resp.err.Error()
	}
	return "redirects off the origin to " + resp.offOrigin
}

func (r *runner) healthVersion(up []*response) {
	const id = "health.version"
	want := strings.TrimPrefix(r.o.Version, "v")
	if want == "" {
		r.add(id, skip("", r.o.VersionNote))
		return
	}
	field := r.cfg.VersionField
	type reading struct {
		resp  *response
		value any
		found bool
		why   string // what came back, when not found
	}
	var readings []reading
	anyFound := false
	for _, resp := range up {
		rd := reading{resp: resp}
		var doc any
		if err := json.Unmarshal(resp.body, &doc); err != nil {
			rd.why = "is not JSON: " + snippet(resp.body)
		} else if v, ok := lookup(doc, field); ok {
			rd.value, rd.found = v, true
			anyFound = true
		} else {
			rd.why = fmt.Sprintf("has no field %s: %s", field, snippet(resp.body))
		}
		readings = append(readings, rd)
	}
	hint := fmt.Sprintf("make the health endpoint report {%q: %q}, or set verify.version_field to the field that holds it", field, want)
	for _, rd := range readings {
		u, p := rd.resp.url, rd.resp.path
		switch {
		case !rd.found && anyFound:
			r.add(id, skip(u, fmt.Sprintf("GET %s %s; another health endpoint reports the version", p, rd.why)))
		case !rd.found:
			r.add(id, fail(u, fmt.Sprintf("GET %s %s, want %s %s", p, rd.why, field, want), hint))
		default:
			s, isString := rd.value.(string)
			switch {
			case !isString:
				got, _ := json.Marshal(rd.value)
				r.add(id, fail(u, fmt.Sprintf("GET %s reports %s %s, not a version string; want %q", p, field, got, want), hint))
			case strings.TrimPrefix(s, "v") == want:
				r.add(id, pass(u, fmt.Sprintf("GET %s reports %s %s", p, field, s)))
			default:
				r.add(id, fail(u, fmt.Sprintf("GET %s reports %s %q, want %s", p, field, s, want),
					fmt.Sprintf("deploy %s (the running service is another release), or check which version you meant with --version", want)))
			}
		}
	}
}

// lookup follows a dotted path through JSON objects.
func lookup(doc any, dotted string) (any, bool) {
	cur := doc
	for _, name := range strings.Split(dotted, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[name]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// latencySamples is how many requests the median is taken over.
const latencySamples = 3

func (r *runner) healthLatency(ctx context.Context, up []*response) {
	const id = "health.latency"
	limit := r.cfg.MaxLatency
	for _, first := range up {
		samples := []time.Duration{first.elapsed}
		var broken *response
		for len(samples) < latencySamples {
			resp := r.c.get(ctx, first.path, maxBody)
			if resp.problem() != "" {
				broken = resp
				break
			}
			samples = append(samples, resp.elapsed)
		}
		if broken != nil {
			r.add(id, fail(first.url, broken.problem(), broken.problemHint()))
			continue
		}
		sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
		median := samples[len(samples)/2]
		if median >= limit {
			r.add(id, fail(first.url, fmt.Sprintf("median of %d requests to %s took %s, over max_latency %s", len(samples), first.path, round(median), limit),
				"find what slows the endpoint down (a health check should not wait on slow dependencies), or raise verify.max_latency"))
			continue
		}
		r.add(id, pass(first.url, fmt.Sprintf("median of %d requests to %s took %s (max_latency %s)", len(samples), first.path, round(median), limit)))
	}
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

// ---- csrf.token ----

func (r *runner) csrf(ctx context.Context) {
	const id = "csrf.token"
	c := r.cfg.CSRF
	if c == nil {
		r.add(id, skip("", "no CSRF endpoint configured (add verify.csrf to relguard.yaml)"))
		return
	}
	resp := r.c.get(ctx, c.Path, maxBody)
	hint := fmt.Sprintf("make GET %s answer 200 with {%q: \"<token>\"}, or fix verify.csrf in relguard.yaml", c.Path, c.Field)
	if p := resp.problem(); p != "" {
		r.add(id, fail(resp.url, p, resp.problemHint()))
		return
	}
	if resp.status != http.StatusOK {
		r.add(id, fail(resp.url, fmt.Sprintf("GET %s answered %d, want 200 (%s)", resp.path, resp.status, resp.what()), hint))
		return
	}
	var doc any
	if err := json.Unmarshal(resp.body, &doc); err != nil {
		r.add(id, fail(resp.url, fmt.Sprintf("GET %s is not JSON: %s", resp.path, snippet(resp.body)), hint))
		return
	}
	v, ok := lookup(doc, c.Field)
	s, isString := v.(string)
	switch {
	case !ok:
		r.add(id, fail(resp.url, fmt.Sprintf("GET %s has no field %s: %s", resp.path, c.Field, snippet(resp.body)), hint))
	case !isString:
		r.add(id, fail(resp.url, fmt.Sprintf("GET %s has %s, but it is not a string", resp.path, c.Field), hint))
	case strings.TrimSpace(s) == "":
		r.add(id, fail(resp.url, fmt.Sprintf("GET %s hands out an empty %s", resp.path, c.Field), hint))
	default:
		// The token itself is never printed.
		r.add(id, pass(resp.url, fmt.Sprintf("GET %s hands out a %s (%d characters)", resp.path, c.Field, len(s))))
	}
}

// ---- headers.* ----

func (r *runner) pages(ctx context.Context) {
	var rules []headerpolicy.Rule
	for _, rule := range headerpolicy.Rules() {
		if !r.on("headers." + rule.Name) {
			continue
		}
		if rule.HTTPSOnly && r.o.URL.Scheme != "https" {
			r.add("headers."+rule.Name, skip("", fmt.Sprintf("plain http: browsers ignore %s here", rule.Header)))
			continue
		}
		rules = append(rules, rule)
	}
	if len(rules) == 0 {
		return
	}
	for _, p := range r.cfg.Pages {
		resp := r.c.follow(ctx, p, maxBody)
		if prob := resp.problem(); prob != "" {
			for _, rule := range rules {
				r.add("headers."+rule.Name, fail(resp.url, prob, resp.problemHint()))
			}
			continue
		}
		status := ""
		if resp.status/100 != 2 {
			status = fmt.Sprintf(" (the page answered %d)", resp.status)
		}
		for _, rule := range rules {
			v := headerpolicy.Judge(rule.Name, resp.header)
			id := "headers." + rule.Name
			if v.Outcome == headerpolicy.OK {
				r.add(id, pass(resp.url, v.Reason))
				continue
			}
			r.add(id, fail(resp.url, v.Reason+status, v.Fix))
		}
	}
}

// ---- cookie.flags ----

func (r *runner) cookies() {
	const id = "cookie.flags"
	https := r.o.URL.Scheme == "https"
	configured := map[string]bool{}
	for _, n := range r.cfg.SessionCookies {
		configured[n] = true
	}
	type judged struct {
		name    string
		session bool
	}
	seen := map[string]judged{}
	reported := map[string]bool{} // name + problem
	var deleted []string
	bad := false
	for _, sc := range r.c.cookies {
		c, err := http.ParseSetCookie(sc.header)
		if err != nil {
			continue // browsers ignore it too
		}
		if c.MaxAge < 0 || (!c.Expires.IsZero() && c.Expires.Before(time.Now())) {
			deleted = append(deleted, c.Name)
			continue
		}
		session := configured[c.Name] || sessioncookie.IsSessionName(c.Name)
		seen[c.Name] = judged{c.Name, session}
		kind := "cookie"
		if session {
			kind = "session cookie"
		}
		report := func(status func(u, msg, hint string) Result, problem, msg, hint string) {
			key := c.Name + "\x00" + problem
			if reported[key] {
				return
			}
			reported[key] = true
			res := status(sc.url, msg, hint)
			if res.Status == guard.Fail {
				bad = true
			}
			r.add(id, res)
		}
		if session && !c.HttpOnly {
			report(fail, "httponly", fmt.Sprintf("%s %s is set without HttpOnly, so scripts (and any XSS) can read it", kind, c.Name),
				fmt.Sprintf("set HttpOnly on %s (COOKIE_HTTPONLY=1 or the framework's cookie setting)", c.Name))
		}
		if session {
			switch c.SameSite {
			case http.SameSiteLaxMode, http.SameSiteStrictMode:
			case http.SameSiteNoneMode:
				report(fail, "samesite", fmt.Sprintf("%s %s is set with SameSite=None, so other sites' requests carry it (CSRF)", kind, c.Name),
					fmt.Sprintf("set SameSite=Lax (or Strict) on %s (COOKIE_SAMESITE=Lax)", c.Name))
			default:
				report(fail, "samesite", fmt.Sprintf("%s %s is set without SameSite=Lax or Strict, so browsers may send it with other sites' requests", kind, c.Name),
					fmt.Sprintf("set SameSite=Lax (or Strict) on %s (COOKIE_SAMESITE=Lax)", c.Name))
			}
		}
		if !c.Secure {
			lb := loadBalancerCookies[c.Name]
			switch {
			case https && lb != "" && !session:
				report(warn, "secure", fmt.Sprintf("cookie %s is set without Secure by %s, not by the application", c.Name, lb),
					fmt.Sprintf("the load balancer offers no setting to make %s Secure; turn stickiness off on the target group if the service does not need it", c.Name))
			case https:
				report(fail, "secure", fmt.Sprintf("%s %s is set without Secure, so it can travel over plain HTTP", kind, c.Name),
					fmt.Sprintf("set Secure on %s (COOKIE_SECURE=1)", c.Name))
			default:
				report(warn, "secure", fmt.Sprintf("%s %s is set without Secure (this is plain http; over https it fails)", kind, c.Name),
					fmt.Sprintf("set Secure on %s for production (COOKIE_SECURE=1)", c.Name))
			}
		}
	}
	var notSeen []string
	for _, n := range r.cfg.SessionCookies {
		if _, ok := seen[n]; !ok {
			notSeen = append(notSeen, n)
		}
	}
	note := ""
	if len(notSeen) > 0 {
		note = fmt.Sprintf("; %s not set by any response seen (a session cookie usually comes with a login, which verify does not do)", strings.Join(notSeen, ", "))
	}
	if len(deleted) > 0 {
		note += fmt.Sprintf("; deletion cookie(s) %s exempt", strings.Join(uniq(deleted), ", "))
	}
	switch {
	case len(seen) == 0:
		r.add(id, skip("", "no response set a cookie"+note))
	case !bad:
		var names []string
		for _, j := range seen {
			n := j.name
			if j.session {
				n += " (session)"
			}
			names = append(names, n)
		}
		sort.Strings(names)
		r.add(id, pass("", fmt.Sprintf("%d cookie(s) seen with the flags required: %s%s", len(seen), strings.Join(names, ", "), note)))
	}
}

// loadBalancerCookies are stickiness cookies that a load balancer, not the
// application, sets without Secure and offers no setting to change (AWS
// added Secure twins, AWSALBCORS and AWSALBTGCORS, beside them instead):
// failing them would fail every deployment behind one, with a hint that
// nobody can follow. They warn over https.
var loadBalancerCookies = map[string]string{
	"AWSALB":   "the AWS Application Load Balancer (duration-based stickiness)",
	"AWSALBTG": "the AWS Application Load Balancer (target group stickiness)",
	"AWSELB":   "the AWS Classic Load Balancer (duration-based stickiness)",
}

func uniq(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// ---- routes.dev ----

// exposure is a well-known path that gives a Go service, or any web
// server, away; looks tells the real thing from a catch-all page that
// answers 200 for every path (single-page applications do).
type exposure struct {
	path  string
	what  string
	looks func(body []byte) bool
}

var envLine = regexp.MustCompile(`(?m)^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=`)

var exposures = []exposure{
	{"/debug/pprof/", "the Go pprof index (profiles, goroutine dumps, command line)", func(b []byte) bool {
		// Not the bare path: a page that echoes the URL it could not find
		// would match it.
		return bytes.Contains(b, []byte("<title>/debug/pprof/</title>")) || bytes.Contains(b, []byte("Types of profiles available"))
	}},
	{"/debug/vars", "Go expvar data (command line, memory statistics)", func(b []byte) bool {
		var doc map[string]json.RawMessage
		if json.Unmarshal(b, &doc) != nil {
			return false
		}
		_, cmdline := doc["cmdline"]
		_, memstats := doc["memstats"]
		return cmdline || memstats
	}},
	{"/.env", "a dotenv file (secrets)", func(b []byte) bool {
		t := bytes.TrimSpace(b)
		return len(t) > 0 && t[0] != '<' && t[0] != '{' && envLine.Match(t)
	}},
	{"/.git/config", "the git repository's configuration (and with it the source)", func(b []byte) bool {
		return bytes.Contains(b, []byte("[core]")) || bytes.Contains(b, []byte("repositoryformatversion"))
	}},
}

// exposureBody bounds what is read from an exposure: enough to recognise it.
const exposureBody = 64 << 10

func (r *runner) devRoutes(ctx context.Context) {
	const id = "routes.dev"
	var fine []string
	judge := func(p string, ex *exposure) {
		resp := r.c.get(ctx, p, exposureBody)
		if prob := resp.problem(); prob != "" && resp.offOrigin == "" {
			r.add(id, fail(resp.url, prob, resp.problemHint()))
			return
		}
		if resp.status/100 != 2 {
			fine = append(fine, fmt.Sprintf("%s %d%s", p, resp.status, resp.redirectNote()))
			return
		}
		if ex == nil {
			r.add(id, fail(resp.url, fmt.Sprintf("dev route GET %s answered %d; it must be off in a deployment", resp.path, resp.status),
				"turn dev routes off in this environment (the runbook's ALLOW_DEV_ROUTES=0) and redeploy"))
			return
		}
		if ex.looks(resp.body) {
			r.add(id, fail(resp.url, fmt.Sprintf("GET %s answered %d with %s", resp.path, resp.status, ex.what),
				fmt.Sprintf("stop serving %s: unregister the handler, or deny the path at the proxy", p)))
			return
		}
		fine = append(fine, fmt.Sprintf("%s %d with %s, not %s", p, resp.status, contentType(resp), firstWords(ex.what)))
	}
	for _, p := range r.cfg.DevRoutes {
		judge(p, nil)
	}
	for i := range exposures {
		judge(exposures[i].path, &exposures[i])
	}
	if len(fine) > 0 {
		r.add(id, pass("", "not exposed: "+strings.Join(fine, "; ")))
	}
}

func contentType(resp *response) string {
	ct := resp.header.Get("Content-Type")
	if ct == "" {
		return "no content type"
	}
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.TrimSpace(ct)
}

// firstWords is an exposure's description without its parenthesis.
func firstWords(s string) string {
	if i := strings.Index(s, " ("); i >= 0 {
		return s[:i]
	}
	return s
}

// ---- expect ----

func (r *runner) expect(ctx context.Context) {
	const id = "expect"
	if len(r.cfg.Expect) == 0 {
		r.add(id, skip("", "no smoke checks configured (add verify.expect to relguard.yaml)"))
		return
	}
	for _, e := range r.cfg.Expect {
		resp := r.c.get(ctx, e.Path, maxBody)
		hint := fmt.Sprintf("fix the page, or the verify.expect entry at relguard.yaml line %d", e.Line)
		switch {
		case resp.err != nil, resp.offOrigin != "" && resp.status != e.Status:
			r.add(id, fail(resp.url, resp.problem(), resp.problemHint()))
		case resp.status != e.Status:
			r.add(id, fail(resp.url, fmt.Sprintf("GET %s answered %d, want %d%s", resp.path, resp.status, e.Status, resp.redirectNote()), hint))
		case e.Contains != "" && !bytes.Contains(resp.body, []byte(e.Contains)):
			r.add(id, fail(resp.url, fmt.Sprintf("GET %s answered %d, but its body (%s) does not contain %q", resp.path, resp.status, sizeOf(resp), e.Contains), hint))
		case e.Contains != "":
			r.add(id, pass(resp.url, fmt.Sprintf("GET %s answered %d containing %q", resp.path, resp.status, e.Contains)))
		default:
			r.add(id, pass(resp.url, fmt.Sprintf("GET %s answered %d", resp.path, resp.status)))
		}
	}
}

func sizeOf(resp *response) string {
	if len(resp.body) >= maxBody {
		return fmt.Sprintf("first %d bytes", maxBody)
	}
	return fmt.Sprintf("%d bytes", len(resp.body))
}

// ---- ratelimit.engaged ----

func (r *runner) rateLimit(ctx context.Context) {
	const id = "ratelimit.engaged"
	rl := r.cfg.RateLimit
	if rl == nil {
		r.add(id, skip("", "not configured: relguard probes a rate limiter only when verify.rate_limit asks it to"))
		return
	}
	budget := rl.Limit + 5
	u := r.c.resolve(rl.Path)
	if left := r.c.max - r.c.requests; left < budget {
		r.add(id, warn(u, fmt.Sprintf("not probed: it needs up to %d requests and only %d of the run's cap of %d are left", budget, left, r.c.max),
			fmt.Sprintf("raise verify.max_requests to at least %d", r.c.requests+budget)))
		return
	}
	earlier := r.c.perPath[rl.Path]
	start := time.Now()
	for i := 1; i <= budget; i++ {
		if elapsed := time.Since(start); elapsed > rl.Window {
			r.add(id, warn(u, fmt.Sprintf("inconclusive: %d requests took %s, longer than the %s window, without a 429", i-1, round(elapsed), shortDuration(rl.Window)),
				"probe a faster path, or run relguard verify closer to the deployment"))
			return
		}
		resp := r.c.get(ctx, rl.Path, 4<<10)
		if prob := resp.problem(); prob != "" {
			if errors.Is(resp.err, errCapReached) {
				r.add(id, warn(u, "not finished: "+prob, resp.problemHint()))
				return
			}
			r.add(id, fail(u, fmt.Sprintf("request %d of the probe: %s", i, prob), resp.problemHint()))
			return
		}
		if resp.status != http.StatusTooManyRequests {
			continue
		}
		sent := i + earlier
		msg := fmt.Sprintf("GET %s answered 429 after %d request(s)", rl.Path, i)
		if earlier > 0 {
			msg += fmt.Sprintf(" (and %d earlier in this run)", earlier)
		}
		msg += fmt.Sprintf("; limit %d per %s", rl.Limit, shortDuration(rl.Window))
		if sent*2 < rl.Limit {
			r.add(id, warn(u, msg+": that is under half the limit, so the limiter is set lower than intended (or other traffic counts against it)",
				"compare the limiter's setting (RATE_LIMIT_REQUESTS) with verify.rate_limit.limit"))
			return
		}
		r.add(id, pass(u, msg))
		return
	}
	r.add(id, fail(u, fmt.Sprintf("no 429 after %d requests to %s (limit %d per %s): the rate limiter is not engaged", budget, rl.Path, rl.Limit, shortDuration(rl.Window)),
		"turn the rate limiter on (the runbook's RATE_LIMIT_ENABLED=1) with the intended limit, or fix verify.rate_limit"))
}
