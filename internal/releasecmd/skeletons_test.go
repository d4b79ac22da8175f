package releasecmd

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/release/skeleton"
)

// TestRealProjects replays real releases of open-source projects (see
// testdata/skeletons): each skeleton is built as a git repository with
// every tracked path, the real content of the files relguard reads and
// the tags as they were at release time. With zero configuration, check
// must approve the release commit, and fail the commit before the version
// bump naming a file that was not bumped.
// Every check counts, nginx.headers included.
func TestRealProjects(t *testing.T) {
	manifests, err := filepath.Glob(filepath.Join("..", "..", "testdata", "skeletons", "*", "*", "skeleton.json"))
	if err != nil || len(manifests) == 0 {
		t.Fatalf("no skeletons found: %v", err)
	}
	projects := map[string]bool{}
	for _, m := range manifests {
		dir := filepath.Dir(m)
		name := filepath.Base(filepath.Dir(dir)) + "/" + filepath.Base(dir)
		projects[filepath.Base(filepath.Dir(dir))] = true
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, err := skeleton.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			repo := t.TempDir()
			if err := s.Materialize(repo); err != nil {
				t.Fatal(err)
			}
			v := s.Manifest.Version

			o := checkJSON(t, v, "--repo", repo)
			judged := false
			for _, r := range o.report.Checks {
				if r.Status == guard.Fail {
					t.Errorf("release %s: %s fails: %s (%s)", v, r.ID, r.Message, r.Hint)
				}
				if r.Status == guard.Pass && skeleton.BumpChecks[r.ID] && mentions(r, s.Manifest.Lockstep) {
					judged = true
				}
			}
			if !judged {
				t.Errorf("release %s: no check passed on the bumped files %v, so the pass proves nothing:\n%s", v, s.Manifest.Lockstep, o.stdout)
			}

			gittest.At(t, repo).Git("reset", "-q", "--hard", "refs/skeleton/pre-bump")
			o = checkJSON(t, v, "--repo", repo)
			if o.code != 1 {
				t.Errorf("before the bump: exit %d, want 1", o.code)
			}
			named := false
			for _, r := range o.report.Checks {
				if r.Status == guard.Fail && skeleton.BumpChecks[r.ID] && slices.Contains(s.Manifest.Lockstep, r.File) {
					named = true
				}
			}
			if !named {
				t.Errorf("before the bump (%s): no failure names %v:\n%s", s.Manifest.PreBump.Subject, s.Manifest.Lockstep, o.stdout)
			}
		})
	}
	if len(projects) < 15 {
		t.Errorf("%d projects have skeletons, want at least 15", len(projects))
	}
}

// mentions tells whether a result is about one of the files.
func mentions(r guard.Result, files []string) bool {
	for _, f := range files {
		if r.File == f || strings.Contains(r.Message, " "+f) || strings.HasPrefix(r.Message, f) {
			return true
		}
	}
	return false
}
