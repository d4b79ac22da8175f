// Package releasecmd implements `relguard check`, `relguard notes` and
// `relguard tag`: argument and flag handling, repository and configuration
// loading, and the report writers. The checks themselves live in
// internal/release/checks.
package releasecmd

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/Masterminds/semver/v3"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/regularfile"
	"github.com/relguard/relguard/internal/release/changelog"
	"github.com/relguard/relguard/internal/release/checks"
	"github.com/relguard/relguard/internal/release/discover"
	"github.com/relguard/relguard/internal/release/gitrepo"
	"github.com/relguard/relguard/internal/release/guard"
)

// Exit codes shared by the three commands.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// exitError is an error that ends a command with a code and one line.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

func failf(format string, args ...any) error {
	return &exitError{code: exitFailed, msg: fmt.Sprintf(format, args...)}
}

// finish prints err as one line prefixed with the command and returns its exit code.
func finish(cmd string, err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	code := exitUsage
	msg := err.Error()
	if errors.As(err, &ee) {
		code = ee.code
		if ee.msg == "" {
			// The outcome was already printed (help, a failed report).
			return code
		}
	}
	var ce *config.Error
	if errors.As(err, &ce) {
		// A configuration error already starts with "file:line:".
		fmt.Fprintln(stderr, oneLine(msg))
		return exitUsage
	}
	fmt.Fprintf(stderr, "relguard %s: %s\n", cmd, oneLine(msg))
	return code
}

// oneLine keeps an error on one line: a wrapped tool's message may span several.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", "; ", "\n", "; ", "\r", " ").Replace(strings.TrimSpace(s))
}

// listFlag is a comma-separated flag that may also be repeated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

// parseInterspersed parses flags that may come before or after the
// positional arguments (`relguard check 0.5.0 --format json`).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// parseFlags parses args and handles -h and flag errors uniformly: help
// goes to stdout with exit 0, a bad flag is one line with exit 2.
func parseFlags(cmd, usage string, fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
	fs.SetOutput(io.Discard)
	positional, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return nil, &exitError{code: exitOK}
	}
	if err != nil {
		return nil, usageErrorf("%s; run \"relguard %s -h\" for usage", excerpt.Within(err.Error(), excerpt.Args(args)...), cmd)
	}
	return positional, nil
}

// ParseVersion accepts VERSION as `0.5.0` or `v0.5.0`: one leading v is
// stripped, then the rest must be strict semver (MAJOR.MINOR.PATCH with
// no leading zeros), because the lenient parser would silently turn
// `0.5` or `00.5.0` into `0.5.0`.
func ParseVersion(arg string) (*semver.Version, error) {
	s := strings.TrimPrefix(arg, "v")
	if len(s) > MaxVersionLength && semverSyntax.MatchString(s) {
		return nil, usageErrorf("the version %s is %d characters long, over the %d-character limit for a release version; shorten its pre-release or build part", excerpt.Quote(arg), len(s), MaxVersionLength)
	}
	v, err := semver.StrictNewVersion(s)
	if err != nil || s == "" || len(s) > MaxVersionLength {
		return nil, usageErrorf("%s is not a semantic version; give MAJOR.MINOR.PATCH such as 0.5.0 or v0.5.0 (pre-releases like 0.5.0-rc.1 are fine)", excerpt.Quote(arg))
	}
	return v, nil
}

// MaxVersionLength bounds a release version: semver sets no limit, but
// package registries and the semver library do (npm and Masterminds/semver:
// 256 characters), and a version is echoed in every message about the release.
const MaxVersionLength = 255

// semverSyntax is the grammar of semver.org, which tells a valid version
// that is too long from one that is not a version at all.
var semverSyntax = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

func oneVersion(cmd string, positional []string) (*semver.Version, error) {
	switch len(positional) {
	case 0:
		return nil, usageErrorf("missing VERSION; usage: relguard %s VERSION [flags]", cmd)
	case 1:
		return ParseVersion(positional[0])
	default:
		return nil, usageErrorf("expected one VERSION, got %d arguments (%s)", len(positional), excerpt.Cut(strings.Join(positional, " ")))
	}
}

