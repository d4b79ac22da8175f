package checks

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/headerpolicy"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/release/nginx"
)

// ---- nginx.headers ----

// The static check judges add_header directives with the header policy
// relguard verify applies to live responses (internal/headerpolicy). What
// blocks a release statically: a block that serves pages without the
// headers the runbook requires (a Content-Security-Policy and framing
// protection) or without the headers relguard.yaml names. A header that is
// sent with a value the policy rejects, and the policy's other headers when
// sent badly, are warnings: the configuration is reviewed, not the
// deployment, and `relguard verify` fails them live.

func nginxHeaders(ctx *guard.Context) []guard.Result {
	const id = "nginx.headers"
	entries := ctx.Config.Nginx
	discovered := false
	if len(entries) == 0 {
		files, err := trackedFiles(ctx)
		if err != nil {
			return listError(id, err)
		}
		entries = discoverNginx(files)
		if len(entries) == 0 {
			return []guard.Result{{ID: id, Status: guard.Skip, Message: "no nginx configuration found (no tracked nginx.conf; add nginx: to relguard.yaml)"}}
		}
		discovered = true
	}
	var results []guard.Result
	for _, e := range entries {
		results = append(results, checkNginxFile(ctx, id, e, discovered)...)
	}
	return results
}

// discoverNginx picks the tracked nginx.conf files outside the default
// exclusions (dependencies, test fixtures).
func discoverNginx(files []string) []config.NginxFile {
	var out []config.NginxFile
	for _, f := range files {
		if path.Base(f) == "nginx.conf" && !excluded(f) {
			out = append(out, config.NginxFile{File: f})
		}
	}
	return out
}

// requirement is a header every block that serves pages must send.
type requirement struct {
	name    string
	example string // a value for the hint
	met     func(nginx.Block) (nginx.Header, bool)
}

func requirements(configured []string) []requirement {
	if len(configured) == 0 {
		return []requirement{
			{name: headerpolicy.FrameOptionsHeader, example: "DENY", met: framingMet},
			{name: headerpolicy.CSPHeader, example: "default-src 'self'", met: sends(headerpolicy.CSPHeader)},
		}
	}
	var out []requirement
	for _, name := range configured {
		out = append(out, requirement{name: name, example: "…", met: sends(name)})
	}
	return out
}

func sends(name string) func(nginx.Block) (nginx.Header, bool) {
	return func(b nginx.Block) (nginx.Header, bool) { return b.Sends(name) }
}

// framingMet: X-Frame-Options, or a Content-Security-Policy that has
// frame-ancestors (or whose value comes from a variable relguard cannot
// read, and so may have it).
func framingMet(b nginx.Block) (nginx.Header, bool) {
	if h, ok := b.Sends(headerpolicy.FrameOptionsHeader); ok {
		return h, true
	}
	for _, h := range b.Headers {
		if !strings.EqualFold(h.Name, headerpolicy.CSPHeader) {
			continue
		}
		if _, ok := headerpolicy.ParseCSP(h.Value)["frame-ancestors"]; ok || hasVariable(h.Value) {
			return h, true
		}
	}
	return nginx.Header{}, false
}

// nonceVariable is a CSP nonce filled in by nginx per request; the policy
// reads it as a nonce whatever the variable holds.
var nonceVariable = regexp.MustCompile(`(?i)'nonce-\$[^']*'`)

// hasVariable reports a value nginx fills in at run time (other than a
// nonce), which the static check cannot judge.
func hasVariable(v string) bool {
	return strings.Contains(nonceVariable.ReplaceAllString(v, ""), "$")
}

// addHeaders lets the header policy read a block's add_header directives.
type addHeaders []nginx.Header

func (hs addHeaders) Values(name string) []string {
	var out []string
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			out = append(out, h.Value)
		}
	}
	return out
}

