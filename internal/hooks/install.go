package hooks

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	scripts "github.com/relguard/relguard/hooks"
	"github.com/relguard/relguard/internal/gitexec"
	"github.com/relguard/relguard/internal/regularfile"
)

// origSuffix names the place a foreign hook is moved to while relguard's
// hook is installed; relguard's hook runs it first.
const origSuffix = ".relguard-orig"

// HooksDir returns the absolute hooks directory git uses for the repository
// containing dir: core.hooksPath when set, the common directory's hooks for
// linked worktrees, .git/hooks otherwise.
func HooksDir(dir string) (string, error) {
	// Relative paths from git are relative to where it runs; core.hooksPath
	// relative paths are meant relative to the work tree top, where git runs
	// hooks, so ask from there.
	base := dir
	if top, err := gitOutput(dir, "rev-parse", "--show-toplevel"); err == nil && top != "" {
		base = top
	}
	out, err := gitOutput(base, "rev-parse", "--git-path", "hooks")
	if err != nil {
		abs, aerr := filepath.Abs(dir)
		if aerr != nil {
			abs = dir
		}
		if strings.Contains(err.Error(), "not a git repository") {
			return "", fmt.Errorf("%s is not in a git repository; run relguard hooks in a checkout or pass --repo DIR", abs)
		}
		return "", fmt.Errorf("%s: cannot find the hooks directory: git rev-parse: %v", abs, err)
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(base, out)
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	return abs, nil
}

// hooksInWorkTree returns the hooks directory relative to the work tree top
// when it is part of the work tree, so that the hooks named would show as
// changes (inside the top, not under .git, not ignored); "" otherwise,
// including when git cannot tell (a bare repository).
func hooksInWorkTree(repo, dir string, names []string) string {
	top, err := gitOutput(repo, "rev-parse", "--show-toplevel")
	if err != nil || top == "" {
		return "" // a bare repository has no work tree to dirty
	}
	if resolved, err := filepath.EvalSymlinks(dir); err == nil {
		dir = resolved
	}
	rel, err := filepath.Rel(top, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return ""
	}
	slashed := filepath.ToSlash(rel)
	if slashed == ".git" || strings.HasPrefix(slashed, ".git/") {
		return ""
	}
	for _, name := range names {
		// check-ignore exits 0 for an ignored path, 1 for one git would
		// show, and fails for paths it cannot judge (inside a submodule):
		// those are treated as shown.
		cmd := exec.Command("git", "check-ignore", "-q", "--", slashed+"/"+name)
		cmd.Dir = top
		if cmd.Run() != nil {
			return slashed
		}
	}
	return ""
}

// Script returns the hook script for name with the relguard binary filled in.
func Script(name, relguardBin string) (string, error) {
	var s string
	switch name {
	case "pre-commit":
		s = scripts.PreCommit
	case "pre-push":
		s = scripts.PrePush
	default:
		return "", fmt.Errorf("unknown hook %q; relguard provides pre-commit and pre-push", name)
	}
	const line = "relguard_bin=${RELGUARD_BIN:-relguard}\n"
	if !strings.Contains(s, line) {
		return "", errors.New("hook script template lacks the relguard_bin line")
	}
	return strings.Replace(s, line, "relguard_bin=${RELGUARD_BIN:-"+shellQuote(relguardBin)+"}\n", 1), nil
}

// IsRelguardHook reports whether content was written by relguard.
func IsRelguardHook(content []byte) bool {
	_, rest, _ := bytes.Cut(content, []byte("\n"))
	return bytes.HasPrefix(rest, []byte(scripts.Marker))
}

// Install writes relguard's hook name into hooksDir and returns a one-line
// report. A hook that is already there and not relguard's is moved aside to
// <name>.relguard-orig, with its mode, and chained: relguard's hook runs it
// first. Running Install again only refreshes relguard's own hook.
func Install(hooksDir, name, relguardBin string) (string, error) {
	script, err := Script(name, relguardBin)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(hooksDir, 0o755); err != nil {
		return "", fmt.Errorf("cannot create the hooks directory: %v", err)
	}
	path := filepath.Join(hooksDir, name)
	orig := path + origSuffix
	chained := ""
	existing, err := readHook(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return "", err
	case IsRelguardHook(existing):
		if string(existing) == script {
			return fmt.Sprintf("%s hook already installed in %s", name, path), nil
		}
	default:
		if _, err := os.Lstat(orig); err == nil {
			return "", fmt.Errorf("%s exists and is not relguard's, and %s is taken too; move one of them away and run install again", path, orig)
		}
		if err := os.Rename(path, orig); err != nil {
			return "", fmt.Errorf("cannot keep the existing hook %s: %v", path, err)
		}
		chained = fmt.Sprintf(" (the existing hook moved to %s and runs first)", filepath.Base(orig))
	}
	if _, err := os.Lstat(orig); err == nil && chained == "" {
		chained = fmt.Sprintf(" (chained to %s, which runs first)", filepath.Base(orig))
	}
	if err := writeExecutable(path, script); err != nil {
		return "", err
	}
	return fmt.Sprintf("installed %s hook in %s%s", name, path, chained), nil
}

// Uninstall removes relguard's hook name from hooksDir and puts back the hook
// that was there before, byte for byte and with its mode. A hook that is not
// relguard's is left alone.
func Uninstall(hooksDir, name string) (string, error) {
	if _, err := Script(name, ""); err != nil {
		return "", err
	}
	path := filepath.Join(hooksDir, name)
	orig := path + origSuffix
	existing, err := readHook(path)
	removed := false
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return "", err
	case !IsRelguardHook(existing):
		return fmt.Sprintf("%s is not relguard's hook; left it alone", path), nil
	default:
		if err := os.Remove(path); err != nil {
			return "", fmt.Errorf("cannot remove %s: %v", path, err)
		}
		removed = true
	}
	if _, err := os.Lstat(orig); err == nil {
		if err := os.Rename(orig, path); err != nil {
			return "", fmt.Errorf("cannot restore %s from %s: %v", path, orig, err)
		}
		return fmt.Sprintf("removed relguard's %s hook and restored the previous one in %s", name, path), nil
	}
	if removed {
		return fmt.Sprintf("removed relguard's %s hook from %s", name, path), nil
	}
	return fmt.Sprintf("no relguard %s hook in %s", name, hooksDir), nil
}