// openRepo opens the repository containing dir (the current directory by
// default). With needCommits it rejects a repository without commits:
// there is nothing to release.
func openRepo(dir string, needCommits bool) (*gitrepo.Repo, string, error) {
	if dir == "" {
		dir = "."
	}
	repo, err := gitrepo.Open(dir)
	if err != nil {
		if errors.Is(err, gitrepo.ErrNotRepository) {
			abs, _ := filepath.Abs(dir)
			return nil, "", usageErrorf("%s is not inside a git repository; run relguard in a checkout or pass --repo DIR", abs)
		}
		return nil, "", usageErrorf("%v", err)
	}
	if !needCommits {
		return repo, "", nil
	}
	head, _, err := repo.Head()
	if errors.Is(err, gitrepo.ErrNoCommits) {
		return nil, "", usageErrorf("the repository at %s has no commits yet; commit the release before checking it", repo.Root())
	}
	if err != nil {
		return nil, "", usageErrorf("%v", err)
	}
	return repo, head, nil
}

// loadConfig reads --config FILE or relguard.yaml at the repository root,
// and names the file relative to the root in errors, as users wrote it.
func loadConfig(root, explicit string) (*config.Config, error) {
	var cfg *config.Config
	var err error
	if explicit != "" {
		cfg, err = config.Load(explicit)
	} else {
		cfg, err = config.LoadDefault(root)
	}
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) && explicit == "" {
			if rel, rerr := filepath.Rel(root, ce.Path); rerr == nil && !strings.HasPrefix(rel, "..") {
				ce.Path = rel
			}
		}
		return nil, err
	}
	name := cfg.Path
	if name == "" {
		name = config.FileName
	}
	for _, p := range cfg.Git.AllowDirty {
		if _, err := guard.CompileGlob(p); err != nil {
			return nil, usageErrorf("%s: git.allow_dirty: %v", name, err)
		}
	}
	for _, p := range cfg.Git.Branches {
		if _, err := guard.CompileGlob(p); err != nil {
			return nil, usageErrorf("%s: git.branches: %v", name, err)
		}
	}
	return cfg, nil
}

// tagName joins the prefix and the version and checks that git accepts
// the result as a tag name (a prefix may contain a typo such as a space).
func tagName(cfg *config.Config, v *semver.Version) (string, error) {
	tag := cfg.TagPrefix + v.Original()
	for _, part := range strings.Split(tag, "/") {
		// Loose refs are files: a longer component cannot be stored.
		if len(part) > 255 {
			return "", usageErrorf("tag_prefix %s gives a tag name with a %d-character component, which git cannot store as a file (the limit is 255); shorten tag_prefix in relguard.yaml", excerpt.Quote(cfg.TagPrefix), len(part))
		}
	}
	if err := plumbing.NewTagReferenceName(tag).Validate(); err != nil {
		return "", usageErrorf("tag_prefix %s gives %s, which is not a valid git tag name; fix tag_prefix in relguard.yaml", excerpt.Quote(cfg.TagPrefix), excerpt.Quote(tag))
	}
	return tag, nil
}

// checkOptions are the flags shared by check and tag.
type checkOptions struct {
	repo, config string
	skip         listFlag
	allowDirty   listFlag
	postTag      bool
}

func (o *checkOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.repo, "repo", "", "the repository to check (default: the one containing the current directory)")
	fs.StringVar(&o.config, "config", "", "configuration file (default: relguard.yaml at the repository root, when present)")
	fs.Var(&o.skip, "skip", "comma-separated check IDs to skip")
	fs.Var(&o.allowDirty, "allow-dirty", "comma-separated globs of paths that may be modified or untracked")
}

// prepare builds the check context and the skip set from the options.
// The caller must call the returned repository's Wait.
func prepare(o *checkOptions, v *semver.Version) (*guard.Context, map[string]bool, *gitrepo.Repo, error) {
	known := map[string]bool{}
	var ids []string
	for _, c := range checks.All() {
		known[c.ID] = true
		ids = append(ids, c.ID)
	}
	skip := map[string]bool{}
	for _, id := range o.skip {
		if !known[id] {
			sort.Strings(ids)
			return nil, nil, nil, usageErrorf("unknown check ID %s in --skip; the IDs are %s", excerpt.Quote(id), strings.Join(ids, ", "))
		}
		skip[id] = true
	}
	for _, p := range o.allowDirty {
		if _, err := guard.CompileGlob(p); err != nil {
			return nil, nil, nil, usageErrorf("--allow-dirty: %v", err)
		}
	}
	repo, _, err := openRepo(o.repo, true)
	if err != nil {
		return nil, nil, nil, err
	}
	cfg, err := loadConfig(repo.Root(), o.config)
	if err != nil {
		return nil, nil, nil, err
	}
	repo.Prefetch()
	ctx, err := releaseContext(repo, cfg, v)
	if err != nil {
		repo.Wait()
		return nil, nil, nil, err
	}
	ctx.PostTag = o.postTag
	ctx.AllowDirty = o.allowDirty
	return ctx, skip, repo, nil
}

