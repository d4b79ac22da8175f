package releasecmd

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relguard/relguard/internal/bump"
	"github.com/relguard/relguard/internal/release/changelog"
	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/release/skeleton"
)

// realBump is how `relguard bump` runs on one real release, and where it
// is known not to write what the maintainers wrote, with the reason. The
// test fails when a known difference disappears as well as when a new
// one appears, so that this table stays the truth.
type realBump struct {
	// notes says why the changelog needs --notes: its style has no
	// Unreleased section to turn into the release's. "" runs bump
	// without.
	notes string
	// differs maps a lockstep file to why bump's version lines there are
	// not the maintainers'.
	differs map[string]string
	// changelog says why the release section's heading (and its date
	// line) is not the maintainers'; "" when it is the same.
	changelog string
}

// realBumps covers every skeleton under testdata/skeletons.
var realBumps = map[string]realBump{
	"attrs/23.2.0":    {notes: "towncrier builds the section from changelog.d fragments when releasing"},
	"attrs/24.1.0":    {notes: "towncrier builds the section from changelog.d fragments when releasing"},
	"etcd/v3.4.29":    {},
	"etcd/v3.5.12":    {},
	"fastapi/0.110.0": {},
	"fastapi/0.115.0": {},
	"flask/2.2.5":     {},
	"flask/3.0.1":     {},
	"httpx/0.27.0":    {},
	"httpx/0.28.0":    {},
	"lerna/v8.0.2":    {notes: "lerna publish generates the section from the commits (conventional-changelog)"},
	"lerna/v8.1.0": {
		notes:     "lerna publish generates the section from the commits (conventional-changelog)",
		changelog: "conventional-changelog heads a minor release at level 1 (# [8.1.0]); bump copies the newest heading, ## [8.0.2]",
	},
	"memos/v0.22.0": {differs: map[string]string{
		"server/version/version.go": "the maintainers also set DevVersion, a second constant that version.files does not judge (it reads Version)",
	}},
	"memos/v0.24.0":      {},
	"packer/v1.10.1":     {},
	"packer/v1.10.2":     {notes: "the release section is written when releasing, below the Upcoming one"},
	"prometheus/v2.45.3": {notes: "the release section is written when cutting the release"},
	"prometheus/v2.50.0": {notes: "the release section is written when cutting the release (the maintainers folded the release candidate's section into it; bump leaves that section below)"},
	"pydantic/v1.10.15":  {notes: "the release section is written when preparing the release"},
	"pydantic/v2.6.1":    {notes: "the release section is written when preparing the release"},
	"ripgrep/14.1.0": {
		changelog: "the maintainers left the heading's (TBD) in the release commit and dated it later; bump dates it",
	},
	"ripgrep/14.1.1": {},
	"sentry-self-hosted/24.2.0": {
		notes: "the release tooling (craft) generates the section",
		differs: map[string]string{
			".env": "SENTRY_IMAGE is the base image of a locally built service (a build argument, not an image: reference), which image.tags does not read",
		},
	},
	"sentry-self-hosted/24.3.0": {
		notes: "the release tooling (craft) generates the section",
		differs: map[string]string{
			".env": "SENTRY_IMAGE is the base image of a locally built service (a build argument, not an image: reference), which image.tags does not read",
		},
	},
	"traefik-helm-chart/v26.0.0": {
		notes:     "the chart's release tooling generates the section",
		changelog: "the release tooling puts app version badges on the heading and a Release date line below it; bump does not copy a heading naming other versions",
	},
	"traefik-helm-chart/v27.0.0": {
		changelog: "the release tooling replaced \"27.0.0 (unreleased)\" by a heading with app version badges and a Release date line; bump dates the heading",
	},
	"vue/v3.3.13":    {notes: "the release script generates the section (conventional-changelog)"},
	"vue/v3.4.21":    {notes: "the release script generates the section (conventional-changelog)"},
	"zellij/v0.40.0": {},
	"zellij/v0.40.1": {},
}

