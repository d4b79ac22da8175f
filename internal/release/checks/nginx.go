package checks

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/release/nginx"
)

// ---- nginx.headers ----

// defaultNginxHeaders are the security headers of the runbook's preflight,
// required when a configuration names none.
var defaultNginxHeaders = []string{"X-Frame-Options", "Content-Security-Policy"}

func nginxHeaders(ctx *guard.Context) []guard.Result {
	const id = "nginx.headers"
	entries := ctx.Config.Nginx
	if len(entries) == 0 {
		files, err := trackedFiles(ctx)
		if err != nil {
			return listError(id, err)
		}
		for _, f := range files {
			if path.Base(f) == "nginx.conf" && !excluded(f) {
				entries = append(entries, config.NginxFile{File: f})
			}
		}
		if len(entries) == 0 {
			return []guard.Result{{ID: id, Status: guard.Skip, Message: "no nginx configuration found (no tracked nginx.conf; add nginx: to relguard.yaml)"}}
		}
	}
	var results []guard.Result
	for _, e := range entries {
		results = append(results, checkNginxFile(ctx, id, e)...)
	}
	return results
}

func checkNginxFile(ctx *guard.Context, id string, e config.NginxFile) []guard.Result {
	headers := e.Headers
	if len(headers) == 0 {
		headers = defaultNginxHeaders
	}
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
	for _, u := range cfg.Unresolved {
		if path.Base(u.Pattern) == "mime.types" {
			continue // holds only a types block, never headers
		}
		results = append(results, guard.Result{ID: id, Status: guard.Warn, File: u.File, Line: u.Line,
			Message: fmt.Sprintf("%s:%d: include %s %s; headers it adds are not checked", u.File, u.Line, u.Pattern, u.Reason),
			Hint:    "keep included configuration in the repository next to " + e.File + ", or add the headers in the file itself"})
	}
	blocks := nginx.Blocks(cfg.Directives)
	if len(blocks) == 0 {
		return append(results, guard.Result{ID: id, Status: guard.Warn, File: e.File,
			Message: fmt.Sprintf("%s has no server blocks, so no headers could be checked", e.File),
			Hint:    "point nginx: in relguard.yaml at the file that holds (or includes) the server blocks"})
	}
	failed := false
	warned := map[string]bool{}
	for _, b := range blocks {
		for _, name := range headers {
			h, ok := b.Sends(name)
			if !ok {
				failed = true
				why := ""
				if b.Dropped(name) {
					why = " (its own add_header drops the inherited ones)"
				}
				results = append(results, guard.Result{ID: id, Status: guard.Fail, File: b.File, Line: b.Line,
					Message: fmt.Sprintf("%s:%d: %s does not send %s%s", b.File, b.Line, b.Label, name, why),
					Hint:    fmt.Sprintf("add `add_header %s \"…\" always;` inside %s (%s:%d)%s", name, b.Label, b.File, b.Line, dropHint(why))})
				continue
			}
			loc := fmt.Sprintf("%s:%d", h.File, h.Line)
			if !h.Always && !warned[loc] {
				warned[loc] = true
				results = append(results, guard.Result{ID: id, Status: guard.Warn, File: h.File, Line: h.Line,
					Message: fmt.Sprintf("%s: add_header %s has no always, so error responses (4xx, 5xx) are sent without it", loc, h.Name),
					Hint:    fmt.Sprintf("append always: add_header %s %q always;", h.Name, h.Value)})
			}
		}
	}
	if !failed {
		results = append(results, guard.Result{ID: id, Status: guard.Pass, File: e.File,
			Message: fmt.Sprintf("%s: all %d server/location block(s) send %s", e.File, len(blocks), strings.Join(headers, ", "))})
	}
	return results
}

func dropHint(why string) string {
	if why == "" {
		return ""
	}
	return "; or put the shared add_header lines in a snippet and include it at every level"
}
