// Package guard is the release guard's framework: a check is a small,
// independent function with a stable ID that judges already-parsed facts
// about the repository and returns results with a one-line message and a
// remedy hint. The CLI only wires checks together; parsing lives in the
// format packages beside this one.
package guard

import (
	"fmt"
	"sync"

	"github.com/Masterminds/semver/v3"

	"github.com/relguard/relguard/internal/config"
)

// Status is a check result's verdict.
type Status string

// The statuses, in the JSON spelling.
const (
	Pass Status = "pass"
	Fail Status = "fail"
	Warn Status = "warn"
	Skip Status = "skip"
)

// Result is one verdict of one check. A check may return several results
// with its ID (one per file, say). The JSON names are part of relguard's
// stable output format.
type Result struct {
	ID      string `json:"id"`
	Status  Status `json:"status"`
	Message string `json:"message"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Hint    string `json:"hint"`
}

// Check is one release check. ID has the form "<family>.<name>" with the
// family one of version, changelog, image, git, tag, env, nginx.
type Check struct {
	ID    string
	Title string // what a passing check guarantees, for the checklist and docs
	Run   func(*Context) []Result
}

// Context is everything a check may look at. The CLI fills it from a real
// repository; tests fill it with fakes.
type Context struct {
	// Version is the release being checked, without the tag prefix ("0.5.0").
	Version *semver.Version
	// Tag is the full tag name ("v0.5.0", or "api/v0.5.0" with a template prefix).
	Tag string
	// Config is relguard.yaml, or the defaults.
	Config *config.Config
	// PostTag means the tag must already exist, annotated, at HEAD.
	PostTag bool
	// AllowDirty holds globs of paths that may be modified.
	AllowDirty []string

	// Root is the work tree's absolute path.
	Root string
	// TrackedFiles lists the repository-relative, slash-separated paths of
	// the files git tracks.
	TrackedFiles func() ([]string, error)
	// ReadFile reads a repository-relative file from the work tree. It
	// refuses paths and symlinks that leave the repository and files too
	// large to be configuration.
	ReadFile func(rel string) ([]byte, error)

	// Git answers the git checks' questions; nil when not in a repository.
	Git GitFacts

	// TagPrefixInferred reports that Config.TagPrefix was inferred from
	// the repository's tags because relguard.yaml sets no tag_prefix.
	TagPrefixInferred bool

	memoMu sync.Mutex
	memo   map[string]any
}

// Memo computes a value once per context and returns it on every later
// call with the same key, so that checks sharing an expensive reading of
// the repository (the release's discovery) do it once.
func (c *Context) Memo(key string, compute func() any) any {
	c.memoMu.Lock()
	defer c.memoMu.Unlock()
	if v, ok := c.memo[key]; ok {
		return v
	}
	if c.memo == nil {
		c.memo = map[string]any{}
	}
	v := compute()
	c.memo[key] = v
	return v
}

// Forget returns a copy of the context without the values Memo computed,
// so that files changed since (relguard bump writes the release's files,
// then judges them) are read again.
func (c *Context) Forget() *Context {
	return &Context{
		Version: c.Version, Tag: c.Tag, Config: c.Config, PostTag: c.PostTag, AllowDirty: c.AllowDirty,
		Root: c.Root, TrackedFiles: c.TrackedFiles, ReadFile: c.ReadFile, Git: c.Git,
		TagPrefixInferred: c.TagPrefixInferred,
	}
}

// GitFacts is what the git and tag checks need to know about the repository.
type GitFacts interface {
	IsShallow() (bool, error)
	// Status lists modified or staged tracked paths and untracked paths.
	Status() (modified, untracked []string, err error)
	// Head returns HEAD's commit hash and the branch it is on ("" when detached).
	Head() (hash, branch string, err error)
	// BranchesContaining lists the local branch names whose tip contains
	// hash, then the remote-tracking ones as "remotes/<remote>/<name>".
	BranchesContaining(hash string) ([]string, error)
	// Tags lists every tag name.
	Tags() ([]string, error)
	// LookupTag tells whether the tag exists, the commit it peels to, and
	// whether it is annotated.
	LookupTag(name string) (exists bool, commit string, annotated bool, err error)
	// ReadFilesAt reads files as they are in a commit: the map holds the
	// paths the commit has as files; an error means the commit itself
	// cannot be read.
	ReadFilesAt(commit string, paths []string) (map[string][]byte, error)
	// Getenv reads the environment (CI variables); tests replace it.
	Getenv(key string) string
}

// Report is the outcome of a run.
type Report struct {
	Version string   `json:"version"`
	Tag     string   `json:"tag"`
	OK      bool     `json:"ok"`
	Checks  []Result `json:"checks"`
}

// Run runs every check not skipped by ID. A skipped check is reported with
// status skip so that the output still lists it.
func Run(ctx *Context, checks []Check, skip map[string]bool) Report {
	r := Report{Tag: ctx.Tag, OK: true, Checks: []Result{}}
	if ctx.Version != nil {
		r.Version = ctx.Version.String()
	}
	for _, c := range checks {
		if skip[c.ID] {
			r.Checks = append(r.Checks, Result{ID: c.ID, Status: Skip, Message: "skipped by --skip"})
			continue
		}
		for _, res := range runOne(ctx, c) {
			if res.ID == "" {
				res.ID = c.ID
			}
			if res.Status == Fail {
				r.OK = false
			}
			r.Checks = append(r.Checks, res)
		}
	}
	return r
}

// runOne runs a check and turns a panic into a failed result, so that one
// check's bug on unexpected input cannot hide every other check's verdict.
func runOne(ctx *Context, c Check) (results []Result) {
	defer func() {
		if p := recover(); p != nil {
			results = []Result{{
				ID:      c.ID,
				Status:  Fail,
				Message: fmt.Sprintf("internal error in check %s: %v", c.ID, p),
				Hint:    "report this as a relguard bug; run with --skip " + c.ID + " to release meanwhile",
			}}
		}
	}()
	return c.Run(ctx)
}

// Counts tallies a report's results by status.
func (r Report) Counts() map[Status]int {
	n := map[Status]int{}
	for _, c := range r.Checks {
		n[c.Status]++
	}
	return n
}