// TestBumpRealProjects replays the version bump of real releases: on the
// commit before the maintainers' bump, `relguard bump VERSION` (with the
// release's date from its changelog) must write, in every file in
// lockstep with the release, the version lines the maintainers wrote in
// the release commit — the same field values, and no version line more or
// less — and `relguard check VERSION` (without the clean-tree and tag
// checks, which judge the commit and tag that come next) must pass.
func TestBumpRealProjects(t *testing.T) {
	manifests, err := filepath.Glob(filepath.Join("..", "..", "testdata", "skeletons", "*", "*", "skeleton.json"))
	if err != nil || len(manifests) == 0 {
		t.Fatalf("no skeletons found: %v", err)
	}
	var mu sync.Mutex
	rows := map[string]string{}
	t.Cleanup(func() {
		names := make([]string, 0, len(rows))
		for n := range rows {
			names = append(names, n)
		}
		sort.Strings(names)
		var b strings.Builder
		b.WriteString("project/release | files bump wrote | --notes | matches the maintainers | check after bump\n")
		for _, n := range names {
			b.WriteString(rows[n] + "\n")
		}
		t.Logf("\n%s", b.String())
	})
	seen := map[string]bool{}
	for _, m := range manifests {
		dir := filepath.Dir(m)
		name := filepath.Base(filepath.Dir(dir)) + "/" + filepath.Base(dir)
		seen[name] = true
		want, ok := realBumps[name]
		if !ok {
			t.Errorf("%s: no entry in realBumps; say how bump runs on it", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			row := replayBump(t, dir, want)
			mu.Lock()
			rows[name] = name + " | " + row
			mu.Unlock()
		})
	}
	for name := range realBumps {
		if !seen[name] {
			t.Errorf("realBumps names %s, which has no skeleton", name)
		}
	}
}