// releaseContext is the release guard's context for version v of repo, as
// every command builds it (check, tag, notes and bump alike, so that what
// bump writes is what check judges): the tag prefix inferred from the tags
// when relguard.yaml sets none, and the tag name validated.
func releaseContext(repo *gitrepo.Repo, cfg *config.Config, v *semver.Version) (*guard.Context, error) {
	inferred, err := inferTagPrefix(repo, cfg, v)
	if err != nil {
		return nil, err
	}
	tag, err := tagName(cfg, v)
	if err != nil {
		return nil, err
	}
	return &guard.Context{
		Version:      v,
		Tag:          tag,
		Config:       cfg,
		Root:         repo.Root(),
		TrackedFiles: repo.TrackedFiles,
		ReadFile:     repo.ReadFile,
		Git:          repo,

		TagPrefixInferred: inferred,
	}, nil
}

// runGuard runs the checks. A named pipe, socket, device or directory
// where the checks expect a file ends the command with exit 2 and that one
// line rather than a failed check: the work tree is broken, not the release.
func runGuard(ctx *guard.Context, skip map[string]bool) (guard.Report, error) {
	read := ctx.ReadFile
	var mu sync.Mutex
	var irregular error
	ctx.ReadFile = func(rel string) ([]byte, error) {
		data, err := read(rel)
		if errors.Is(err, regularfile.ErrNotRegular) {
			mu.Lock()
			if irregular == nil {
				irregular = err
			}
			mu.Unlock()
		}
		return data, err
	}
	report := guard.Run(ctx, checks.All(), skip)
	ctx.ReadFile = read
	if irregular != nil {
		return guard.Report{}, usageErrorf("%v", irregular)
	}
	return report, nil
}

// inferTagPrefix sets cfg.TagPrefix from the repository's tags when
// relguard.yaml sets no tag_prefix: "v", none (tags such as 15.2.0), or a
// component prefix. An explicit tag_prefix, even "", is kept.
func inferTagPrefix(repo *gitrepo.Repo, cfg *config.Config, v *semver.Version) (bool, error) {
	if cfg.TagPrefixSet {
		return false, nil
	}
	tags, err := repo.Tags()
	if err != nil {
		return false, usageErrorf("cannot list tags to infer the tag prefix: %v; set tag_prefix in relguard.yaml", err)
	}
	cfg.TagPrefix = discover.InferTagPrefix(tags, v)
	return true, nil
}

const checkUsage = `usage: relguard check VERSION [flags]

Runs the release guard against the repository, read-only. VERSION is
0.5.0 or v0.5.0. Exit status: 0 no check failed, 1 a check failed,
2 usage, configuration or repository error.

Flags:
`

// Check is `relguard check`; it returns the exit code.
func Check(args []string, stdout, stderr io.Writer) int {
	return finish("check", runCheck(args, stdout), stderr)
}

func runCheck(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var o checkOptions
	o.register(fs)
	fs.BoolVar(&o.postTag, "post-tag", false, "the tag must already exist, annotated, at HEAD")
	format := fs.String("format", "text", "output format: text, json, sarif or github")
	positional, err := parseFlags("check", checkUsage, fs, args, stdout)
	if err != nil {
		return err
	}
	write, ok := writers[*format]
	if !ok {
		return usageErrorf("unknown --format %s; use text, json, sarif or github", excerpt.Quote(*format))
	}
	v, err := oneVersion("check", positional)
	if err != nil {
		return err
	}
	ctx, skip, repo, err := prepare(&o, v)
	if err != nil {
		return err
	}
	defer repo.Wait()
	report, err := runGuard(ctx, skip)
	if err != nil {
		return err
	}
	if *format == "sarif" {
		write = sarifWriter(sarifAnchor(ctx))
	}
	if err := write(stdout, report); err != nil {
		return usageErrorf("cannot write the report: %v", err)
	}
	if !report.OK {
		return &exitError{code: exitFailed}
	}
	return nil
}

