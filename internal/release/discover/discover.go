// Package discover finds what a release is made of, following the
// project's own release history: the version files it bumps in lockstep
// with its releases, the changelog it keeps, and the container images it
// builds and deploys.
//
// The rule is the same for every kind of file: a file belongs to the
// release when, at the previous release's tag, it held that release's
// version. Files with a scheme of their own (a web UI on 0.MINOR.PATCH, a
// chart's appVersion in a chart repository, test fixtures) are reported,
// never judged. With no earlier release, the root and workspace-declared
// manifests are judged.
//
// Discover's result is what `relguard check` judges (version.files,
// changelog.entry, image.tags and image.latest all read it) and what a
// command that prepares a release edits.
package discover

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/release/versionfile"
)

// Release is what one release consists of.
type Release struct {
	// Version is the release's version as the user wrote it, without a
	// leading "v" ("1.2.0", "1.2.0-rc.1").
	Version string
	// Tag is the release's tag ("v1.2.0").
	Tag string
	// Anchor is the earlier release the files were compared with; nil
	// when there is none (a first release, or no git repository).
	Anchor *Anchor

	// VersionFiles lists every version file found, judged or not, in path
	// order; a file with two fields in lockstep (Chart.yaml version and
	// appVersion) appears once per field.
	VersionFiles []VersionFile
	// Changelog is the changelog chosen.
	Changelog Changelog
	// ComposeFiles lists the compose files read; KubernetesFiles and
	// HelmValuesFiles the configured manifests and values files read.
	ComposeFiles    []ComposeFile
	KubernetesFiles []string
	HelmValuesFiles []string
	// Images lists every image reference read in compose files,
	// Kubernetes manifests and Helm values.
	Images []Image

	// Problems are files that could not be listed, read or parsed; each
	// names the check it belongs to.
	Problems []Problem
}

// Anchor is the earlier release the history-anchored rule compares with.
type Anchor struct {
	Tag     string // "v1.1.0"
	Version string // "1.1.0"
	Commit  string // the commit the tag peels to
}

// State says how a version file takes part in the release.
type State int

// The states of a version file.
const (
	// Judged: the file must hold the release's version (it did in lockstep
	// at the anchor, it is configured, or it is a root or workspace
	// manifest of a first release).
	Judged State = iota
	// OwnScheme: at the anchor it held something other than the anchor's
	// version; it has its own scheme and is left out.
	OwnScheme
	// NewFile: the file did not exist at the anchor and does not hold the
	// release's version; it is left out.
	NewFile
	// NoVersion: the file declares no version (none, the placeholder
	// 0.0.0, lerna's "independent", a dynamic version whose source is not
	// found, or a Cargo crate inheriting the workspace's version).
	NoVersion
	// FromGitTag: the version is derived from the git tag at build time
	// (setuptools_scm, hatch-vcs, poetry-dynamic-versioning): nothing to bump.
	FromGitTag
	// Unanchored: no earlier release shows whether the file follows the
	// project's version, and it is not a root or workspace manifest.
	Unanchored
)

// VersionFile is one field of one file that may hold the version.
type VersionFile struct {
	Path   string
	Format versionfile.Format
	// Key is the field: "version", "appVersion", "project.version",
	// "tool.poetry.version", "workspace.package.version", "__version__",
	// "Version", "metadata.version", "VERSION" (the whole file).
	Key string
	// Regex is the configured regexp, when the file is configured with one.
	Regex string
	// Line is the 1-based line of the value (of the field's section when
	// the file declares none).
	Line int
	// Value is the version as written at HEAD; empty unless Kind is
	// versionfile.Declared.
	Value string
	Kind  versionfile.Kind

	State State
	// Lockstep is State == Judged: the file must hold the release's version.
	Lockstep bool
	// Reason says, in a phrase, why the file is judged or left out
	// ("held 0.49.0 at v2.49.0, not 2.49.0").
	Reason string
	// AnchorTag and AnchorValue are the tag compared with and what the
	// field held there ("" when the file did not exist).
	AnchorTag, AnchorValue string
	// Configured marks an entry of version_files in relguard.yaml.
	Configured bool
	// Source names the manifest whose dynamic version this file holds
	// ("pyproject.toml"), or "" for a file found by its name.
	Source string
	// FromTag names the tool that derives the version from the git tag,
	// for State FromGitTag ("setuptools_scm").
	FromTag string
}

