package releasecmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/Masterminds/semver/v3"

	"github.com/relguard/relguard/internal/bump"
	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/release/checks"
	"github.com/relguard/relguard/internal/release/discover"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/release/versionfile"
)

const bumpUsage = `usage: relguard bump VERSION [flags]

Writes VERSION into every version file, own image tag and lock file that
relguard check judges, turns the changelog's Unreleased section into the
release's section, then runs the release guard on the result (without the
clean-tree and tag checks). Only the version tokens change; every other
byte of every file stays as it was.

VERSION is 0.5.0 or v0.5.0, or major, minor or patch to increment the last
release tag; --pre rc makes it a release candidate (0.5.0-rc.1, then rc.2).

Exit status: 0 written and the guard passes, 1 written (or with --dry-run,
would be) but a check still fails, 2 nothing written: usage, a dirty tree,
a version not newer than the last release, or a file bump cannot edit.

Flags:
`

// Bump is `relguard bump`.
func Bump(args []string, stdout, stderr io.Writer) int {
	return finish("bump", runBump(args, stdout, stderr), stderr)
}

// bumpSkipped are the checks the guard does not run after bump: the tree
// is dirty by design until the release commit, and the tag comes later.
var bumpSkipped = map[string]bool{"git.dirty": true, "tag.exists-elsewhere": true, "tag.annotated": true}

func runBump(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bump", flag.ContinueOnError)
	repoDir := fs.String("repo", "", "the repository (default: the one containing the current directory)")
	configFile := fs.String("config", "", "configuration file (default: relguard.yaml at the repository root, when present)")
	dryRun := fs.Bool("dry-run", false, "print the changes as a unified diff (for git apply) and write nothing")
	date := fs.String("date", "", "the release date for the changelog, YYYY-MM-DD (default: today)")
	allowDirty := fs.Bool("allow-dirty", false, "bump even though tracked files have uncommitted changes")
	notesFile := fs.String("notes", "", "a file with the release notes, for a changelog without an Unreleased section")
	pre := fs.String("pre", "", "make the version a pre-release with this identifier (rc gives X.Y.Z-rc.N)")
	positional, err := parseFlags("bump", bumpUsage, fs, args, stdout)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		if len(positional) == 0 {
			return usageErrorf("missing VERSION; usage: relguard bump VERSION|major|minor|patch [flags]")
		}
		return usageErrorf("expected one VERSION, got %d arguments (%s)", len(positional), strings.Join(positional, " "))
	}
	day := *date
	if day == "" {
		day = time.Now().Format(time.DateOnly)
	} else if _, err := time.Parse(time.DateOnly, day); err != nil {
		return usageErrorf("--date %q is not a date; give YYYY-MM-DD such as 2025-01-27", day)
	}
	var notes []byte
	if *notesFile != "" {
		if notes, err = readNamedFile(*notesFile); err != nil {
			return usageErrorf("--notes: %v", err)
		}
	}

	repo, _, err := openRepo(*repoDir, true)
	if err != nil {
		return err
	}
	repo.Prefetch()
	defer repo.Wait()
	cfg, err := loadConfig(repo.Root(), *configFile)
	if err != nil {
		return err
	}
	tags, err := repo.Tags()
	if err != nil {
		return usageErrorf("cannot list tags: %v; run `git tag` to see what is wrong with the repository", err)
	}
	// Increments count from the release tags, so they need the prefix
	// before the version exists; releaseContext then infers it for the
	// version exactly as check does.
	prefix := cfg.TagPrefix
	if !cfg.TagPrefixSet {
		prefix = discover.InferTagPrefix(tags, nil)
	}
	v, err := resolveVersion(positional[0], *pre, tags, prefix)
	if err != nil {
		return err
	}
	ctx, err := releaseContext(repo, cfg, v)
	if err != nil {
		return err
	}
	if counted := isIncrement(positional[0]) || *pre != ""; counted && ctx.Config.TagPrefix != prefix {
		return usageErrorf("the tags follow two prefixes (%s for the last release, %s for %s); set tag_prefix in relguard.yaml", excerpt.Quote(prefix), excerpt.Quote(ctx.Config.TagPrefix), v.Original())
	}
	if !*allowDirty {
		if err := refuseDirty(ctx); err != nil {
			return err
		}
	}
	if err := refuseNotNewer(ctx); err != nil {
		return err
	}

	plan, err := planBump(ctx, day, notes)
	if err != nil {
		problems := flatten(err)
		if len(problems) == 1 {
			return usageErrorf("%s; nothing written", strings.TrimSuffix(problems[0].Error(), "."))
		}
		for _, e := range problems {
			fmt.Fprintf(stderr, "relguard bump: %s\n", oneLine(e.Error()))
		}
		return usageErrorf("nothing written: fix the %d problems above and run relguard bump again", len(problems))
	}
	files := plan.Files()

	out := stdout
	if *dryRun {
		// The diff alone goes to stdout, so that it can be piped to git apply.
		if err := bump.WriteDiff(stdout, files); err != nil {
			return usageErrorf("cannot write the diff: %v", err)
		}
		out = stderr
	}
	printPlan(out, ctx, plan)
	if *dryRun {
		fmt.Fprintf(out, "nothing written (--dry-run); write it with relguard bump %s, or pipe the diff to git apply\n", v.Original())
		// Judge the files as they would be.
		read := ctx.ReadFile
		ctx.ReadFile = func(rel string) ([]byte, error) {
			if data, ok := plan.Content(rel); ok {
				return data, nil
			}
			return read(rel)
		}
	} else if len(files) > 0 {
		if err := bump.Write(ctx.Root, files); err != nil {
			return usageErrorf("%v", err)
		}
		fmt.Fprintf(out, "wrote %d file(s); review them with git diff, commit, then run: relguard tag %s\n", len(files), v.Original())
	} else {
		fmt.Fprintf(out, "nothing to change: every file already holds %s\n", v.Original())
	}

	fmt.Fprintln(out)
	// Judge the files as written (or as they would be), not as discovery
	// read them before the edits.
	ctx = ctx.Forget()
	var run []guard.Check
	for _, c := range checks.All() {
		if !bumpSkipped[c.ID] {
			run = append(run, c)
		}
	}
	report := guard.Run(ctx, run, nil)
	if err := writeText(out, report); err != nil {
		return usageErrorf("cannot write the report: %v", err)
	}
	fmt.Fprintln(out, "not run by bump: git.dirty, tag.exists-elsewhere, tag.annotated (they judge the release commit and its tag, which come next)")
	if !report.OK {
		return failf("%s is not ready: %d check(s) still fail; the ✗ lines above say what is missing", v.Original(), report.Counts()[guard.Fail])
	}
	return nil
}