func replayBump(t *testing.T, dir string, want realBump) string {
	s, err := skeleton.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := s.Materialize(root); err != nil {
		t.Fatal(err)
	}
	g := gittest.At(t, root)
	release := strings.TrimSpace(g.Git("rev-parse", "HEAD"))
	g.Git("reset", "-q", "--hard", "refs/skeleton/pre-bump")
	pre := strings.TrimSpace(g.Git("rev-parse", "HEAD"))
	v := s.Manifest.Version

	// What bump will edit, as it sees it before the bump.
	repo, _, err := openRepo(root, true)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Wait()
	cfg, err := loadConfig(repo.Root(), "")
	if err != nil {
		t.Fatal(err)
	}
	version, err := ParseVersion(v)
	if err != nil {
		t.Fatal(err)
	}
	ctx, err := releaseContext(repo, cfg, version)
	if err != nil {
		t.Fatal(err)
	}
	work, err := bumpTargets(ctx)
	if err != nil {
		t.Fatalf("discovery before the bump: %v", err)
	}
	show := func(commit, file string) ([]byte, bool) {
		out, err := repo.ReadFilesAt(commit, []string{file})
		if err != nil {
			t.Fatalf("%s:%s: %v", commit, file, err)
		}
		data, ok := out[file]
		return data, ok && data != nil
	}

	// The release's date, as its changelog says it.
	date, dated := "2024-01-01", false
	for _, f := range append([]string{work.changelog}, s.Manifest.Lockstep...) {
		if f == "" {
			continue
		}
		if data, ok := show(release, f); ok {
			if d, ok := releaseDate(f, data, v); ok {
				date, dated = d, true
				break
			}
		}
	}
	args := []string{v, "--repo", root, "--date", date}
	if want.notes != "" {
		notes := filepath.Join(t.TempDir(), "notes.md")
		if err := os.WriteFile(notes, []byte("- Notes written for the release.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--notes", notes)
	}
	o := run(t, Bump, args...)
	if o.code != 0 {
		t.Fatalf("bump %v: exit %d\n%s%s", args, o.code, o.stdout, o.stderr)
	}
	written := strings.Fields(g.Git("diff", "--name-only", pre))
	slices.Sort(written)
	var bumpNotes []string
	for _, l := range strings.Split(o.stdout, "\n") {
		if n, ok := strings.CutPrefix(strings.TrimSpace(l), "note: "); ok {
			bumpNotes = append(bumpNotes, n)
		}
	}

	// (a) The fields bump writes hold what the maintainers wrote.
	var fieldsSame int
	for _, tg := range work.targets {
		got, _ := os.ReadFile(filepath.Join(root, tg.Path))
		theirs, ok := show(release, tg.Path)
		if !ok {
			t.Errorf("%s is not in the release commit", tg.Path)
			continue
		}
		tg.Old = ""
		a, errA := bump.Locate(got, tg)
		b, errB := bump.Locate(theirs, tg)
		switch {
		case errA != nil || errB != nil:
			t.Errorf("%s: %v / %v", tg.Location(), errA, errB)
		case a.Value != b.Value:
			t.Errorf("%s %s: bump wrote %q, the maintainers %q", tg.Path, tg.Field(), a.Value, b.Value)
		default:
			fieldsSame++
		}
	}
	// Every version line of the files in lockstep: what bump changed is
	// what the maintainers changed, and every line the maintainers changed
	// only by writing the version, bump changed the same way.
	files := map[string]bool{}
	for _, f := range written {
		files[f] = true
	}
	for _, tg := range work.targets {
		files[tg.Path] = true
	}
	for _, f := range s.Manifest.Lockstep {
		files[f] = true
	}
	delete(files, work.changelog)
	var differences []string
	for _, f := range sortedKeys(files) {
		before, _ := show(pre, f)
		theirs, _ := show(release, f)
		ours, _ := os.ReadFile(filepath.Join(root, f))
		if slices.Contains(s.Manifest.Lockstep, f) && string(before) != string(theirs) && !slices.Contains(written, f) {
			t.Errorf("%s: the maintainers bumped it, bump did not write it", f)
		}
		diffs := versionLineDifferences(string(before), string(theirs), string(ours), v)
		reason, known := want.differs[f]
		switch {
		case known && len(diffs) == 0:
			t.Errorf("%s: listed as differing (%s), but bump now writes the maintainers' version lines; update realBumps", f, reason)
		case known:
			differences = append(differences, fmt.Sprintf("%s: %s", f, reason))
			t.Logf("%s differs as known (%s):\n%s", f, reason, strings.Join(diffs, "\n"))
		case len(diffs) > 0:
			t.Errorf("%s: bump's version lines are not the maintainers':\n%s", f, strings.Join(diffs, "\n"))
		}
	}
	for f := range want.differs {
		if !files[f] {
			t.Errorf("realBumps lists %s, which is not in lockstep", f)
		}
	}

	// The changelog section: its heading and the line that dates it.
	clNote := "changelog not judged (none in lockstep), left alone"
	if work.changelog != "" {
		ours, _ := os.ReadFile(filepath.Join(root, work.changelog))
		theirs, _ := show(release, work.changelog)
		a, b := sectionHead(work.changelog, ours, v), sectionHead(work.changelog, theirs, v)
		switch {
		case a == "":
			t.Errorf("%s: bump left no section for %s", work.changelog, v)
		case want.changelog == "" && a != b:
			t.Errorf("%s: bump wrote the section as\n%q\nthe maintainers as\n%q", work.changelog, a, b)
		case want.changelog != "" && a == b:
			t.Errorf("%s: listed as differing (%s), but bump now writes the maintainers' heading; update realBumps", work.changelog, want.changelog)
		case want.changelog != "":
			clNote = "changelog heading differs: " + want.changelog
		default:
			clNote = "changelog heading same"
		}
	} else if want.changelog != "" {
		t.Errorf("realBumps explains the changelog, which is not in lockstep")
	}

	// (b) check approves the bumped tree.
	c := checkJSON(t, append([]string{v, "--repo", root}, bumpSkips...)...)
	for _, r := range c.report.Checks {
		if r.Status == guard.Fail {
			t.Errorf("check after bump: %s fails: %s (%s)", r.ID, r.Message, r.Hint)
		}
	}
	verdict := "passes"
	if c.code != 0 {
		verdict = fmt.Sprintf("exit %d", c.code)
	}

	// Bumping again changes nothing.
	state := treeState(t, root)
	if o := run(t, Bump, append(args, "--allow-dirty")...); o.code != 0 || !strings.Contains(o.stdout, "nothing to change") || treeState(t, root) != state {
		t.Errorf("a second bump is not a no-op: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}

	notes := "no"
	if want.notes != "" {
		notes = "yes: " + want.notes
	}
	match := fmt.Sprintf("yes: %d/%d fields", fieldsSame, len(work.targets))
	if len(differences) > 0 {
		match = fmt.Sprintf("no: %d/%d fields; %s", fieldsSame, len(work.targets), strings.Join(differences, "; "))
	}
	if !dated {
		clNote += " (no release date in the changelog: --date " + date + ")"
	}
	if len(bumpNotes) > 0 {
		// Lock files are tracked, but the skeletons keep only what
		// relguard check reads.
		clNote += "; bump's notes: " + strings.Join(bumpNotes, "; ")
	}
	return fmt.Sprintf("%s | %s | %s; %s | %s", strings.Join(written, ", "), notes, match, clNote, verdict)
}

// versionLineDifferences compares, line by line, the maintainers' release
// (theirs) and bump's (ours) against the commit before the bump: lines
// bump changed must read as the maintainers wrote them, and lines the
// maintainers changed only by writing the version must be bump's too.
func versionLineDifferences(before, theirs, ours, version string) []string {
	b := strings.Split(before, "\n")
	var out []string
	mine, their := map[int]string{}, map[int]string{}
	for _, h := range lineHunks(b, strings.Split(ours, "\n")) {
		if len(h.to) != h.end-h.start {
			out = append(out, fmt.Sprintf("  lines %d-%d: bump wrote %d lines in place of %d", h.start+1, h.end, len(h.to), h.end-h.start))
			continue
		}
		for k := h.start; k < h.end; k++ {
			mine[k] = h.to[k-h.start]
		}
	}
	for _, h := range lineHunks(b, strings.Split(theirs, "\n")) {
		for k := h.start; k < h.end; k++ {
			their[k] = "\x00" // rewritten into other lines: not a version line
			if len(h.to) == h.end-h.start {
				their[k] = h.to[k-h.start]
			}
		}
	}
	for i, line := range b {
		o, oChanged := mine[i]
		th, tChanged := their[i]
		switch {
		case oChanged && (!tChanged || o != th):
			if !tChanged {
				th = line
			}
			out = append(out, fmt.Sprintf("  line %d: bump %q, maintainers %q", i+1, o, th))
		case !oChanged && tChanged && isVersionLine(line, th, version):
			out = append(out, fmt.Sprintf("  line %d: maintainers %q, bump left %q", i+1, th, line))
		}
	}
	return out
}

// lineHunk replaces the lines start:end of a text by to.
type lineHunk struct {
	start, end int
	to         []string
}

// lineHunks is the line diff of a and b (a longest common subsequence).
func lineHunks(a, b []string) []lineHunk {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []lineHunk
	var cur *lineHunk
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			if cur != nil {
				out = append(out, *cur)
				cur = nil
			}
			i, j = i+1, j+1
			continue
		case cur == nil:
			cur = &lineHunk{start: i, end: i}
		}
		if j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]) {
			cur.to = append(cur.to, b[j])
			j++
		} else {
			cur.end++
			i++
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// lineTokenRe is a word of a line: a name, a number or a version, with
// hyphens inside it only (":-" before a default is not part of the tag).
var lineTokenRe = regexp.MustCompile(`[0-9A-Za-z._+]+(?:-[0-9A-Za-z._+]+)*`)

// isVersionLine tells whether after differs from before only in tokens
// that are the version ("nightly" → "24.2.0", "3.0.1.dev" → "3.0.1").
func isVersionLine(before, after, version string) bool {
	if before == after {
		return false
	}
	split := func(s string) ([]string, []string) {
		var seps, toks []string
		at := 0
		for _, m := range lineTokenRe.FindAllStringIndex(s, -1) {
			seps = append(seps, s[at:m[0]])
			toks = append(toks, s[m[0]:m[1]])
			at = m[1]
		}
		return append(seps, s[at:]), toks
	}
	sb, tb := split(before)
	sa, ta := split(after)
	if !slices.Equal(sb, sa) || len(tb) != len(ta) {
		return false
	}
	for i := range tb {
		if tb[i] != ta[i] && ta[i] != version && ta[i] != "v"+version {
			return false
		}
	}
	return true
}

var (
	// releasedLineRe is a line that dates a release below its heading.
	releasedLineRe = regexp.MustCompile(`(?i)^\W*(?:released?|release date)\b`)
	isoDateRe      = regexp.MustCompile(`\b(\d{4}-\d{2}-\d{2})\b`)
	longDateRe     = regexp.MustCompile(`\b((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4})\b`)
	ordinalDateRe  = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th) ((?:January|February|March|April|May|June|July|August|September|October|November|December),? \d{4})\b`)
)

// releaseDate reads the release's date where its changelog section gives
// it: on the heading or the line below.
func releaseDate(file string, data []byte, version string) (string, bool) {
	head := sectionHead(file, data, version)
	if m := isoDateRe.FindStringSubmatch(head); m != nil {
		return m[1], true
	}
	if m := longDateRe.FindStringSubmatch(head); m != nil {
		if d, err := time.Parse("January 2, 2006", m[1]); err == nil {
			return d.Format(time.DateOnly), true
		}
	}
	if m := ordinalDateRe.FindStringSubmatch(head); m != nil {
		if d, err := time.Parse("2 January 2006", m[1]+" "+strings.Replace(m[2], ",", "", 1)); err == nil {
			return d.Format(time.DateOnly), true
		}
	}
	return "", false
}

// sectionHead is the heading line of the version's changelog section and,
// when the first line below it dates the release ("Released 2024-01-18",
// "**Release date:** 2024-04-02"), that line.
func sectionHead(file string, data []byte, version string) string {
	cl, _ := changelog.ParseFile(file, data)
	s, ok := cl.Find(version)
	if !ok {
		return ""
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	if s.Line < 1 || s.Line > len(lines) {
		return ""
	}
	head := lines[s.Line-1]
	first, _, _ := strings.Cut(strings.TrimSpace(s.Body), "\n")
	if releasedLineRe.MatchString(first) {
		head += "\n" + first
	}
	return head
}