// Changelog is the changelog chosen for the release.
type Changelog struct {
	// Path is the changelog; "" when none was found.
	Path string
	// Configured marks changelog: in relguard.yaml.
	Configured bool
	// Lockstep reports a changelog that must have the release's section:
	// it had the anchor's section at the anchor (or is configured, or the
	// release is the first).
	Lockstep bool
	// Gone reports a changelog that was kept up to the anchor but is no
	// longer in the repository.
	Gone bool
	// Reason says in a phrase why it was chosen.
	Reason string
	// AnchorTag is the tag whose section showed the changelog is kept.
	AnchorTag string
	// Others lists the other changelog files found, not used.
	Others []string
}

// ComposeFile is a compose file read.
type ComposeFile struct {
	Path string
	// Strict: an own image with another tag fails (the file's name says
	// prod, production, release or deploy, or it is configured); else it
	// warns, unless the image was in lockstep at the anchor.
	Strict bool
	// EnvFile is the .env beside the file that interpolation used, or "".
	EnvFile string
}

// Image is one image reference in a compose file, Kubernetes manifest or
// Helm values file.
type Image struct {
	File string
	Line int
	// Where names the reference: "service web", "Deployment/web container
	// app", "values worker.image".
	Where string
	// Raw is the reference as written ("ghcr.io/o/app:${TAG:-1.2.0}").
	Raw string
	// Env holds the .env variables the reference was interpolated with
	// (compose only); nil otherwise.
	Env map[string]string
	// EnvVars lists the .env assignments the reference used, with their
	// lines, for messages and for editing.
	EnvVars []EnvVar

	// Own: the project's own image, whose tag must be the release's
	// version. OwnReason says why ("built by the service", "images.own",
	// "tagged 1.1.0 at v1.1.0").
	Own       bool
	OwnReason string
	// Strict: a wrong tag on an own image fails rather than warns.
	Strict bool
	// Lockstep: the same reference in the same compose file was tagged
	// with the anchor's version at the anchor.
	Lockstep bool
	// FromHelmAppVersion: a chart's own image with an empty tag, which
	// Helm fills from Chart.yaml's appVersion.
	FromHelmAppVersion bool
}

// EnvVar is one assignment of a .env file.
type EnvVar struct {
	File  string
	Line  int
	Key   string
	Value string
}

// Problem is a file that could not be listed, read or parsed.
type Problem struct {
	// Check is the ID of the check that reports it: "version.files",
	// "changelog.entry" or "image.tags".
	Check string
	File  string
	Line  int
	// Msg is the whole one-line message, naming the file.
	Msg  string
	Hint string
	// NotExist marks a file that does not exist.
	NotExist bool
}

// memoKey caches a context's discovery.
const memoKey = "discover.Release"

// Discover finds the release's version files, changelog and images. It
// reads files through ctx.ReadFile and ctx.TrackedFiles, the repository's
// tags and the files at the anchor through ctx.Git, and computes the
// answer once per context.
func Discover(ctx *guard.Context) *Release {
	return ctx.Memo(memoKey, func() any { return discover(ctx) }).(*Release)
}

func discover(ctx *guard.Context) *Release {
	cfg := ctx.Config
	if cfg == nil {
		cfg = config.Default()
	}
	d := &discoverer{ctx: ctx, cfg: cfg, rel: &Release{Version: WantVersion(ctx), Tag: ctx.Tag}}
	d.tracked, d.listErr = trackedFiles(ctx)
	if d.listErr != nil {
		for _, id := range []string{"version.files", "changelog.entry", "image.tags"} {
			d.problem(Problem{Check: id, Msg: fmt.Sprintf("cannot list the repository's files: %v", d.listErr),
				Hint: "run `git ls-files` to see what is wrong with the repository"})
		}
	}
	d.trackedSet = make(map[string]bool, len(d.tracked))
	for _, f := range d.tracked {
		d.trackedSet[f] = true
	}
	d.findAnchors()
	if d.rel.Version != "" {
		d.versionFiles()
		d.changelog()
	}
	d.images()
	return d.rel
}

// discoverer holds the state of one discovery.
type discoverer struct {
	ctx        *guard.Context
	cfg        *config.Config
	rel        *Release
	tracked    []string
	trackedSet map[string]bool
	listErr    error
	// anchors are the earlier releases to compare with, best first: the
	// highest release below the version and, when that is a pre-release,
	// the highest stable one below it.
	anchors []Anchor
	// anchorFiles caches files read at an anchor: commit -> path -> content.
	anchorFiles map[string]map[string][]byte
	anchorErr   map[string]error
}

func (d *discoverer) problem(p Problem) { d.rel.Problems = append(d.rel.Problems, p) }