func checkNginxFile(ctx *guard.Context, id string, e config.NginxFile, discovered bool) []guard.Result {
	reqs := requirements(e.Headers)
	ld := nginx.Loader{
		ReadFile: func(rel string) ([]byte, error) { return readFile(ctx, rel) },
		Files:    func() ([]string, error) { return trackedFiles(ctx) },
	}
	cfg, err := ld.Load(e.File)
	if err != nil {
		var ne *nginx.Error
		if errors.As(err, &ne) {
			return []guard.Result{parseFail(id, ne.File, ne.Line, ne.Msg, fmt.Sprintf("fix the syntax of %s at the line shown (`nginx -t` gives the same verdict)", ne.File))}
		}
		return []guard.Result{readFail(id, e.File, err, "nginx")}
	}
	var results []guard.Result
	// The same include, repeated in many blocks, is one warning.
	var includes [][]nginx.Unresolved
	group := map[string]int{} // pattern and reason -> index in includes
	for _, u := range cfg.Unresolved {
		if path.Base(u.Pattern) == "mime.types" {
			continue // holds only a types block, never headers
		}
		key := u.Pattern + "\x00" + u.Reason
		if i, ok := group[key]; ok {
			includes[i] = append(includes[i], u)
			continue
		}
		group[key] = len(includes)
		includes = append(includes, []nginx.Unresolved{u})
	}
	for _, us := range includes {
		u := us[0]
		also := ""
		if len(us) > 1 {
			var locs []string
			for _, v := range us[1:] {
				locs = append(locs, fmt.Sprintf("%s:%d", v.File, v.Line))
			}
			also = " (also at " + strings.Join(locs, ", ") + ")"
		}
		results = append(results, guard.Result{ID: id, Status: guard.Warn, File: u.File, Line: u.Line,
			Message: fmt.Sprintf("%s:%d: include %s %s%s; headers it adds are not checked", u.File, u.Line, excerpt.Cut(u.Pattern), excerpt.Within(u.Reason, u.Pattern), also),
			Hint:    "keep included configuration in the repository next to " + e.File + ", or add the headers in the file itself"})
	}
	blocks := nginx.Blocks(cfg.Directives)
	if len(blocks) == 0 {
		return append(results, guard.Result{ID: id, Status: guard.Warn, File: e.File,
			Message: fmt.Sprintf("%s has no server blocks, so no headers could be checked", e.File),
			Hint:    "point nginx: in relguard.yaml at the file that holds (or includes) the server blocks"})
	}
	var names []string
	for _, r := range reqs {
		names = append(names, r.name)
	}
	failed := false
	warned := map[string]bool{}
	// Zero-config only: blocks that never render a page are not judged (nor
	// the blocks inside them), servers that answer only through their
	// locations leave the judging to those, and blocks that only pass
	// upstream warn (once, at the outermost level).
	redirectOnly := make([]bool, len(blocks))
	upstream := make([]bool, len(blocks))
	proxyGroups := map[string]*proxyGroup{}
	sent, passing, redirecting, routing := 0, 0, 0, 0
	for i, b := range blocks {
		if discovered && (b.Handling == nginx.Redirects || b.Parent >= 0 && redirectOnly[b.Parent]) {
			redirectOnly[i] = true
			redirecting++
			continue
		}
		if discovered && b.Handling == nginx.Routes {
			routing++
			continue
		}
		var missing []requirement
		for _, r := range reqs {
			if _, ok := r.met(b); !ok {
				missing = append(missing, r)
			}
		}
		if discovered && b.Handling == nginx.Passes && len(missing) > 0 {
			upstream[i] = true
			passing++
			if b.Parent >= 0 && upstream[b.Parent] && !b.Own {
				continue // the enclosing block's warning covers it
			}
			// One warning per server and set of missing headers, where the
			// first such block is.
			srv := i
			for blocks[srv].Parent >= 0 {
				srv = blocks[srv].Parent
			}
			var absent []string
			for _, r := range missing {
				absent = append(absent, r.name)
			}
			key := fmt.Sprintf("%d\x00%s", srv, strings.Join(absent, ", "))
			g, ok := proxyGroups[key]
			if !ok {
				g = &proxyGroup{at: len(results), missing: absent, all: len(missing) == len(reqs)}
				proxyGroups[key] = g
				results = append(results, guard.Result{}) // filled in below
			}
			g.blocks = append(g.blocks, i)
			continue
		}
		for _, r := range missing {
			failed = true
			why := ""
			if b.Dropped(r.name) {
				why = " (its own add_header drops the inherited ones)"
			}
			hint := fmt.Sprintf("add `add_header %s %q always;` inside %s (%s:%d)", r.name, r.example, b.Label, b.File, b.Line)
			if r.example == "…" {
				hint = fmt.Sprintf("add `add_header %s \"…\" always;` inside %s (%s:%d)", r.name, b.Label, b.File, b.Line)
			}
			if len(e.Headers) == 0 && r.name == headerpolicy.FrameOptionsHeader {
				hint += ", or frame-ancestors 'none' in its Content-Security-Policy"
			}
			results = append(results, guard.Result{ID: id, Status: guard.Fail, File: b.File, Line: b.Line,
				Message: fmt.Sprintf("%s:%d: %s does not send %s%s", b.File, b.Line, b.Label, r.name, why),
				Hint:    hint + dropHint(why)})
		}
		if len(missing) == 0 {
			sent++
		}
		for _, r := range reqs {
			h, ok := r.met(b)
			if !ok {
				continue
			}
			loc := fmt.Sprintf("%s:%d", h.File, h.Line)
			if !h.Always && !warned[loc] {
				warned[loc] = true
				results = append(results, guard.Result{ID: id, Status: guard.Warn, File: h.File, Line: h.Line,
					Message: fmt.Sprintf("%s: add_header %s has no always, so error responses (4xx, 5xx) are sent without it", loc, h.Name),
					Hint:    fmt.Sprintf("append always: add_header %s %s always;", h.Name, excerpt.Quote(h.Value))})
			}
		}
		results = append(results, weakHeaders(id, b, warned)...)
	}
	for _, g := range proxyGroups {
		results[g.at] = upstreamWarning(id, blocks, g)
	}
	if failed {
		return results
	}
	var others []string
	if passing > 0 {
		others = append(others, fmt.Sprintf("%d only pass requests upstream", passing))
	}
	if redirecting > 0 {
		others = append(others, fmt.Sprintf("%d only redirect", redirecting))
	}
	if routing > 0 {
		others = append(others, fmt.Sprintf("%d server(s) answer only through their locations", routing))
	}
	switch {
	case sent == len(blocks):
		results = append(results, guard.Result{ID: id, Status: guard.Pass, File: e.File,
			Message: fmt.Sprintf("%s: all %d server/location block(s) send %s", e.File, len(blocks), strings.Join(names, ", "))})
	case sent > 0:
		results = append(results, guard.Result{ID: id, Status: guard.Pass, File: e.File,
			Message: fmt.Sprintf("%s: the %d block(s) that serve pages send %s (not judged: %s)", e.File, sent, strings.Join(names, ", "), strings.Join(others, "; "))})
	case passing == 0:
		results = append(results, guard.Result{ID: id, Status: guard.Skip, File: e.File,
			Message: fmt.Sprintf("%s: no block serves pages itself (%s), so none needs the headers", e.File, strings.Join(others, "; "))})
	}
	return results
}

