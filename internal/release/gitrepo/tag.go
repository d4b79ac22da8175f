package gitrepo

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/relguard/relguard/internal/gitexec"
)

// Identity is the tagger recorded in a new tag.
type Identity struct {
	Name, Email string
}

// ErrNoIdentity means git config has no user.name or user.email.
var ErrNoIdentity = errors.New(`no tagger identity: set it with git config user.name "Your Name" and git config user.email you@example.com`)

// Tagger reads the identity git itself would use for a tag: the
// GIT_COMMITTER_NAME/EMAIL variables, then user.name and user.email from
// the local, global and system configuration.
func (r *Repo) Tagger() (Identity, error) {
	id := Identity{Name: r.getenv("GIT_COMMITTER_NAME"), Email: r.getenv("GIT_COMMITTER_EMAIL")}
	if id.Name == "" || id.Email == "" {
		name, email, err := r.configIdentity()
		if err != nil {
			return Identity{}, err
		}
		if id.Name == "" {
			id.Name = name
		}
		if id.Email == "" {
			id.Email = email
		}
	}
	if strings.TrimSpace(id.Name) == "" || strings.TrimSpace(id.Email) == "" {
		return Identity{}, ErrNoIdentity
	}
	return id, nil
}

func (r *Repo) configIdentity() (name, email string, err error) {
	if r.gitBin != "" {
		// git config honours includes, GIT_CONFIG_GLOBAL and XDG paths,
		// which go-git does not; exit status 1 only means "not set".
		name, errName := r.git("config", "--get", "user.name")
		email, errEmail := r.git("config", "--get", "user.email")
		if (errName == nil || isUnset(errName)) && (errEmail == nil || isUnset(errEmail)) {
			return strings.TrimSpace(string(name)), strings.TrimSpace(string(email)), nil
		}
		if r.repo == nil {
			err := errName
			if err == nil || isUnset(err) {
				err = errEmail
			}
			return "", "", fmt.Errorf("cannot read git config: %v", err)
		}
	}
	r.mu.Lock()
	cfg, err := r.repo.ConfigScoped(gitconfig.SystemScope)
	r.mu.Unlock()
	if err != nil {
		return "", "", fmt.Errorf("cannot read git config: %v", err)
	}
	return cfg.User.Name, cfg.User.Email, nil
}

func isUnset(err error) bool {
	// `git config --get` fails silently (no stderr) when the key is unset.
	return err != nil && strings.HasSuffix(err.Error(), "exit status 1")
}

// CreateTag creates the annotated tag name at commit with go-git. It
// never overwrites: an existing tag is an error.
func (r *Repo) CreateTag(name, commit, message string, tagger Identity, when time.Time) (string, error) {
	if strings.TrimSpace(message) == "" {
		return "", errors.New("the tag message is empty; pass -m MESSAGE")
	}
	if r.repo == nil {
		return r.createTagCLI(name, commit, message, tagger, when)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	ref, err := r.repo.CreateTag(name, plumbing.NewHash(commit), &git.CreateTagOptions{
		Tagger:  &object.Signature{Name: tagger.Name, Email: tagger.Email, When: when},
		Message: message,
	})
	if err != nil {
		if errors.Is(err, git.ErrTagExists) {
			return "", fmt.Errorf("tag %s already exists", name)
		}
		return "", fmt.Errorf("cannot create tag %s: %v", name, err)
	}
	return ref.Hash().String(), nil
}

// ErrSigningNeedsGit means `relguard tag --sign` found no git executable.
var ErrSigningNeedsGit = errors.New("signing a tag needs git on PATH (relguard hands signing to git, which talks to gpg or ssh-agent); install git or tag without --sign")

// CreateSignedTag creates a signed annotated tag at commit. go-git can sign
// only with a private key loaded into memory, which cannot reach gpg-agent
// or ssh signing keys, so this is the one write relguard hands to git: it
// signs with the user's own gpg.format and user.signingkey settings.
func (r *Repo) CreateSignedTag(name, commit, message string) error {
	if r.gitBin == "" {
		return ErrSigningNeedsGit
	}
	cmd := exec.Command(r.gitBin, "-C", r.root, "tag", "-s", "-m", message, "--", name, commit)
	if _, err := gitexec.Output(cmd); err != nil {
		return fmt.Errorf("git could not sign tag %s: %v; set up signing (git config user.signingkey, and gpg.format ssh for an SSH key) or tag without --sign", name, err)
	}
	return nil
}
