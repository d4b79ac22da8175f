package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixSource has unusual formatting that --fix must leave alone.
const fixSource = `package m

import "fmt"

// TODOName keeps its comment.
var TODOName = 1

func Print() {
	var TODOLocal    = 2 // odd spacing must survive
	fmt.Println(TODOName, TODOLocal)
}
`

func TestFixWritesOnlyTheEdits(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{"a.go": fixSource})
	code, stdout, stderr := runMain(t, "-C", dir, "--fix", "--analyzers", "todo")
	// Both diagnostics were fixed, so nothing remains to report.
	if code != ExitClean || stdout != "" {
		t.Errorf("--fix: code %d, stdout %q; want 0 and nothing", code, stdout)
	}
	if stderr != "relguard lint: fixed 2 diagnostics in a.go\n" {
		t.Errorf("stderr = %q", stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "a.go"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(fixSource, "var TODOName", "var DoneName", 1)
	want = strings.Replace(want, "var TODOLocal    =", "var DoneLocal    =", 1)
	if string(got) != want {
		t.Errorf("fixed file:\n%s\nwant:\n%s", got, want)
	}
}

func TestFixLeavesUnfixableAndExitsOne(t *testing.T) {
	useTestAnalyzers(t)
	// The fix turns FIXMEa into Donea; nothing offers a fix for the
	// suppressed or the unfixable diagnostic, so it must still be reported.
	dir := module(t, map[string]string{"a.go": "package m\n\nvar FIXMEa = 1\n"})
	diags, err := Run(Options{Dir: dir, Analyzers: testAnalyzers()})
	if err != nil || len(diags) != 1 {
		t.Fatalf("Run: %v, %v", diags, err)
	}
	diags = append(diags, Diagnostic{Analyzer: "x", File: diags[0].File, Line: 1, Column: 1, Message: "no fix", Fixes: []Fix{}})
	res, err := ApplyFixes(diags, os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fixed) != 1 || len(res.Unfixed) != 1 || res.Unfixed[0].Message != "no fix" {
		t.Errorf("fixed %v, unfixed %v", res.Fixed, res.Unfixed)
	}
}

func TestApplyFixesConflicts(t *testing.T) {
	content := []byte("0123456789")
	read := func(string) ([]byte, error) { return content, nil }
	fix := func(msg string, edits ...Edit) Diagnostic {
		return Diagnostic{Analyzer: "t", File: "f", Message: msg, Fixes: []Fix{{Message: msg, Edits: edits}}}
	}
	res, err := ApplyFixes([]Diagnostic{
		fix("replace 2-4", Edit{File: "f", Offset: 2, End: 4, NewText: "ab"}),
		fix("overlaps 3-5", Edit{File: "f", Offset: 3, End: 5, NewText: "X"}),
		fix("same edit again", Edit{File: "f", Offset: 2, End: 4, NewText: "ab"}),
		fix("adjacent insert", Edit{File: "f", Offset: 4, End: 4, NewText: "+"}),
		fix("second insert at 4", Edit{File: "f", Offset: 4, End: 4, NewText: "-"}),
		fix("atomic: one good, one bad", Edit{File: "f", Offset: 8, End: 9, NewText: "Z"}, Edit{File: "f", Offset: 1, End: 3, NewText: "Y"}),
		fix("end", Edit{File: "f", Offset: 10, End: 10, NewText: "!"}),
	}, read)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(res.Changed["f"]); got != "01ab+456789!" {
		t.Errorf("result = %q, want %q", got, "01ab+456789!")
	}
	var skipped []string
	for _, d := range res.Skipped {
		skipped = append(skipped, d.Message)
	}
	if strings.Join(skipped, "|") != "overlaps 3-5|second insert at 4|atomic: one good, one bad" {
		t.Errorf("skipped = %q", skipped)
	}
	if string(res.Original["f"]) != "0123456789" {
		t.Errorf("original = %q", res.Original["f"])
	}

	if _, err := ApplyFixes([]Diagnostic{fix("out of range", Edit{File: "f", Offset: 5, End: 11})}, read); err == nil || !strings.Contains(err.Error(), "outside the file") {
		t.Errorf("out-of-range edit: err = %v", err)
	}
}

func TestDiffDoesNotWrite(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{"a.go": fixSource})
	code, stdout, stderr := runMain(t, "-C", dir, "--diff", "--analyzers=todo")
	if code != ExitDiagnostics {
		t.Errorf("--diff exit code = %d, want 1 (nothing was fixed)", code)
	}
	want := `--- a/a.go
+++ b/a.go
@@ -3,9 +3,9 @@
 import "fmt"
 
 // TODOName keeps its comment.
-var TODOName = 1
+var DoneName = 1
 
 func Print() {
-	var TODOLocal    = 2 // odd spacing must survive
+	var DoneLocal    = 2 // odd spacing must survive
 	fmt.Println(TODOName, TODOLocal)
 }
`
	if stdout != want {
		t.Errorf("diff:\n%s\nwant:\n%s", stdout, want)
	}
	if !strings.Contains(stderr, "a.go:6:5: identifier TODOName starts with TODO (todo)") {
		t.Errorf("diagnostics missing from stderr:\n%s", stderr)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "a.go"))
	if string(got) != fixSource {
		t.Errorf("--diff modified the file:\n%s", got)
	}
}

