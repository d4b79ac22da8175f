package releasecmd

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
	"github.com/relguard/relguard/internal/release/guard"
)

var bumpSkips = []string{"--skip", "git.dirty,tag.exists-elsewhere,tag.annotated"}

// runbookAt0464 is the runbook's monorepo as it was before the 0.5.0
// release: the manifests and compose file at 0.4.64, the 0.5.0 notes
// still under Unreleased, v0.4.64 tagged.
func runbookAt0464(t *testing.T) *gittest.Repo {
	t.Helper()
	g := gittest.New(t)
	copyTree(t, filepath.Join("..", "..", "testdata", "release", "runbook"), g.Dir)
	for _, f := range []string{"apps/web/package.json", "services/api/pyproject.toml", "docker-compose.prod.yml"} {
		g.Write(f, strings.ReplaceAll(readFixture(t, f), "0.5.0", "0.4.64"))
	}
	g.Write("CHANGELOG.md", runbookChangelogAt0464(t))
	g.Commit("release 0.4.64")
	g.Git("tag", "-a", "-m", "v0.4.64", "v0.4.64")
	return g
}

func runbookChangelogAt0464(t *testing.T) string {
	t.Helper()
	cl := readFixture(t, "CHANGELOG.md")
	cl = strings.Replace(cl, "## [0.5.0] - 2025-01-27\n\n", "", 1)
	return strings.Replace(cl, "[0.5.0]: https://example.com/compare/v0.4.64...v0.5.0\n", "[0.4.64]: https://example.com/compare/v0.4.63...v0.4.64\n", 1)
}

// TestBumpRunbookReproducesTheRelease: from 0.4.64, `relguard bump 0.5.0`
// writes the runbook's 0.5.0 files byte for byte, and check then passes.
func TestBumpRunbookReproducesTheRelease(t *testing.T) {
	g := runbookAt0464(t)
	o := run(t, Bump, "0.5.0", "--repo", g.Dir, "--date", "2025-01-27")
	if o.code != 0 {
		t.Fatalf("bump: exit %d\n%s\n%s", o.code, o.stdout, o.stderr)
	}
	for _, want := range []string{
		"apps/web/package.json:4        version 0.4.64 → 0.5.0",
		"services/api/pyproject.toml:3  project.version 0.4.64 → 0.5.0",
		"docker-compose.prod.yml:6      image applylens/web 0.4.64 → 0.5.0",
		"CHANGELOG.md:5                 changelog Unreleased → [0.5.0] - 2025-01-27",
		"wrote 4 file(s)",
		"ready to release v0.5.0",
	} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, o.stdout)
		}
	}
	for _, f := range []string{"apps/web/package.json", "services/api/pyproject.toml", "docker-compose.prod.yml", "README.md"} {
		got, _ := os.ReadFile(filepath.Join(g.Dir, f))
		if string(got) != readFixture(t, f) {
			t.Errorf("%s differs from the real 0.5.0 file:\n%s", f, got)
		}
	}
	wantCL := strings.Replace(readFixture(t, "CHANGELOG.md"), "v0.4.64...v0.5.0\n", "v0.4.64...v0.5.0\n[0.4.64]: https://example.com/compare/v0.4.63...v0.4.64\n", 1)
	if got, _ := os.ReadFile(filepath.Join(g.Dir, "CHANGELOG.md")); string(got) != wantCL {
		t.Errorf("CHANGELOG.md:\n%s\nwant\n%s", got, wantCL)
	}

	c := checkJSON(t, append([]string{"0.5.0", "--repo", g.Dir}, bumpSkips...)...)
	if c.code != 0 {
		t.Errorf("check after bump: exit %d\n%s", c.code, c.stdout)
	}
	c.noFail(t, "version.files", "changelog.entry", "image.tags", "version.newer")
	g.Commit("release 0.5.0")
	if c := checkJSON(t, "0.5.0", "--repo", g.Dir); c.code != 0 {
		t.Errorf("check after the release commit: exit %d\n%s", c.code, c.stdout)
	}

	// Bumping again writes nothing.
	before := treeState(t, g.Dir)
	o = run(t, Bump, "0.5.0", "--repo", g.Dir, "--date", "2025-02-01")
	if o.code != 0 || !strings.Contains(o.stdout, "nothing to change") {
		t.Errorf("second bump: exit %d\n%s\n%s", o.code, o.stdout, o.stderr)
	}
	if after := treeState(t, g.Dir); after != before {
		t.Errorf("second bump changed the tree")
	}
}