// proxyGroup gathers a server's blocks that only pass requests upstream
// and lack the same headers.
type proxyGroup struct {
	at      int // index of the warning in the results
	blocks  []int
	missing []string
	all     bool // none of the required headers is sent
}

// upstreamWarning is the one warning about a proxyGroup.
func upstreamWarning(id string, blocks []nginx.Block, g *proxyGroup) guard.Result {
	first := blocks[g.blocks[0]]
	lack := "sends none of " + strings.Join(g.missing, ", ")
	lackPlural := "send none of " + strings.Join(g.missing, ", ")
	if !g.all {
		lack, lackPlural = "does not send "+strings.Join(g.missing, ", "), "do not send "+strings.Join(g.missing, ", ")
	}
	const live = "the upstream may send them; `relguard verify` can confirm it live"
	if len(g.blocks) == 1 {
		return guard.Result{ID: id, Status: guard.Warn, File: first.File, Line: first.Line,
			Message: fmt.Sprintf("%s:%d: %s only passes requests upstream (%s) and %s; %s", first.File, first.Line, first.Label, first.Handler, lack, live),
			Hint:    fmt.Sprintf("run `relguard verify URL` against the deployment, or add the headers with add_header … always; inside %s (%s:%d)", first.Label, first.File, first.Line)}
	}
	var list []string
	for _, i := range g.blocks {
		list = append(list, fmt.Sprintf("%s (%s:%d)", blocks[i].Label, blocks[i].File, blocks[i].Line))
	}
	return guard.Result{ID: id, Status: guard.Warn, File: first.File, Line: first.Line,
		Message: fmt.Sprintf("%s:%d: %d locations only pass requests upstream and %s: %s; %s", first.File, first.Line, len(g.blocks), lackPlural, strings.Join(list, ", "), live),
		Hint:    "run `relguard verify URL` against the deployment, or add the headers with add_header … always; where every location inherits them (no location in between redefines add_header)"}
}

// weakHeaders warns, once per add_header line, about headers a block sends
// with a value the policy rejects.
func weakHeaders(id string, b nginx.Block, warned map[string]bool) []guard.Result {
	var results []guard.Result
	for _, rule := range headerpolicy.Rules() {
		v := headerpolicy.Judge(rule.Name, addHeaders(b.Headers))
		if v.Outcome != headerpolicy.Weak {
			continue
		}
		h, ok := b.Sends(v.Header)
		if !ok || hasVariable(h.Value) {
			continue
		}
		key := fmt.Sprintf("%s:%d %s", h.File, h.Line, rule.Name)
		if warned[key] {
			continue
		}
		warned[key] = true
		results = append(results, guard.Result{ID: id, Status: guard.Warn, File: h.File, Line: h.Line,
			Message: fmt.Sprintf("%s:%d: %s", h.File, h.Line, v.Reason),
			Hint:    fmt.Sprintf("%s (add_header at %s:%d)", v.Fix, h.File, h.Line)})
	}
	return results
}

func dropHint(why string) string {
	if why == "" {
		return ""
	}
	return "; or put the shared add_header lines in a snippet and include it at every level"
}
