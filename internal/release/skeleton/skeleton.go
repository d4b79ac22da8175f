// Package skeleton describes a real project's repository as it was at one
// release, compactly enough to keep in testdata, and builds it back as a
// git repository for tests: every tracked path (empty, except the files
// the release guard reads, which keep their real content), the tags as
// they were at release time, the release commit and the commit before the
// version bump.
//
// A skeleton is a directory holding skeleton.json (the Manifest), the
// gzipped path and tag lists, and the real file contents under the
// project's shared blobs/ directory. Capture writes one from a real
// repository; Materialize builds it back.
package skeleton

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Manifest is skeleton.json.
type Manifest struct {
	// Project is the repository on GitHub ("pallets/flask").
	Project string `json:"project"`
	// Version is the release checked, as `relguard check` is given it.
	Version string `json:"version"`
	// Tag is the release's own tag, absent from the skeleton (it did not
	// exist before the release).
	Tag string `json:"tag"`
	// Branch is the branch the release was made on.
	Branch string `json:"branch"`
	// Layout says which layout the project stands for.
	Layout string `json:"layout"`

	Release Tree `json:"release"`
	PreBump Tree `json:"pre_bump"`

	// Tags lists the tags that existed at release time, in tags.txt.gz:
	// "name commit annotated|lightweight", and for tags whose files the
	// release guard read, the files in TagFiles.
	TagFiles map[string]map[string]string `json:"tag_files"`

	// Lockstep lists the files the release bumped; the commit before the
	// bump must fail naming one of them.
	Lockstep []string `json:"lockstep"`
	// Truncated names the changelogs cut after the last section the
	// release guard reads, to keep the skeleton small.
	Truncated []string `json:"truncated,omitempty"`
}

// Tree is one commit of the skeleton.
type Tree struct {
	// Commit is the real commit's hash, for reference.
	Commit string `json:"commit"`
	// Subject is the real commit's subject line.
	Subject string `json:"subject"`
	// Files maps the paths the release guard read to their blob under
	// blobs/ (the sha256 prefix of the content).
	Files map[string]string `json:"files"`
	// Added and Removed give the pre-bump commit's paths as a difference
	// from the release's; empty for the release itself, whose paths are
	// in paths.txt.gz.
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// TagRef is one line of tags.txt.gz.
type TagRef struct {
	Name      string
	Commit    string // the real commit, shortened
	Annotated bool
}

// Skeleton is a loaded skeleton.
type Skeleton struct {
	Dir      string
	Manifest Manifest
	Paths    []string // tracked at the release commit
	Tags     []TagRef
	blobsDir string
}

// Load reads the skeleton in dir; its blobs are in dir/../blobs.
func Load(dir string) (*Skeleton, error) {
	data, err := os.ReadFile(filepath.Join(dir, "skeleton.json"))
	if err != nil {
		return nil, err
	}
	s := &Skeleton{Dir: dir, blobsDir: filepath.Join(filepath.Dir(dir), "blobs")}
	if err := json.Unmarshal(data, &s.Manifest); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, "skeleton.json"), err)
	}
	paths, err := readGzipLines(filepath.Join(dir, "paths.txt.gz"))
	if err != nil {
		return nil, err
	}
	s.Paths = paths
	lines, err := readGzipLines(filepath.Join(dir, "tags.txt.gz"))
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) != 3 {
			return nil, fmt.Errorf("%s: bad tag line %q", dir, l)
		}
		s.Tags = append(s.Tags, TagRef{Name: f[0], Commit: f[1], Annotated: f[2] == "annotated"})
	}
	return s, nil
}

// Blob reads a blob of the skeleton.
func (s *Skeleton) Blob(id string) ([]byte, error) {
	return os.ReadFile(filepath.Join(s.blobsDir, id))
}

func readGzipLines(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	var out []string
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}

