package checks

import (
	"fmt"
	"strings"

	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/release/discover"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/release/images"
)

// tagVerdict is the judgement of one reference: ok when it is pinned as
// wanted (own: tagged want or v+want; third-party: tagged, not latest),
// otherwise the reason why not.
type tagVerdict struct {
	ok     bool
	reason string
	// invalid: the reference does not parse, which fails even for a
	// third-party image.
	invalid bool
}

func judgeTag(u discover.Image, want string) tagVerdict {
	if u.FromHelmAppVersion {
		return tagVerdict{ok: true}
	}
	r, in, err := u.Resolve()
	if err != nil {
		return tagVerdict{reason: err.Error(), invalid: true}
	}
	tagRaw := images.RawTag(u.Raw)
	switch {
	case strings.Contains(r.Tag, discover.UnsetMarker):
		return tagVerdict{reason: fmt.Sprintf("takes its tag from %s, which has no default", varList(in.Unset))}
	case strings.Contains(r.Name, discover.UnsetMarker):
		if r.Tag == "" {
			return tagVerdict{reason: fmt.Sprintf("comes from %s, which has no default", varList(in.Unset))}
		}
	}
	via := ""
	switch {
	case len(u.EnvVars) > 0 && strings.Contains(u.Raw, "$"):
		var sets []string
		for _, e := range u.EnvVars {
			sets = append(sets, fmt.Sprintf("%s:%d sets %s=%s", e.File, e.Line, e.Key, e.Value))
		}
		via = " (" + strings.Join(sets, ", ") + ")"
	case strings.Contains(tagRaw, "$") && len(in.Defaulted) > 0:
		via = fmt.Sprintf(" through the default of %s (whatever the release environment sets)", varList(in.Defaulted))
	}
	switch {
	case r.Tag == "" && r.Digest != "":
		if u.Own {
			return tagVerdict{reason: "is pinned by digest only, with no version tag" + via}
		}
		return tagVerdict{ok: true}
	case r.Tag == "":
		return tagVerdict{reason: "is untagged, which means latest" + via}
	case r.Tag == "latest":
		return tagVerdict{reason: "is tagged latest" + via}
	}
	if !u.Own {
		return tagVerdict{ok: true}
	}
	for _, t := range images.VersionTags(want) {
		if r.Tag == t || r.Tag == "v"+t {
			return tagVerdict{ok: true}
		}
	}
	return tagVerdict{reason: fmt.Sprintf("is tagged %s%s", r.Tag, via)}
}

func varList(names []string) string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, "${"+excerpt.Cut(n)+"}")
		}
	}
	return strings.Join(out, ", ")
}

// imageFiles lists every file the image checks read.
func imageFiles(rel *discover.Release) []string {
	var files []string
	for _, f := range rel.ComposeFiles {
		name := f.Path
		if f.EnvFile != "" {
			name += " (with " + f.EnvFile + ")"
		}
		files = append(files, name)
	}
	files = append(files, rel.KubernetesFiles...)
	return append(files, rel.HelmValuesFiles...)
}

func imageSkipMessage(ctx *guard.Context, rel *discover.Release, what string) string {
	files := imageFiles(rel)
	if len(files) == 0 {
		cfg := ctx.Config.Images
		if len(cfg.Compose)+len(cfg.Kubernetes)+len(cfg.HelmValues) == 0 {
			return "no compose files found (tracked *compose*.yml files outside tests, examples and docs; or set images.compose in relguard.yaml)"
		}
		return "no image files configured"
	}
	return fmt.Sprintf("no %s in %s", what, listPaths(files))
}

// finding is one judgement, shared by every service that uses the same
// reference on the same line (compose services merged from one anchor).
type finding struct {
	u      discover.Image
	v      tagVerdict
	wheres []string
}

// where names the services of a finding: "service web", or "services
// web, cron and 20 more".
func (f finding) where() string {
	if len(f.wheres) == 1 {
		return f.wheres[0]
	}
	var names []string
	for _, w := range f.wheres {
		names = append(names, strings.TrimPrefix(w, "service "))
	}
	if len(names) > 3 {
		names = append(names[:3], fmt.Sprintf("%d more", len(names)-3))
	}
	return "services " + strings.Join(names, ", ")
}

// groupFindings judges the images selected by keep and groups the ones
// that are not ok by file, line and reference.
func groupFindings(imgs []discover.Image, keep func(discover.Image) bool, want string) (findings []*finding, checked int, okFiles []string) {
	byKey := map[string]*finding{}
	okSeen := map[string]bool{}
	for _, u := range imgs {
		if !keep(u) {
			continue
		}
		checked++
		v := judgeTag(u, want)
		if v.ok {
			if !okSeen[u.File] {
				okSeen[u.File] = true
				okFiles = append(okFiles, u.File)
			}
			continue
		}
		key := fmt.Sprintf("%s\x00%d\x00%s\x00%s\x00%v", u.File, u.Line, u.Raw, v.reason, u.Strict)
		if f, ok := byKey[key]; ok && strings.HasPrefix(u.Where, "service ") {
			f.wheres = append(f.wheres, u.Where)
			continue
		}
		f := &finding{u: u, v: v, wheres: []string{u.Where}}
		byKey[key] = f
		findings = append(findings, f)
	}
	return findings, checked, okFiles
}

