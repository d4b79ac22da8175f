package unifieddiff

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

func TestWriteNumbersEveryHunkInTheNewFile(t *testing.T) {
	var before, after []string
	for i := 1; i <= 30; i++ {
		before = append(before, fmt.Sprintf("line %d", i))
		after = append(after, fmt.Sprintf("line %d", i))
		if i == 2 || i == 6 {
			// Two insertions in one hunk, unchanged lines between them:
			// everything below shifts by two.
			after = append(after, "inserted")
		}
	}
	after[21] = "changed" // old line 20
	var b strings.Builder
	if err := Write(&b, "a/f", "b/f", strings.Join(before, "\n")+"\n", strings.Join(after, "\n")+"\n"); err != nil {
		t.Fatal(err)
	}
	headers := regexp.MustCompile(`(?m)^@@ -(\d+),\d+ \+(\d+),\d+ @@`).FindAllStringSubmatch(b.String(), -1)
	if len(headers) != 2 {
		t.Fatalf("want two hunks, got:\n%s", b.String())
	}
	if headers[1][2] != fmt.Sprint(mustAtoi(t, headers[1][1])+2) {
		t.Errorf("the second hunk starts at old line %s, so at new line %s+2 after the insertions, got +%s:\n%s", headers[1][1], headers[1][1], headers[1][2], b.String())
	}
	if !strings.HasPrefix(b.String(), "--- a/f\n+++ b/f\n") {
		t.Errorf("labels missing:\n%s", b.String())
	}
}

func TestWriteEqualPrintsNothing(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, "a/f", "b/f", "same\n", "same\n"); err != nil || b.Len() != 0 {
		t.Errorf("err %v, output %q", err, b.String())
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}
