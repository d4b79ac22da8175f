// Package gitrepo answers the release guard's questions about a git
// repository without ever writing to it.
//
// The repository is opened with go-git (dot-git detection, so any
// subdirectory works, and the common-dir option, so a linked worktree sees
// the main repository's tags and branches). When the git binary is
// installed, the facts that are slow or incomplete in go-git on large
// repositories — working-tree status, tracked files, the tag list and the
// branches containing a commit — come from git itself; go-git answers them
// otherwise.
//
// Where go-git cannot open a repository that git can (a repository
// extension go-git does not know, such as extensions.worktreeConfig from
// `git sparse-checkout`), every fact comes from the git CLI instead.
package gitrepo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/relguard/relguard/internal/gitexec"
	"github.com/relguard/relguard/internal/regularfile"
)

// MaxFileSize is the largest file ReadFile returns. Release metadata
// (manifests, changelogs, compose files) is far smaller; anything bigger
// is a generated or binary file that a check should not load into memory.
const MaxFileSize = 10 << 20

// ErrNotRepository is returned by Open when no repository contains the directory.
var ErrNotRepository = errors.New("not inside a git repository")

// ErrNoCommits is returned by Head when the repository has no commit yet.
var ErrNoCommits = errors.New("the repository has no commits yet")

// Repo is an open repository. Its methods are safe for concurrent use.
type Repo struct {
	// repo is nil when only the git CLI could open the repository.
	repo *git.Repository
	// root is the work tree's absolute path with symlinks resolved.
	root string
	// commonDir is the directory holding refs, objects and the shallow
	// file; for a linked worktree it is the main repository's .git.
	commonDir string
	// gitBin is the git executable, or "" to answer everything with go-git.
	gitBin string
	// getenv reads the environment; tests replace it.
	getenv func(string) string

	// mu serialises go-git calls: its object storage shares pack readers
	// and is not safe for concurrent use, and Prefetch asks in parallel.
	mu sync.Mutex

	tagsOnce sync.Once
	tags     map[string]TagInfo
	tagNames []string
	tagsErr  error

	statusOnce sync.Once
	modified   []string
	untracked  []string
	statusErr  error

	trackedOnce sync.Once
	tracked     []string
	trackedErr  error

	prefetching sync.WaitGroup
}

// Prefetch starts computing the working-tree status, the tag list and
// the tracked files in the background. They are independent git calls,
// and on a large repository each takes a noticeable fraction of a second,
// so running them side by side keeps `relguard check` close to the time
// of the slowest one.
func (r *Repo) Prefetch() {
	for _, load := range []func(){r.loadStatus, r.loadTags, r.loadTracked} {
		r.prefetching.Add(1)
		go func() {
			defer r.prefetching.Done()
			load()
		}()
	}
}

// Wait waits for Prefetch's background git commands, so that none
// outlives the command that started it.
func (r *Repo) Wait() { r.prefetching.Wait() }

// TagInfo describes one tag.
type TagInfo struct {
	// Commit is the commit the tag peels to; "" when it names a tree or blob.
	Commit string
	// Annotated reports a tag object rather than a plain ref to a commit.
	Annotated bool
}

// Open opens the repository containing dir (dir itself or any parent).
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot resolve %q: %v", dir, err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("directory %q does not exist", dir)
		}
		return nil, fmt.Errorf("cannot read %q: %v", dir, regularfile.Cause(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%q is not a directory", dir)
	}
	repo, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		if errors.Is(err, git.ErrRepositoryNotExists) {
			if looksBare(abs) {
				return nil, fmt.Errorf("%q is a bare repository; run relguard in a checkout", dir)
			}
			return nil, fmt.Errorf("%q: %w", dir, ErrNotRepository)
		}
		// go-git refuses repositories that use extensions it does not
		// implement; git itself may read them fine.
		if r, cliErr := openWithGitCLI(abs); cliErr == nil {
			return r, nil
		} else if errors.Is(cliErr, errBare) {
			return nil, fmt.Errorf("%q is a bare repository; run relguard in a checkout", dir)
		}
		return nil, fmt.Errorf("cannot open the git repository at %q: %v", dir, err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		if errors.Is(err, git.ErrIsBareRepository) {
			return nil, fmt.Errorf("%q is a bare repository; run relguard in a checkout", dir)
		}
		return nil, fmt.Errorf("cannot open the work tree at %q: %v", dir, err)
	}
	root, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		return nil, fmt.Errorf("cannot resolve the work tree %q: %v", wt.Filesystem.Root(), regularfile.Cause(err))
	}
	common, err := commonDir(root)
	if err != nil {
		return nil, err
	}
	r := &Repo{repo: repo, root: root, commonDir: common, getenv: os.Getenv}
	if bin, err := exec.LookPath("git"); err == nil {
		r.gitBin = bin
	}
	return r, nil
}

