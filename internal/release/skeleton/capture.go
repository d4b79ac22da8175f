package skeleton

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/release/changelog"
	"github.com/relguard/relguard/internal/release/checks"
	"github.com/relguard/relguard/internal/release/discover"
	"github.com/relguard/relguard/internal/release/guard"
)

// CaptureOptions names the release to capture.
type CaptureOptions struct {
	GitDir  string // a clone or bare mirror of the project
	Project string // "pallets/flask"
	Layout  string // what the project stands for in the tests
	Tag     string // the release's tag
	Version string // the version given to relguard check
	Branch  string // the branch the release was made on
	Out     string // the skeleton's directory
}

// repoReader reads a real repository with git.
type repoReader struct{ gitDir string }

func (r repoReader) git(stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"--git-dir=" + r.gitDir}, args...)...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

func (r repoReader) revParse(rev string) (string, error) {
	out, err := r.git(nil, "rev-parse", "--verify", "-q", rev)
	return strings.TrimSpace(string(out)), err
}

func (r repoReader) paths(commit string) ([]string, error) {
	out, err := r.git(nil, "ls-tree", "-r", "-z", "--name-only", commit)
	if err != nil {
		return nil, err
	}
	var ps []string
	for _, p := range strings.Split(string(out), "\x00") {
		if p != "" {
			ps = append(ps, p)
		}
	}
	sort.Strings(ps)
	return ps, nil
}

// files reads paths at a commit with one cat-file --batch; absent paths
// are absent from the map.
func (r repoReader) files(commit string, paths []string) (map[string][]byte, error) {
	var in bytes.Buffer
	for _, p := range paths {
		in.WriteString(commit + ":" + p + "\n")
	}
	out, err := r.git(&in, "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	br := bufio.NewReader(bytes.NewReader(out))
	files := map[string][]byte{}
	for _, p := range paths {
		header, err := br.ReadString('\n')
		if err != nil {
			return nil, err
		}
		f := strings.Fields(header)
		if len(f) != 3 || f[len(f)-1] == "missing" {
			continue
		}
		size, _ := strconv.Atoi(f[2])
		data := make([]byte, size)
		if _, err := io.ReadFull(br, data); err != nil {
			return nil, err
		}
		if _, err := br.Discard(1); err != nil { // the newline after the content
			return nil, err
		}
		if f[1] == "blob" {
			files[p] = data
		}
	}
	return files, nil
}

// tagsBefore lists the tags created before the release's tag, newest
// first, other than the release's own.
func (r repoReader) tagsBefore(tag string) ([]TagRef, map[string]string, error) {
	out, err := r.git(nil, "for-each-ref", "--sort=-creatordate", "--format=%(creatordate:unix)%00%(refname:short)%00%(objecttype)%00%(objectname)%00%(*objectname)", "refs/tags/")
	if err != nil {
		return nil, nil, err
	}
	type line struct {
		when int64
		ref  TagRef
		full string
	}
	var all []line
	var release int64 = -1
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(l, "\x00")
		if len(f) != 5 {
			continue
		}
		when, _ := strconv.ParseInt(f[0], 10, 64)
		commit := f[3]
		if f[2] == "tag" {
			commit = f[4]
		}
		if f[1] == tag {
			release = when
			continue
		}
		all = append(all, line{when, TagRef{Name: f[1], Commit: commit, Annotated: f[2] == "tag"}, commit})
	}
	if release < 0 {
		return nil, nil, fmt.Errorf("no tag %s", tag)
	}
	var tags []TagRef
	commits := map[string]string{}
	for _, l := range all {
		if l.when < release {
			tags = append(tags, l.ref)
			commits[l.ref.Name] = l.full
		}
	}
	return tags, commits, nil
}

// reads records what the release guard read of one commit.
type reads struct {
	commit string
	paths  []string
	files  map[string][]byte
	// at maps an anchor commit to the files read there.
	at map[string]map[string][]byte
}