// WantVersion is the release's version as the user wrote it, without a
// leading "v"; "" when the context has none.
func WantVersion(ctx *guard.Context) string {
	if ctx.Version == nil {
		return ""
	}
	if o := strings.TrimPrefix(ctx.Version.Original(), "v"); o != "" {
		return o
	}
	return ctx.Version.String()
}

func trackedFiles(ctx *guard.Context) ([]string, error) {
	if ctx.TrackedFiles == nil {
		return nil, nil
	}
	return ctx.TrackedFiles()
}

// readHead reads a file of the work tree.
func (d *discoverer) readHead(rel string) ([]byte, error) {
	if d.ctx.ReadFile == nil {
		return nil, fmt.Errorf("%s cannot be read: no work tree", rel)
	}
	data, err := d.ctx.ReadFile(rel)
	if err != nil && !strings.Contains(err.Error(), rel) {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	return data, err
}

// readAt reads files at an anchor; paths the anchor lacks are absent.
// Reads are cached per anchor and batched by the caller.
func (d *discoverer) readAt(a Anchor, paths []string) (map[string][]byte, error) {
	if d.anchorFiles == nil {
		d.anchorFiles = map[string]map[string][]byte{}
		d.anchorErr = map[string]error{}
	}
	if err := d.anchorErr[a.Commit]; err != nil {
		return nil, err
	}
	have := d.anchorFiles[a.Commit]
	if have == nil {
		have = map[string][]byte{}
		d.anchorFiles[a.Commit] = have
	}
	var need []string
	for _, p := range paths {
		if _, ok := have[p]; !ok {
			need = append(need, p)
		}
	}
	if len(need) > 0 {
		got, err := d.ctx.Git.ReadFilesAt(a.Commit, need)
		if err != nil {
			err = fmt.Errorf("cannot read the files of %s: %v", a.Tag, err)
			d.anchorErr[a.Commit] = err
			return nil, err
		}
		for _, p := range need {
			have[p] = got[p] // nil: absent at the anchor
		}
	}
	out := map[string][]byte{}
	for _, p := range paths {
		if c := have[p]; c != nil {
			out[p] = c
		}
	}
	return out, nil
}

// ---- tags ----

// TagVersion is a release tag and its version.
type TagVersion struct {
	Tag     string
	Version *semver.Version
}

// Releases lists the tags spelled prefix + strict semver, other than
// ownTag, highest version first.
func Releases(tags []string, prefix, ownTag string) []TagVersion {
	var out []TagVersion
	for _, t := range tags {
		rest, ok := strings.CutPrefix(t, prefix)
		if !ok || t == ownTag {
			continue
		}
		v, err := semver.StrictNewVersion(rest)
		if err != nil {
			continue
		}
		out = append(out, TagVersion{Tag: t, Version: v})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Version.GreaterThan(out[j].Version) })
	return out
}

// findAnchors picks the earlier releases to compare with.
func (d *discoverer) findAnchors() {
	if d.ctx.Git == nil || d.ctx.Version == nil {
		return
	}
	tags, err := d.ctx.Git.Tags()
	if err != nil {
		for _, id := range []string{"version.files", "changelog.entry"} {
			d.problem(Problem{Check: id, Msg: fmt.Sprintf("cannot list tags: %v", err), Hint: "run `git tag` to see what is wrong with the repository"})
		}
		return
	}
	v := d.ctx.Version
	var best, bestStable *TagVersion
	for _, r := range Releases(tags, d.cfg.TagPrefix, d.ctx.Tag) {
		if !r.Version.LessThan(v) {
			continue
		}
		r := r
		if best == nil {
			best = &r
		}
		if bestStable == nil && r.Version.Prerelease() == "" {
			bestStable = &r
		}
	}
	for _, r := range []*TagVersion{best, bestStable} {
		if r == nil || (len(d.anchors) > 0 && d.anchors[0].Tag == r.Tag) {
			continue
		}
		exists, commit, _, err := d.ctx.Git.LookupTag(r.Tag)
		if err != nil || !exists || commit == "" {
			continue
		}
		d.anchors = append(d.anchors, Anchor{Tag: r.Tag, Version: r.Version.Original(), Commit: commit})
	}
	if len(d.anchors) > 0 {
		a := d.anchors[0]
		d.rel.Anchor = &a
	}
}

// sameVersion compares versions as written, ignoring one leading "v".
func sameVersion(a, b string) bool {
	return a != "" && strings.TrimPrefix(a, "v") == strings.TrimPrefix(b, "v")
}

// ---- exclusions ----

// excludedNames are directories that never hold the project's own
// release files: other projects' code, fixtures, examples and docs.
var excludedNames = map[string]bool{
	"testdata": true, "fixtures": true, "examples": true, "example": true, "test": true, "tests": true,
	"docs": true, "node_modules": true, "vendor": true, "third_party": true,
}