// looksBare tells whether dir is a bare repository's directory, which
// dot-git detection does not recognise.
func looksBare(dir string) bool {
	for _, name := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return false
		}
	}
	return true
}

// commonDir finds the directory holding refs and objects: root/.git for a
// plain checkout; for a linked worktree, whose .git file points at
// .git/worktrees/NAME, the directory named by that one's commondir file.
func commonDir(root string) (string, error) {
	dotgit := filepath.Join(root, ".git")
	info, err := os.Stat(dotgit)
	if err != nil {
		return "", fmt.Errorf("cannot read %q: %v", dotgit, regularfile.Cause(err))
	}
	if info.IsDir() {
		return dotgit, nil
	}
	data, err := readSmall(dotgit)
	if err != nil {
		return "", err
	}
	line := strings.TrimSpace(string(data))
	gitDir, ok := strings.CutPrefix(line, "gitdir:")
	if !ok {
		return "", fmt.Errorf("%q is not a valid .git file (it should start with \"gitdir:\")", dotgit)
	}
	gitDir = strings.TrimSpace(gitDir)
	if !filepath.IsAbs(gitDir) {
		gitDir = filepath.Join(root, gitDir)
	}
	data, err = readSmall(filepath.Join(gitDir, "commondir"))
	if errors.Is(err, fs.ErrNotExist) {
		return gitDir, nil
	}
	if err != nil {
		return "", err
	}
	common := strings.TrimSpace(string(data))
	if !filepath.IsAbs(common) {
		common = filepath.Join(gitDir, common)
	}
	return filepath.Clean(common), nil
}

func readSmall(name string) ([]byte, error) {
	return regularfile.Read(name, 64<<10)
}

// Root is the work tree's absolute path.
func (r *Repo) Root() string { return r.root }

// UseGitCLI turns the use of the git binary on or off; off, every answer
// comes from go-git. Tests compare both paths with it; call it before
// the first question, since answers are cached.
func (r *Repo) UseGitCLI(on bool) {
	if !on && r.repo != nil {
		r.gitBin = ""
		return
	}
	if bin, err := exec.LookPath("git"); err == nil {
		r.gitBin = bin
	}
}

// SetGetenv replaces the environment lookup used by Getenv.
func (r *Repo) SetGetenv(getenv func(string) string) { r.getenv = getenv }

// Getenv reads an environment variable (the CI variables the branch check
// consults).
func (r *Repo) Getenv(key string) string { return r.getenv(key) }

// git runs a read-only git command at the work tree root. Variables a
// hook may export (GIT_DIR and friends) are dropped so that git looks at
// the same repository go-git opened, and optional locks are off so that
// `git status` does not rewrite the index.
func (r *Repo) git(args ...string) ([]byte, error) {
	return r.gitWith(nil, args...)
}

// gitWith is git with extra environment variables.
func (r *Repo) gitWith(extraEnv []string, args ...string) ([]byte, error) {
	cmd := r.command(extraEnv, args...)
	out, err := gitexec.Output(cmd)
	if err != nil {
		return nil, fmt.Errorf("git %s: %v", args[0], err)
	}
	return out, nil
}

// command prepares a read-only git command at the work tree root.
func (r *Repo) command(extraEnv []string, args ...string) *exec.Cmd {
	cmd := exec.Command(r.gitBin, append([]string{"--no-optional-locks", "-C", r.root}, args...)...)
	cmd.Env = append(gitEnv(), extraEnv...)
	return cmd
}