// facts answers the release guard's git questions from a real
// repository as it was at one commit, with the tags of the release time.
type facts struct {
	r       repoReader
	head    string
	branch  string
	tags    []TagRef
	commits map[string]string
	rd      *reads
}

func (f *facts) IsShallow() (bool, error)                    { return false, nil }
func (f *facts) Status() ([]string, []string, error)         { return nil, nil, nil }
func (f *facts) Head() (string, string, error)               { return f.head, f.branch, nil }
func (f *facts) BranchesContaining(string) ([]string, error) { return []string{f.branch}, nil }
func (f *facts) Getenv(string) string                        { return "" }
func (f *facts) Tags() ([]string, error) {
	var names []string
	for _, t := range f.tags {
		names = append(names, t.Name)
	}
	sort.Strings(names)
	return names, nil
}
func (f *facts) LookupTag(name string) (bool, string, bool, error) {
	for _, t := range f.tags {
		if t.Name == name {
			return true, f.commits[name], t.Annotated, nil
		}
	}
	return false, "", false, nil
}
func (f *facts) ReadFilesAt(commit string, paths []string) (map[string][]byte, error) {
	files, err := f.r.files(commit, paths)
	if err != nil {
		return nil, err
	}
	if f.rd.at[commit] == nil {
		f.rd.at[commit] = map[string][]byte{}
	}
	for p, c := range files {
		f.rd.at[commit][p] = c
	}
	return files, nil
}

// checkAt runs every check on the repository as it was at commit, and
// records what was read.
func checkAt(r repoReader, commit string, o CaptureOptions, tags []TagRef, commits map[string]string) (guard.Report, *discover.Release, *reads, error) {
	rd := &reads{commit: commit, files: map[string][]byte{}, at: map[string]map[string][]byte{}}
	paths, err := r.paths(commit)
	if err != nil {
		return guard.Report{}, nil, nil, err
	}
	rd.paths = paths
	tracked := map[string]bool{}
	for _, p := range paths {
		tracked[p] = true
	}
	v, err := semver.StrictNewVersion(strings.TrimPrefix(o.Version, "v"))
	if err != nil {
		return guard.Report{}, nil, nil, err
	}
	cfg := config.Default()
	f := &facts{r: r, head: commit, branch: o.Branch, tags: tags, commits: commits, rd: rd}
	names, _ := f.Tags()
	cfg.TagPrefix = discover.InferTagPrefix(names, v)
	ctx := &guard.Context{
		Version: v, Tag: cfg.TagPrefix + v.Original(), Config: cfg, Root: "/skeleton",
		TrackedFiles:      func() ([]string, error) { return paths, nil },
		Git:               f,
		TagPrefixInferred: true,
		ReadFile: func(rel string) ([]byte, error) {
			if !tracked[rel] {
				return nil, fmt.Errorf("%s does not exist: %w", rel, fs.ErrNotExist)
			}
			files, err := r.files(commit, []string{rel})
			if err != nil {
				return nil, err
			}
			data, ok := files[rel]
			if !ok {
				return nil, fmt.Errorf("%s is not a regular file", rel)
			}
			rd.files[rel] = data
			return data, nil
		},
	}
	rep := guard.Run(ctx, checks.All(), nil)
	return rep, discover.Discover(ctx), rd, nil
}

