package images

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseCompose(t *testing.T) {
	data := `x-common: &common
  restart: always
  image: applylens/base:1
services:
  web:
    build: ./apps/web
    image: applylens/web:${WEB_TAG:-0.5.0}
  api:
    <<: *common
    build:
      context: services/api
    image: "registry.local:5000/applylens/api:0.5.0"
  db:
    image: postgres
  worker:
    <<: *common
  bare:
`
	got, err := ParseCompose([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []Service{
		{Name: "web", Line: 5, Image: "applylens/web:${WEB_TAG:-0.5.0}", ImageLine: 7, HasBuild: true},
		{Name: "api", Line: 8, Image: "registry.local:5000/applylens/api:0.5.0", ImageLine: 12, HasBuild: true},
		{Name: "db", Line: 13, Image: "postgres", ImageLine: 14},
		{Name: "worker", Line: 15, Image: "applylens/base:1", ImageLine: 3},
		{Name: "bare", Line: 17},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
}

func TestParseComposeErrors(t *testing.T) {
	tests := []struct {
		data string
		line int
		msg  string
	}{
		{"services:\n  web:\n    image: [a\n", 2, "invalid YAML"},
		{"services:\n  web:\n\timage: x\n", 3, "invalid YAML"},
		{"- a\n- b\n", 1, "must be a mapping"},
		{"services: [web]\n", 1, "services: must be a mapping"},
		{"services:\n  web:\n    image: {a: b}\n", 3, "image: must be a string"},
		{"services:\x00", 0, "binary"},
	}
	for _, tt := range tests {
		_, err := ParseCompose([]byte(tt.data))
		e, ok := err.(*Error)
		if !ok || e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("ParseCompose(%q) = %v, want line %d containing %q", tt.data, err, tt.line, tt.msg)
		}
	}
	if s, err := ParseCompose(nil); err != nil || len(s) != 0 {
		t.Errorf("empty file: %v %v", s, err)
	}
}

func TestInterpolate(t *testing.T) {
	tests := []struct {
		in, value string
		unset     []string
	}{
		{"app:0.5.0", "app:0.5.0", nil},
		{"app:${TAG}", "app:", []string{"TAG"}},
		{"app:$TAG", "app:", []string{"TAG"}},
		{"app:${TAG:-0.5.0}", "app:0.5.0", nil},
		{"app:${TAG-latest}", "app:latest", nil},
		{"app:${TAG:?set TAG}", "app:", []string{"TAG"}},
		{"app:${TAG?err}", "app:", []string{"TAG"}},
		{"app${TAG:+:x}", "app", nil},
		{"${REG:-r.local:5000}/app:${TAG:-${VERSION:-0.5.0}}", "r.local:5000/app:0.5.0", nil},
		{"app:${TAG:-${VERSION}}", "app:", []string{"VERSION"}},
		{"echo $$HOME $", "echo $HOME $", nil},
		{"a$-b", "a$-b", nil},
	}
	for _, tt := range tests {
		got, err := Interpolate(tt.in)
		if err != nil {
			t.Errorf("Interpolate(%q): %v", tt.in, err)
			continue
		}
		if got.Value != tt.value || !reflect.DeepEqual(got.Unset, tt.unset) {
			t.Errorf("Interpolate(%q) = %q unset %v, want %q unset %v", tt.in, got.Value, got.Unset, tt.value, tt.unset)
		}
	}
	for _, bad := range []string{"app:${TAG", "${}", "${1A}", "${A:x}", strings.Repeat("${A:-", 40) + strings.Repeat("}", 40)} {
		if _, err := Interpolate(bad); err == nil {
			t.Errorf("Interpolate(%q) succeeded", bad)
		}
	}
}

func TestInterpolateEnv(t *testing.T) {
	env := map[string]string{"SENTRY_IMAGE": "getsentry/sentry:24.2.0", "TAG": "1.0.0", "EMPTY": ""}
	tests := []struct {
		in, value             string
		unset, defaulted, env []string
	}{
		{"$SENTRY_IMAGE", "getsentry/sentry:24.2.0", nil, nil, []string{"SENTRY_IMAGE"}},
		{"app:${TAG}", "app:1.0.0", nil, nil, []string{"TAG"}},
		{"app:${TAG:-latest}", "app:1.0.0", nil, nil, []string{"TAG"}},
		{"app:${OTHER:-latest}", "app:latest", nil, []string{"OTHER"}, nil},
		{"app:${EMPTY:-latest}", "app:latest", nil, []string{"EMPTY"}, nil},
		{"app:${EMPTY-latest}", "app:", nil, nil, []string{"EMPTY"}},
		{"app:${TAG:?set it}", "app:1.0.0", nil, nil, []string{"TAG"}},
		{"app:${EMPTY:?set it}", "app:", []string{"EMPTY"}, nil, nil},
		{"app${TAG:+:v$TAG}", "app:v1.0.0", nil, nil, []string{"TAG", "TAG"}},
		{"app${EMPTY:+:x}", "app", nil, nil, nil},
		{"app${EMPTY+:x}", "app:x", nil, nil, []string{"EMPTY"}},
		{"app:$NOPE", "app:", []string{"NOPE"}, nil, nil},
	}
	for _, tt := range tests {
		got, err := InterpolateEnv(tt.in, env, "")
		if err != nil {
			t.Errorf("InterpolateEnv(%q): %v", tt.in, err)
			continue
		}
		if got.Value != tt.value || !reflect.DeepEqual(got.Unset, tt.unset) || !reflect.DeepEqual(got.Defaulted, tt.defaulted) || !reflect.DeepEqual(got.FromEnv, tt.env) {
			t.Errorf("InterpolateEnv(%q) = %q unset %v defaulted %v env %v, want %q %v %v %v", tt.in, got.Value, got.Unset, got.Defaulted, got.FromEnv, tt.value, tt.unset, tt.defaulted, tt.env)
		}
	}
}

func TestParseRef(t *testing.T) {
	tests := []struct {
		in                             string
		name, familiar, tag, digestPfx string
	}{
		{"nginx", "docker.io/library/nginx", "nginx", "", ""},
		{"applylens/web:0.5.0", "docker.io/applylens/web", "applylens/web", "0.5.0", ""},
		{"registry.local:5000/app", "registry.local:5000/app", "registry.local:5000/app", "", ""},
		{"registry.local:5000/app:v0.5.0", "registry.local:5000/app", "registry.local:5000/app", "v0.5.0", ""},
		{"app@sha256:" + strings.Repeat("a", 64), "docker.io/library/app", "app", "", "sha256:"},
		{"ghcr.io/o/app:0.5.0@sha256:" + strings.Repeat("b", 64), "ghcr.io/o/app", "ghcr.io/o/app", "0.5.0", "sha256:"},
	}
	for _, tt := range tests {
		r, err := ParseRef(tt.in)
		if err != nil {
			t.Errorf("ParseRef(%q): %v", tt.in, err)
			continue
		}
		if r.Name != tt.name || r.Familiar != tt.familiar || r.Tag != tt.tag || !strings.HasPrefix(r.Digest, tt.digestPfx) || (tt.digestPfx == "") != (r.Digest == "") {
			t.Errorf("ParseRef(%q) = %+v", tt.in, r)
		}
	}
	for _, bad := range []string{"", "App:1", "a:b:c", "app:", "app@sha256:short"} {
		if _, err := ParseRef(bad); err == nil {
			t.Errorf("ParseRef(%q) succeeded", bad)
		}
	}
	r, _ := ParseRef("applylens/web:0.5.0")
	for name, want := range map[string]bool{"applylens/web": true, "docker.io/applylens/web": true, "applylens/web:0.4.0": true, "applylens/api": false, "web": false} {
		if got := SameRepository(name, r); got != want {
			t.Errorf("SameRepository(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestVersionTags(t *testing.T) {
	for in, want := range map[string][]string{
		"0.5.0":          {"0.5.0"},
		"1.0.0-rc.1":     {"1.0.0-rc.1"},
		"0.5.0+build.7":  {"0.5.0_build.7", "0.5.0-build.7", "0.5.0"},
		"1.0.0-rc.1+sha": {"1.0.0-rc.1_sha", "1.0.0-rc.1-sha", "1.0.0-rc.1"},
	} {
		if got := VersionTags(in); !slices.Equal(got, want) {
			t.Errorf("VersionTags(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseKubernetes(t *testing.T) {
	data := `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: applylens/api:0.5.0
      containers:
        - name: web
          image: applylens/web:0.5.0
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: busybox
---
# empty document
---
kind: Pod
metadata: {name: debug}
spec:
  ephemeralContainers:
    - {name: dbg, image: "alpine:3.20"}
  containers: []
`
	got, err := ParseKubernetes([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []Container{
		{Workload: "Deployment/web", Name: "migrate", List: "initContainers", Image: "applylens/api:0.5.0", Line: 10},
		{Workload: "Deployment/web", Name: "web", List: "containers", Image: "applylens/web:0.5.0", Line: 13},
		{Workload: "CronJob/nightly", Name: "job", List: "containers", Image: "busybox", Line: 26},
		{Workload: "Pod/debug", Name: "dbg", List: "ephemeralContainers", Image: "alpine:3.20", Line: 34},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
	if _, err := ParseKubernetes([]byte("a: 1\n---\nb: [\n")); err == nil {
		t.Error("a malformed second document was accepted")
	}
}

func TestParseHelmValues(t *testing.T) {
	data := `image:
  repository: applylens/web
  tag: "0.5.0"
worker:
  image:
    registry: ghcr.io
    repository: applylens/worker
    tag: ""
redis:
  image:
    repository: bitnami/redis
sidecar:
  image: envoyproxy/envoy:v1.30.0
noimage:
  image: {pullPolicy: Always}
`
	got, err := ParseHelmValues([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []HelmImage{
		{Path: "image", Repository: "applylens/web", Tag: "0.5.0", TagSet: true, Line: 3},
		{Path: "worker.image", Registry: "ghcr.io", Repository: "applylens/worker", TagSet: true, Line: 8},
		{Path: "redis.image", Repository: "bitnami/redis", Line: 10},
		{Path: "sidecar.image", Ref: "envoyproxy/envoy:v1.30.0", Line: 13},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
}

func TestAliasBombIsCheap(t *testing.T) {
	// Each level doubles the expansion; walking must not expand aliases.
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x]\n")
	for i := 1; i < 40; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [*a" + itoa(i-1) + ", *a" + itoa(i-1) + "]\n")
	}
	if _, err := ParseKubernetes([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseHelmValues([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func FuzzParseCompose(f *testing.F) {
	for _, s := range []string{
		"services:\n  web:\n    build: .\n    image: app:${TAG:-0.5.0}\n",
		"x: &x {image: a}\nservices:\n  s:\n    <<: *x\n",
		"services:\n  s:\n    <<: [*x]\n",
		"---\nservices: {}\n---\n",
		"services: [",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		svcs, err := ParseCompose(data)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		for _, s := range svcs {
			if in, err := Interpolate(s.Image); err == nil {
				_, _ = ParseRef(in.Value)
			}
		}
		_, _ = ParseKubernetes(data)
		_, _ = ParseHelmValues(data)
	})
}

func FuzzInterpolate(f *testing.F) {
	for _, s := range []string{"a:${T:-${V:-1}}", "$$x", "${A:?e}", "${", "$"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in, err := Interpolate(s)
		if err == nil && !strings.Contains(s, "$") && in.Value != s {
			t.Fatalf("text without $ changed: %q -> %q", s, in.Value)
		}
	})
}

func TestRawTag(t *testing.T) {
	for raw, tag := range map[string]string{
		"app":                              "",
		"app:0.5.0":                        "0.5.0",
		"registry.local:5000/app":          "",
		"registry.local:5000/app:v1":       "v1",
		"app:${TAG:-latest}":               "${TAG:-latest}",
		"${REG:-r:5000}/app":               "",
		"${REG:-r:5000}/app:${T:-${V:-1}}": "${T:-${V:-1}}",
		"app:1@sha256:abc":                 "1",
		"app@sha256:abc":                   "",
		"${IMAGE}":                         "",
	} {
		if got := RawTag(raw); got != tag {
			t.Errorf("RawTag(%q) = %q, want %q", raw, got, tag)
		}
	}
}
