package hooks

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/releasecmd"
)

// RefUpdate is one line git passes to a pre-push hook.
type RefUpdate struct {
	LocalRef, LocalSHA, RemoteRef, RemoteSHA string
}

// ParsePushUpdates reads git's pre-push input:
// "<local ref> <local sha> <remote ref> <remote sha>" per line.
func ParsePushUpdates(r io.Reader) ([]RefUpdate, error) {
	var updates []RefUpdate
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 4 {
			return nil, fmt.Errorf("line %d of the pushed refs is %q; git sends \"<local ref> <local sha> <remote ref> <remote sha>\"", n, line)
		}
		updates = append(updates, RefUpdate{LocalRef: f[0], LocalSHA: f[1], RemoteRef: f[2], RemoteSHA: f[3]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cannot read the pushed refs: %v", err)
	}
	return updates, nil
}

// updateFromEnv is the ref the pre-commit framework is pushing; it runs
// pre-push hooks for one ref and passes it in the environment.
func updateFromEnv(getenv func(string) string) (RefUpdate, bool) {
	ref := getenv("PRE_COMMIT_REMOTE_BRANCH")
	if ref == "" {
		return RefUpdate{}, false
	}
	sha := getenv("PRE_COMMIT_TO_REF")
	if sha == "" {
		sha = "HEAD"
	}
	return RefUpdate{LocalRef: getenv("PRE_COMMIT_LOCAL_BRANCH"), LocalSHA: sha, RemoteRef: ref}, true
}

// ReleaseTags returns the names of the tags a push creates or moves that are
// release tags: under refs/tags/, starting with prefix and then a digit.
// Deleting a tag is never blocked.
func ReleaseTags(updates []RefUpdate, prefix string) []string {
	var tags []string
	seen := map[string]bool{}
	for _, u := range updates {
		if strings.Trim(u.LocalSHA, "0") == "" {
			continue
		}
		tag, ok := strings.CutPrefix(u.RemoteRef, "refs/tags/")
		if !ok || seen[tag] {
			continue
		}
		rest, ok := strings.CutPrefix(tag, prefix)
		if !ok || rest == "" || rest[0] < '0' || rest[0] > '9' {
			continue
		}
		seen[tag] = true
		tags = append(tags, tag)
	}
	return tags
}

// PrePush runs the release guard (`relguard check TAG --post-tag`) for every
// release tag being pushed and returns 1 when one fails, which makes git
// refuse the push.
func PrePush(dir string, updates []RefUpdate, stdout, stderr io.Writer) int {
	top, err := gitOutput(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		fmt.Fprintf(stderr, "relguard hooks pre-push: not in a git work tree: %v\n", err)
		return 2
	}
	cfg, err := config.LoadDefault(top)
	if err != nil {
		fmt.Fprintf(stderr, "relguard hooks pre-push: %v\n", err)
		return 2
	}
	code := 0
	for _, tag := range ReleaseTags(updates, cfg.TagPrefix) {
		fmt.Fprintf(stdout, "relguard: checking release tag %s\n", tag)
		rc := releasecmd.Check([]string{tag, "--post-tag", "--repo", top}, stdout, stderr)
		if rc != 0 {
			fmt.Fprintf(stderr, "relguard: push blocked: the release guard failed for tag %s; fix the findings above and re-create the tag, or skip the check once with git push --no-verify\n", tag)
			if rc > code {
				code = rc
			}
		}
	}
	return code
}