func TestDiffHunkLineNumbers(t *testing.T) {
	// Two hunks, the first of which has changes separated by unchanged
	// lines: the second hunk's new-file start must still be right.
	var lines []string
	for i := 1; i <= 40; i++ {
		lines = append(lines, fmt.Sprint("line ", i))
	}
	before := strings.Join(lines, "\n") + "\n"
	lines[4], lines[7], lines[30] = "five", "eight", "thirty-one"
	lines = append(lines[:20], append([]string{"inserted"}, lines[20:]...)...)
	after := strings.Join(lines, "\n") + "\n"
	res := &FixResult{Original: map[string][]byte{"/m/f": []byte(before)}, Changed: map[string][]byte{"/m/f": []byte(after)}}
	var b strings.Builder
	if err := res.WriteDiff(&b, "/m"); err != nil {
		t.Fatal(err)
	}
	var headers []string
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(l, "@@") {
			headers = append(headers, l)
		}
	}
	want := []string{"@@ -2,10 +2,10 @@", "@@ -18,6 +18,7 @@", "@@ -28,7 +29,7 @@"}
	if strings.Join(headers, "|") != strings.Join(want, "|") {
		t.Errorf("hunk headers = %q, want %q\n%s", headers, want, b.String())
	}
}

func TestFixConflictLeavesDiagnosticAndExitsOne(t *testing.T) {
	useTestAnalyzers(t)
	dir := module(t, map[string]string{"a.go": "package m\n\nvar TODOx = 1\n"})
	// fixme (first in sort order) replaces "TOD", todo replaces "TODO":
	// the edits overlap, so only fixme's fix is applied.
	code, stdout, stderr := runMain(t, "-C", dir, "--fix", "-fixme.prefix=TOD")
	if code != ExitDiagnostics {
		t.Errorf("exit code = %d, want 1 (a diagnostic remains)", code)
	}
	if stdout != "a.go:3:5: identifier TODOx starts with TODO (todo)\n" {
		t.Errorf("stdout = %q", stdout)
	}
	wantErr := "a.go:3:5: fix not applied: it overlaps another fix; run relguard lint --fix again\n" +
		"relguard lint: fixed 1 diagnostic in a.go\n"
	if stderr != wantErr {
		t.Errorf("stderr = %q, want %q", stderr, wantErr)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "a.go")); string(got) != "package m\n\nvar DoneOx = 1\n" {
		t.Errorf("file = %q", got)
	}
}

// TestWriteFixesIsAllOrNothing: a file that cannot be replaced (here a
// symlink, which a fix must not write through) stops every write, so the
// package is never left half-fixed, and no file is ever truncated.
func TestWriteFixesIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, target, link := filepath.Join(dir, "a.go"), filepath.Join(dir, "target.go"), filepath.Join(dir, "b.go")
	for p, s := range map[string]string{a: "package m // a\n", target: "package m // b\n"} {
		if err := os.WriteFile(p, []byte(s), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("target.go", link); err != nil {
		t.Fatal(err)
	}
	r := &FixResult{Changed: map[string][]byte{a: []byte("package m // a fixed\n"), link: []byte("package m // b fixed\n")}}
	if err := r.WriteFixes(); err == nil || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("WriteFixes = %v, want an error saying nothing was written", err)
	}
	for p, want := range map[string]string{a: "package m // a\n", target: "package m // b\n"} {
		if data, _ := os.ReadFile(p); string(data) != want {
			t.Errorf("%s = %q, want it untouched", p, data)
		}
	}
	delete(r.Changed, link)
	if err := r.WriteFixes(); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(a); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("a.go mode after the fix: %v, %v; want 0640 kept", info.Mode().Perm(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("%d entries in the directory, want 3 (no temporary files left)", len(entries))
	}
}
