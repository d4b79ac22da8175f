package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	s := time.Second
	if got := median([]time.Duration{1 * s, 2 * s, 9 * s}); got != 2*s {
		t.Errorf("odd median = %v, want 2s", got)
	}
	if got := median([]time.Duration{1 * s, 2 * s, 4 * s, 9 * s}); got != 3*s {
		t.Errorf("even median = %v, want 3s", got)
	}
}

func TestRunPrintsOneLine(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"-runs", "3", "--", "sh", "-c", "exit 1"}, &out, &errOut); code != 1 {
		t.Errorf("disallowed exit code: measure returned %d, want 1", code)
	}
	if !strings.Contains(errOut.String(), "exited with 1") {
		t.Errorf("stderr = %q", errOut.String())
	}
	out.Reset()
	if code := run([]string{"-runs", "3", "-allow-exit", "0,1", "--", "sh", "-c", "exit 1"}, &out, &errOut); code != 0 {
		t.Fatalf("allowed exit code: measure returned %d", code)
	}
	if !regexp.MustCompile(`^runs=3 median=\d+\.\d{3}s min=\d+\.\d{3}s max=\d+\.\d{3}s maxrss=\d+MB\n$`).MatchString(out.String()) {
		t.Errorf("output = %q", out.String())
	}
	if code := run([]string{"-runs", "2"}, &out, &errOut); code != 2 {
		t.Errorf("no command: measure returned %d, want 2", code)
	}
}
