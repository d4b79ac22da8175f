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

func TestPlanPush(t *testing.T) {
	const (
		head   = "1111111111111111111111111111111111111111"
		older  = "2222222222222222222222222222222222222222"
		tagObj = "3333333333333333333333333333333333333333" // an annotated tag object at HEAD
		oldObj = "4444444444444444444444444444444444444444" // an annotated tag object at older
		tree   = "5555555555555555555555555555555555555555"
	)
	commitOf := func(sha string) string {
		return map[string]string{head: head, older: older, tagObj: head, oldObj: older}[sha]
	}
	updates := []RefUpdate{
		{"refs/heads/main", head, "refs/heads/main", zero},              // a branch
		{"refs/tags/v0.5.0", tagObj, "refs/tags/v0.5.0", zero},          // new, at HEAD: checked
		{"refs/tags/v0.5.0", tagObj, "refs/tags/v0.5.0", zero},          // listed twice
		{"refs/tags/v0.1.0", oldObj, "refs/tags/v0.1.0", zero},          // new to this remote, on an older commit
		{"refs/tags/v0.4.0", oldObj, "refs/tags/v0.4.0", oldObj},        // the remote has it unchanged: history
		{"(delete)", zero, "refs/tags/v0.3.0", older},                   // a deletion
		{"refs/tags/vendor-sync", head, "refs/tags/vendor-sync", zero},  // prefix but no version
		{"refs/tags/nightly", head, "refs/tags/nightly", zero},          // another tag
		{"refs/tags/v1", head, "refs/tags/v1", zero},                    // floating major
		{"refs/tags/v1.2", head, "refs/tags/v1.2", zero},                // floating minor
		{"refs/tags/latest", head, "refs/tags/latest", zero},            // floating name
		{"refs/tags/v0.6.0-rc.1", head, "refs/tags/v0.6.0-rc.1", older}, // moved to HEAD
		{"refs/tags/v0.7.0", tree, "refs/tags/v0.7.0", zero},            // not a commit
		{"refs/heads/v9.9.9", head, "refs/heads/v9.9.9", zero},          // a branch named like a version
	}
	names := func(tags []pushedTag) []string {
		var out []string
		for _, t := range tags {
			out = append(out, t.name)
		}
		return out
	}
	plan := planPush(updates, "v", "allow", head, commitOf)
	if got, want := names(plan.check), []string{"v0.5.0", "v0.6.0-rc.1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("checked %q, want %q", got, want)
	}
	if len(plan.check) == 2 && (plan.check[0].moved || !plan.check[1].moved || plan.check[0].version != "0.5.0") {
		t.Errorf("checked tags %+v: v0.5.0 is new (version 0.5.0), v0.6.0-rc.1 moved", plan.check)
	}
	if got, want := names(plan.earlier), []string{"v0.1.0", "v0.7.0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("not checked %q, want %q", got, want)
	}
	if plan.floating != nil {
		t.Errorf("floating tags refused although allowed: %q", plan.floating)
	}
	plan = planPush(updates, "v", "refuse", head, commitOf)
	if got, want := plan.floating, []string{"v1", "v1.2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("refused %q, want %q (latest does not look like a version)", got, want)
	}

	mono := []RefUpdate{
		{"refs/tags/api/v1.2.0", head, "refs/tags/api/v1.2.0", zero},
		{"refs/tags/v1.2.0", head, "refs/tags/v1.2.0", zero},
	}
	plan = planPush(mono, "api/v", "allow", head, commitOf)
	if got := names(plan.check); !reflect.DeepEqual(got, []string{"api/v1.2.0"}) || plan.check[0].version != "1.2.0" {
		t.Errorf("monorepo prefix: checked %+v, want api/v1.2.0 as version 1.2.0", plan.check)
	}
	// A repository without commits has no HEAD: nothing can be checked.
	plan = planPush(updates[:2], "v", "allow", "", commitOf)
	if len(plan.check) != 0 || len(plan.earlier) != 1 {
		t.Errorf("without HEAD: %+v", plan)
	}
}

func TestEarlierNote(t *testing.T) {
	one := earlierNote([]pushedTag{{name: "v0.1.0", version: "0.1.0"}}, "abcdef0123456789abcdef0123456789abcdef01")
	want := "relguard: not checking tag v0.1.0: it is on another commit than HEAD (abcdef012345), and the release guard judges the checked-out work tree; to check it, run git switch --detach v0.1.0 && relguard check 0.1.0 --post-tag"
	if one != want {
		t.Errorf("got  %s\nwant %s", one, want)
	}
	var many []pushedTag
	for _, v := range []string{"0.1.0", "0.2.0", "0.3.0", "0.4.0", "0.5.0", "0.6.0", "0.7.0"} {
		many = append(many, pushedTag{name: "v" + v, version: v})
	}
	got := earlierNote(many, "")
	if got != "relguard: not checking tags v0.1.0, v0.2.0, v0.3.0, v0.4.0, v0.5.0, and 2 more: they are on other commits than HEAD, and the release guard judges the checked-out work tree; to check one, run git switch --detach v0.1.0 && relguard check 0.1.0 --post-tag" {
		t.Errorf("many tags: %s", got)
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

func FuzzPlanPush(f *testing.F) {
	f.Add("refs/tags/v0.5.0 1111111111111111111111111111111111111111 refs/tags/v0.5.0 "+zero+"\n", "v", true)
	f.Add("refs/tags/v1 1111111111111111111111111111111111111111 refs/tags/v1 "+zero+"\n(delete) "+zero+" refs/tags/v0.1.0 2222222222222222222222222222222222222222\n", "v", false)
	f.Add("refs/tags/api/v1.2.0 x refs/tags/api/v1.2.0 y\n", "api/v", true)
	f.Fuzz(func(t *testing.T, input, prefix string, refuse bool) {
		updates, err := ParsePushUpdates(strings.NewReader(input))
		if err != nil {
			// The echoed line is cut to 80 characters, each at most 10 bytes
			// once escaped.
			if strings.Contains(err.Error(), "\n") || len(err.Error()) > 80*10+200 {
				t.Fatalf("error is not one short line: %q", err)
			}
			return
		}
		floating := "allow"
		if refuse {
			floating = "refuse"
		}
		const head = "1111111111111111111111111111111111111111"
		plan := planPush(updates, prefix, floating, head, func(sha string) string { return sha })
		for _, tag := range plan.check {
			if tag.commit != head || tag.name != prefix+tag.version {
				t.Fatalf("checked %+v, which is not prefix+version at HEAD", tag)
			}
		}
		if !refuse && plan.floating != nil {
			t.Fatalf("floating tags refused although allowed: %q", plan.floating)
		}
	})
}
