package hooks

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The hooks must parse with every POSIX shell git may run them with.
func TestScriptsArePOSIXShell(t *testing.T) {
	var shells []string
	for _, sh := range []string{"sh", "dash", "bash", "busybox"} {
		if _, err := exec.LookPath(sh); err == nil {
			shells = append(shells, sh)
		}
	}
	if len(shells) == 0 {
		t.Skip("no shell installed")
	}
	for name, script := range map[string]string{"pre-commit": PreCommit, "pre-push": PrePush} {
		if !strings.HasPrefix(script, "#!/bin/sh\n") {
			t.Errorf("%s does not start with #!/bin/sh", name)
		}
		if !strings.HasPrefix(strings.SplitN(script, "\n", 3)[1], Marker) {
			t.Errorf("%s: second line does not carry the marker %q", name, Marker)
		}
		for _, sh := range shells {
			args := []string{"-n"}
			if sh == "busybox" {
				args = []string{"sh", "-n"}
			}
			cmd := exec.Command(sh, args...)
			cmd.Stdin = strings.NewReader(script)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s -n %s: %v\n%s", sh, name, err, out)
			}
		}
	}
	cmd := exec.Command("sh", "-n", "build-golangci-lint.sh")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sh -n build-golangci-lint.sh: %v\n%s", err, out)
	}
}

// TestBuildScriptCacheDir: RELGUARD_CACHE is relguard lint's result cache,
// which may be "off"; the build script must not take "off" (or any relative
// path) as a directory to create in the current directory. The go command
// is faked for the download and the build, so nothing is fetched or built.
func TestBuildScriptCacheDir(t *testing.T) {
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no shell installed")
	}
	tmp := t.TempDir()
	src := filepath.Join(tmp, "gcl-src")
	for path, content := range map[string]string{
		filepath.Join(src, "go.mod"):                       "module github.com/golangci/golangci-lint/v2\n\ngo 1.22\n",
		filepath.Join(src, "cmd", "golangci-lint", "m.go"): "package main\n",
		filepath.Join(tmp, "bin", "go"): `#!/bin/sh
case "$1 $2" in
"mod download") printf '{\n\t"Dir": "%s"\n}\n' "$FAKE_GCL_SRC"; exit 0 ;;
esac
if [ "$1" = build ]; then
	while [ $# -gt 0 ]; do
		if [ "$1" = -o ]; then printf '#!/bin/sh\n' >"$2" && chmod +x "$2"; exit $?; fi
		shift
	done
	exit 1
fi
exec "$REAL_GO" "$@"
`,
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	script, err := filepath.Abs("build-golangci-lint.sh")
	if err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(tmp, "abs-cache")
	for _, tc := range []struct{ env, wantUnder string }{
		{"off", filepath.Join(tmp, "xdg", "relguard", "golangci-lint")},
		{"relative/dir", filepath.Join(tmp, "xdg", "relguard", "golangci-lint")},
		{abs, filepath.Join(abs, "golangci-lint")},
	} {
		cwd := filepath.Join(tmp, "cwd-"+filepath.Base(tc.env))
		if err := os.MkdirAll(cwd, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("sh", script)
		cmd.Dir = cwd
		cmd.Env = append(os.Environ(),
			"PATH="+filepath.Join(tmp, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"),
			"REAL_GO="+realGo, "FAKE_GCL_SRC="+src,
			"XDG_CACHE_HOME="+filepath.Join(tmp, "xdg"), "RELGUARD_CACHE="+tc.env)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("RELGUARD_CACHE=%s: %v\n%s", tc.env, err, err.(*exec.ExitError).Stderr)
		}
		if got := strings.TrimSpace(string(out)); !strings.HasPrefix(got, tc.wantUnder+string(filepath.Separator)) {
			t.Errorf("RELGUARD_CACHE=%s: binary at %s, want it under %s", tc.env, got, tc.wantUnder)
		}
		if entries, _ := os.ReadDir(cwd); len(entries) != 0 {
			t.Errorf("RELGUARD_CACHE=%s: the script wrote %s into the current directory", tc.env, entries[0].Name())
		}
	}
}