const notesUsage = `usage: relguard notes VERSION [flags]

Prints the body of VERSION's changelog section (for a release page).
Exit status: 0 printed, 1 no section, an empty one or only a placeholder,
2 usage or read error.

Flags:
`

// Notes is `relguard notes`.
func Notes(args []string, stdout, stderr io.Writer) int {
	return finish("notes", runNotes(args, stdout, stderr), stderr)
}

func runNotes(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("notes", flag.ContinueOnError)
	file := fs.String("changelog", "", "changelog file (default: changelog from relguard.yaml, else CHANGELOG.md at the repository root)")
	repoDir := fs.String("repo", "", "the repository (default: the one containing the current directory)")
	configFile := fs.String("config", "", "configuration file (default: relguard.yaml at the repository root, when present)")
	positional, err := parseFlags("notes", notesUsage, fs, args, stdout)
	if err != nil {
		return err
	}
	v, err := oneVersion("notes", positional)
	if err != nil {
		return err
	}
	var data []byte
	// A monorepo prefix such as "api/v" selects the component's own section,
	// the same one changelog.entry judges.
	component := ""
	name := *file
	if name != "" {
		// A file named on the command line is the user's explicit choice;
		// it may live anywhere, even outside a repository.
		data, err = readNamedFile(name)
		if err != nil {
			return usageErrorf("%v", err)
		}
	} else {
		repo, _, err := openRepo(*repoDir, false)
		if err != nil {
			return err
		}
		cfg, err := loadConfig(repo.Root(), *configFile)
		if err != nil {
			return err
		}
		ctx, err := releaseContext(repo, cfg, v)
		if err != nil {
			return err
		}
		name, err = notesChangelog(ctx)
		if err != nil {
			return err
		}
		component = checks.Component(cfg.TagPrefix)
		data, err = repo.ReadFile(name)
		if err != nil {
			return usageErrorf("%v", err)
		}
	}
	if strings.IndexByte(string(data), 0) >= 0 {
		return usageErrorf("%s: binary data, not a Markdown changelog; point --changelog (or changelog: in relguard.yaml) at the changelog", name)
	}
	cl, err := changelog.ParseFile(name, data)
	if err != nil {
		return usageErrorf("%s: %v", name, err)
	}
	sec, ok := cl.FindComponent(v.Original(), component)
	if !ok || sec == nil {
		return failf("no section for %s in %s; add a heading such as \"## [%s]\" with the release notes", v.Original(), name, v.Original())
	}
	if !sec.HasContent {
		return failf("the %s section of %s (line %d) is empty; write the release notes under its heading", v.Original(), name, sec.Line)
	}
	if sec.Placeholder {
		// changelog.entry fails such a section; a release page must not
		// publish "TBD" as the release notes either.
		return failf("the %s section of %s (line %d) holds only a placeholder (%s), no release notes; write the release notes under its heading", v.Original(), name, sec.Line, firstLine(sec.Body))
	}
	if sec.Unreleased {
		fmt.Fprintf(stderr, "relguard notes: warning: the %s section of %s is still marked unreleased\n", v.Original(), name)
	}
	body := strings.TrimRight(sec.Body, "\n")
	_, err = fmt.Fprintln(stdout, body)
	return err
}

const tagUsage = `usage: relguard tag VERSION [-m MESSAGE] [flags]

Runs every check of relguard check; when none fails, creates the annotated
tag at HEAD (tagger from git config). Never pushes. On any failure nothing
is created. Exit status: 0 tagged, 1 a check failed, 2 usage or repository error.

Flags:
`

// Tag is `relguard tag`.
func Tag(args []string, stdout, stderr io.Writer) int {
	return finish("tag", runTag(args, stdout), stderr)
}