func imageTags(ctx *guard.Context) []guard.Result {
	const id = "image.tags"
	want := wantVersion(ctx)
	if want == "" {
		return noVersion(id)
	}
	rel := discover.Discover(ctx)
	results := problems(rel, id)
	failed := len(results) > 0
	findings, checked, okFiles := groupFindings(rel.Images, func(u discover.Image) bool { return u.Own }, want)
	want = images.VersionTags(want)[0]
	helmDefault := 0
	for _, u := range rel.Images {
		if u.Own && u.FromHelmAppVersion {
			helmDefault++
		}
	}
	for _, f := range findings {
		u, v := f.u, f.v
		status := guard.Fail
		msg := fmt.Sprintf("%s:%d: %s image %s %s, want %s", u.File, u.Line, f.where(), excerpt.Cut(u.Raw), v.reason, want)
		if !u.Strict && !v.invalid {
			// A development compose file: the project's own image may
			// well carry another tag there.
			status = guard.Warn
			msg += fmt.Sprintf(" (%s is not a deployment file, so this only warns)", u.File)
		} else {
			failed = true
		}
		results = append(results, guard.Result{ID: id, Status: status, File: u.File, Line: u.Line,
			Message: msg, Hint: ownImageHint(u, want, v)})
	}
	if failed {
		return results
	}
	if checked == 0 {
		return append(results, guard.Result{ID: id, Status: guard.Skip, Message: imageSkipMessage(ctx, rel, "own images (services with both build: and a pushable image:, images tagged with the previous release's version, or images.own)")})
	}
	note := ""
	if helmDefault > 0 {
		note = fmt.Sprintf(" (%d Helm image(s) with an empty tag use the chart's appVersion)", helmDefault)
	}
	bad := 0
	for _, f := range findings {
		bad += len(f.wheres)
	}
	if ok := checked - bad; ok > 0 {
		results = append([]guard.Result{{ID: id, Status: guard.Pass, Message: fmt.Sprintf("%d own image(s) tagged %s in %s%s", ok, want, listPaths(okFiles), note)}}, results...)
	}
	return results
}

func ownImageHint(u discover.Image, want string, v tagVerdict) string {
	if v.invalid {
		return fmt.Sprintf("fix the image reference at %s:%d", u.File, u.Line)
	}
	name := excerpt.Cut(u.Raw)
	if r, _, err := u.Resolve(); err == nil && !strings.Contains(r.Familiar, discover.UnsetMarker) {
		name = r.Familiar
	} else if i := strings.LastIndex(u.Raw, ":"); i > strings.LastIndex(u.Raw, "/") {
		name = excerpt.Cut(u.Raw[:i])
	}
	for _, e := range u.EnvVars {
		if strings.Contains(u.Raw, "$") {
			return fmt.Sprintf("set the tag in %s (line %d, %s) to %s", e.File, e.Line, e.Key, want)
		}
	}
	if strings.Contains(images.RawTag(u.Raw), "$") {
		return fmt.Sprintf("pin %s:%s at %s:%d, or make the variable's default %s (${TAG:-%s})", name, want, u.File, u.Line, want, want)
	}
	return fmt.Sprintf("tag the image %s:%s at %s:%d", name, want, u.File, u.Line)
}

func imageLatest(ctx *guard.Context) []guard.Result {
	const id = "image.latest"
	rel := discover.Discover(ctx)
	var results []guard.Result
	findings, checked, _ := groupFindings(rel.Images, func(u discover.Image) bool { return !u.Own }, "")
	for _, f := range findings {
		u, v := f.u, f.v
		status := guard.Warn
		hint := fmt.Sprintf("pin a version tag (or a digest) for %s at %s:%d so that a redeploy cannot change it", excerpt.Cut(u.Raw), u.File, u.Line)
		if v.invalid {
			status = guard.Fail
			hint = fmt.Sprintf("fix the image reference at %s:%d", u.File, u.Line)
		}
		results = append(results, guard.Result{ID: id, Status: status, File: u.File, Line: u.Line,
			Message: fmt.Sprintf("%s:%d: %s image %s %s", u.File, u.Line, f.where(), excerpt.Cut(u.Raw), v.reason), Hint: hint})
	}
	// Unreadable and malformed files are reported once, by image.tags.
	if len(results) > 0 {
		return results
	}
	if checked == 0 {
		return []guard.Result{{ID: id, Status: guard.Skip, Message: imageSkipMessage(ctx, rel, "third-party images")}}
	}
	return []guard.Result{{ID: id, Status: guard.Pass, Message: fmt.Sprintf("%d third-party image(s) pinned", checked)}}
}
