package checks

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/release/discover"
	"github.com/relguard/relguard/internal/release/dotenv"
	"github.com/relguard/relguard/internal/release/guard"
)

// The content checks judge what the release's files say. They read files
// only through ctx.ReadFile and list them only through ctx.TrackedFiles,
// so that a fake context drives them as well as a real repository.

// excluded tells whether a discovered file is skipped: fixtures,
// examples, tests, docs, vendored code, hidden and "_" directories (the
// rule every discovery shares; see discover.Excluded).
func excluded(rel string) bool { return discover.Excluded(rel) }

// wantVersion is the release's version as the user wrote it, without a "v".
func wantVersion(ctx *guard.Context) string { return discover.WantVersion(ctx) }

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