// gitEnv is the environment without the variables a hook may export, so
// that git looks at the repository relguard opened.
func gitEnv() []string {
	env := make([]string, 0, len(os.Environ())+2)
	for _, kv := range os.Environ() {
		switch name, _, _ := strings.Cut(kv, "="); name {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE", "GIT_OPTIONAL_LOCKS":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0")
}

// IsShallow reports whether the clone is shallow. The shallow file lives
// in the common directory, so a worktree of a shallow clone is shallow too.
func (r *Repo) IsShallow() (bool, error) {
	info, err := os.Stat(filepath.Join(r.commonDir, "shallow"))
	if err == nil && info.Size() > 0 {
		return true, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("cannot read the shallow file: %v", regularfile.Cause(err))
	}
	if r.repo == nil {
		return r.isShallowCLI()
	}
	r.mu.Lock()
	hashes, err := r.repo.Storer.Shallow()
	r.mu.Unlock()
	if err != nil {
		return false, fmt.Errorf("cannot read the shallow list: %v", err)
	}
	return len(hashes) > 0, nil
}

// Head returns HEAD's commit and its branch ("" when detached). A
// repository without commits gives ErrNoCommits.
func (r *Repo) Head() (hash, branch string, err error) {
	if r.repo == nil {
		return r.headCLI()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	ref, err := r.repo.Head()
	if err != nil {
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			return "", "", ErrNoCommits
		}
		return "", "", fmt.Errorf("cannot resolve HEAD: %v", err)
	}
	head, err := r.repo.Reference(plumbing.HEAD, false)
	if err != nil {
		return "", "", fmt.Errorf("cannot read HEAD: %v", err)
	}
	if head.Type() == plumbing.SymbolicReference && head.Target().IsBranch() {
		branch = head.Target().Short()
	}
	return ref.Hash().String(), branch, nil
}

// BranchesContaining lists the branches whose history contains hash: the
// local ones by name, then the remote-tracking ones as
// "remotes/<remote>/<name>" (a clone checked out at a tag often has only
// the default branch locally, while the release branch, origin/9.1.x, is
// remote). A remote's HEAD symref is left out.
func (r *Repo) BranchesContaining(hash string) ([]string, error) {
	if r.gitBin != "" {
		out, err := r.git("for-each-ref", "--contains", hash, "--format=%(refname)%00%(symref)", "refs/heads/", "refs/remotes/")
		if err == nil {
			var local, remote []string
			for _, line := range strings.Split(string(out), "\n") {
				name, symref, _ := strings.Cut(line, "\x00")
				if symref != "" {
					continue
				}
				if b, ok := strings.CutPrefix(name, "refs/heads/"); ok {
					local = append(local, b)
				} else if b, ok := strings.CutPrefix(name, "refs/"); ok && strings.HasPrefix(b, "remotes/") {
					remote = append(remote, b)
				}
			}
			return append(local, remote...), nil
		}
		if r.repo == nil {
			return nil, err
		}
	}
	return r.branchesContainingGoGit(plumbing.NewHash(hash))
}

func (r *Repo) branchesContainingGoGit(target plumbing.Hash) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	refs, err := r.repo.References()
	if err != nil {
		return nil, fmt.Errorf("cannot list branches: %v", err)
	}
	var local, remote []string
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		name := ref.Name()
		if ref.Type() != plumbing.HashReference || !(name.IsBranch() || name.IsRemote()) {
			return nil
		}
		found, err := r.reaches(ref.Hash(), target)
		if err != nil {
			return err
		}
		switch {
		case !found:
		case name.IsBranch():
			local = append(local, name.Short())
		default:
			remote = append(remote, strings.TrimPrefix(name.String(), "refs/"))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cannot walk the branches: %v", err)
	}
	sort.Strings(local)
	sort.Strings(remote)
	return append(local, remote...), nil
}