func writeGzipLines(name string, lines []string) error {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	for _, l := range lines {
		if _, err := zw.Write([]byte(l + "\n")); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(name, buf.Bytes(), 0o644)
}

// blobID names content by its hash.
func blobID(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}

// PreBumpPaths returns the paths tracked at the commit before the bump.
func (s *Skeleton) PreBumpPaths() []string {
	removed := map[string]bool{}
	for _, p := range s.Manifest.PreBump.Removed {
		removed[p] = true
	}
	var out []string
	for _, p := range s.Paths {
		if !removed[p] {
			out = append(out, p)
		}
	}
	out = append(out, s.Manifest.PreBump.Added...)
	sort.Strings(out)
	return out
}

// Materialize builds the skeleton as a git repository in dir (which must
// be empty or absent) with git fast-import, and checks out the release
// commit on the release's branch. The commit before the bump is
// refs/skeleton/pre-bump. Every tag of the release time exists; the tags
// whose files the release guard read point at commits holding those
// files, the others at a root commit.
func (s *Skeleton) Materialize(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if out, err := gitIn(dir, nil, "init", "-q", "-b", s.Manifest.Branch); err != nil {
		return fmt.Errorf("git init: %v: %s", err, out)
	}
	var stream bytes.Buffer
	w := bufio.NewWriter(&stream)
	mark := 0
	next := func() int { mark++; return mark }
	blobs := map[string]int{} // blob id ("" for empty) -> mark
	blob := func(id string) (int, error) {
		if m, ok := blobs[id]; ok {
			return m, nil
		}
		var data []byte
		if id != "" {
			var err error
			if data, err = s.Blob(id); err != nil {
				return 0, err
			}
		}
		m := next()
		fmt.Fprintf(w, "blob\nmark :%d\ndata %d\n", m, len(data))
		_, _ = w.Write(data) // a bufio.Writer over a bytes.Buffer: any error surfaces at Flush
		_, _ = w.WriteString("\n")
		blobs[id] = m
		return m, nil
	}
	when := 1700000000
	commit := func(ref, msg string, parent int, paths []string, files map[string]string) (int, error) {
		marks := map[string]int{}
		for _, p := range paths {
			m, err := blob(files[p])
			if err != nil {
				return 0, err
			}
			marks[p] = m
		}
		for p, id := range files {
			if _, ok := marks[p]; !ok {
				m, err := blob(id)
				if err != nil {
					return 0, err
				}
				marks[p] = m
			}
		}
		m := next()
		when++
		fmt.Fprintf(w, "commit %s\nmark :%d\n", ref, m)
		fmt.Fprintf(w, "committer Skeleton <skeleton@example.com> %d +0000\n", when)
		fmt.Fprintf(w, "data %d\n%s\n", len(msg), msg)
		if parent > 0 {
			fmt.Fprintf(w, "from :%d\n", parent)
		}
		w.WriteString("deleteall\n")
		names := make([]string, 0, len(marks))
		for p := range marks {
			names = append(names, p)
		}
		sort.Strings(names)
		for _, p := range names {
			fmt.Fprintf(w, "M 100644 :%d %s\n", marks[p], quotePath(p))
		}
		w.WriteString("\n")
		return m, nil
	}
	const work = "refs/skeleton/build"
	root, err := commit(work, "history before the release", 0, nil, nil)
	if err != nil {
		return err
	}
	// The tags whose files were read, oldest first, as the first-parent
	// history of the release.
	tagCommit := map[string]int{}
	parent := root
	for i := len(s.Tags) - 1; i >= 0; i-- { // tags.txt is newest first
		t := s.Tags[i]
		files, ok := s.Manifest.TagFiles[t.Name]
		if !ok {
			continue
		}
		m, err := commit(work, "release "+t.Name, parent, nil, files)
		if err != nil {
			return err
		}
		tagCommit[t.Name], parent = m, m
	}
	pre, err := commit("refs/skeleton/pre-bump", s.Manifest.PreBump.Subject, parent, s.PreBumpPaths(), s.Manifest.PreBump.Files)
	if err != nil {
		return err
	}
	if _, err := commit("refs/heads/"+s.Manifest.Branch, s.Manifest.Release.Subject, pre, s.Paths, s.Manifest.Release.Files); err != nil {
		return err
	}
	for _, t := range s.Tags {
		target, ok := tagCommit[t.Name]
		if !ok {
			target = root
		}
		if t.Annotated {
			when++
			msg := "release " + t.Name
			fmt.Fprintf(w, "tag %s\nfrom :%d\ntagger Skeleton <skeleton@example.com> %d +0000\ndata %d\n%s\n", t.Name, target, when, len(msg), msg)
		} else {
			fmt.Fprintf(w, "reset refs/tags/%s\nfrom :%d\n\n", t.Name, target)
		}
	}
	w.WriteString("done\n")
	if err := w.Flush(); err != nil {
		return err
	}
	if out, err := gitIn(dir, &stream, "fast-import", "--quiet", "--done"); err != nil {
		return fmt.Errorf("git fast-import: %v: %s", err, out)
	}
	if out, err := gitIn(dir, nil, "update-ref", "-d", work); err != nil {
		return fmt.Errorf("git update-ref: %v: %s", err, out)
	}
	// Only the files relguard reads are written to the work tree: the
	// others are empty anyway, and writing thousands of them is most of
	// the cost. They stay tracked (skip-worktree), as `git ls-files`
	// and `git status` see them. core.sparseCheckout is set directly, not
	// with `git sparse-checkout`, whose extensions.worktreeConfig would
	// send relguard to its git-CLI-only fallback.
	var sparse strings.Builder
	seen := map[string]bool{}
	for _, files := range []map[string]string{s.Manifest.Release.Files, s.Manifest.PreBump.Files} {
		for p := range files {
			if !seen[p] {
				seen[p] = true
				sparse.WriteString("/" + sparsePattern(p) + "\n")
			}
		}
	}
	if sparse.Len() == 0 {
		sparse.WriteString("/.relguard-skeleton-nothing-read\n")
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "info", "sparse-checkout"), []byte(sparse.String()), 0o644); err != nil {
		return err
	}
	if out, err := gitIn(dir, nil, "config", "core.sparseCheckout", "true"); err != nil {
		return fmt.Errorf("git config: %v: %s", err, out)
	}
	if out, err := gitIn(dir, nil, "checkout", "-q", "-f", s.Manifest.Branch); err != nil {
		return fmt.Errorf("git checkout: %v: %s", err, out)
	}
	return nil
}

// quotePath spells a path for fast-import: as is, or C-quoted when it
// holds a quote, a backslash, a control character or starts with a quote.
func quotePath(p string) string {
	if !strings.ContainsAny(p, "\"\\\n\r\t") {
		return p
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// sparsePattern escapes a path for a sparse-checkout (gitignore) line.
func sparsePattern(p string) string {
	var b strings.Builder
	for i, c := range p {
		switch {
		case strings.ContainsRune("*?[\\", c), i == 0 && (c == '!' || c == '#'):
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	if strings.HasSuffix(p, " ") {
		return strings.TrimRight(b.String(), " ") + strings.Repeat("\\ ", len(p)-len(strings.TrimRight(p, " ")))
	}
	return b.String()
}

// gitIn runs git in dir with the repository's own configuration only.
func gitIn(dir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0")
	return cmd.CombinedOutput()
}
