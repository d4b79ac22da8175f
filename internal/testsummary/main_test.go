package main

import (
	"strings"
	"testing"
)

// events is a go test -json stream with a passing package, a skipped test
// (with an earlier log line), a skipped subtest, a failing test and a
// package that did not build.
const events = `{"Action":"start","Package":"example.com/a"}
{"Action":"run","Package":"example.com/a","Test":"TestPass"}
{"Action":"output","Package":"example.com/a","Test":"TestPass","Output":"=== RUN   TestPass\n"}
{"Action":"output","Package":"example.com/a","Test":"TestPass","Output":"    a_test.go:9: chatty log of a passing test\n"}
{"Action":"pass","Package":"example.com/a","Test":"TestPass"}
{"Action":"output","Package":"example.com/a","Test":"TestTool","Output":"    a_test.go:3: looking for the tool\n"}
{"Action":"output","Package":"example.com/a","Test":"TestTool","Output":"    main_test.go:115: pre-commit is not installed; this end-to-end test needs it\n"}
{"Action":"output","Package":"example.com/a","Test":"TestTool","Output":"--- SKIP: TestTool (0.00s)\n"}
{"Action":"skip","Package":"example.com/a","Test":"TestTool"}
{"Action":"output","Package":"example.com/a","Test":"TestNested/sub","Output":"    a_test.go:4: first line\n"}
{"Action":"output","Package":"example.com/a","Test":"TestNested/sub","Output":"        second line\n"}
{"Action":"skip","Package":"example.com/a","Test":"TestNested/sub"}
{"Action":"output","Package":"example.com/a","Output":"PASS\n"}
{"Action":"output","Package":"example.com/a","Output":"ok  \texample.com/a\t0.01s\n"}
{"Action":"pass","Package":"example.com/a"}
{"Action":"output","Package":"example.com/b","Test":"TestBroken","Output":"    b_test.go:5: want 1, got 2\n"}
{"Action":"output","Package":"example.com/b","Test":"TestBroken","Output":"--- FAIL: TestBroken (0.00s)\n"}
{"Action":"fail","Package":"example.com/b","Test":"TestBroken"}
{"Action":"output","Package":"example.com/b","Output":"FAIL\texample.com/b\t0.02s\n"}
{"Action":"fail","Package":"example.com/b"}
`

func TestSummarize(t *testing.T) {
	var out strings.Builder
	failed, err := summarize(strings.NewReader(events), &out)
	if err != nil {
		t.Fatal(err)
	}
	if !failed {
		t.Error("a failed test must make the summary fail")
	}
	got := out.String()
	for _, want := range []string{
		"ok  \texample.com/a\t0.01s\n",
		"    b_test.go:5: want 1, got 2\n--- FAIL: TestBroken (0.00s)\n",
		"FAIL\texample.com/b\t0.02s\n",
		"SKIP a TestNested/sub: first line; second line\n",
		"SKIP a TestTool: pre-commit is not installed; this end-to-end test needs it\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "PASS\n") {
		t.Errorf("the verbose-mode PASS line was printed:\n%s", got)
	}
	if strings.Contains(got, "chatty log") || strings.Contains(got, "looking for the tool") {
		t.Errorf("the log of a passing test or an earlier log line of a skipped one was printed:\n%s", got)
	}
}

func TestSummarizeBuildFailure(t *testing.T) {
	stream := `{"ImportPath":"example.com/c [example.com/c.test]","Action":"build-output","Output":"c/c.go:3:1: syntax error\n"}
{"ImportPath":"example.com/c [example.com/c.test]","Action":"build-fail"}
{"Action":"output","Package":"example.com/c","Output":"FAIL\texample.com/c [build failed]\n"}
{"Action":"fail","Package":"example.com/c","FailedBuild":"example.com/c [example.com/c.test]"}
`
	var out strings.Builder
	failed, err := summarize(strings.NewReader(stream), &out)
	if err != nil || !failed {
		t.Fatalf("failed=%v err=%v, want a failure", failed, err)
	}
	if !strings.Contains(out.String(), "c/c.go:3:1: syntax error") {
		t.Errorf("the build error is missing:\n%s", out.String())
	}
}

func TestSummarizePassesNonJSONThrough(t *testing.T) {
	var out strings.Builder
	failed, err := summarize(strings.NewReader("# example.com/d\nd.go:1: oops\n"), &out)
	if err != nil || failed {
		t.Fatalf("failed=%v err=%v", failed, err)
	}
	if out.String() != "# example.com/d\nd.go:1: oops\n" {
		t.Errorf("got %q", out.String())
	}
}