// Excluded tells whether discovery skips a repository-relative path: any
// file under testdata, fixtures, examples, example, test, tests, docs,
// node_modules, vendor or third_party, under a directory whose name
// contains "test" or "fixture" (_integration-test, integration-tests), or
// under a hidden (.github) or "_"-prefixed directory. Every kind of file
// the release guard discovers obeys it; configured files do not.
func Excluded(rel string) bool {
	parts := strings.Split(path.Clean(strings.TrimPrefix(rel, "./")), "/")
	for _, p := range parts[:len(parts)-1] {
		lower := strings.ToLower(p)
		switch {
		case excludedNames[lower],
			strings.Contains(lower, "test"), strings.Contains(lower, "fixture"),
			strings.HasPrefix(p, ".") && p != "." && p != "..",
			strings.HasPrefix(p, "_"):
			return true
		}
	}
	return false
}

// ---- tag prefix ----

// InferTagPrefix finds the tag prefix of a repository that configures
// none, from its tags:
//
//   - the prefix of an existing tag for version itself (a re-run, or
//     --post-tag), when only one prefix has one;
//   - else "v" or "" (tags such as 15.2.0), whichever spells the highest
//     release, "v" on a tie;
//   - else a component prefix ("api/v", "chart-"): the one whose last
//     release version follows, or the one with the most releases;
//   - "v" when no tag ends in a semantic version.
func InferTagPrefix(tags []string, version *semver.Version) string {
	type stats struct {
		count   int
		highest *semver.Version
		hasOwn  bool
	}
	by := map[string]*stats{}
	for _, t := range tags {
		prefix, v, ok := SplitTag(t)
		if !ok {
			continue
		}
		s := by[prefix]
		if s == nil {
			s = &stats{}
			by[prefix] = s
		}
		s.count++
		if s.highest == nil || v.GreaterThan(s.highest) {
			s.highest = v
		}
		if version != nil && v.Equal(version) && v.Original() == version.Original() {
			s.hasOwn = true
		}
	}
	var own []string
	for p, s := range by {
		if s.hasOwn {
			own = append(own, p)
		}
	}
	if len(own) == 1 {
		return own[0]
	}
	plain, hasPlain := "", false
	for _, p := range []string{"v", ""} {
		s := by[p]
		if s == nil {
			continue
		}
		if !hasPlain || s.highest.GreaterThan(by[plain].highest) {
			plain, hasPlain = p, true
		}
	}
	if hasPlain {
		return plain
	}
	var prefixes []string
	for p := range by {
		prefixes = append(prefixes, p)
	}
	sort.Strings(prefixes)
	best := ""
	score := func(p string) (bool, int) {
		s := by[p]
		next := version != nil && version.GreaterThan(s.highest) && IsNextStep(s.highest, version)
		return next, s.count
	}
	for _, p := range prefixes {
		if best == "" {
			best = p
			continue
		}
		n1, c1 := score(p)
		n0, c0 := score(best)
		if (n1 && !n0) || (n1 == n0 && c1 > c0) {
			best = p
		}
	}
	if best == "" {
		return "v"
	}
	return best
}

// SplitTag splits a tag into a prefix and a strict semantic version
// ("api/v1.2.0" gives "api/v" and 1.2.0); the version starts at the first
// number that begins a strict semantic version running to the end.
func SplitTag(tag string) (prefix string, v *semver.Version, ok bool) {
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		if c < '0' || c > '9' || (i > 0 && (tag[i-1] >= '0' && tag[i-1] <= '9' || tag[i-1] == '.')) {
			continue
		}
		if v, err := semver.StrictNewVersion(tag[i:]); err == nil {
			return tag[:i], v, true
		}
	}
	return "", nil, false
}

// IsNextStep tells whether v follows prev without skipping a release: its
// MAJOR.MINOR.PATCH is the next patch, minor or major of prev, or — when
// prev is a pre-release — prev's own core (0.5.0-rc.1 → 0.5.0-rc.2 or 0.5.0).
func IsNextStep(prev, v *semver.Version) bool {
	core := func(x *semver.Version) semver.Version { return *semver.New(x.Major(), x.Minor(), x.Patch(), "", "") }
	c, p := core(v), core(prev)
	if prev.Prerelease() != "" && c.Equal(&p) {
		return true
	}
	for _, next := range []semver.Version{p.IncPatch(), p.IncMinor(), p.IncMajor()} {
		if c.Equal(&next) {
			return true
		}
	}
	return false
}
