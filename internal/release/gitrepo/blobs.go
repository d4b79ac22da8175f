package gitrepo

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ReadFilesAt reads files as they are in a commit (or anything that peels
// to one, such as a tag): the map holds the content of every path the
// commit has as a file of at most MaxFileSize bytes; other paths are
// absent. An error means the commit itself cannot be read — in a shallow
// clone, say, where it was never fetched.
//
// With the git CLI, one `git cat-file --batch` answers every path; that
// costs less than go-git loading the pack indexes of a large repository.
func (r *Repo) ReadFilesAt(commit string, paths []string) (map[string][]byte, error) {
	if r.gitBin != "" {
		return r.readFilesAtCLI(commit, paths)
	}
	return r.readFilesAtGoGit(commit, paths)
}

func (r *Repo) readFilesAtCLI(commit string, paths []string) (map[string][]byte, error) {
	if strings.ContainsAny(commit, "\n\r") {
		return nil, fmt.Errorf("invalid revision %q", commit)
	}
	var in bytes.Buffer
	in.WriteString(commit + "^{commit}\n")
	var asked []string
	for _, p := range paths {
		// cat-file --batch reads one request per line.
		if p == "" || strings.ContainsAny(p, "\n\r") {
			continue
		}
		in.WriteString(commit + ":" + p + "\n")
		asked = append(asked, p)
	}
	cmd := r.command(nil, "cat-file", "--batch")
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file: %v", err)
	}
	files, parseErr := parseBatch(bufio.NewReaderSize(stdout, 64<<10), commit, asked)
	// Drain what is left so that git can exit, then wait for it.
	_, _ = io.Copy(io.Discard, stdout)
	waitErr := cmd.Wait()
	if parseErr != nil {
		return nil, parseErr
	}
	if waitErr != nil {
		msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		if msg == "" {
			msg = waitErr.Error()
		}
		return nil, fmt.Errorf("git cat-file: %s", msg)
	}
	return files, nil
}

// parseBatch reads `git cat-file --batch` answers: the commit first, then
// one per path, each "<oid> <type> <size>\n<content>\n" or "<request> missing\n".
func parseBatch(br *bufio.Reader, commit string, paths []string) (map[string][]byte, error) {
	files := map[string][]byte{}
	for i := -1; i < len(paths); i++ {
		header, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("git cat-file: truncated output: %v", err)
		}
		fields := strings.Fields(header)
		// A request that names nothing is echoed back, and a path may hold
		// spaces: only the last word tells.
		if n := len(fields); n == 0 || fields[n-1] == "missing" || fields[n-1] == "ambiguous" || n != 3 {
			if i == -1 {
				return nil, fmt.Errorf("commit %s is not in the repository (a shallow clone, or a tag pointing at an object that was never fetched)", commit)
			}
			continue // missing or ambiguous: the commit has no such file
		}
		size, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil || size < 0 {
			return nil, fmt.Errorf("git cat-file: unexpected header %q", strings.TrimSpace(header))
		}
		keep := i >= 0 && fields[1] == "blob" && size <= MaxFileSize
		var content []byte
		if keep {
			content = make([]byte, size)
			if _, err := io.ReadFull(br, content); err != nil {
				return nil, fmt.Errorf("git cat-file: truncated output: %v", err)
			}
		} else if _, err := br.Discard(int(size)); err != nil {
			return nil, fmt.Errorf("git cat-file: truncated output: %v", err)
		}
		if _, err := br.Discard(1); err != nil { // the newline after the content
			return nil, fmt.Errorf("git cat-file: truncated output: %v", err)
		}
		if i == -1 && fields[1] != "commit" {
			return nil, fmt.Errorf("%s is a %s, not a commit", commit, fields[1])
		}
		if keep {
			files[paths[i]] = content
		}
	}
	return files, nil
}

func (r *Repo) readFilesAtGoGit(commit string, paths []string) (map[string][]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	hash, err := r.repo.ResolveRevision(plumbing.Revision(commit))
	if err != nil {
		return nil, fmt.Errorf("cannot resolve %s: %v", commit, err)
	}
	c, err := r.repo.CommitObject(*hash)
	if err != nil {
		return nil, fmt.Errorf("commit %s is not in the repository (a shallow clone, or a tag pointing at an object that was never fetched): %v", commit, err)
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("cannot read the tree of %s: %v", commit, err)
	}
	files := map[string][]byte{}
	for _, p := range paths {
		f, err := tree.File(p)
		if err != nil {
			if errors.Is(err, object.ErrFileNotFound) || errors.Is(err, object.ErrDirectoryNotFound) || errors.Is(err, object.ErrEntryNotFound) {
				continue
			}
			return nil, fmt.Errorf("cannot read %s at %s: %v", p, commit, err)
		}
		if !f.Mode.IsFile() || f.Size > MaxFileSize {
			continue
		}
		rd, err := f.Reader()
		if err != nil {
			return nil, fmt.Errorf("cannot read %s at %s: %v", p, commit, err)
		}
		data, err := io.ReadAll(io.LimitReader(rd, MaxFileSize+1))
		rd.Close()
		if err != nil {
			return nil, fmt.Errorf("cannot read %s at %s: %v", p, commit, err)
		}
		files[p] = data
	}
	return files, nil
}
