package hooks

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

const zero = "0000000000000000000000000000000000000000"

func TestParsePushUpdates(t *testing.T) {
	in := "refs/heads/main 1111111111111111111111111111111111111111 refs/heads/main " + zero + "\n" +
		"\n" +
		"refs/tags/v0.5.0 2222222222222222222222222222222222222222 refs/tags/v0.5.0 " + zero + "\n"
	got, err := ParsePushUpdates(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []RefUpdate{
		{"refs/heads/main", "1111111111111111111111111111111111111111", "refs/heads/main", zero},
		{"refs/tags/v0.5.0", "2222222222222222222222222222222222222222", "refs/tags/v0.5.0", zero},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
	if _, err := ParsePushUpdates(strings.NewReader("refs/heads/main abc\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("malformed line: err = %v", err)
	}
}

func TestReleaseTags(t *testing.T) {
	sha := "3333333333333333333333333333333333333333"
	updates := []RefUpdate{
		{"refs/heads/main", sha, "refs/heads/main", zero},             // a branch
		{"refs/tags/v0.5.0", sha, "refs/tags/v0.5.0", zero},           // a new release tag
		{"refs/tags/v0.5.0", sha, "refs/tags/v0.5.0", zero},           // listed twice
		{"(delete)", zero, "refs/tags/v0.4.0", sha},                   // a deletion
		{"refs/tags/vendor-sync", sha, "refs/tags/vendor-sync", zero}, // prefix but no version
		{"refs/tags/nightly", sha, "refs/tags/nightly", zero},         // another tag
		{"refs/tags/v0.6.0-rc.1", sha, "refs/tags/v0.6.0-rc.1", sha},  // a moved tag
	}
	if got, want := ReleaseTags(updates, "v"), []string{"v0.5.0", "v0.6.0-rc.1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ReleaseTags(v) = %q, want %q", got, want)
	}
	mono := []RefUpdate{
		{"refs/tags/api/v1.2.0", sha, "refs/tags/api/v1.2.0", zero},
		{"refs/tags/v1.2.0", sha, "refs/tags/v1.2.0", zero},
	}
	if got, want := ReleaseTags(mono, "api/v"), []string{"api/v1.2.0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ReleaseTags(api/v) = %q, want %q", got, want)
	}
}

func TestUpdateFromEnv(t *testing.T) {
	env := map[string]string{
		"PRE_COMMIT_REMOTE_BRANCH": "refs/tags/v1.0.0",
		"PRE_COMMIT_TO_REF":        "4444444444444444444444444444444444444444",
		"PRE_COMMIT_LOCAL_BRANCH":  "refs/tags/v1.0.0",
	}
	u, ok := updateFromEnv(func(k string) string { return env[k] })
	if !ok || u.RemoteRef != "refs/tags/v1.0.0" || u.LocalSHA != env["PRE_COMMIT_TO_REF"] {
		t.Errorf("got %+v, %v", u, ok)
	}
	if _, ok := updateFromEnv(func(string) string { return "" }); ok {
		t.Error("an empty environment yielded a ref")
	}
}

func TestPrePushIgnoresBranchesAndDeletions(t *testing.T) {
	repo := newRepo(t)
	sha := "5555555555555555555555555555555555555555"
	var out, errb bytes.Buffer
	code := PrePush(repo, []RefUpdate{
		{"refs/heads/main", sha, "refs/heads/main", zero},
		{"(delete)", zero, "refs/tags/v9.9.9", sha},
	}, &out, &errb)
	if code != 0 || out.Len()+errb.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want a silent 0", code, out.String(), errb.String())
	}
}

func TestPrePushBadConfig(t *testing.T) {
	repo := newRepo(t)
	writeFile(t, repo+"/relguard.yaml", "tag_prefx: v\n")
	var errb bytes.Buffer
	code := PrePush(repo, nil, &bytes.Buffer{}, &errb)
	if code != 2 || !strings.Contains(errb.String(), "tag_prefx") {
		t.Errorf("exit %d, stderr %q; want 2 naming the bad key", code, errb.String())
	}
}
