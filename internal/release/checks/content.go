package checks

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/release/changelog"
	"github.com/relguard/relguard/internal/release/dotenv"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/release/images"
	"github.com/relguard/relguard/internal/release/versionfile"
)

// The content checks judge what the release's files say. They read files
// only through ctx.ReadFile and list them only through ctx.TrackedFiles,
// so that a fake context drives them as well as a real repository.

// excludedDirs are never searched for version, compose or nginx files:
// they hold other projects' files or fixtures.
var excludedDirs = map[string]bool{"node_modules": true, "vendor": true, "third_party": true, "testdata": true}

func excluded(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, p := range parts[:len(parts)-1] {
		if excludedDirs[p] {
			return true
		}
	}
	return false
}

// wantVersion is the release's version as the user wrote it, without a "v".
func wantVersion(ctx *guard.Context) string {
	if ctx.Version == nil {
		return ""
	}
	if o := strings.TrimPrefix(ctx.Version.Original(), "v"); o != "" {
		return o
	}
	return ctx.Version.String()
}

func noVersion(id string) []guard.Result {
	return []guard.Result{{ID: id, Status: guard.Skip, Message: "no release version given"}}
}

// readFile reads a repository file and names it in the error.
func readFile(ctx *guard.Context, rel string) ([]byte, error) {
	if ctx.ReadFile == nil {
		return nil, fmt.Errorf("%s cannot be read: no work tree", rel)
	}
	data, err := ctx.ReadFile(rel)
	if err != nil && !strings.Contains(err.Error(), rel) {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	return data, err
}

func trackedFiles(ctx *guard.Context) ([]string, error) {
	if ctx.TrackedFiles == nil {
		return nil, nil
	}
	return ctx.TrackedFiles()
}

func listError(id string, err error) []guard.Result {
	return []guard.Result{{ID: id, Status: guard.Fail, Message: fmt.Sprintf("cannot list the repository's files: %v", err),
		Hint: "run `git ls-files` to see what is wrong with the repository"}}
}

// readFail is the result for a file that cannot be read.
func readFail(id, rel string, err error, configKey string) guard.Result {
	hint := fmt.Sprintf("make %s a readable text file inside the repository", rel)
	if errors.Is(err, fs.ErrNotExist) {
		hint = fmt.Sprintf("create %s, or fix its path under %s: in relguard.yaml", rel, configKey)
		if configKey == "" {
			hint = fmt.Sprintf("create %s", rel)
		}
	}
	return guard.Result{ID: id, Status: guard.Fail, Message: err.Error(), File: rel, Hint: hint}
}

// parseFail is the result for a file that cannot be parsed; line is 0
// when the parser gave no position.
func parseFail(id, rel string, line int, reason, hint string) guard.Result {
	loc := rel
	if line > 0 {
		loc = fmt.Sprintf("%s:%d", rel, line)
	}
	return guard.Result{ID: id, Status: guard.Fail, Message: fmt.Sprintf("%s: %s", loc, reason), File: rel, Line: line, Hint: hint}
}

// ---- version.files ----

// versionTarget is one file the version check reads.
type versionTarget struct {
	path       string
	key        string
	regex      string
	configured bool
}

func versionFiles(ctx *guard.Context) []guard.Result {
	const id = "version.files"
	want := wantVersion(ctx)
	if want == "" {
		return noVersion(id)
	}
	targets, err := versionTargets(ctx)
	if err != nil {
		return listError(id, err)
	}
	if len(targets) == 0 {
		return []guard.Result{{ID: id, Status: guard.Skip,
			Message: "no version files found (package.json, pyproject.toml, Cargo.toml, Chart.yaml, VERSION; or add version_files: to relguard.yaml)"}}
	}

	var results []guard.Result
	var skipped []string
	checked := 0
	reported := map[string]bool{} // file:line of a mismatch already reported
	for _, t := range targets {
		data, err := readFile(ctx, t.path)
		if err != nil {
			results = append(results, readFail(id, t.path, err, "version_files"))
			continue
		}
		var v versionfile.Value
		format := versionfile.DetectFormat(t.path)
		if t.regex != "" {
			re, rerr := regexp.Compile(t.regex)
			if rerr != nil {
				results = append(results, parseFail(id, t.path, 0, "invalid regex: "+rerr.Error(), "fix the regex of "+t.path+" under version_files: in relguard.yaml"))
				continue
			}
			v, err = versionfile.ReadRegex(data, re)
		} else {
			v, err = versionfile.Read(format, data, t.key)
		}
		if err != nil {
			var ve *versionfile.Error
			line, reason := 0, err.Error()
			if errors.As(err, &ve) {
				line, reason = ve.Line, ve.Msg
			}
			results = append(results, parseFail(id, t.path, line, "cannot read the version: "+reason, parseHint(t)))
			continue
		}
		file := t.path
		if v.Kind == versionfile.Workspace {
			root, rv, rerr := cargoWorkspaceVersion(ctx, t.path)
			if rerr != nil {
				results = append(results, rerr...)
				continue
			}
			if root == "" {
				results = append(results, guard.Result{ID: id, Status: guard.Fail, File: t.path, Line: v.Line,
					Message: fmt.Sprintf("%s:%d: version.workspace = true but no workspace Cargo.toml above it declares [workspace.package] version", t.path, v.Line),
					Hint:    "add version = \"" + want + "\" under [workspace.package] in the workspace's Cargo.toml"})
				continue
			}
			file, v = root, rv
			t = versionTarget{path: root}
			format = versionfile.FormatCargo
		}
		switch v.Kind {
		case versionfile.Missing, versionfile.Placeholder, versionfile.Dynamic:
			what := map[versionfile.Kind]string{versionfile.Missing: "declares no version", versionfile.Placeholder: "declares the placeholder version 0.0.0", versionfile.Dynamic: "declares a dynamic version"}[v.Kind]
			if !t.configured {
				skipped = append(skipped, file+" "+what)
				continue
			}
			results = append(results, guard.Result{ID: id, Status: guard.Fail, File: file, Line: v.Line,
				Message: fmt.Sprintf("%s %s, want %s", file, what, want), Hint: setHint(format, t, want)})
			continue
		}
		checked++
		if strings.TrimPrefix(v.Version, "v") == want {
			continue
		}
		loc := fmt.Sprintf("%s:%d", file, v.Line)
		if reported[loc] {
			continue
		}
		reported[loc] = true
		results = append(results, guard.Result{ID: id, Status: guard.Fail, File: file, Line: v.Line,
			Message: fmt.Sprintf("%s has version %s, want %s", file, excerpt.Cut(v.Version), want), Hint: setHint(format, t, want)})
	}
	if len(results) > 0 {
		return results
	}
	note := ""
	if len(skipped) > 0 {
		note = " (skipped: " + strings.Join(skipped, "; ") + ")"
	}
	if checked == 0 {
		return []guard.Result{{ID: id, Status: guard.Skip, Message: "no version file declares a version" + note}}
	}
	noun := "files hold"
	if checked == 1 {
		noun = "file holds"
	}
	return []guard.Result{{ID: id, Status: guard.Pass, Message: fmt.Sprintf("%d version %s %s%s", checked, noun, want, note)}}
}

// versionTargets lists the files version.files reads: the configured
// version_files, or else the tracked manifests outside excluded directories.
func versionTargets(ctx *guard.Context) ([]versionTarget, error) {
	var targets []versionTarget
	if len(ctx.Config.VersionFiles) > 0 {
		for _, vf := range ctx.Config.VersionFiles {
			targets = append(targets, versionTarget{path: vf.Path, key: vf.Key, regex: vf.Regex, configured: true})
		}
		return targets, nil
	}
	files, err := trackedFiles(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		switch path.Base(f) {
		case "package.json", "pyproject.toml", "Cargo.toml", "Chart.yaml", "VERSION":
			if !excluded(f) {
				targets = append(targets, versionTarget{path: f})
			}
		}
	}
	sort.Slice(targets, func(i, j int) bool { return targets[i].path < targets[j].path })
	return targets, nil
}

func parseHint(t versionTarget) string {
	if t.regex == "" && versionfile.DetectFormat(t.path) == versionfile.FormatUnknown {
		return fmt.Sprintf("give %s a regex: (or a key: for JSON/TOML/YAML) under version_files: in relguard.yaml", t.path)
	}
	if t.regex != "" {
		return fmt.Sprintf("make the regex for %s under version_files: in relguard.yaml match the version exactly once", t.path)
	}
	return fmt.Sprintf("fix the syntax of %s at the line shown", t.path)
}

// setHint says concretely how to put the version in the file.
func setHint(format versionfile.Format, t versionTarget, want string) string {
	switch {
	case t.regex != "":
		return fmt.Sprintf("update the version matched by the regex in %s to %s", t.path, want)
	case t.key != "":
		return fmt.Sprintf("set %s to %s in %s", t.key, want, t.path)
	}
	switch format {
	case versionfile.FormatPackageJSON:
		return fmt.Sprintf("set \"version\": %q in %s", want, t.path)
	case versionfile.FormatPyproject:
		return fmt.Sprintf("set version = %q under [project] (or [tool.poetry]) in %s", want, t.path)
	case versionfile.FormatCargo:
		return fmt.Sprintf("set version = %q under [package] (or [workspace.package]) in %s", want, t.path)
	case versionfile.FormatChart:
		return fmt.Sprintf("set appVersion: %q in %s", want, t.path)
	case versionfile.FormatVersion:
		return fmt.Sprintf("write %s as the only line of %s", want, t.path)
	}
	return fmt.Sprintf("set version to %s in %s", want, t.path)
}

// cargoWorkspaceVersion finds the workspace root of a crate that inherits
// its version: the nearest Cargo.toml with [workspace], from the crate's
// own directory upwards. root is empty when there is none.
func cargoWorkspaceVersion(ctx *guard.Context, crate string) (root string, v versionfile.Value, fail []guard.Result) {
	const id = "version.files"
	dir := path.Dir(crate)
	for {
		cand := path.Join(dir, "Cargo.toml")
		data, err := readFile(ctx, cand)
		if err == nil {
			isRoot, val, perr := versionfile.CargoWorkspace(data)
			if perr != nil {
				var ve *versionfile.Error
				line, reason := 0, perr.Error()
				if errors.As(perr, &ve) {
					line, reason = ve.Line, ve.Msg
				}
				return "", v, []guard.Result{parseFail(id, cand, line, "cannot read the version: "+reason, fmt.Sprintf("fix the syntax of %s at the line shown", cand))}
			}
			if isRoot {
				if val.Kind != versionfile.Declared {
					return "", v, nil
				}
				return cand, val, nil
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", v, []guard.Result{readFail(id, cand, err, "")}
		}
		if dir == "." || dir == "/" || dir == "" {
			return "", v, nil
		}
		dir = path.Dir(dir)
	}
}

// ---- changelog.entry ----

func changelogEntry(ctx *guard.Context) []guard.Result {
	const id = "changelog.entry"
	want := wantVersion(ctx)
	if want == "" {
		return noVersion(id)
	}
	file := changelogFile(ctx)
	data, err := readFile(ctx, file)
	if err != nil {
		r := readFail(id, file, err, "changelog")
		if errors.Is(err, fs.ErrNotExist) {
			r.Hint = fmt.Sprintf("create %s with a \"## [%s] - YYYY-MM-DD\" section, or set changelog: in relguard.yaml", file, want)
		}
		return []guard.Result{r}
	}
	if isBinary(data) {
		return []guard.Result{parseFail(id, file, 0, "binary data, not a Markdown changelog", "point changelog: in relguard.yaml at the Markdown changelog")}
	}
	c, err := changelog.Parse(data)
	if err != nil {
		return []guard.Result{parseFail(id, file, 0, err.Error(), "fix the changelog's Markdown")}
	}
	component := Component(ctx.Config.TagPrefix)
	s, ok := c.FindComponent(want, component)
	if !ok {
		line := 1
		if len(c.Sections) > 0 {
			line = c.Sections[0].Line
		}
		heading := fmt.Sprintf("## [%s] - YYYY-MM-DD", want)
		if component != "" {
			heading = fmt.Sprintf("## %s@%s", component, want)
		}
		return []guard.Result{{ID: id, Status: guard.Fail, File: file, Line: line,
			Message: fmt.Sprintf("%s has no section for %s", file, want),
			Hint:    fmt.Sprintf("add a %q section with the release notes to %s (above line %d)", heading, file, line)}}
	}
	if !s.HasContent {
		return []guard.Result{{ID: id, Status: guard.Fail, File: file, Line: s.Line,
			Message: fmt.Sprintf("%s:%d: the section for %s is empty", file, s.Line, want),
			Hint:    fmt.Sprintf("write the release notes under %q in %s", s.Heading, file)}}
	}
	if s.Unreleased {
		return []guard.Result{{ID: id, Status: guard.Warn, File: file, Line: s.Line,
			Message: fmt.Sprintf("%s:%d: the section for %s is still marked Unreleased", file, s.Line, want),
			Hint:    fmt.Sprintf("replace the Unreleased marker in %q with the release date", s.Heading)}}
	}
	return []guard.Result{{ID: id, Status: guard.Pass, File: file, Line: s.Line,
		Message: fmt.Sprintf("%s has a section for %s", file, want)}}
}

// changelogFile is the changelog changelog.entry reads.
func changelogFile(ctx *guard.Context) string {
	if ctx.Config.Changelog == "" {
		return "CHANGELOG.md"
	}
	return ctx.Config.Changelog
}

// Component is the monorepo component a tag prefix template names:
// "api/v" and "api@" give "api", "services/api/v" gives "services/api",
// and a plain "v" gives "".
func Component(prefix string) string {
	p := strings.TrimSuffix(prefix, "v")
	for _, sep := range []string{"/", "@", "-"} {
		if strings.HasSuffix(p, sep) {
			return strings.TrimSuffix(p, sep)
		}
	}
	return ""
}

func isBinary(data []byte) bool {
	return strings.IndexByte(string(data), 0) >= 0
}

// ---- image.tags and image.latest ----

// imageUse is one image reference found in a deployment file.
type imageUse struct {
	file  string
	line  int
	where string // "service web", "Deployment/web container app", "values worker.image"
	raw   string // as written
	own   bool
	// fromHelmAppVersion: a chart's own image with an empty tag, which
	// Helm charts conventionally fill from Chart.yaml's appVersion.
	fromHelmAppVersion bool
}

// imageScan is everything the image checks read.
type imageScan struct {
	files []string
	uses  []imageUse
	fails []guard.Result // unreadable or malformed files
	// defaulted says where the compose files were found, for skip messages.
	defaulted bool
}

// unsetMarker stands in for a variable without a default, so that a
// reference with one still parses and the checks can tell where it was.
const unsetMarker = "relguard-unset-variable"

func scanImages(ctx *guard.Context, id string) imageScan {
	var sc imageScan
	cfg := ctx.Config.Images
	var tracked []string
	needList := len(cfg.Compose) == 0 || len(cfg.Kubernetes) > 0
	if needList {
		var err error
		tracked, err = trackedFiles(ctx)
		if err != nil {
			sc.fails = listError(id, err)
			return sc
		}
	}
	composeFiles := cfg.Compose
	if len(composeFiles) == 0 {
		sc.defaulted = true
		for _, f := range tracked {
			base := path.Base(f)
			if ok, _ := path.Match("*compose*.y*ml", base); ok && strings.Contains(base, "prod") && !excluded(f) {
				composeFiles = append(composeFiles, f)
			}
		}
	}
	ownNames := append([]string(nil), cfg.Own...)
	var composeUses []imageUse
	for _, f := range composeFiles {
		sc.files = append(sc.files, f)
		data, err := readFile(ctx, f)
		if err != nil {
			sc.fails = append(sc.fails, readFail(id, f, err, "images.compose"))
			continue
		}
		services, err := images.ParseCompose(data)
		if err != nil {
			sc.fails = append(sc.fails, imageParseFail(id, f, err))
			continue
		}
		for _, s := range services {
			if s.Image == "" {
				continue
			}
			u := imageUse{file: f, line: s.ImageLine, where: "service " + s.Name, raw: s.Image}
			if s.HasBuild {
				u.own = true
				// The repository a service builds is the project's own
				// wherever else it appears (Kubernetes, Helm).
				if r, _, err := resolveRef(s.Image); err == nil && !strings.Contains(r.Name, unsetMarker) {
					ownNames = append(ownNames, r.Name)
				}
			}
			composeUses = append(composeUses, u)
		}
	}
	for _, u := range composeUses {
		if !u.own {
			u.own = isOwn(u.raw, ownNames)
		}
		sc.uses = append(sc.uses, u)
	}

	for _, pattern := range cfg.Kubernetes {
		g, err := guard.CompileGlob(pattern)
		if err != nil {
			sc.fails = append(sc.fails, guard.Result{ID: id, Status: guard.Fail, Message: fmt.Sprintf("images.kubernetes pattern %q: %v", pattern, err), Hint: "fix the pattern under images.kubernetes: in relguard.yaml"})
			continue
		}
		var matched []string
		for _, f := range tracked {
			if g.MatchName(f) {
				matched = append(matched, f)
			}
		}
		if len(matched) == 0 {
			sc.fails = append(sc.fails, guard.Result{ID: id, Status: guard.Fail, Message: fmt.Sprintf("images.kubernetes pattern %q matches no tracked file", pattern), Hint: "fix the pattern under images.kubernetes: in relguard.yaml (use ** to cross directories)"})
			continue
		}
		for _, f := range matched {
			sc.files = append(sc.files, f)
			data, err := readFile(ctx, f)
			if err != nil {
				sc.fails = append(sc.fails, readFail(id, f, err, "images.kubernetes"))
				continue
			}
			containers, err := images.ParseKubernetes(data)
			if err != nil {
				sc.fails = append(sc.fails, imageParseFail(id, f, err))
				continue
			}
			for _, c := range containers {
				where := fmt.Sprintf("%s container %s", c.Workload, c.Name)
				sc.uses = append(sc.uses, imageUse{file: f, line: c.Line, where: strings.TrimSpace(where), raw: c.Image, own: isOwn(c.Image, ownNames)})
			}
		}
	}

	for _, f := range cfg.HelmValues {
		sc.files = append(sc.files, f)
		data, err := readFile(ctx, f)
		if err != nil {
			sc.fails = append(sc.fails, readFail(id, f, err, "images.helm_values"))
			continue
		}
		hs, err := images.ParseHelmValues(data)
		if err != nil {
			sc.fails = append(sc.fails, imageParseFail(id, f, err))
			continue
		}
		for _, h := range hs {
			u := imageUse{file: f, line: h.Line, where: "values " + h.Path}
			if h.Ref != "" {
				u.raw = h.Ref
			} else {
				u.raw = h.Repository
				if h.Registry != "" {
					u.raw = h.Registry + "/" + h.Repository
				}
				if h.Tag != "" {
					u.raw += ":" + h.Tag
				}
				if h.Digest != "" {
					u.raw += "@" + h.Digest
				}
			}
			// The chart's top-level image is its own; components' images
			// are own when their repository is.
			u.own = h.Path == "image" || isOwn(u.raw, ownNames)
			u.fromHelmAppVersion = u.own && h.Ref == "" && h.Tag == "" && h.Digest == ""
			sc.uses = append(sc.uses, u)
		}
	}
	return sc
}

func imageParseFail(id, file string, err error) guard.Result {
	var ie *images.Error
	line, reason := 0, err.Error()
	if errors.As(err, &ie) {
		line, reason = ie.Line, ie.Msg
	}
	return parseFail(id, file, line, reason, fmt.Sprintf("fix the YAML of %s at the line shown", file))
}

func isOwn(raw string, ownNames []string) bool {
	r, _, err := resolveRef(raw)
	if err != nil {
		return false
	}
	for _, n := range ownNames {
		if images.SameRepository(n, r) {
			return true
		}
	}
	return false
}

// resolveRef evaluates interpolation with defaults only and parses the
// result. Variables without a default become unsetMarker.
func resolveRef(raw string) (images.Ref, images.Interpolation, error) {
	in, err := images.InterpolateUnset(raw, unsetMarker)
	if err != nil {
		return images.Ref{}, in, err
	}
	r, err := images.ParseRef(in.Value)
	return r, in, err
}

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

func judgeTag(u imageUse, want string) tagVerdict {
	if u.fromHelmAppVersion {
		return tagVerdict{ok: true}
	}
	r, in, err := resolveRef(u.raw)
	if err != nil {
		return tagVerdict{reason: err.Error(), invalid: true}
	}
	tagRaw := rawTag(u.raw)
	switch {
	case strings.Contains(r.Tag, unsetMarker):
		return tagVerdict{reason: fmt.Sprintf("takes its tag from %s, which has no default", varList(in.Unset))}
	case strings.Contains(r.Name, unsetMarker):
		if r.Tag == "" {
			return tagVerdict{reason: fmt.Sprintf("comes from %s, which has no default", varList(in.Unset))}
		}
	}
	viaDefault := ""
	if strings.Contains(tagRaw, "$") && len(in.Defaulted) > 0 {
		viaDefault = fmt.Sprintf(" through the default of %s (whatever the release environment sets)", varList(in.Defaulted))
	}
	switch {
	case r.Tag == "" && r.Digest != "":
		if u.own {
			return tagVerdict{reason: "is pinned by digest only, with no version tag"}
		}
		return tagVerdict{ok: true}
	case r.Tag == "":
		return tagVerdict{reason: "is untagged, which means latest" + viaDefault}
	case r.Tag == "latest":
		return tagVerdict{reason: "is tagged latest" + viaDefault}
	}
	if !u.own || r.Tag == want || r.Tag == "v"+want {
		return tagVerdict{ok: true}
	}
	return tagVerdict{reason: fmt.Sprintf("is tagged %s%s", r.Tag, viaDefault)}
}

// rawTag is the part of a reference as written that holds the tag: after
// the last ':' that follows the last '/', before any '@', counting only
// characters outside ${...} so that "app:${TAG:-latest}" gives
// "${TAG:-latest}".
func rawTag(raw string) string {
	depth, slash, colon, at := 0, -1, -1, -1
	for i := 0; i < len(raw); i++ {
		switch {
		case raw[i] == '$' && i+1 < len(raw) && raw[i+1] == '{':
			depth++
			i++
		case raw[i] == '}' && depth > 0:
			depth--
		case depth > 0, at >= 0:
		case raw[i] == '/':
			slash, colon = i, -1
		case raw[i] == ':':
			colon = i
		case raw[i] == '@' && at < 0:
			at = i
		}
	}
	end := len(raw)
	if at >= 0 {
		end = at
	}
	if colon < 0 || colon > end || colon < slash {
		return ""
	}
	return raw[colon+1 : end]
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

func imageSkipMessage(sc imageScan, what string) string {
	if len(sc.files) == 0 {
		if sc.defaulted {
			return "no compose files found (tracked *compose*.yml files with prod in the name; or set images.compose in relguard.yaml)"
		}
		return "no image files configured"
	}
	return fmt.Sprintf("no %s in %s", what, strings.Join(sc.files, ", "))
}

func imageTags(ctx *guard.Context) []guard.Result {
	const id = "image.tags"
	want := wantVersion(ctx)
	if want == "" {
		return noVersion(id)
	}
	sc := scanImages(ctx, id)
	results := append([]guard.Result(nil), sc.fails...)
	checked, helmDefault := 0, 0
	for _, u := range sc.uses {
		if !u.own {
			continue
		}
		checked++
		if u.fromHelmAppVersion {
			helmDefault++
		}
		v := judgeTag(u, want)
		if v.ok {
			continue
		}
		results = append(results, guard.Result{ID: id, Status: guard.Fail, File: u.file, Line: u.line,
			Message: fmt.Sprintf("%s:%d: %s image %s %s, want %s", u.file, u.line, u.where, excerpt.Cut(u.raw), v.reason, want),
			Hint:    ownImageHint(u, want, v)})
	}
	if len(results) > 0 {
		return results
	}
	if checked == 0 {
		return []guard.Result{{ID: id, Status: guard.Skip, Message: imageSkipMessage(sc, "own images (services with both build: and image:, or images.own)")}}
	}
	note := ""
	if helmDefault > 0 {
		note = fmt.Sprintf(" (%d Helm image(s) with an empty tag use the chart's appVersion)", helmDefault)
	}
	return []guard.Result{{ID: id, Status: guard.Pass, Message: fmt.Sprintf("%d own image(s) tagged %s in %s%s", checked, want, strings.Join(sc.files, ", "), note)}}
}

func ownImageHint(u imageUse, want string, v tagVerdict) string {
	if v.invalid {
		return fmt.Sprintf("fix the image reference at %s:%d", u.file, u.line)
	}
	name := excerpt.Cut(u.raw)
	if r, _, err := resolveRef(u.raw); err == nil && !strings.Contains(r.Familiar, unsetMarker) {
		name = r.Familiar
	} else if i := strings.LastIndex(u.raw, ":"); i > strings.LastIndex(u.raw, "/") {
		name = excerpt.Cut(u.raw[:i])
	}
	if strings.Contains(rawTag(u.raw), "$") {
		return fmt.Sprintf("pin %s:%s at %s:%d, or make the variable's default %s (${TAG:-%s})", name, want, u.file, u.line, want, want)
	}
	return fmt.Sprintf("tag the image %s:%s at %s:%d", name, want, u.file, u.line)
}

func imageLatest(ctx *guard.Context) []guard.Result {
	const id = "image.latest"
	sc := scanImages(ctx, id)
	var results []guard.Result
	checked := 0
	for _, u := range sc.uses {
		if u.own {
			continue
		}
		checked++
		v := judgeTag(u, "")
		if v.ok {
			continue
		}
		status := guard.Warn
		hint := fmt.Sprintf("pin a version tag (or a digest) for %s at %s:%d so that a redeploy cannot change it", excerpt.Cut(u.raw), u.file, u.line)
		if v.invalid {
			status = guard.Fail
			hint = fmt.Sprintf("fix the image reference at %s:%d", u.file, u.line)
		}
		results = append(results, guard.Result{ID: id, Status: status, File: u.file, Line: u.line,
			Message: fmt.Sprintf("%s:%d: %s image %s %s", u.file, u.line, u.where, excerpt.Cut(u.raw), v.reason), Hint: hint})
	}
	// Unreadable and malformed files are reported once, by image.tags.
	if len(results) > 0 {
		return results
	}
	if checked == 0 {
		return []guard.Result{{ID: id, Status: guard.Skip, Message: imageSkipMessage(sc, "third-party images")}}
	}
	return []guard.Result{{ID: id, Status: guard.Pass, Message: fmt.Sprintf("%d third-party image(s) pinned", checked)}}
}

// ---- env.require ----

func envRequire(ctx *guard.Context) []guard.Result {
	const id = "env.require"
	if len(ctx.Config.Env) == 0 {
		return []guard.Result{{ID: id, Status: guard.Skip, Message: "no env files configured (add env: to relguard.yaml)"}}
	}
	var results []guard.Result
	for _, e := range ctx.Config.Env {
		results = append(results, checkEnvFile(ctx, id, e)...)
	}
	return results
}

func checkEnvFile(ctx *guard.Context, id string, e config.EnvFile) []guard.Result {
	data, err := readFile(ctx, e.File)
	if err != nil {
		return []guard.Result{readFail(id, e.File, err, "env")}
	}
	f, err := dotenv.Parse(data)
	if err != nil {
		var de *dotenv.Error
		line, reason := 0, err.Error()
		if errors.As(err, &de) {
			line, reason = de.Line, de.Msg
		}
		return []guard.Result{parseFail(id, e.File, line, reason, fmt.Sprintf("fix the line in %s (KEY=value, # for comments)", e.File))}
	}
	var results []guard.Result
	for _, d := range f.Duplicates() {
		last, _ := f.Lookup(d.Key)
		results = append(results, guard.Result{ID: id, Status: guard.Warn, File: e.File, Line: d.Line,
			Message: fmt.Sprintf("%s:%d sets %s again at line %d; the last value wins", e.File, d.Line, excerpt.Cut(d.Key), last.Line),
			Hint:    fmt.Sprintf("delete one of the %s lines in %s", excerpt.Cut(d.Key), e.File)})
	}
	keys := make([]string, 0, len(e.Require))
	for k := range e.Require {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	failed := false
	for _, k := range keys {
		want := e.Require[k]
		got, ok := f.Lookup(k)
		switch {
		case !ok:
			failed = true
			results = append(results, guard.Result{ID: id, Status: guard.Fail, File: e.File,
				Message: fmt.Sprintf("%s does not set %s (want %s)", e.File, k, want),
				Hint:    fmt.Sprintf("add %s=%s to %s", k, want, e.File)})
		case got.Value != want:
			failed = true
			results = append(results, guard.Result{ID: id, Status: guard.Fail, File: e.File, Line: got.Line,
				Message: fmt.Sprintf("%s:%d sets %s=%s, want %s", e.File, got.Line, k, excerpt.Cut(got.Value), want),
				Hint:    fmt.Sprintf("set %s=%s in %s (line %d)", k, want, e.File, got.Line)})
		}
	}
	if !failed {
		results = append(results, guard.Result{ID: id, Status: guard.Pass, File: e.File,
			Message: fmt.Sprintf("%s sets the %d required value(s)", e.File, len(keys))})
	}
	return results
}