// treeState fingerprints every file's path, content, mode and mtime.
func treeState(t *testing.T, root string) string {
	t.Helper()
	var lines []string
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if info.IsDir() {
			lines = append(lines, fmt.Sprintf("%s/ %v", rel, info.Mode()))
			return nil
		}
		data, _ := os.ReadFile(p)
		lines = append(lines, fmt.Sprintf("%s %v %d %x", rel, info.Mode(), info.ModTime().UnixNano(), data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestBumpDryRunIsReadOnly: --dry-run changes nothing on disk (contents,
// modes, mtimes, the git index), prints a diff that git apply accepts, and
// judges the files as they would be.
func TestBumpDryRunIsReadOnly(t *testing.T) {
	g := runbookAt0464(t)
	g.Git("status") // refresh the index's stat data so that git apply --check sees a clean tree
	before := treeState(t, g.Dir)
	time.Sleep(10 * time.Millisecond) // a write would show in the mtimes
	o := run(t, Bump, "minor", "--repo", g.Dir, "--dry-run", "--date", "2025-01-27")
	if o.code != 0 {
		t.Fatalf("dry run: exit %d\n%s\n%s", o.code, o.stdout, o.stderr)
	}
	if after := treeState(t, g.Dir); after != before {
		t.Fatalf("--dry-run wrote to the repository")
	}
	if !strings.HasPrefix(o.stdout, "--- a/CHANGELOG.md\n+++ b/CHANGELOG.md\n") || strings.Contains(o.stdout, "relguard") {
		t.Errorf("stdout is not the diff alone:\n%s", o.stdout)
	}
	for _, want := range []string{"relguard bump 0.5.0 (tag v0.5.0)", "nothing written (--dry-run)", "ready to release v0.5.0"} {
		if !strings.Contains(o.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, o.stderr)
		}
	}
	patch := filepath.Join(t.TempDir(), "bump.patch")
	if err := os.WriteFile(patch, []byte(o.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	g.Git("apply", "--check", patch)
	g.Git("apply", patch)
	if c := checkJSON(t, append([]string{"0.5.0", "--repo", g.Dir}, bumpSkips...)...); c.code != 0 {
		t.Errorf("check after git apply: exit %d\n%s", c.code, c.stdout)
	}
	if got, _ := os.ReadFile(filepath.Join(g.Dir, "apps/web/package.json")); string(got) != readFixture(t, "apps/web/package.json") {
		t.Errorf("applied package.json:\n%s", got)
	}
}

func TestBumpRefuses(t *testing.T) {
	t.Run("a dirty tree", func(t *testing.T) {
		g := runbookAt0464(t)
		g.Write("README.md", "edited\n")
		before := treeState(t, g.Dir)
		o := run(t, Bump, "0.5.0", "--repo", g.Dir)
		if o.code != 2 || !strings.Contains(o.stderr, "relguard bump: the working tree has uncommitted changes (README.md); commit or stash them") || strings.Count(o.stderr, "\n") != 1 {
			t.Errorf("exit %d\nstderr %q", o.code, o.stderr)
		}
		if treeState(t, g.Dir) != before {
			t.Errorf("wrote to a refused repository")
		}
		if o := run(t, Bump, "0.5.0", "--repo", g.Dir, "--allow-dirty", "--date", "2025-01-27"); o.code != 0 {
			t.Errorf("--allow-dirty: exit %d\n%s%s", o.code, o.stdout, o.stderr)
		}
	})
	t.Run("a version not newer than the last release", func(t *testing.T) {
		g := runbookAt0464(t)
		for _, v := range []string{"0.4.64", "0.4.1"} {
			o := run(t, Bump, v, "--repo", g.Dir)
			if o.code != 2 || !strings.Contains(o.stderr, map[string]string{"0.4.64": "tag v0.4.64 already exists", "0.4.1": "lower than v0.4.64, the last release of the 0.4 line"}[v]) || strings.Count(o.stderr, "\n") != 1 {
				t.Errorf("%s: exit %d\nstderr %q", v, o.code, o.stderr)
			}
		}
	})
	t.Run("files it cannot edit: one line each, nothing written", func(t *testing.T) {
		g := runbookAt0464(t)
		// The chart held 0.4.64 at v0.4.64, so it is the release's.
		g.Write("Chart.yaml", "appVersion: |\n  0.4.64\n")
		g.Commit("add a chart")
		g.Git("tag", "-f", "-a", "-m", "v0.4.64", "v0.4.64")
		g.Write("services/api/pyproject.toml", "[project]\nversion = \"0.4.64\n")
		g.Commit("break the pyproject")
		before := treeState(t, g.Dir)
		o := run(t, Bump, "0.5.0", "--repo", g.Dir)
		lines := strings.Split(strings.TrimSpace(o.stderr), "\n")
		if o.code != 2 || len(lines) != 3 || o.stdout != "" ||
			!strings.HasPrefix(lines[0], "relguard bump: services/api/pyproject.toml:2: cannot read the version: invalid TOML") ||
			lines[1] != "relguard bump: Chart.yaml:1: the value is a block scalar; write it on the key's line" ||
			lines[2] != "relguard bump: nothing written: fix the 2 problems above and run relguard bump again" {
			t.Errorf("exit %d\nstdout %q\nstderr:\n%s", o.code, o.stdout, o.stderr)
		}
		if treeState(t, g.Dir) != before {
			t.Errorf("wrote although an edit failed")
		}
	})
	t.Run("a changelog without a section to write", func(t *testing.T) {
		g := runbookAt0464(t)
		g.Write("CHANGELOG.md", "# Changelog\n\n## 0.4.64\n\n- Old.\n")
		g.Commit("no unreleased")
		before := treeState(t, g.Dir)
		o := run(t, Bump, "0.5.0", "--repo", g.Dir)
		if o.code != 2 || !strings.Contains(o.stderr, "CHANGELOG.md: no section for 0.5.0 and no Unreleased section to turn into it") || !strings.Contains(o.stderr, "pass --notes FILE") {
			t.Errorf("exit %d\nstderr %q", o.code, o.stderr)
		}
		if treeState(t, g.Dir) != before {
			t.Errorf("wrote although the changelog has no section")
		}
		notes := filepath.Join(t.TempDir(), "notes.md")
		if err := os.WriteFile(notes, []byte("- Fix the logout 500.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		o = run(t, Bump, "0.5.0", "--repo", g.Dir, "--notes", notes, "--date", "2025-01-27")
		if o.code != 0 {
			t.Errorf("--notes: exit %d\n%s%s", o.code, o.stdout, o.stderr)
		}
		// In the changelog's own heading style, which gives no dates.
		if got, _ := os.ReadFile(filepath.Join(g.Dir, "CHANGELOG.md")); string(got) != "# Changelog\n\n## 0.5.0\n\n- Fix the logout 500.\n\n## 0.4.64\n\n- Old.\n" {
			t.Errorf("CHANGELOG.md:\n%s", got)
		}
	})
	t.Run("usage", func(t *testing.T) {
		g := runbookAt0464(t)
		for _, args := range [][]string{{}, {"0.5"}, {"0.5.0", "0.6.0"}, {"0.5.0", "--date", "27.01.2025"}, {"0.5.0-rc.1", "--pre", "rc"}, {"patch", "--pre", "r c"}} {
			o := run(t, Bump, append(args, "--repo", g.Dir)...)
			if o.code != 2 || strings.Count(o.stderr, "\n") != 1 || !strings.HasPrefix(o.stderr, "relguard bump: ") {
				t.Errorf("%v: exit %d stderr %q", args, o.code, o.stderr)
			}
		}
	})
}

// TestBumpSaysWhatIsStillMissing: bump writes what it can and exits 1
// naming what check still fails, here an own image tagged latest.
func TestBumpSaysWhatIsStillMissing(t *testing.T) {
	g := runbookAt0464(t)
	g.Write("docker-compose.prod.yml", strings.Replace(readFixture(t, "docker-compose.prod.yml"), "applylens/api:0.5.0", "applylens/api:latest", 1))
	g.Commit("api on latest")
	o := run(t, Bump, "0.5.0", "--repo", g.Dir, "--date", "2025-01-27")
	if o.code != 1 {
		t.Fatalf("exit %d\n%s\n%s", o.code, o.stdout, o.stderr)
	}
	for _, want := range []string{
		"note: docker-compose.prod.yml:11: image applylens/api:latest is tagged latest, which is not a version",
		"✗ image.tags",
		"tag the image applylens/api:0.5.0 at docker-compose.prod.yml:11",
	} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, o.stdout)
		}
	}
	if o.stderr != "relguard bump: 0.5.0 is not ready: 1 check(s) still fail; the ✗ lines above say what is missing\n" {
		t.Errorf("stderr %q", o.stderr)
	}
}

func TestResolveVersion(t *testing.T) {
	tags := []string{"v0.4.63", "v0.4.64", "v0.5.0-rc.1", "v0.5.0-rc.2", "api/v9.0.0", "v1.0", "other"}
	cases := []struct {
		arg, pre, want string
		tags           []string
	}{
		{"0.5.0", "", "0.5.0", tags},
		{"v0.5.0", "", "0.5.0", tags},
		{"patch", "", "0.5.0", tags}, // from 0.5.0-rc.2, as npm counts
		{"minor", "", "0.5.0", tags},
		{"major", "", "1.0.0", tags},
		{"minor", "rc", "0.5.0-rc.3", tags},
		{"patch", "", "0.4.65", tags[:2]},
		{"minor", "rc", "0.5.0-rc.1", tags[:2]},
		{"major", "beta", "1.0.0-beta.1", tags[:2]},
		{"0.6.0", "rc", "0.6.0-rc.1", tags},
		{"0.5.0", "rc", "0.5.0-rc.3", tags},
		{"major", "", "2.0.0", []string{"v2.0.0-rc.1", "v1.9.0"}},
	}
	for _, tc := range cases {
		v, err := resolveVersion(tc.arg, tc.pre, tc.tags, "v")
		if err != nil || v.Original() != tc.want {
			t.Errorf("%s --pre %q: %v, %v; want %s", tc.arg, tc.pre, v, err, tc.want)
		}
	}
	if _, err := resolveVersion("patch", "", []string{"other"}, "v"); err == nil || !strings.Contains(err.Error(), "no release tag matches v<semver> to increment from") {
		t.Errorf("no tags: %v", err)
	}
	if v, err := resolveVersion("patch", "", []string{"15.2.0", "v99.0.0"}, ""); err != nil || v.String() != "99.0.1" && v.String() != "15.2.1" {
		t.Errorf("empty prefix: %v %v", v, err)
	}
}

// TestBumpProperty generates repositories in many layouts and formats and
// checks bump's three promises on each: check passes after it, a second
// bump changes nothing, and every changed line of a version file differs
// from the original only by the version.
func TestBumpProperty(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for i := 0; i < 16; i++ {
		old := fmt.Sprintf("%d.%d.%d", rng.Intn(3), rng.Intn(20), rng.Intn(30))
		files := randomLayout(rng, old)
		t.Run(fmt.Sprintf("%02d-%s", i, old), func(t *testing.T) {
			g := gittest.New(t)
			for p, s := range files {
				g.Write(p, s)
			}
			g.Commit("release " + old)
			g.Git("tag", "-a", "-m", "v"+old, "v"+old)
			part := []string{"patch", "minor", "major"}[rng.Intn(3)]
			o := run(t, Bump, part, "--repo", g.Dir, "--date", "2025-01-27")
			if o.code != 0 {
				t.Fatalf("bump %s: exit %d\n%s\n%s\nfiles: %q", part, o.code, o.stdout, o.stderr, files)
			}
			newV := strings.TrimPrefix(strings.Fields(strings.SplitN(o.stdout, "\n", 2)[0])[2], "v")
			if c := checkJSON(t, append([]string{newV, "--repo", g.Dir}, bumpSkips...)...); c.code != 0 {
				t.Errorf("check %s after bump: exit %d\n%s", newV, c.code, c.stdout)
			}
			for p, before := range files {
				if p == "CHANGELOG.md" {
					continue
				}
				after, _ := os.ReadFile(filepath.Join(g.Dir, p))
				if !onlyVersionChanged(before, string(after), old, newV) {
					t.Errorf("%s changed more than the version:\n%q\n%q", p, before, after)
				}
				if p == "cli/Cargo.toml" && !strings.Contains(string(after), newV+`" }`) {
					t.Errorf("%s: the pin on core does not follow:\n%s", p, after)
				}
			}
			state := treeState(t, g.Dir)
			o = run(t, Bump, newV, "--repo", g.Dir, "--allow-dirty", "--date", "2025-01-28")
			if o.code != 0 || !strings.Contains(o.stdout, "nothing to change") || treeState(t, g.Dir) != state {
				t.Errorf("second bump is not a no-op: exit %d\n%s%s", o.code, o.stdout, o.stderr)
			}
		})
	}
}

// onlyVersionChanged tells whether after is before with version tokens
// old (or vOLD) replaced by newV (vNEW), whole tokens only: 42.0.0 is not
// a 2.0.0.
func onlyVersionChanged(before, after, old, newV string) bool {
	bl, al := strings.Split(before, "\n"), strings.Split(after, "\n")
	if len(bl) != len(al) {
		return false
	}
	for i := range bl {
		if bl[i] == al[i] {
			continue
		}
		bt, at := lineTokenRe.FindAllStringIndex(bl[i], -1), lineTokenRe.FindAllStringIndex(al[i], -1)
		if len(bt) != len(at) {
			return false
		}
		prevB, prevA := 0, 0
		for k := range bt {
			if bl[i][prevB:bt[k][0]] != al[i][prevA:at[k][0]] {
				return false
			}
			b, a := bl[i][bt[k][0]:bt[k][1]], al[i][at[k][0]:at[k][1]]
			if b != a && !(b == old && a == newV) && !(b == "v"+old && a == "v"+newV) {
				return false
			}
			prevB, prevA = bt[k][1], at[k][1]
		}
		if bl[i][prevB:] != al[i][prevA:] {
			return false
		}
	}
	return true
}

// randomLayout builds a project at version old from a random choice of
// manifests, each written in a random but valid style.
func randomLayout(rng *rand.Rand, old string) map[string]string {
	pick := func(opts ...string) string { return opts[rng.Intn(len(opts))] }
	eol := pick("\n", "\r\n")
	lines := func(ls ...string) string { return strings.Join(ls, eol) + pick(eol, "") }
	files := map[string]string{}
	ind := pick("  ", "    ", "   ")
	jsonInd := pick("  ", "\t", "   ")
	files["CHANGELOG.md"] = lines("# Changelog", "", "## [Unreleased]", "", "- Change "+old+" behaviour.", "", "## ["+old+"] - 2024-12-01", "", "- Old.", "",
		"[Unreleased]: https://example.com/compare/v"+old+"...HEAD")
	if rng.Intn(2) == 0 {
		files["package.json"] = lines("{", jsonInd+`"name": "web",`, jsonInd+`"version": "`+old+`",`, jsonInd+`"engines": {"node": ">=`+old+`"}`, "}")
	}
	if rng.Intn(2) == 0 {
		q := pick(`"`, `'`)
		switch rng.Intn(3) {
		case 0:
			files["api/pyproject.toml"] = lines("[project]", `name = "api"  # `+old, "version = "+q+old+q)
		case 1:
			files["api/pyproject.toml"] = lines("[tool.poetry]", "name = 'api'", "version"+pick(" = ", "=")+q+old+q+" # keep")
		default:
			files["api/pyproject.toml"] = lines(`project = { name = "api", version = ` + q + old + q + ` }`)
		}
	}
	if rng.Intn(2) == 0 {
		files["Cargo.toml"] = lines("[workspace]", `members = ["crates/a"]`, "", "[workspace.package]", `version = "`+old+`"`)
		files["crates/a/Cargo.toml"] = lines("[package]", `name = "a"`, "version.workspace = true")
		files["Cargo.lock"] = lines("version = 4", "", "[[package]]", `name = "a"`, `version = "`+old+`"`)
	}
	if rng.Intn(2) == 0 {
		files["chart/Chart.yaml"] = lines("apiVersion: v2", "name: app", "version: 42.0.0", "appVersion: "+pick(old, `"`+old+`"`, `'`+old+`'`)+pick("", " # app"))
	}
	if rng.Intn(2) == 0 || len(files) == 1 {
		files["VERSION"] = old + pick("\n", "", "\r\n")
	}
	if rng.Intn(2) == 0 {
		files["docker-compose.prod.yml"] = lines("services:", ind+"app:", ind+ind+"build: .", ind+ind+"image: "+pick("acme/app:"+old, `"acme/app:v`+old+`"`, "acme/app:${TAG:-"+old+"}"))
	} else if rng.Intn(2) == 0 {
		// The tag, or the whole reference, in the .env beside the compose file.
		q := pick("", `"`, `'`)
		if rng.Intn(2) == 0 {
			files["deploy/compose.yaml"] = lines("services:", ind+"api:", ind+ind+"image: ghcr.io/acme/api:${API_TAG}")
			files["deploy/.env"] = lines("# deployed tags", pick("", "export ")+"API_TAG"+pick("=", " = ")+q+old+q+pick("", " # pinned"))
		} else {
			files["deploy/compose.yaml"] = lines("services:", ind+"api:", ind+ind+"image: \"$API_IMAGE\"")
			files["deploy/.env"] = lines("API_IMAGE="+q+"ghcr.io/acme/api:"+old+q, "OTHER=1")
		}
	}
	if _, ok := files["Cargo.toml"]; !ok && rng.Intn(2) == 0 {
		// Crates that pin each other by path and version.
		files["cli/Cargo.toml"] = lines("[package]", `name = "cli"`, `version = "`+old+`"`, "", "[dependencies]", `core = { path = "../core", version = "`+pick("", "=", "^")+old+`" }`)
		files["core/Cargo.toml"] = lines("[package]", `name = "core"`, `version = "`+old+`"`)
	}
	return files
}

// TestBumpHelp is part of the usage contract shared by every command.
func TestBumpHelp(t *testing.T) {
	o := run(t, Bump, "-h")
	if o.code != 0 || !strings.Contains(o.stdout, "usage: relguard bump VERSION") || !strings.Contains(o.stdout, "-dry-run") || o.stderr != "" {
		t.Errorf("exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
}

// TestBumpTargetsFollowTheGuardsDiscovery pins the seam: bumpTargets
// returns the fields version.files judges (a workspace crate's version is
// its workspace's, once; fixtures are left out as check leaves them out),
// the changelog changelog.entry reads and the own images image.tags judges.
func TestBumpTargetsFollowTheGuardsDiscovery(t *testing.T) {
	g := gittest.New(t)
	g.Write("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"0.4.64\"\n")
	g.Write("crates/a/Cargo.toml", "[package]\nname = \"a\"\nversion.workspace = true\n")
	g.Write("crates/b/Cargo.toml", "[package]\nname = \"b\"\nversion = { workspace = true }\n")
	g.Write("Cargo.lock", "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"0.4.64\"\n\n[[package]]\nname = \"b\"\nversion = \"0.4.64\"\ndependencies = [\n \"a\",\n]\n")
	g.Write("chart/Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\nappVersion: \"0.4.64\"\n")
	g.Write("chart/values.yaml", "image:\n  repository: acme/app\n  tag: \"\"\n")
	g.Write("testdata/package.json", "{\"version\": \"0.0.1\"}\n")
	g.Write("docker-compose.prod.yml", "services:\n  app:\n    build: .\n    image: acme/app:0.4.64\n")
	g.Write("NEWS.md", "## [Unreleased]\n\n- Fix.\n")
	g.Write("relguard.yaml", "changelog: NEWS.md\nimages:\n  helm_values: [chart/values.yaml]\n")
	g.Commit("0.4.64")
	g.Git("tag", "-a", "-m", "v0.4.64", "v0.4.64")

	repo, _, err := openRepo(g.Dir, true)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(repo.Root(), "")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := ParseVersion("0.5.0")
	ctx := &guard.Context{Version: v, Tag: "v0.5.0", Config: cfg, Root: repo.Root(), TrackedFiles: repo.TrackedFiles, ReadFile: repo.ReadFile, Git: repo}
	w, err := bumpTargets(ctx)
	targets, changelogPath, images := w.targets, w.changelog, w.images
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range targets {
		got = append(got, fmt.Sprintf("%s %v %s %s:%d %v", tg.Path, tg.Syntax, tg.Key, tg.Old, tg.Line, tg.Packages))
	}
	want := []string{
		"Cargo.toml TOML workspace.package.version 0.4.64:5 [a b]",
		"chart/Chart.yaml YAML appVersion 0.4.64:4 []",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("targets:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if changelogPath != "NEWS.md" {
		t.Errorf("changelog %q", changelogPath)
	}
	if len(images) != 1 || images[0].Path != "docker-compose.prod.yml" || images[0].Line != 4 || images[0].Ref != "acme/app:0.4.64" {
		t.Errorf("images %+v (the Helm image with an empty tag follows appVersion and needs no edit)", images)
	}

	o := run(t, Bump, "0.5.0", "--repo", g.Dir, "--date", "2025-01-27")
	if o.code != 0 {
		t.Fatalf("exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	lock, _ := os.ReadFile(filepath.Join(g.Dir, "Cargo.lock"))
	if strings.Count(string(lock), "version = \"0.5.0\"") != 2 {
		t.Errorf("Cargo.lock: both inheriting crates should follow:\n%s", lock)
	}
	if data, _ := os.ReadFile(filepath.Join(g.Dir, "testdata/package.json")); string(data) != "{\"version\": \"0.0.1\"}\n" {
		t.Errorf("a fixture was written: %s", data)
	}
}

// TestBumpInfersTheTagPrefixAsCheckDoes: a project that tags without "v"
// (15.2.0) needs no configuration, for a version, an increment or a
// release candidate: bump builds its context as check does.
func TestBumpInfersTheTagPrefixAsCheckDoes(t *testing.T) {
	g := gittest.New(t)
	g.Write("VERSION", "1.2.0\n")
	g.Write("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n- Fix.\n\n## [1.2.0] - 2024-12-01\n\n- Old.\n")
	g.Commit("release 1.2.0")
	g.Git("tag", "-a", "-m", "1.2.0", "1.2.0")
	g.Git("tag", "-a", "-m", "1.3.0-rc.1", "1.3.0-rc.1")
	g.Git("tag", "-a", "-m", "old", "v0.9.0") // an older spelling, not the last release

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"1.2.1"}, "relguard bump 1.2.1 (tag 1.2.1)"},
		{[]string{"patch"}, "relguard bump 1.3.0 (tag 1.3.0)"}, // from 1.3.0-rc.1, as npm counts
		{[]string{"1.3.0", "--pre", "rc"}, "relguard bump 1.3.0-rc.2 (tag 1.3.0-rc.2)"},
		{[]string{"major", "--pre", "beta"}, "relguard bump 2.0.0-beta.1 (tag 2.0.0-beta.1)"},
	} {
		o := run(t, Bump, append(tc.args, "--repo", g.Dir, "--dry-run", "--date", "2025-01-27")...)
		if o.code != 0 || !strings.Contains(o.stderr, tc.want+"\n") || !strings.Contains(o.stderr, "✓ version.files    VERSION holds") ||
			!strings.Contains(o.stderr, `tag prefix "" inferred from the tags`) {
			t.Errorf("%v: exit %d\n%s", tc.args, o.code, o.stderr)
		}
	}
	// tag_prefix set explicitly wins, even against the tags.
	g.Write("relguard.yaml", "tag_prefix: v\n")
	g.Commit("configure the prefix")
	o := run(t, Bump, "patch", "--repo", g.Dir, "--dry-run", "--date", "2025-01-27")
	if !strings.Contains(o.stderr, "relguard bump 0.9.1 (tag v0.9.1)\n") {
		t.Errorf("explicit prefix: exit %d\n%s", o.code, o.stderr)
	}
}

// TestBumpEnvImageTags: a compose project that keeps its image tags in the
// .env beside the compose file and tags without "v" (as self-hosted
// compose distributions do): between releases the tags say nightly; at
// the previous release they held its version, so bump writes the version
// into the .env, a byte-preserving edit, and check passes.
func TestBumpEnvImageTags(t *testing.T) {
	g := gittest.New(t)
	g.Write("docker-compose.yml", "x-web: &web\n  image: \"$WEB_IMAGE\"\nservices:\n  web:\n    <<: *web\n  worker:\n    <<: *web\n  api:\n    image: ghcr.io/acme/api:${API_TAG:-1.2.0}\n  db:\n    image: postgres:16.4\n")
	env := "COMPOSE_PROJECT_NAME=acme\r\n# images of this release\r\nexport WEB_IMAGE='ghcr.io/acme/web:1.2.0' # web and worker\r\nAPI_TAG=1.2.0\r\n"
	g.Write(".env", env)
	g.Write("CHANGELOG.md", "# Changelog\n\n## 1.2.0\n\n- Old.\n")
	g.Commit("release 1.2.0")
	g.Git("tag", "-a", "-m", "1.2.0", "1.2.0")
	g.Write(".env", strings.NewReplacer("web:1.2.0", "web:nightly", "API_TAG=1.2.0", "API_TAG=nightly").Replace(env))
	g.Commit("back to nightly")

	notes := filepath.Join(t.TempDir(), "notes.md")
	if err := os.WriteFile(notes, []byte("- Fix the login.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := run(t, Bump, "minor", "--repo", g.Dir, "--notes", notes, "--date", "2025-01-27")
	if o.code != 0 {
		t.Fatalf("exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	for _, want := range []string{
		"relguard bump 1.3.0 (tag 1.3.0)",
		".env:3  WEB_IMAGE (image ghcr.io/acme/web) nightly → 1.3.0",
		".env:4  API_TAG (image ghcr.io/acme/api) nightly → 1.3.0",
		"✓ image.tags", "ready to release 1.3.0",
	} {
		if !strings.Contains(strings.Join(strings.Fields(o.stdout), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("output lacks %q:\n%s", want, o.stdout)
		}
	}
	if strings.Count(o.stdout, "WEB_IMAGE") != 1 {
		t.Errorf("one .env line serves two services; it is one change:\n%s", o.stdout)
	}
	wantEnv := strings.Replace(env, "1.2.0", "1.3.0", 2)
	if got, _ := os.ReadFile(filepath.Join(g.Dir, ".env")); string(got) != wantEnv {
		t.Errorf(".env:\n%q\nwant\n%q", got, wantEnv)
	}
	// The api's default pins nightly's predecessor, not what the .env says:
	// it is left as written.
	if got, _ := os.ReadFile(filepath.Join(g.Dir, "docker-compose.yml")); !strings.Contains(string(got), "${API_TAG:-1.2.0}") {
		t.Errorf("docker-compose.yml:\n%s", got)
	}
	if c := checkJSON(t, append([]string{"1.3.0", "--repo", g.Dir}, bumpSkips...)...); c.code != 0 {
		t.Errorf("check after bump: exit %d\n%s", c.code, c.stdout)
	}
}

// TestBumpFollowsDependencyPins: crates of a workspace that pin each
// other by path and version (cargo refuses ^0.39.2 for a local 0.40.0) and
// an npm package pinning its sibling exactly follow the release.
func TestBumpFollowsDependencyPins(t *testing.T) {
	g := gittest.New(t)
	g.Write("Cargo.toml", "[package]\nname = \"acme\"\nversion = \"0.39.2\"\n\n[workspace]\nmembers = [\"acme-utils\"]\n\n[dependencies]\nacme-utils = { path = \"acme-utils/\", version = \"0.39.2\" }\nserde = \"0.39.2\"\n")
	g.Write("acme-utils/Cargo.toml", "[package]\nname = \"acme-utils\"\nversion = \"0.39.2\"\n")
	g.Write("web/package.json", "{\n  \"name\": \"@acme/web\",\n  \"version\": \"0.39.2\",\n  \"dependencies\": {\"@acme/ui\": \"0.39.2\"}\n}\n")
	g.Write("ui/package.json", "{\n  \"name\": \"@acme/ui\",\n  \"version\": \"0.39.2\"\n}\n")
	g.Write("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n- New.\n\n## [0.39.2] - 2024-11-29\n\n- Old.\n")
	g.Commit("release 0.39.2")
	g.Git("tag", "-a", "-m", "v0.39.2", "v0.39.2")

	o := run(t, Bump, "minor", "--repo", g.Dir, "--date", "2025-01-27")
	if o.code != 0 {
		t.Fatalf("exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	for file, want := range map[string]string{
		"Cargo.toml":            "[package]\nname = \"acme\"\nversion = \"0.40.0\"\n\n[workspace]\nmembers = [\"acme-utils\"]\n\n[dependencies]\nacme-utils = { path = \"acme-utils/\", version = \"0.40.0\" }\nserde = \"0.39.2\"\n",
		"acme-utils/Cargo.toml": "[package]\nname = \"acme-utils\"\nversion = \"0.40.0\"\n",
		"web/package.json":      "{\n  \"name\": \"@acme/web\",\n  \"version\": \"0.40.0\",\n  \"dependencies\": {\"@acme/ui\": \"0.40.0\"}\n}\n",
	} {
		if got, _ := os.ReadFile(filepath.Join(g.Dir, file)); string(got) != want {
			t.Errorf("%s:\n%s\nwant\n%s", file, got, want)
		}
	}
	for _, want := range []string{"Cargo.toml:9 dependency acme-utils 0.39.2 → 0.40.0", "web/package.json:4 dependency @acme/ui 0.39.2 → 0.40.0"} {
		if !strings.Contains(strings.Join(strings.Fields(o.stdout), " "), want) {
			t.Errorf("output lacks %q:\n%s", want, o.stdout)
		}
	}
}