func runTag(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("tag", flag.ContinueOnError)
	var o checkOptions
	o.register(fs)
	message := fs.String("m", "", "tag message (default \"Release TAG\")")
	sign := fs.Bool("sign", false, "sign the tag with git's signing setup (user.signingkey; gpg or ssh)")
	positional, err := parseFlags("tag", tagUsage, fs, args, stdout)
	if err != nil {
		return err
	}
	v, err := oneVersion("tag", positional)
	if err != nil {
		return err
	}
	ctx, skip, repo, err := prepare(&o, v)
	if err != nil {
		return err
	}
	defer repo.Wait()
	tagger, err := repo.Tagger()
	if err != nil {
		return usageErrorf("%v", err)
	}
	report, err := runGuard(ctx, skip)
	if err != nil {
		return err
	}
	if err := writeText(stdout, report); err != nil {
		return usageErrorf("cannot write the report: %v", err)
	}
	if !report.OK {
		return failf("not tagging %s: %d check(s) failed", ctx.Tag, report.Counts()[guard.Fail])
	}
	head, _, err := repo.Head()
	if err != nil {
		return usageErrorf("%v", err)
	}
	exists, _, annotated, err := repo.LookupTag(ctx.Tag)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if exists {
		// tag.exists-elsewhere passed, so the tag is at HEAD already.
		if !annotated {
			return failf("tag %s already exists at HEAD as a lightweight tag; delete it with `git tag -d %s` and re-run to create it annotated", ctx.Tag, ctx.Tag)
		}
		fmt.Fprintf(stdout, "tag %s already exists at HEAD; nothing to do\n", ctx.Tag)
		return nil
	}
	msg := *message
	if strings.TrimSpace(msg) == "" {
		msg = "Release " + ctx.Tag
	}
	kind := "annotated"
	if *sign {
		if err := repo.CreateSignedTag(ctx.Tag, head, msg); err != nil {
			return usageErrorf("%v", err)
		}
		kind = "signed"
	} else if _, err := repo.CreateTag(ctx.Tag, head, msg, tagger, time.Now()); err != nil {
		return usageErrorf("%v", err)
	}
	fmt.Fprintf(stdout, "created %s tag %s at %s; publish it with: git push origin %s\n", kind, ctx.Tag, head[:12], ctx.Tag)
	return nil
}

// notesChangelog is the changelog notes prints from: changelog: in
// relguard.yaml, else the one check discovers.
func notesChangelog(ctx *guard.Context) (string, error) {
	if ctx.Config.ChangelogSet {
		return ctx.Config.Changelog, nil
	}
	cl := discover.Discover(ctx).Changelog
	if cl.Path == "" {
		// Release notes may be drafted before the first commit.
		for _, name := range discover.ChangelogProbes {
			if _, err := ctx.ReadFile(name); err == nil {
				return name, nil
			}
		}
	}
	switch {
	case cl.Path == "":
		return "", usageErrorf("no changelog found (CHANGELOG, CHANGES, HISTORY, NEWS or RELEASES, .md, .rst, .txt or no extension, at the root or in docs/); pass --changelog FILE or set changelog: in relguard.yaml")
	case cl.Gone:
		return "", usageErrorf("%s does not exist: %s", cl.Path, cl.Reason)
	}
	return cl.Path, nil
}

// firstLine is the first non-blank line of s, trimmed.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" {
			return excerpt.Cut(t)
		}
	}
	return ""
}

// readNamedFile reads a file the user named, within the same size limit
// as repository files.
func readNamedFile(name string) ([]byte, error) {
	return regularfile.Read(name, gitrepo.MaxFileSize)
}

// stdoutIsTerminal is replaced in tests.
var stdoutIsTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// sarifAnchor is the file SARIF results about the repository as a whole are
// attached to: relguard.yaml, where the release is configured, or else the
// changelog every release has; "" when neither is in the repository.
func sarifAnchor(ctx *guard.Context) string {
	if p := ctx.Config.Path; p != "" {
		if abs, err := filepath.Abs(p); err == nil {
			if rel, err := filepath.Rel(ctx.Root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
				return filepath.ToSlash(rel)
			}
		}
	}
	name := ctx.Config.Changelog
	if !ctx.Config.ChangelogSet && ctx.Version != nil {
		name = discover.Discover(ctx).Changelog.Path
	}
	if name == "" {
		return ""
	}
	if _, err := ctx.ReadFile(name); err == nil {
		return name
	}
	return ""
}
