package checks

import (
	"fmt"
	"strings"

	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/release/discover"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/release/versionfile"
)

// problems turns discovery's problems for one check into failures.
func problems(rel *discover.Release, id string) []guard.Result {
	var out []guard.Result
	for _, p := range rel.Problems {
		if p.Check == id {
			out = append(out, guard.Result{ID: id, Status: guard.Fail, File: p.File, Line: p.Line, Message: p.Msg, Hint: p.Hint})
		}
	}
	return out
}

// subject names a version file's field in messages: the path alone when
// the field is the format's only one, "path key" otherwise
// ("charts/app/Chart.yaml version", "pyproject.toml tool.poetry.version").
func subject(vf discover.VersionFile) string {
	if vf.Regex != "" || (vf.Kind != versionfile.Declared && vf.Kind != versionfile.Placeholder) {
		return vf.Path
	}
	switch vf.Key {
	case "", "VERSION", "__version__", "Version", "metadata.version", "project.version", "package.version":
		return vf.Path
	case "version":
		if vf.Format != versionfile.FormatChart {
			return vf.Path
		}
	}
	return vf.Path + " " + vf.Key
}

func versionFiles(ctx *guard.Context) []guard.Result {
	const id = "version.files"
	want := wantVersion(ctx)
	if want == "" {
		return noVersion(id)
	}
	rel := discover.Discover(ctx)
	results := problems(rel, id)
	var holding, leftOut, noVersion []discover.VersionFile
	var fromTag []discover.VersionFile
	for _, vf := range rel.VersionFiles {
		switch vf.State {
		case discover.Judged:
			if r, ok := judgeVersionFile(vf, want); !ok {
				results = append(results, r)
			} else {
				holding = append(holding, vf)
			}
		case discover.FromGitTag:
			fromTag = append(fromTag, vf)
		case discover.NoVersion:
			noVersion = append(noVersion, vf)
		default:
			leftOut = append(leftOut, vf)
		}
	}

	// What was checked: the files that hold the version, then the ones
	// left out and why, as skip results.
	switch {
	case len(holding) > maxListed:
		var names []string
		for _, vf := range holding {
			names = append(names, subject(vf))
		}
		results = append(results, guard.Result{ID: id, Status: guard.Pass,
			Message: fmt.Sprintf("%d version files hold %s%s: %s", len(holding), want, anchoredOn(holding), listPaths(names))})
	default:
		for _, vf := range holding {
			results = append(results, guard.Result{ID: id, Status: guard.Pass, File: vf.Path, Line: vf.Line,
				Message: fmt.Sprintf("%s holds %s (%s)", subject(vf), want, vf.Reason)})
		}
	}
	for _, vf := range fromTag {
		results = append(results, guard.Result{ID: id, Status: guard.Pass, File: vf.Path, Line: vf.Line,
			Message: fmt.Sprintf("%s %s: nothing to bump, the tag is the version", vf.Path, vf.Reason)})
	}
	for i, vf := range leftOut {
		if i == maxListed {
			var rest []string
			for _, o := range leftOut[maxListed:] {
				rest = append(rest, subject(o))
			}
			results = append(results, guard.Result{ID: id, Status: guard.Skip,
				Message: fmt.Sprintf("%d more version files left out (not in lockstep with the releases): %s", len(rest), listPaths(rest))})
			break
		}
		results = append(results, guard.Result{ID: id, Status: guard.Skip, File: vf.Path, Line: vf.Line,
			Message: fmt.Sprintf("%s left out: %s", subject(vf), vf.Reason)})
	}
	if len(noVersion) > 0 {
		var names []string
		for _, vf := range noVersion {
			names = append(names, vf.Path+" "+vf.Reason)
		}
		results = append(results, guard.Result{ID: id, Status: guard.Skip,
			Message: fmt.Sprintf("%d file(s) hold no version to bump: %s", len(noVersion), listPhrases(names))})
	}

	judged := len(holding) + len(fromTag)
	for _, r := range results {
		if r.Status == guard.Fail {
			judged++
		}
	}
	if judged == 0 {
		return append(results, nothingChecked(ctx, rel, want))
	}
	return results
}

// judgeVersionFile checks one judged field; ok when it holds want.
func judgeVersionFile(vf discover.VersionFile, want string) (guard.Result, bool) {
	const id = "version.files"
	s := subject(vf)
	fail := func(msg string) (guard.Result, bool) {
		return guard.Result{ID: id, Status: guard.Fail, File: vf.Path, Line: vf.Line, Message: msg, Hint: setHint(vf, want)}, false
	}
	switch vf.Kind {
	case versionfile.Missing:
		return fail(fmt.Sprintf("%s declares no version, want %s", s, want))
	case versionfile.Placeholder:
		return fail(fmt.Sprintf("%s declares the placeholder version %s, want %s", s, excerpt.Cut(vf.Value), want))
	case versionfile.Dynamic:
		return fail(fmt.Sprintf("%s declares a dynamic version, want %s", s, want))
	case versionfile.Independent:
		return fail(fmt.Sprintf("%s declares independent versioning, want %s", s, want))
	}
	if strings.TrimPrefix(vf.Value, "v") == want {
		return guard.Result{}, true
	}
	if vf.AnchorValue != "" && vf.Value == vf.AnchorValue && !vf.Configured {
		// The file followed every release so far and was not bumped.
		return fail(fmt.Sprintf("%s still has version %s from %s, want %s: it was not bumped", s, excerpt.Cut(vf.Value), vf.AnchorTag, want))
	}
	if vf.AnchorTag != "" && !vf.Configured {
		return fail(fmt.Sprintf("%s has version %s, want %s (it held %s at %s)", s, excerpt.Cut(vf.Value), want, excerpt.Cut(vf.AnchorValue), vf.AnchorTag))
	}
	return fail(fmt.Sprintf("%s has version %s, want %s", s, excerpt.Cut(vf.Value), want))
}