// readHook reads the hook at path. A symlink counts as a foreign hook even
// when it points at relguard's script, so it is moved, never rewritten.
// Anything else that is not a regular file is refused, never opened: a
// named pipe would block.
func readHook(path string) ([]byte, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return []byte{}, nil
	}
	data, err := regularfile.Read(path, 0)
	if errors.Is(err, regularfile.ErrNotRegular) {
		return nil, fmt.Errorf("%v; git cannot run it as a hook: move it away and run the command again", err)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the existing hook: %v", err)
	}
	return data, nil
}

// writeExecutable replaces path atomically so that a concurrently starting
// git never runs half a script.
func writeExecutable(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".relguard-*")
	if err != nil {
		return fmt.Errorf("cannot write the hook: %v", err)
	}
	_, werr := tmp.WriteString(content)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o755)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write the hook %s: %v", path, werr)
	}
	return nil
}

// relguardBinary is the binary the hooks call: the one running install, so
// that the hooks use the same version, unless it is a temporary `go run`
// build; then whatever relguard is on PATH when the hook runs.
func relguardBinary() string {
	exe, err := os.Executable()
	if err != nil {
		return "relguard"
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	if strings.Contains(exe, string(filepath.Separator)+"go-build") {
		return "relguard"
	}
	return exe
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// gitOutput runs git in dir and returns its trimmed standard output, or an
// error carrying git's own message.
func gitOutput(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := gitexec.Output(cmd)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(out), "\n"), nil
}
