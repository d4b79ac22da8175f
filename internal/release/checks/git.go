package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/relguard/relguard/internal/release/discover"
	"github.com/relguard/relguard/internal/release/guard"
)

// DefaultBranches are the release branches allowed when git.branches is
// unset: the trunk names, and the release, maintenance and hotfix branch
// names projects use (release-3.14, v1.15, 1.15.x, stable-2.3, …). A
// feature branch is none of them.
var DefaultBranches = []string{"main", "master", "trunk", "release/*", "release-*", "releases/*", "v*", "*.x", "*.*.x", "stable*", "support/*", "hotfix/*", "maint*"}

const shallowHint = "fetch the full history with `git fetch --tags --unshallow`; in GitHub Actions set `fetch-depth: 0` on actions/checkout"

// maxListed bounds how many paths one message lists.
const maxListed = 20

func noRepo(id string) []guard.Result {
	return []guard.Result{{ID: id, Status: guard.Skip, Message: "not a git repository"}}
}

func gitError(id, what string, err error) []guard.Result {
	return []guard.Result{{ID: id, Status: guard.Fail, Message: fmt.Sprintf("cannot %s: %v", what, err),
		Hint: "run `git status` to see what is wrong with the repository"}}
}

func gitShallow(ctx *guard.Context) []guard.Result {
	const id = "git.shallow"
	if ctx.Git == nil {
		return noRepo(id)
	}
	shallow, err := ctx.Git.IsShallow()
	if err != nil {
		return gitError(id, "tell whether the clone is shallow", err)
	}
	if shallow {
		return []guard.Result{{ID: id, Status: guard.Fail,
			Message: "the clone is shallow: earlier tags and history are missing, so the version cannot be compared with the last release",
			Hint:    shallowHint}}
	}
	return []guard.Result{{ID: id, Status: guard.Pass, Message: "the clone has full history"}}
}

// compileGlobs compiles patterns; a bad one is reported by the CLI before
// any check runs, so here it is simply skipped.
func compileGlobs(patterns []string) []*guard.Glob {
	var globs []*guard.Glob
	for _, p := range patterns {
		if g, err := guard.CompileGlob(p); err == nil {
			globs = append(globs, g)
		}
	}
	return globs
}

func allowedPath(globs []*guard.Glob, p string) bool {
	for _, g := range globs {
		if g.MatchPath(p) {
			return true
		}
	}
	return false
}

func listPaths(paths []string) string {
	if len(paths) <= maxListed {
		return strings.Join(paths, ", ")
	}
	return strings.Join(paths[:maxListed], ", ") + fmt.Sprintf(" and %d more", len(paths)-maxListed)
}

func gitDirty(ctx *guard.Context) []guard.Result {
	const id = "git.dirty"
	if ctx.Git == nil {
		return noRepo(id)
	}
	modified, untracked, err := ctx.Git.Status()
	if err != nil {
		return gitError(id, "read the working-tree status", err)
	}
	var patterns []string
	if ctx.Config != nil {
		patterns = append(patterns, ctx.Config.Git.AllowDirty...)
	}
	patterns = append(patterns, ctx.AllowDirty...)
	globs := compileGlobs(patterns)

	var dirty, allowed, stray []string
	for _, p := range modified {
		if allowedPath(globs, p) {
			allowed = append(allowed, p)
		} else {
			dirty = append(dirty, p)
		}
	}
	for _, p := range untracked {
		if !allowedPath(globs, p) {
			stray = append(stray, p)
		}
	}

	var results []guard.Result
	for i, p := range dirty {
		if i == maxListed {
			results = append(results, guard.Result{ID: id, Status: guard.Fail,
				Message: fmt.Sprintf("%d more modified or staged files", len(dirty)-maxListed),
				Hint:    "commit or stash the changes; run `git status` for the full list"})
			break
		}
		results = append(results, guard.Result{ID: id, Status: guard.Fail, File: p,
			Message: fmt.Sprintf("%s is modified or staged but not committed", p),
			Hint:    "commit or stash the change before releasing, or allow it with --allow-dirty or git.allow_dirty"})
	}
	if len(stray) > 0 {
		results = append(results, guard.Result{ID: id, Status: guard.Warn,
			Message: fmt.Sprintf("%d untracked file(s): %s", len(stray), listPaths(stray)),
			Hint:    "commit, delete or .gitignore them so the release builds from committed files only"})
	}
	if len(dirty) == 0 {
		msg := "no modified or staged tracked files"
		if len(allowed) > 0 {
			msg += fmt.Sprintf(" (%d allowed by allow-dirty: %s)", len(allowed), listPaths(allowed))
		}
		results = append([]guard.Result{{ID: id, Status: guard.Pass, Message: msg}}, results...)
	}
	return results
}

