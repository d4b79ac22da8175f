package hooks

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/excerpt"
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
			return nil, fmt.Errorf("line %d of the pushed refs is %s; git sends \"<local ref> <local sha> <remote ref> <remote sha>\"", n, excerpt.Quote(line))
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

// A pushPlan sorts the tags a push sends into what the pre-push guard
// does with them.
type pushPlan struct {
	// check are the release tags new to the remote (or moved there) that
	// point at HEAD, by tag name, with the version to check and whether
	// the remote already has the tag at another commit.
	check []pushedTag
	// earlier are new release tags on commits other than HEAD: the release
	// guard judges the checked-out work tree, so it cannot judge them.
	earlier []pushedTag
	// floating are tags that start with the prefix and a digit but are not
	// full semantic versions (v1, v1.2), when the configuration refuses them.
	floating []string
}

type pushedTag struct {
	name, version string
	commit        string // the commit the tag points at; "" when not a commit
	moved         bool   // the remote has the tag, at another object
}

// planPush decides, for the updates of one push, which tags the guard
// checks. Branches, deletions, tags the remote already has unchanged (they
// are history) and tags that are not releases pass; a tag that starts with
// prefix and a digit but is not a full semantic version (v1, v1.2) is a
// floating tag and passes unless floating is config.FloatingRefuse.
// commitOf peels an object name to its commit ("" for a tree or blob, or
// when it cannot be read); head is HEAD's commit.
func planPush(updates []RefUpdate, prefix, floating, head string, commitOf func(string) string) pushPlan {
	var plan pushPlan
	seen := map[string]bool{}
	for _, u := range updates {
		if strings.Trim(u.LocalSHA, "0") == "" {
			continue // a deletion
		}
		tag, ok := strings.CutPrefix(u.RemoteRef, "refs/tags/")
		if !ok || seen[tag] {
			continue
		}
		seen[tag] = true
		if u.RemoteSHA != "" && u.RemoteSHA == u.LocalSHA {
			continue // the remote has it unchanged: history
		}
		version, ok := strings.CutPrefix(tag, prefix)
		if !ok || version == "" || version[0] < '0' || version[0] > '9' {
			continue // not a release tag
		}
		if _, err := semver.StrictNewVersion(version); err != nil {
			if floating == config.FloatingRefuse {
				plan.floating = append(plan.floating, tag)
			}
			continue
		}
		t := pushedTag{name: tag, version: version, commit: commitOf(u.LocalSHA), moved: strings.Trim(u.RemoteSHA, "0") != ""}
		if t.commit != "" && t.commit == head {
			plan.check = append(plan.check, t)
		} else {
			plan.earlier = append(plan.earlier, t)
		}
	}
	return plan
}

// PrePush runs the release guard (`relguard check VERSION --post-tag`) for
// every release tag the push sends to the remote for the first time (or
// moves there) that points at HEAD, and returns 1 when one fails, which
// makes git refuse the push. New release tags on other commits pass with a
// note saying that they were not checked and how to check them.
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
	head, _ := gitOutput(top, "rev-parse", "--verify", "-q", "HEAD^{commit}")
	commits, err := peel(top, updates)
	if err != nil {
		fmt.Fprintf(stderr, "relguard hooks pre-push: %v\n", err)
		return 2
	}
	plan := planPush(updates, cfg.TagPrefix, cfg.Hooks.PrePush.FloatingTags, head, func(sha string) string { return commits[sha] })
	code := 0
	for _, tag := range plan.floating {
		fmt.Fprintf(stderr, "relguard: push blocked: tag %s is not a full semantic version (%sMAJOR.MINOR.PATCH), and relguard.yaml refuses such tags (hooks.pre_push.floating_tags: refuse); push a release tag instead, or skip the check once with git push --no-verify\n", tag, cfg.TagPrefix)
		code = 1
	}
	if len(plan.earlier) > 0 {
		fmt.Fprintln(stderr, earlierNote(plan.earlier, head))
	}
	for _, tag := range plan.check {
		fmt.Fprintf(stdout, "relguard: checking release tag %s\n", tag.name)
		rc := releasecmd.Check([]string{tag.version, "--post-tag", "--repo", top}, stdout, stderr)
		if rc == 0 {
			continue
		}
		if tag.moved {
			fmt.Fprintf(stderr, "relguard: push blocked: the release guard failed for tag %s, which would replace the remote's %s; fix the findings above, or skip the check once with git push --no-verify\n", tag.name, tag.name)
		} else {
			fmt.Fprintf(stderr, "relguard: push blocked: the release guard failed for tag %s; fix the findings above and commit, then move the tag, which the remote does not have yet (git tag -f -a %s), or skip the check once with git push --no-verify\n", tag.name, tag.name)
		}
		code = max(code, rc)
	}
	return code
}

// earlierNote says, on one line, which new release tags were not checked
// and why.
func earlierNote(tags []pushedTag, head string) string {
	const shown = 5
	var names []string
	for i, t := range tags {
		if i == shown {
			names = append(names, fmt.Sprintf("and %d more", len(tags)-shown))
			break
		}
		names = append(names, t.name)
	}
	what, where, which := "tag", "it is on another commit than HEAD", "it"
	if len(tags) > 1 {
		what, where, which = "tags", "they are on other commits than HEAD", "one"
	}
	if head != "" {
		where += " (" + short(head) + ")"
	}
	return fmt.Sprintf("relguard: not checking %s %s: %s, and the release guard judges the checked-out work tree; to check %s, run git switch --detach %s && relguard check %s --post-tag",
		what, strings.Join(names, ", "), where, which, tags[0].name, tags[0].version)
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// peel maps the local object name of every pushed tag to the commit it
// points at, with one git process; names that are not commits map to "".
func peel(top string, updates []RefUpdate) (map[string]string, error) {
	var names []string
	seen := map[string]bool{}
	for _, u := range updates {
		if !strings.HasPrefix(u.RemoteRef, "refs/tags/") || strings.Trim(u.LocalSHA, "0") == "" || seen[u.LocalSHA] {
			continue
		}
		seen[u.LocalSHA] = true
		names = append(names, u.LocalSHA)
	}
	commits := map[string]string{}
	if len(names) == 0 {
		return commits, nil
	}
	var in bytes.Buffer
	for _, n := range names {
		in.WriteString(n + "^{commit}\n")
	}
	out, err := gitBytes(top, &in, "cat-file", "--batch-check=%(objectname)")
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != len(names) {
		return nil, fmt.Errorf("git cat-file answered %d lines for %d tags", len(lines), len(names))
	}
	for i, n := range names {
		// An unknown or non-commit name is echoed back followed by "missing".
		if f := strings.Fields(lines[i]); len(f) == 1 {
			commits[n] = f[0]
		}
	}
	return commits, nil
}