// flatten lists the errors joined in err, however deeply.
func flatten(err error) []error {
	if many, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range many.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// planBump computes every edit; an error lists every edit that cannot be
// made (errors.Join), and then nothing may be written.
func planBump(ctx *guard.Context, day string, notes []byte) (*bump.Plan, error) {
	// Discovery errors are reported with the edit errors, one line each.
	w, err := bumpTargets(ctx)
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	want := wantVersion(ctx)
	plan := bump.NewPlan(ctx.ReadFile)
	tracked := map[string]bool{}
	if files, err := ctx.TrackedFiles(); err == nil {
		for _, f := range files {
			tracked[f] = true
		}
	}
	own := map[string]string{} // package -> its version before the release
	for _, t := range w.targets {
		if _, err := plan.SetVersion(t, want); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := plan.UpdateLocks(tracked, t, want); err != nil {
			errs = append(errs, err)
		}
		for _, pkg := range t.Packages {
			if t.Old != "" {
				own[pkg] = t.Old
			}
		}
	}
	for _, m := range w.manifests {
		if err := plan.SetDependencyPins(m, own, want); err != nil {
			errs = append(errs, err)
		}
	}
	for _, img := range w.images {
		_, note, err := plan.SetImageTag(img, want)
		if err != nil {
			errs = append(errs, err)
		}
		if note != "" {
			plan.Note(note)
		}
	}
	if w.changelog != "" {
		_, err := plan.Changelog(bump.ChangelogRelease{
			Path: w.changelog, Version: want, Tag: ctx.Tag,
			Component: checks.Component(ctx.Config.TagPrefix), Date: day, Notes: notes,
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return plan, nil
}

// bumpWork is what bump edits, as discovery found it.
type bumpWork struct {
	// targets are the version fields in lockstep with the release.
	targets []bump.Target
	// manifests are the package.json and Cargo.toml files that may pin
	// the release's own packages: the targets' and those of the crates
	// that inherit a workspace's version.
	manifests []string
	// changelog is the changelog that must have the release's section, or "".
	changelog string
	// images are the project's own image references.
	images []bump.ImageTarget
}

// bumpTargets is the seam between bump and the release guard's discovery
// (discover.Discover, the same call version.files, changelog.entry and the
// image checks judge), in the form bump edits: the version fields in
// lockstep with the release, the changelog, and the project's own image
// references. bump writes exactly what check judges.
//
// Fields the guard leaves out (their own scheme, no version, derived from
// the git tag) are not targets. Files discovery could not read or parse are
// errors (errors.Join of one per file, returned with the targets found):
// bump refuses rather than guess.
func bumpTargets(ctx *guard.Context) (bumpWork, error) {
	var w bumpWork
	rel := discover.Discover(ctx)
	var errs []error
	for _, p := range rel.Problems {
		if p.NotExist {
			continue // the final check reports a missing file with its hint
		}
		errs = append(errs, errors.New(p.Msg))
	}
	for _, f := range rel.VersionFiles {
		if !f.Lockstep || f.Kind != versionfile.Declared {
			continue
		}
		t := bump.Target{Path: f.Path, Key: f.Key, Line: f.Line, Old: f.Value}
		switch {
		case f.Regex != "":
			t.Syntax, t.Key, t.Regex = bump.Regex, "", f.Regex
		default:
			syntax, ok := syntaxOf[f.Format]
			if !ok {
				errs = append(errs, fmt.Errorf("%s: relguard cannot write this format; give it a regex: under version_files: in relguard.yaml", f.Path))
				continue
			}
			t.Syntax = syntax
			if syntax == bump.Plain {
				t.Key = ""
			}
		}
		if data, err := ctx.ReadFile(f.Path); err == nil {
			if pkg := packageName(f.Format, data); pkg != "" {
				t.Packages = append(t.Packages, pkg)
			}
		}
		w.targets = append(w.targets, t)
	}
	// A Cargo workspace's version is also the version of every member that
	// inherits it, for Cargo.lock.
	for _, f := range rel.VersionFiles {
		if f.Kind != versionfile.Workspace {
			continue
		}
		data, err := ctx.ReadFile(f.Path)
		if err != nil {
			continue
		}
		if i := workspaceRoot(w.targets, f.Path); i >= 0 {
			if pkg := packageName(f.Format, data); pkg != "" {
				w.targets[i].Packages = append(w.targets[i].Packages, pkg)
			}
			w.manifests = append(w.manifests, f.Path)
		}
	}
	for _, img := range rel.Images {
		if !img.Own || img.FromHelmAppVersion {
			continue
		}
		it := bump.ImageTarget{Path: img.File, Line: img.Line, Ref: img.Raw, Lockstep: img.Lockstep}
		for _, e := range img.EnvVars {
			it.Env = append(it.Env, bump.EnvAssignment{File: e.File, Line: e.Line, Key: e.Key, Value: e.Value})
		}
		w.images = append(w.images, it)
	}
	if rel.Changelog.Lockstep {
		w.changelog = rel.Changelog.Path
	}
	for _, t := range w.targets {
		if b := path.Base(t.Path); b == "package.json" || b == "Cargo.toml" {
			w.manifests = append(w.manifests, t.Path)
		}
	}
	sort.Strings(w.manifests)
	w.manifests = slices.Compact(w.manifests)
	return w, errors.Join(errs...)
}

// syntaxOf says how bump edits each version-file format discovery reads.
var syntaxOf = map[versionfile.Format]bump.Syntax{
	versionfile.FormatPackageJSON: bump.JSON,
	versionfile.FormatJSON:        bump.JSON,
	versionfile.FormatLerna:       bump.JSON,
	versionfile.FormatPyproject:   bump.TOML,
	versionfile.FormatCargo:       bump.TOML,
	versionfile.FormatTOML:        bump.TOML,
	versionfile.FormatChart:       bump.YAML,
	versionfile.FormatYAML:        bump.YAML,
	versionfile.FormatVersion:     bump.Plain,
	versionfile.FormatGo:          bump.GoConst,
	versionfile.FormatPython:      bump.Python,
	versionfile.FormatSetupCfg:    bump.INI,
}

// workspaceRoot is the index of the target that holds the
// [workspace.package] version of the nearest workspace above crate, or -1.
func workspaceRoot(targets []bump.Target, crate string) int {
	best, bestLen := -1, -1
	for i, t := range targets {
		if t.Key != "workspace.package.version" {
			continue
		}
		dir := path.Dir(t.Path)
		if (dir == "." || strings.HasPrefix(crate, dir+"/")) && len(dir) > bestLen {
			best, bestLen = i, len(dir)
		}
	}
	return best
}

// packageName is the name a manifest gives its package, for the lock
// files ("" when it names none).
func packageName(format versionfile.Format, data []byte) string {
	switch format {
	case versionfile.FormatPackageJSON:
		var m struct {
			Name string `json:"name"`
		}
		if json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &m) == nil {
			return m.Name
		}
	case versionfile.FormatCargo, versionfile.FormatPyproject:
		var m struct {
			Package struct{ Name string } `toml:"package"`
			Project struct{ Name string } `toml:"project"`
			Tool    struct {
				Poetry struct{ Name string } `toml:"poetry"`
			} `toml:"tool"`
		}
		if _, err := toml.Decode(string(data), &m); err == nil {
			for _, n := range []string{m.Package.Name, m.Project.Name, m.Tool.Poetry.Name} {
				if n != "" {
					return n
				}
			}
		}
	}
	return ""
}

// wantVersion is the release's version without a "v".
func wantVersion(ctx *guard.Context) string {
	return strings.TrimPrefix(ctx.Version.Original(), "v")
}

// refuseDirty refuses a working tree with uncommitted changes to tracked
// files (outside git.allow_dirty), so that the release commit holds the
// bump alone.
func refuseDirty(ctx *guard.Context) error {
	modified, _, err := ctx.Git.Status()
	if err != nil {
		return usageErrorf("cannot read the working-tree status: %v", err)
	}
	var globs []*guard.Glob
	for _, p := range ctx.Config.Git.AllowDirty {
		if g, err := guard.CompileGlob(p); err == nil {
			globs = append(globs, g)
		}
	}
	var dirty []string
	for _, p := range modified {
		allowed := false
		for _, g := range globs {
			allowed = allowed || g.MatchPath(p)
		}
		if !allowed {
			dirty = append(dirty, p)
		}
	}
	if len(dirty) == 0 {
		return nil
	}
	sort.Strings(dirty)
	list := strings.Join(dirty, ", ")
	if len(dirty) > 5 {
		list = strings.Join(dirty[:5], ", ") + fmt.Sprintf(" and %d more", len(dirty)-5)
	}
	return usageErrorf("the working tree has uncommitted changes (%s); commit or stash them so the release commit holds only the bump, or pass --allow-dirty", list)
}

// refuseNotNewer refuses a version that is already tagged, or that
// version.newer — the check that compares VERSION with the last release —
// fails.
func refuseNotNewer(ctx *guard.Context) error {
	exists, _, _, err := ctx.Git.LookupTag(ctx.Tag)
	if err != nil {
		return usageErrorf("cannot read tag %s: %v", ctx.Tag, err)
	}
	if exists {
		return usageErrorf("tag %s already exists: %s is released; choose a version above the last release", ctx.Tag, wantVersion(ctx))
	}
	for _, c := range checks.All() {
		if c.ID != "version.newer" {
			continue
		}
		for _, r := range guard.Run(ctx, []guard.Check{c}, nil).Checks {
			if r.Status == guard.Fail {
				return usageErrorf("%s; %s", r.Message, r.Hint)
			}
		}
	}
	return nil
}

var preIDRe = regexp.MustCompile(`^[0-9A-Za-z-]+$`)

// resolveVersion turns VERSION (a version, or major/minor/patch) and
// --pre into the release's version. Increments start from the highest
// release tag, pre-releases included, the way `npm version` counts: from
// 0.5.0-rc.2, minor and patch give 0.5.0.
func resolveVersion(arg, pre string, tags []string, prefix string) (*semver.Version, error) {
	if pre != "" && !preIDRe.MatchString(pre) {
		return nil, usageErrorf("--pre %q is not a pre-release identifier; use letters, digits and hyphens, such as rc or beta", pre)
	}
	released := discover.Releases(tags, prefix, "")
	var core semver.Version
	switch {
	case isIncrement(arg):
		if len(released) == 0 {
			return nil, usageErrorf("no release tag matches %s<semver> to increment from; give the version, such as relguard bump 0.1.0", prefix)
		}
		core = increment(released[0].Version, arg)
	default:
		v, err := ParseVersion(arg)
		if err != nil {
			return nil, usageErrorf("%q is neither a semantic version nor major, minor or patch; give MAJOR.MINOR.PATCH such as 0.5.0", arg)
		}
		if pre == "" {
			return v, nil
		}
		if v.Prerelease() != "" {
			return nil, usageErrorf("%s is already a pre-release; drop --pre or give the core version", arg)
		}
		core = *semver.New(v.Major(), v.Minor(), v.Patch(), "", "")
	}
	if pre == "" {
		return semver.NewVersion(core.String())
	}
	n := 0
	for _, rt := range released {
		r := rt.Version
		if r.Major() != core.Major() || r.Minor() != core.Minor() || r.Patch() != core.Patch() {
			continue
		}
		if rest, ok := strings.CutPrefix(r.Prerelease(), pre+"."); ok {
			if k, err := strconv.Atoi(rest); err == nil && k > n {
				n = k
			}
		}
	}
	return semver.NewVersion(fmt.Sprintf("%s-%s.%d", core.String(), pre, n+1))
}

// isIncrement tells VERSION major, minor or patch from a version.
func isIncrement(arg string) bool { return arg == "major" || arg == "minor" || arg == "patch" }

// increment is npm's rule: a pre-release's own core is the next step when
// the part increased is already the lowest non-zero one.
func increment(last *semver.Version, part string) semver.Version {
	isPre := last.Prerelease() != ""
	core := *semver.New(last.Major(), last.Minor(), last.Patch(), "", "")
	switch part {
	case "major":
		if isPre && last.Minor() == 0 && last.Patch() == 0 {
			return core
		}
		return *semver.New(last.Major()+1, 0, 0, "", "")
	case "minor":
		if isPre && last.Patch() == 0 {
			return core
		}
		return *semver.New(last.Major(), last.Minor()+1, 0, "", "")
	default:
		if isPre {
			return core
		}
		return *semver.New(last.Major(), last.Minor(), last.Patch()+1, "", "")
	}
}

// printPlan lists the edits, one line each, and the notes.
func printPlan(w io.Writer, ctx *guard.Context, plan *bump.Plan) {
	fmt.Fprintf(w, "relguard bump %s (tag %s)\n", wantVersion(ctx), ctx.Tag)
	changes := append([]bump.Change(nil), plan.Changes...)
	sort.SliceStable(changes, func(i, j int) bool {
		if changes[i].Path != changes[j].Path {
			return changes[i].Path < changes[j].Path
		}
		return changes[i].Line < changes[j].Line
	})
	width := 0
	locs := make([]string, len(changes))
	for i, c := range changes {
		locs[i] = fmt.Sprintf("%s:%d", c.Path, c.Line)
		width = max(width, len(locs[i]))
	}
	for i, c := range changes {
		switch {
		case c.Old == "":
			fmt.Fprintf(w, "  %-*s  %s: %s\n", width, locs[i], c.What, c.New)
		default:
			fmt.Fprintf(w, "  %-*s  %s %s → %s\n", width, locs[i], c.What, c.Old, c.New)
		}
	}
	for _, n := range plan.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
}