// versionBranchRe is a branch named for a version line, with an optional
// suffix: 3.4, 2.2.x, 1.10.X-fixes, 2024.1.
var versionBranchRe = regexp.MustCompile(`(?i)^v?[0-9]+(\.([0-9]+|x))+([-_][a-z0-9._-]*)?$`)

// ciBranchVariables name the branch in CI checkouts, which leave HEAD
// detached. GITHUB_HEAD_REF is the source branch of a pull request.
var ciBranchVariables = []string{"GITHUB_REF_NAME", "GITHUB_HEAD_REF", "CI_COMMIT_BRANCH"}

func gitBranch(ctx *guard.Context) []guard.Result {
	const id = "git.branch"
	if ctx.Git == nil {
		return noRepo(id)
	}
	patterns := DefaultBranches
	configured := ctx.Config != nil && len(ctx.Config.Git.Branches) > 0
	if configured {
		patterns = ctx.Config.Git.Branches
	}
	globs := compileGlobs(patterns)
	allowed := func(name string) bool {
		for _, g := range globs {
			if g.MatchName(name) {
				return true
			}
		}
		// A branch named for a version line (3.4, 2.2.x, 1.10.X-fixes) is
		// a maintenance branch; globs cannot say "digits only".
		return !configured && versionBranchRe.MatchString(name)
	}
	allowedList := strings.Join(patterns, ", ")
	if !configured {
		allowedList += ", or a version line such as 3.4"
	}
	hint := "release from one of the allowed branches (" + allowedList + "), or list this branch under git.branches in relguard.yaml"

	hash, branch, err := ctx.Git.Head()
	if err != nil {
		return gitError(id, "resolve HEAD", err)
	}
	if branch != "" {
		if allowed(branch) {
			return []guard.Result{{ID: id, Status: guard.Pass, Message: fmt.Sprintf("HEAD is on branch %s", branch)}}
		}
		return []guard.Result{{ID: id, Status: guard.Fail,
			Message: fmt.Sprintf("HEAD is on branch %s, which is not a release branch (%s)", branch, allowedList), Hint: hint}}
	}

	var candidates []string
	for _, v := range ciBranchVariables {
		name := ctx.Git.Getenv(v)
		if name == "" || (v == "GITHUB_REF_NAME" && ctx.Git.Getenv("GITHUB_REF_TYPE") == "tag") {
			continue
		}
		if allowed(name) {
			return []guard.Result{{ID: id, Status: guard.Pass,
				Message: fmt.Sprintf("HEAD is detached; %s names branch %s", v, name)}}
		}
		candidates = append(candidates, fmt.Sprintf("%s=%s", v, name))
	}
	branches, err := ctx.Git.BranchesContaining(hash)
	if err != nil {
		return gitError(id, "list the branches containing HEAD", err)
	}
	// Local branches first, then remote-tracking ones (remotes/origin/9.1.x),
	// judged by their name on the remote.
	var local, remote, seenOn []string
	for _, b := range branches {
		if rest, ok := strings.CutPrefix(b, "remotes/"); ok {
			remote = append(remote, rest)
		} else {
			local = append(local, b)
		}
	}
	sort.Strings(local)
	sort.Strings(remote)
	for _, b := range local {
		if allowed(b) {
			return []guard.Result{{ID: id, Status: guard.Pass,
				Message: fmt.Sprintf("HEAD is detached at %s, which branch %s contains", short(hash), b)}}
		}
		seenOn = append(seenOn, b)
	}
	for _, b := range remote {
		if _, name, ok := strings.Cut(b, "/"); ok && allowed(name) {
			return []guard.Result{{ID: id, Status: guard.Pass,
				Message: fmt.Sprintf("HEAD is detached at %s, which the remote-tracking branch %s contains", short(hash), b)}}
		}
		seenOn = append(seenOn, b)
	}
	seen := "no local branch contains it, nor any remote-tracking one"
	if len(seenOn) > 0 {
		seen = "it is only on " + strings.Join(seenOn, ", ")
	}
	if len(candidates) > 0 {
		seen += "; CI names " + strings.Join(candidates, ", ")
	}
	return []guard.Result{{ID: id, Status: guard.Fail,
		Message: fmt.Sprintf("HEAD is detached at %s and is not on a release branch (%s): %s", short(hash), allowedList, seen),
		Hint:    "check out the release branch; in CI fetch the branch (actions/checkout with fetch-depth: 0) so relguard can see that it contains HEAD"}}
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

func tagExistsElsewhere(ctx *guard.Context) []guard.Result {
	const id = "tag.exists-elsewhere"
	if ctx.Git == nil {
		return noRepo(id)
	}
	exists, commit, _, err := ctx.Git.LookupTag(ctx.Tag)
	if err != nil {
		return gitError(id, "read tag "+ctx.Tag, err)
	}
	if !exists {
		if ctx.PostTag {
			return []guard.Result{{ID: id, Status: guard.Fail,
				Message: fmt.Sprintf("tag %s does not exist, but --post-tag expects it at HEAD", ctx.Tag),
				Hint:    fmt.Sprintf("create it with `relguard tag %s`, or fetch it with `git fetch --tags`", ctx.Version)}}
		}
		return []guard.Result{{ID: id, Status: guard.Pass, Message: fmt.Sprintf("tag %s does not exist yet", ctx.Tag)}}
	}
	head, _, err := ctx.Git.Head()
	if err != nil {
		return gitError(id, "resolve HEAD", err)
	}
	if commit == "" {
		return []guard.Result{{ID: id, Status: guard.Fail,
			Message: fmt.Sprintf("tag %s exists but does not point at a commit", ctx.Tag),
			Hint:    "pick a new version; a published tag must not be moved"}}
	}
	if commit == head {
		return []guard.Result{{ID: id, Status: guard.Pass, Message: fmt.Sprintf("tag %s already points at HEAD (%s)", ctx.Tag, short(head))}}
	}
	return []guard.Result{{ID: id, Status: guard.Fail,
		Message: fmt.Sprintf("tag %s already exists on commit %s, not on HEAD (%s)", ctx.Tag, short(commit), short(head)),
		Hint:    fmt.Sprintf("pick a new version; if %s was never published, delete it with `git tag -d %s` (never move a published tag)", ctx.Tag, ctx.Tag)}}
}

const annotatedHint = "create it with `git tag -a` or `relguard tag`; note that CI checkouts (actions/checkout with a shallow fetch) can rewrite annotated tags as lightweight — run `git fetch --force --tags` first"

func tagAnnotated(ctx *guard.Context) []guard.Result {
	const id = "tag.annotated"
	if ctx.Git == nil {
		return noRepo(id)
	}
	exists, _, annotated, err := ctx.Git.LookupTag(ctx.Tag)
	if err != nil {
		return gitError(id, "read tag "+ctx.Tag, err)
	}
	required := ctx.PostTag || (ctx.Config != nil && ctx.Config.Git.RequireAnnotated)
	switch {
	case !exists && ctx.PostTag:
		return []guard.Result{{ID: id, Status: guard.Skip, Message: fmt.Sprintf("tag %s does not exist (see tag.exists-elsewhere)", ctx.Tag)}}
	case !exists:
		return []guard.Result{{ID: id, Status: guard.Skip, Message: fmt.Sprintf("tag %s does not exist yet; `relguard tag` creates it annotated", ctx.Tag)}}
	case annotated:
		return []guard.Result{{ID: id, Status: guard.Pass, Message: fmt.Sprintf("tag %s is annotated", ctx.Tag)}}
	case required:
		return []guard.Result{{ID: id, Status: guard.Fail, Message: fmt.Sprintf("tag %s is lightweight, but an annotated tag is required", ctx.Tag), Hint: annotatedHint}}
	default:
		return []guard.Result{{ID: id, Status: guard.Warn, Message: fmt.Sprintf("tag %s is lightweight (no tagger, date or message)", ctx.Tag), Hint: annotatedHint}}
	}
}

func versionNewer(ctx *guard.Context) []guard.Result {
	const id = "version.newer"
	if ctx.Git == nil {
		return noRepo(id)
	}
	if ctx.Version == nil {
		return []guard.Result{{ID: id, Status: guard.Skip, Message: "no version given"}}
	}
	shallow, err := ctx.Git.IsShallow()
	if err != nil {
		return gitError(id, "tell whether the clone is shallow", err)
	}
	if shallow {
		return []guard.Result{{ID: id, Status: guard.Fail,
			Message: "cannot compare with the last release: the clone is shallow, so earlier tags may be missing",
			Hint:    shallowHint}}
	}
	tags, err := ctx.Git.Tags()
	if err != nil {
		return gitError(id, "list tags", err)
	}
	prefix := ctx.Config.TagPrefix
	inferred := ""
	if ctx.TagPrefixInferred && prefix != "v" {
		inferred = fmt.Sprintf(" (tag prefix %q inferred from the tags; set tag_prefix in relguard.yaml to change it)", prefix)
	}
	return judgeNewer(ctx.Version, discover.Releases(tags, prefix, ctx.Tag), prefix, inferred)
}

// judgeNewer applies the per-line rule: VERSION must be newer than every
// release of its own MAJOR.MINOR line and equal to none; a newer line
// existing makes it a maintenance release, which warns. A stable VERSION
// is compared with stable releases only.
func judgeNewer(v *semver.Version, releases []discover.TagVersion, prefix, note string) []guard.Result {
	const id = "version.newer"
	var comparable []discover.TagVersion
	for _, r := range releases {
		if v.Prerelease() == "" && r.Version.Prerelease() != "" {
			continue
		}
		comparable = append(comparable, r)
	}
	if len(comparable) == 0 {
		kind := "release"
		if v.Prerelease() == "" {
			kind = "stable release"
		}
		return []guard.Result{{ID: id, Status: guard.Pass,
			Message: fmt.Sprintf("first release: no earlier %s tag matches %s<semver>%s", kind, prefix, note)}}
	}
	for _, r := range comparable {
		if r.Version.Equal(v) {
			return []guard.Result{{ID: id, Status: guard.Fail,
				Message: fmt.Sprintf("%s was already released as %s", v, r.Tag),
				Hint:    fmt.Sprintf("choose a version above %s and bump the version files to it", comparable[0].Version)}}
		}
	}
	highest := comparable[0] // releases are sorted, highest first
	var lineTop, below *discover.TagVersion
	for i := range comparable {
		r := &comparable[i]
		if lineTop == nil && r.Version.Major() == v.Major() && r.Version.Minor() == v.Minor() {
			lineTop = r
		}
		if below == nil && r.Version.LessThan(v) {
			below = r
		}
	}
	if lineTop != nil && lineTop.Version.GreaterThan(v) {
		return []guard.Result{{ID: id, Status: guard.Fail,
			Message: fmt.Sprintf("%s is lower than %s, the last release of the %d.%d line", v, lineTop.Tag, v.Major(), v.Minor()),
			Hint:    fmt.Sprintf("choose a version above %s and bump the version files to it", lineTop.Version)}}
	}
	if highest.Version.GreaterThan(v) && lineTop == nil {
		// No release of this line yet, and newer ones exist: not a
		// maintenance release but a step back.
		return []guard.Result{{ID: id, Status: guard.Fail,
			Message: fmt.Sprintf("%s is lower than the last release %s, and no release of the %d.%d line exists to maintain%s", v, highest.Tag, v.Major(), v.Minor(), note),
			Hint:    fmt.Sprintf("choose a version above %s and bump the version files to it", highest.Version)}}
	}
	if highest.Version.GreaterThan(v) {
		msg := fmt.Sprintf("maintenance release: %s follows %s on the %d.%d line, while %s is newer", v, lineTop.Tag, v.Major(), v.Minor(), highest.Tag)
		if !discover.IsNextStep(lineTop.Version, v) {
			msg += fmt.Sprintf("; it skips a release (the next would be %s)", nextOf(lineTop.Version, "patch"))
		}
		return []guard.Result{{ID: id, Status: guard.Warn, Message: msg,
			Hint: fmt.Sprintf("make sure %s is meant for the %d.%d line; release it from that line's branch", v, v.Major(), v.Minor())}}
	}
	prev := below
	if !discover.IsNextStep(prev.Version, v) {
		return []guard.Result{{ID: id, Status: guard.Warn,
			Message: fmt.Sprintf("%s skips a release after %s (the next would be %s, %s or %s)", v, prev.Tag, nextOf(prev.Version, "patch"), nextOf(prev.Version, "minor"), nextOf(prev.Version, "major")),
			Hint:    "check the version for a typo; skipping is allowed but usually a mistake"}}
	}
	return []guard.Result{{ID: id, Status: guard.Pass, Message: fmt.Sprintf("%s follows the last release %s%s", v, prev.Tag, note)}}
}

func nextOf(v *semver.Version, part string) string {
	core := semver.New(v.Major(), v.Minor(), v.Patch(), "", "")
	var n semver.Version
	switch part {
	case "patch":
		n = core.IncPatch()
	case "minor":
		n = core.IncMinor()
	default:
		n = core.IncMajor()
	}
	return n.String()
}