// anchoredOn says which tag the files were anchored on, when they all
// share one.
func anchoredOn(vfs []discover.VersionFile) string {
	tag := ""
	for _, vf := range vfs {
		if vf.AnchorTag == "" || (tag != "" && vf.AnchorTag != tag) {
			return ""
		}
		tag = vf.AnchorTag
	}
	if tag == "" {
		return ""
	}
	return fmt.Sprintf(" (in lockstep with %s)", tag)
}

// listPhrases joins phrases that may contain commas, bounded like listPaths.
func listPhrases(items []string) string {
	if len(items) <= maxListed {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:maxListed], "; ") + fmt.Sprintf("; and %d more", len(items)-maxListed)
}

// nothingChecked is the result when no version file was judged: a
// warning, never a silent pass, unless the repository is a Go module,
// whose version is its tag.
func nothingChecked(ctx *guard.Context, rel *discover.Release, want string) guard.Result {
	const id = "version.files"
	candidates := 0
	for _, vf := range rel.VersionFiles {
		if vf.State != discover.NoVersion {
			candidates++
		}
	}
	for _, im := range rel.Images {
		if im.Lockstep {
			// A compose-based app: the release is its image tags.
			return guard.Result{ID: id, Status: guard.Skip,
				Message: fmt.Sprintf("no version file: the release's version lives in the image tags of %s, which image.tags checks", im.File)}
		}
	}
	if candidates == 0 && ctx.ReadFile != nil {
		if _, err := ctx.ReadFile("go.mod"); err == nil {
			return guard.Result{ID: id, Status: guard.Pass, File: "go.mod",
				Message: "no file holds the version: go.mod makes this a Go module, whose version is its git tag"}
		}
	}
	hint := fmt.Sprintf("list the files that must hold %s under version_files: in relguard.yaml, or --skip version.files when the tag alone is the version", want)
	if candidates > 0 {
		anchor := "the previous release"
		if rel.Anchor != nil {
			anchor = rel.Anchor.Tag
		}
		return guard.Result{ID: id, Status: guard.Warn,
			Message: fmt.Sprintf("nothing checked: none of the %d version file(s) found held the version of %s (see the files left out)", candidates, anchor),
			Hint:    hint}
	}
	return guard.Result{ID: id, Status: guard.Warn,
		Message: "nothing checked: no version file found (package.json, pyproject.toml, setup.cfg, Cargo.toml, Chart.yaml, lerna.json, VERSION, a Go Version constant or a Python __version__)",
		Hint:    hint}
}

// setHint says concretely how to put the version in the field.
func setHint(vf discover.VersionFile, want string) string {
	switch {
	case vf.Regex != "":
		return fmt.Sprintf("update the version matched by the regex in %s to %s", vf.Path, want)
	case vf.Configured && vf.Key != "" && vf.Format != versionfile.FormatChart:
		switch vf.Format {
		case versionfile.FormatJSON, versionfile.FormatTOML, versionfile.FormatYAML:
			return fmt.Sprintf("set %s to %s in %s", vf.Key, want, vf.Path)
		}
	}
	switch vf.Format {
	case versionfile.FormatPackageJSON, versionfile.FormatLerna:
		return fmt.Sprintf("set \"version\": %q in %s", want, vf.Path)
	case versionfile.FormatPyproject:
		switch vf.Key {
		case "tool.poetry.version":
			return fmt.Sprintf("set version = %q under [tool.poetry] in %s", want, vf.Path)
		case "project.version":
			return fmt.Sprintf("set version = %q under [project] in %s", want, vf.Path)
		}
		return fmt.Sprintf("set version = %q under [project] (or [tool.poetry]) in %s", want, vf.Path)
	case versionfile.FormatCargo:
		if vf.Key == "workspace.package.version" {
			return fmt.Sprintf("set version = %q under [workspace.package] in %s", want, vf.Path)
		}
		return fmt.Sprintf("set version = %q under [package] in %s", want, vf.Path)
	case versionfile.FormatChart:
		key := vf.Key
		if key == "" {
			key = "appVersion"
		}
		return fmt.Sprintf("set %s: %s in %s", key, want, vf.Path)
	case versionfile.FormatVersion:
		return fmt.Sprintf("write %s as the only line of %s", want, vf.Path)
	case versionfile.FormatSetupCfg:
		return fmt.Sprintf("set version = %s under [metadata] in %s", want, vf.Path)
	case versionfile.FormatGo:
		return fmt.Sprintf("set %s = %q in %s", orKey(vf.Key, "Version"), want, vf.Path)
	case versionfile.FormatPython:
		return fmt.Sprintf("set %s = %q in %s", orKey(vf.Key, "__version__"), want, vf.Path)
	}
	if vf.Key != "" {
		return fmt.Sprintf("set %s to %s in %s", vf.Key, want, vf.Path)
	}
	return fmt.Sprintf("set version to %s in %s", want, vf.Path)
}

func orKey(k, def string) string {
	if k == "" {
		return def
	}
	return k
}
