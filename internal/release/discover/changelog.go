package discover

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/relguard/relguard/internal/release/changelog"
)

// changelogBases and changelogExts are the names a changelog goes by, in
// order of preference; the match ignores case.
var (
	changelogBases = []string{"changelog", "changes", "history", "news", "releases"}
	changelogExts  = []string{".md", ".rst", ".txt", ""}
)

// changelogRank orders a changelog candidate, or returns -1 for a file
// that is not one: the component's own directory first, then the root,
// then docs/, then the directories of the version files in lockstep (a
// chart's traefik/Changelog.md); CHANGELOG before CHANGES, HISTORY, NEWS
// and RELEASES; .md before .rst, .txt and no extension.
func changelogRank(p, component string, versionDirs ...string) int {
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	var dirRank int
	switch {
	case component != "" && dir == component:
		dirRank = 0
	case dir == "":
		dirRank = 1
	case dir == "docs":
		dirRank = 2
	default:
		dirRank = -1
		for i, vd := range versionDirs {
			if dir == vd && !Excluded(p) {
				dirRank = 3 + i
				break
			}
		}
		if dirRank < 0 {
			return -1
		}
	}
	lower := strings.ToLower(base)
	for bi, b := range changelogBases {
		for ei, e := range changelogExts {
			if lower == b+e {
				return dirRank*100 + bi*10 + ei
			}
		}
	}
	return -1
}

// lockstepDirs lists the directories of the judged version files, other
// than the root, in path order.
func (d *discoverer) lockstepDirs() []string {
	seen := map[string]bool{".": true, "docs": true}
	var dirs []string
	for _, vf := range d.rel.VersionFiles {
		if dir := path.Dir(vf.Path); vf.State == Judged && !seen[dir] {
			seen[dir] = true
			dirs = append(dirs, dir)
		}
	}
	return dirs
}

// ChangelogProbes are the usual spellings of a changelog, in order of
// preference: asked for at the anchor, to notice a changelog that was
// kept up to the last release and then deleted, and in a work tree whose
// files are not committed yet.
var ChangelogProbes = []string{"CHANGELOG.md", "CHANGES.md", "CHANGES.rst", "HISTORY.md", "HISTORY.rst", "NEWS.md", "NEWS", "CHANGELOG", "CHANGES", "CHANGELOG.rst", "RELEASES.md", "changelog.md"}

// Component is the monorepo component a tag prefix names: "api/v" and
// "api@" give "api", "services/api/v" gives "services/api", "chart-"
// gives "chart", and a plain "v" gives "".
func Component(prefix string) string {
	p := strings.TrimSuffix(prefix, "v")
	for _, sep := range []string{"/", "@", "-"} {
		if strings.HasSuffix(p, sep) {
			return strings.TrimSuffix(p, sep)
		}
	}
	return ""
}

func (d *discoverer) changelog() {
	cl := &d.rel.Changelog
	if d.cfg.ChangelogSet {
		cl.Path, cl.Configured, cl.Lockstep = d.cfg.Changelog, true, true
		cl.Reason = "changelog: in relguard.yaml"
		return
	}
	if d.listErr != nil {
		return
	}
	component := Component(d.cfg.TagPrefix)
	versionDirs := d.lockstepDirs()
	type ranked struct {
		path string
		rank int
	}
	var found []ranked
	for _, f := range d.tracked {
		if r := changelogRank(f, component, versionDirs...); r >= 0 {
			found = append(found, ranked{f, r})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].rank < found[j].rank })
	var cands []string
	for _, f := range found {
		cands = append(cands, f.path)
	}

	if len(d.anchors) == 0 {
		if len(cands) == 0 {
			return
		}
		cl.Path, cl.Lockstep, cl.Others = cands[0], true, cands[1:]
		cl.Reason = "no earlier release: the changelog must have the release's section"
		return
	}
	// The changelog the project kept: the first that had the anchor's
	// section at the anchor. A pre-release anchor may have none, so the
	// stable anchor is asked too.
	probe := append([]string(nil), cands...)
	for _, p := range ChangelogProbes {
		if !d.trackedSet[p] && changelogRank(p, component) >= 0 {
			probe = append(probe, p)
		}
	}
	for _, a := range d.anchors {
		files, err := d.readAt(a, probe)
		if err != nil {
			d.problem(Problem{Check: "changelog.entry", Msg: err.Error(),
				Hint: "fetch the full history and tags (`git fetch --tags --unshallow`; fetch-depth: 0 in actions/checkout), or set changelog: in relguard.yaml"})
			return
		}
		for _, p := range probe {
			data, ok := files[p]
			if !ok || strings.IndexByte(string(data), 0) >= 0 {
				continue
			}
			c, _ := changelog.ParseFile(p, data)
			if _, ok := c.FindComponent(a.Version, component); !ok {
				continue
			}
			cl.Path, cl.Lockstep, cl.AnchorTag = p, true, a.Tag
			cl.Reason = fmt.Sprintf("kept per release: it had the section for %s at %s", a.Version, a.Tag)
			if !d.trackedSet[p] {
				cl.Gone = true
				cl.Reason = fmt.Sprintf("it had the section for %s at %s but is no longer in the repository", a.Version, a.Tag)
			}
			for _, o := range cands {
				if o != p {
					cl.Others = append(cl.Others, o)
				}
			}
			return
		}
	}
	if len(cands) == 0 {
		return
	}
	a := d.anchors[0]
	cl.Path, cl.Others, cl.AnchorTag = cands[0], cands[1:], a.Tag
	if files, _ := d.readAt(a, cands[:1]); files[cands[0]] == nil {
		cl.Lockstep = true
		cl.Reason = fmt.Sprintf("new since %s: the changelog must have the release's section", a.Tag)
	} else {
		cl.Reason = fmt.Sprintf("had no section for %s at %s, so it does not look kept per release", a.Version, a.Tag)
	}
}
