package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/relguard/relguard/internal/gitexec"
	"github.com/relguard/relguard/internal/regularfile"
)

// errBare is openWithGitCLI's answer for a bare repository.
var errBare = errors.New("bare repository")

// openWithGitCLI opens the repository containing dir with the git CLI
// alone, for repositories go-git refuses.
func openWithGitCLI(dir string) (*Repo, error) {
	bin, err := exec.LookPath("git")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-C", dir, "rev-parse", "--path-format=absolute", "--is-bare-repository", "--show-toplevel", "--git-common-dir")
	cmd.Env = gitEnv()
	out, err := gitexec.Output(cmd)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) > 0 && lines[0] == "true" {
		return nil, errBare
	}
	if len(lines) != 3 {
		return nil, fmt.Errorf("unexpected git rev-parse output %q", out)
	}
	root, err := filepath.EvalSymlinks(lines[1])
	if err != nil {
		return nil, fmt.Errorf("cannot resolve the work tree %q: %v", lines[1], regularfile.Cause(err))
	}
	return &Repo{root: root, commonDir: filepath.Clean(lines[2]), gitBin: bin, getenv: os.Getenv}, nil
}

// UsesGitCLIOnly reports a repository that go-git could not open, whose
// facts all come from the git CLI.
func (r *Repo) UsesGitCLIOnly() bool { return r.repo == nil }

func (r *Repo) isShallowCLI() (bool, error) {
	out, err := r.git("rev-parse", "--is-shallow-repository")
	if err != nil {
		return false, fmt.Errorf("cannot tell whether the clone is shallow: %v", err)
	}
	return strings.TrimSpace(string(out)) == "true", nil
}

func (r *Repo) headCLI() (hash, branch string, err error) {
	out, err := r.git("rev-parse", "-q", "--verify", "HEAD^{commit}")
	if err != nil {
		// rev-parse --verify fails silently for an unborn HEAD.
		if _, symErr := r.git("symbolic-ref", "-q", "HEAD"); symErr == nil {
			return "", "", ErrNoCommits
		}
		return "", "", fmt.Errorf("cannot resolve HEAD: %v", err)
	}
	hash = strings.TrimSpace(string(out))
	if ref, err := r.git("symbolic-ref", "-q", "HEAD"); err == nil {
		branch = strings.TrimPrefix(strings.TrimSpace(string(ref)), "refs/heads/")
	}
	return hash, branch, nil
}

// peelTagOfTag follows a tag that names another tag to its commit.
func (r *Repo) peelTagOfTag(ref string, inner plumbing.Hash) (string, error) {
	if r.repo == nil {
		out, err := r.git("rev-parse", "-q", "--verify", ref+"^{commit}")
		if err != nil {
			return "", nil // the chain ends at a tree or blob
		}
		return strings.TrimSpace(string(out)), nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.peel(inner)
}

func (r *Repo) createTagCLI(name, commit, message string, tagger Identity, when time.Time) (string, error) {
	if _, err := r.git("rev-parse", "-q", "--verify", "refs/tags/"+name); err == nil {
		return "", fmt.Errorf("tag %s already exists", name)
	}
	env := []string{
		"GIT_COMMITTER_NAME=" + tagger.Name, "GIT_COMMITTER_EMAIL=" + tagger.Email,
		"GIT_COMMITTER_DATE=" + when.Format(time.RFC3339),
	}
	cmd := exec.Command(r.gitBin, "-C", r.root, "tag", "-a", "-m", message, "--", name, commit)
	cmd.Env = append(gitEnv(), env...)
	if _, err := gitexec.Output(cmd); err != nil {
		return "", fmt.Errorf("cannot create tag %s: %v", name, err)
	}
	out, err := r.git("rev-parse", "refs/tags/"+name)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}