// reaches walks the history from tip looking for target.
func (r *Repo) reaches(tip, target plumbing.Hash) (bool, error) {
	if tip == target {
		return true, nil
	}
	commit, err := r.repo.CommitObject(tip)
	if err != nil {
		return false, err
	}
	found := false
	iter := object.NewCommitPreorderIter(commit, nil, nil)
	err = iter.ForEach(func(c *object.Commit) error {
		if c.Hash == target {
			found = true
			return storer.ErrStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, plumbing.ErrObjectNotFound) {
		return false, err
	}
	return found, nil
}

// Tags lists every tag name, sorted.
func (r *Repo) Tags() ([]string, error) {
	r.loadTags()
	return r.tagNames, r.tagsErr
}

// LookupTag reports whether the tag exists, the commit it peels to, and
// whether it is annotated.
func (r *Repo) LookupTag(name string) (exists bool, commit string, annotated bool, err error) {
	r.loadTags()
	if r.tagsErr != nil {
		return false, "", false, r.tagsErr
	}
	info, ok := r.tags[name]
	return ok, info.Commit, info.Annotated, nil
}

// loadTags reads every tag once: one for-each-ref call answers both the
// list and the lookups, which matters with thousands of tags.
func (r *Repo) loadTags() {
	r.tagsOnce.Do(func() {
		if r.gitBin != "" {
			r.tags, r.tagsErr = r.tagsFromGit()
			if r.tagsErr != nil && r.repo != nil {
				r.tags, r.tagsErr = r.tagsFromGoGit()
			}
		} else {
			r.tags, r.tagsErr = r.tagsFromGoGit()
		}
		for name := range r.tags {
			r.tagNames = append(r.tagNames, name)
		}
		sort.Strings(r.tagNames)
	})
}

func (r *Repo) tagsFromGit() (map[string]TagInfo, error) {
	// %(*objectname) peels one level; a tag of a tag is peeled by go-git below.
	out, err := r.git("for-each-ref", "--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)", "refs/tags/")
	if err != nil {
		return nil, err
	}
	tags := make(map[string]TagInfo)
	for _, line := range strings.Split(string(out), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\x00")
		if len(f) != 5 {
			return nil, fmt.Errorf("unexpected git for-each-ref output %q", line)
		}
		name := strings.TrimPrefix(f[0], "refs/tags/")
		switch {
		case f[1] == "commit":
			tags[name] = TagInfo{Commit: f[2]}
		case f[1] == "tag" && f[3] == "commit":
			tags[name] = TagInfo{Commit: f[4], Annotated: true}
		case f[1] == "tag" && f[3] == "tag":
			commit, err := r.peelTagOfTag(f[0], plumbing.NewHash(f[4]))
			if err != nil {
				return nil, fmt.Errorf("cannot peel tag %s: %v", name, err)
			}
			tags[name] = TagInfo{Commit: commit, Annotated: true}
		default:
			tags[name] = TagInfo{Annotated: f[1] == "tag"}
		}
	}
	return tags, nil
}

func (r *Repo) tagsFromGoGit() (map[string]TagInfo, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	iter, err := r.repo.Tags()
	if err != nil {
		return nil, fmt.Errorf("cannot list tags: %v", err)
	}
	tags := make(map[string]TagInfo)
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		name := ref.Name().Short()
		obj, err := r.repo.Storer.EncodedObject(plumbing.AnyObject, ref.Hash())
		if err != nil {
			return fmt.Errorf("tag %s points at a missing object %s", name, ref.Hash())
		}
		switch obj.Type() {
		case plumbing.CommitObject:
			tags[name] = TagInfo{Commit: ref.Hash().String()}
		case plumbing.TagObject:
			commit, err := r.peel(ref.Hash())
			if err != nil {
				return fmt.Errorf("cannot peel tag %s: %v", name, err)
			}
			tags[name] = TagInfo{Commit: commit, Annotated: true}
		default:
			tags[name] = TagInfo{}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return tags, nil
}

// peel follows tag objects to the commit they name; "" when the chain
// ends at a tree or blob. The caller holds r.mu.
func (r *Repo) peel(h plumbing.Hash) (string, error) {
	for range 32 {
		obj, err := r.repo.Storer.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			return "", err
		}
		switch obj.Type() {
		case plumbing.CommitObject:
			return h.String(), nil
		case plumbing.TagObject:
			tag, err := object.DecodeTag(r.repo.Storer, obj)
			if err != nil {
				return "", err
			}
			h = tag.Target
		default:
			return "", nil
		}
	}
	return "", errors.New("tag chain is longer than 32 levels")
}

// Status lists the tracked paths that are modified or staged, and the
// untracked paths (not ignored), repository-relative with slashes.
func (r *Repo) Status() (modified, untracked []string, err error) {
	r.loadStatus()
	return r.modified, r.untracked, r.statusErr
}

func (r *Repo) loadStatus() {
	r.statusOnce.Do(func() { r.modified, r.untracked, r.statusErr = r.status() })
}

func (r *Repo) status() (modified, untracked []string, err error) {
	if r.gitBin != "" {
		out, err := r.git("status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules=none")
		if err == nil {
			modified, untracked = parsePorcelainZ(out)
			return modified, untracked, nil
		}
		if r.repo == nil {
			return nil, nil, fmt.Errorf("cannot compute the working-tree status: %v", err)
		}
	}
	return r.statusGoGit()
}

// parsePorcelainZ reads `git status --porcelain=v1 -z`: "XY path\0", with
// a second "\0"-terminated path (the source) after renames and copies.
func parsePorcelainZ(out []byte) (modified, untracked []string) {
	fields := strings.Split(string(out), "\x00")
	for i := 0; i < len(fields); i++ {
		entry := fields[i]
		if len(entry) < 4 {
			continue
		}
		xy, p := entry[:2], entry[3:]
		switch {
		case xy == "??":
			untracked = append(untracked, p)
		case xy == "!!":
		default:
			modified = append(modified, p)
			if xy[0] == 'R' || xy[0] == 'C' || xy[1] == 'R' || xy[1] == 'C' {
				i++ // the rename's source path
			}
		}
	}
	sort.Strings(modified)
	sort.Strings(untracked)
	return modified, untracked
}

func (r *Repo) statusGoGit() (modified, untracked []string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	wt, err := r.repo.Worktree()
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open the work tree: %v", err)
	}
	st, err := wt.Status()
	if err != nil {
		return nil, nil, fmt.Errorf("cannot compute the working-tree status: %v", err)
	}
	for p, fileStatus := range st {
		switch {
		case fileStatus.Worktree == git.Untracked && fileStatus.Staging == git.Untracked:
			untracked = append(untracked, p)
		case fileStatus.Worktree != git.Unmodified || fileStatus.Staging != git.Unmodified:
			modified = append(modified, p)
		}
	}
	sort.Strings(modified)
	sort.Strings(untracked)
	return modified, untracked, nil
}

// TrackedFiles lists the files in the index, repository-relative with slashes.
func (r *Repo) TrackedFiles() ([]string, error) {
	r.loadTracked()
	return r.tracked, r.trackedErr
}

func (r *Repo) loadTracked() {
	r.trackedOnce.Do(func() { r.tracked, r.trackedErr = r.trackedFiles() })
}

func (r *Repo) trackedFiles() ([]string, error) {
	if r.gitBin != "" {
		out, err := r.git("ls-files", "-z", "--cached")
		if err == nil {
			var files []string
			for _, f := range strings.Split(string(out), "\x00") {
				if f != "" {
					files = append(files, f)
				}
			}
			return dedupeSorted(files), nil
		}
		if r.repo == nil {
			return nil, fmt.Errorf("cannot list the tracked files: %v", err)
		}
	}
	r.mu.Lock()
	idx, err := r.repo.Storer.Index()
	r.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("cannot read the index: %v", err)
	}
	files := make([]string, 0, len(idx.Entries))
	for _, e := range idx.Entries {
		files = append(files, e.Name)
	}
	return dedupeSorted(files), nil
}