// Capture reads a real release and writes its skeleton to o.Out. It
// refuses a release that zero-configuration `relguard check` does not
// approve (nginx.headers aside), or whose commit before the bump it does
// not fail naming a bumped file: such a skeleton would prove nothing.
func Capture(o CaptureOptions) error {
	r := repoReader{gitDir: o.GitDir}
	relCommit, err := r.revParse(o.Tag + "^{commit}")
	if err != nil {
		return err
	}
	tags, commits, err := r.tagsBefore(o.Tag)
	if err != nil {
		return err
	}
	rep, rel, relReads, err := checkAt(r, relCommit, o, tags, commits)
	if err != nil {
		return err
	}
	if bad := failures(rep); len(bad) > 0 {
		return fmt.Errorf("relguard check %s fails on the release commit:\n%s", o.Version, strings.Join(bad, "\n"))
	}
	lockstep := bumpedFiles(rel)
	if len(lockstep) == 0 {
		return fmt.Errorf("no bumped file found for %s", o.Version)
	}
	// The bump is the last commit that wrote the version as a whole token
	// (3.0.1, not 3.0.1.dev) into a bumped file.
	token := `(^|[^0-9A-Za-z.])` + regexp.QuoteMeta(o.Version) + `($|[^0-9A-Za-z.+-])`
	bump, err := r.git(nil, append([]string{"log", "--first-parent", "-1", "--format=%H", "-E", "-G" + token, relCommit, "--"}, lockstep...)...)
	if err != nil || len(bytes.TrimSpace(bump)) == 0 {
		return fmt.Errorf("cannot find the commit that bumped %s: %v", strings.Join(lockstep, ", "), err)
	}
	preCommit, err := r.revParse(strings.TrimSpace(string(bump)) + "^1")
	if err != nil {
		return err
	}
	preRep, _, preReads, err := checkAt(r, preCommit, o, tags, commits)
	if err != nil {
		return err
	}
	if !namesBump(preRep, lockstep) {
		return fmt.Errorf("the commit before the bump (%s) does not fail naming %s:\n%s", preCommit[:12], strings.Join(lockstep, ", "), strings.Join(failures(preRep), "\n"))
	}

	// Write the skeleton.
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return err
	}
	blobsDir := filepath.Join(filepath.Dir(o.Out), "blobs")
	if err := os.MkdirAll(blobsDir, 0o755); err != nil {
		return err
	}
	versions := []string{strings.TrimPrefix(o.Version, "v")}
	for _, at := range []map[string]map[string][]byte{relReads.at, preReads.at} {
		for c := range at {
			for name, tc := range commits {
				if tc == c {
					if _, v, ok := discover.SplitTag(name); ok {
						versions = append(versions, v.Original())
					}
				}
			}
		}
	}
	m := Manifest{Project: o.Project, Version: o.Version, Tag: o.Tag, Branch: o.Branch, Layout: o.Layout, Lockstep: lockstep, TagFiles: map[string]map[string]string{}}
	truncated := map[string]bool{}
	store := func(files map[string][]byte) (map[string]string, error) {
		ids := map[string]string{}
		for p, data := range files {
			if cut, ok := truncateChangelog(p, data, versions); ok {
				data = cut
				truncated[p] = true
			}
			id := blobID(data)
			if err := os.WriteFile(filepath.Join(blobsDir, id), data, 0o644); err != nil {
				return nil, err
			}
			ids[p] = id
		}
		return ids, nil
	}
	subject := func(c string) string {
		out, _ := r.git(nil, "log", "-1", "--format=%s", c)
		return strings.TrimSpace(string(out))
	}
	if m.Release.Files, err = store(relReads.files); err != nil {
		return err
	}
	m.Release.Commit, m.Release.Subject = relCommit, subject(relCommit)
	if m.PreBump.Files, err = store(preReads.files); err != nil {
		return err
	}
	m.PreBump.Commit, m.PreBump.Subject = preCommit, subject(preCommit)
	inRelease := map[string]bool{}
	for _, p := range relReads.paths {
		inRelease[p] = true
	}
	inPre := map[string]bool{}
	for _, p := range preReads.paths {
		inPre[p] = true
		if !inRelease[p] {
			m.PreBump.Added = append(m.PreBump.Added, p)
		}
	}
	for _, p := range relReads.paths {
		if !inPre[p] {
			m.PreBump.Removed = append(m.PreBump.Removed, p)
		}
	}
	// The files read at each anchor, for every tag on that commit.
	atCommit := map[string]map[string][]byte{}
	for _, at := range []map[string]map[string][]byte{relReads.at, preReads.at} {
		for c, files := range at {
			if atCommit[c] == nil {
				atCommit[c] = map[string][]byte{}
			}
			for p, d := range files {
				atCommit[c][p] = d
			}
		}
	}
	for name, c := range commits {
		if files, ok := atCommit[c]; ok {
			if m.TagFiles[name], err = store(files); err != nil {
				return err
			}
		}
	}
	for p := range truncated {
		m.Truncated = append(m.Truncated, p)
	}
	sort.Strings(m.Truncated)
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(o.Out, "skeleton.json"), append(data, '\n'), 0o644); err != nil {
		return err
	}
	if err := writeGzipLines(filepath.Join(o.Out, "paths.txt.gz"), relReads.paths); err != nil {
		return err
	}
	var tagLines []string
	for _, t := range tags {
		kind := "lightweight"
		if t.Annotated {
			kind = "annotated"
		}
		tagLines = append(tagLines, fmt.Sprintf("%s %s %s", t.Name, t.Commit[:12], kind))
	}
	return writeGzipLines(filepath.Join(o.Out, "tags.txt.gz"), tagLines)
}

