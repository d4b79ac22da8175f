// Package gitexec runs a prepared git command and turns its failure into a
// one-line error, so that every place relguard shells out to git reports
// git's own reason the same way.
package gitexec

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
)

// Output runs cmd and returns its standard output. When git fails, the
// error's text is the first line git wrote to standard error, or the exit
// status when it wrote nothing. Output sets cmd.Stderr.
func Output(cmd *exec.Cmd) ([]byte, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err == nil {
		return out, nil
	}
	msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
	if msg == "" {
		msg = err.Error()
	}
	return nil, errors.New(msg)
}