// dedupeSorted drops the repeats an index lists for conflicted paths.
func dedupeSorted(files []string) []string {
	sort.Strings(files)
	out := files[:0]
	for i, f := range files {
		if i == 0 || f != files[i-1] {
			out = append(out, f)
		}
	}
	return out
}

// ReadFile reads a repository-relative file from the work tree. It refuses
// absolute paths, paths and symlinks that resolve outside the work tree,
// anything that is not a regular file, and files over MaxFileSize. A
// missing file gives an error for which errors.Is(err, fs.ErrNotExist)
// holds. Every error names the file.
func (r *Repo) ReadFile(rel string) ([]byte, error) {
	return ReadFileIn(r.root, rel)
}

// ReadFileIn is ReadFile for any root directory.
func ReadFileIn(root, rel string) ([]byte, error) {
	if rel == "" {
		return nil, errors.New("empty file name")
	}
	slashed := filepath.ToSlash(rel)
	if path.IsAbs(slashed) || filepath.IsAbs(rel) {
		return nil, fmt.Errorf("%s: refusing an absolute path; name files relative to the repository root", rel)
	}
	clean := path.Clean(slashed)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return nil, fmt.Errorf("%s: refusing a path outside the repository; name files inside the repository", rel)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot resolve the repository root: %v", rel, regularfile.Cause(err))
	}
	full := filepath.Join(realRoot, filepath.FromSlash(clean))
	resolved, err := filepath.EvalSymlinks(full)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &FileError{Path: rel, Msg: "does not exist", Err: fs.ErrNotExist}
		}
		return nil, &FileError{Path: rel, Msg: "cannot be read: " + regularfile.Cause(err).Error(), Err: err}
	}
	inside, err := filepath.Rel(realRoot, resolved)
	if err != nil || inside == ".." || strings.HasPrefix(inside, ".."+string(filepath.Separator)) {
		return nil, &FileError{Path: rel, Msg: fmt.Sprintf("is a symlink to %s, outside the repository; relguard reads only files inside the repository", resolved)}
	}
	data, err := regularfile.Read(resolved, MaxFileSize)
	if err != nil {
		var re *regularfile.Error
		if errors.As(err, &re) {
			return nil, &FileError{Path: rel, Msg: re.Reason, Err: re.Err}
		}
		return nil, &FileError{Path: rel, Msg: "cannot be read: " + err.Error(), Err: err}
	}
	return data, nil
}

// FileError is a file ReadFile refused or could not read.
type FileError struct {
	Path string
	Msg  string
	Err  error
}

func (e *FileError) Error() string { return e.Path + " " + e.Msg }

// Unwrap lets errors.Is(err, fs.ErrNotExist) find missing files.
func (e *FileError) Unwrap() error { return e.Err }