// failures lists a report's failed results, nginx.headers aside: that
// check is judged by its own rules, outside discovery.
func failures(rep guard.Report) []string {
	var out []string
	for _, c := range rep.Checks {
		if c.Status == guard.Fail && c.ID != "nginx.headers" {
			out = append(out, fmt.Sprintf("  %s: %s", c.ID, c.Message))
		}
	}
	return out
}

// BumpChecks are the checks whose failure names a missing bump.
var BumpChecks = map[string]bool{"version.files": true, "image.tags": true, "changelog.entry": true}

// namesBump tells whether a report fails naming one of the files.
func namesBump(rep guard.Report, files []string) bool {
	for _, c := range rep.Checks {
		if c.Status != guard.Fail || !BumpChecks[c.ID] {
			continue
		}
		for _, f := range files {
			if c.File == f {
				return true
			}
		}
	}
	return false
}

// bumpedFiles are the files a release bumps: the version files in
// lockstep, else the compose files (and .env) of images in lockstep, else
// the changelog.
func bumpedFiles(rel *discover.Release) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, vf := range rel.VersionFiles {
		if vf.Lockstep {
			add(vf.Path)
		}
	}
	if len(out) == 0 {
		for _, im := range rel.Images {
			if im.Lockstep {
				add(im.File)
				for _, e := range im.EnvVars {
					add(e.File)
				}
			}
		}
	}
	if len(out) == 0 && rel.Changelog.Lockstep {
		add(rel.Changelog.Path)
	}
	sort.Strings(out)
	return out
}

// truncateChangelog cuts a changelog after the last section of the given
// versions, the only ones the release guard looks for, or after its first
// lines when it has none of them (cutting cannot add a section); ok is
// false for other files.
func truncateChangelog(p string, data []byte, versions []string) ([]byte, bool) {
	base := strings.ToLower(path.Base(p))
	ext := path.Ext(base)
	switch strings.TrimSuffix(base, ext) {
	case "changelog", "changes", "history", "news", "releases":
	default:
		return nil, false
	}
	switch ext {
	case "", ".md", ".rst", ".txt":
	default:
		return nil, false
	}
	c, err := changelog.ParseFile(p, data)
	if err != nil {
		return nil, false
	}
	end := 0
	for _, s := range c.Sections {
		for _, v := range versions {
			if s.Version == strings.TrimPrefix(v, "v") && s.EndLine > end {
				end = s.EndLine
			}
		}
	}
	if end == 0 {
		end = 20
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	if end >= len(lines)-1 {
		return nil, false
	}
	return []byte(strings.Join(lines[:end], "\n") + "\n"), true
}
