package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// vetCfg is the shape of the file go vet passes its tool for each package.
const vetCfg = `{
	"ID": "example.com/basic",
	"Compiler": "gc",
	"Dir": "/src/basic",
	"ImportPath": "example.com/basic",
	"GoFiles": ["/src/basic/basic.go"],
	"VetxOutput": "/tmp/go-build1/b001/vet.out",
	"VetxOnly": false
}
`

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestIsVetInvocation(t *testing.T) {
	cfg := writeTemp(t, "vet.cfg", vetCfg)
	notVet := writeTemp(t, "x.cfg", "[server]\nport = 80\n")
	emptyJSON := writeTemp(t, "empty.cfg", "{}")
	for _, c := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{cfg}, true},
		{[]string{"-ambigtype.names=Token", "-json", cfg}, true},
		{[]string{"-ambigtype.names", "Token", "-json", cfg}, true}, // a flag value given apart
		{[]string{notVet}, false},                                   // relguard x.cfg: a mistyped command
		{[]string{emptyJSON}, false},                                // JSON, but not go vet's
		{[]string{filepath.Join(t.TempDir(), "missing.cfg")}, false},
		{[]string{"check", "0.5.0", "--config", cfg}, false},
		{[]string{"version"}, false},
	} {
		if got := isVetInvocation(c.args); got != c.want {
			t.Errorf("isVetInvocation(%q) = %v, want %v", c.args, got, c.want)
		}
	}
}

// TestCfgArgumentIsNotGoVet: `relguard x.cfg` used to be handed to the
// vet protocol, which answered with unitchecker's errors.
func TestCfgArgumentIsNotGoVet(t *testing.T) {
	notVet := writeTemp(t, "x.cfg", "[server]\nport = 80\n")
	code, _, stderr := runCLI(t, notVet)
	if want := "relguard: unknown command " + `"` + notVet + `"` + "; run \"relguard help\" for the list\n"; code != 2 || stderr != want {
		t.Errorf("relguard x.cfg: exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
}

func TestVetFlagError(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-ambigtype.names=Token", "-json"}, ""},
		{[]string{"-ambigtype", "-cookiesec=false", "-V=full", "-c=2", "-fix"}, ""},
		{[]string{"-ambigtype.names=not an identifier", "-json"}, `invalid value "not an identifier" for flag -ambigtype.names: invalid type name "not an identifier"`},
		{[]string{"-json", "-ambigtype.names", "not-a-name"}, `invalid value "not-a-name" for flag -ambigtype.names`},
		{[]string{"-ambigtype.names=" + strings.Repeat("x-", 5000)}, `invalid value "` + strings.Repeat("x-", 40) + `…" for flag -ambigtype.names`},
		{[]string{"-nosuch=1"}, ""}, // not relguard's to judge: unitchecker reports it
	} {
		err := vetFlagError(c.args)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("vetFlagError(%.60q) = %v, want nil", c.args, err)
		case c.want != "" && (err == nil || !strings.HasPrefix(err.Error(), c.want)):
			t.Errorf("vetFlagError(%.60q) = %v, want one starting %q", c.args, err, c.want)
		case err != nil && len(err.Error()) > 400:
			t.Errorf("vetFlagError echoes the whole value: %d bytes", len(err.Error()))
		}
	}
}

// TestReportVetFlagErrorOncePerRun: the processes go vet starts for one run
// share its build directory; only the first package process reports.
func TestReportVetFlagErrorOncePerRun(t *testing.T) {
	work := filepath.Join(t.TempDir(), "go-build123456")
	cfg := func(action string) string {
		dir := filepath.Join(work, action)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return filepath.Join(dir, "vet.cfg")
	}
	flagErr := vetFlagError([]string{"-ambigtype.names=bad name"})
	var out bytes.Buffer
	if code := reportVetFlagError(cfg("b003"), true, flagErr, &out); code != 0 || out.Len() != 0 {
		t.Errorf("a dependency's fact run reported: exit %d, %q", code, out.String())
	}
	if code := reportVetFlagError(cfg("b001"), false, flagErr, &out); code != 1 || strings.Count(out.String(), "\n") != 1 || !strings.HasPrefix(out.String(), "relguard: invalid value \"bad name\" for flag -ambigtype.names") {
		t.Errorf("first package: exit %d, %q; want 1 and one line", code, out.String())
	}
	out.Reset()
	if code := reportVetFlagError(cfg("b002"), false, flagErr, &out); code != 0 || out.Len() != 0 {
		t.Errorf("second package of the same run: exit %d, %q; want a quiet 0", code, out.String())
	}
	// By hand, outside a go build directory: always reported.
	for range 2 {
		out.Reset()
		if code := reportVetFlagError(filepath.Join(t.TempDir(), "vet.cfg"), false, flagErr, &out); code != 1 || out.Len() == 0 {
			t.Errorf("by hand: exit %d, %q", code, out.String())
		}
	}
}

// TestGoVetBadFlagValueReportedOnce runs the real go vet: a bad analyzer
// flag value used to print the error and a usage block for every package.
func TestGoVetBadFlagValueReportedOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds relguard and runs go vet")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := filepath.Join(t.TempDir(), "relguard")
	if out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	mod := filepath.Join(t.TempDir(), "basic")
	if err := os.CopyFS(mod, os.DirFS(filepath.Join("..", "..", "testdata", "lint", "basic"))); err != nil {
		t.Fatal(err)
	}
	for _, flags := range [][]string{{"-ambigtype.names=not an identifier"}, {"-ambigtype.names", "not an identifier"}} {
		// Twice: the failure must not be cached as a success.
		for range 2 {
			cmd := exec.Command(goBin, append(append([]string{"vet", "-vettool=" + bin}, flags...), "./...")...)
			cmd.Dir = mod
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			if err == nil {
				t.Fatalf("go vet %q passed", flags)
			}
			got := stderr.String()
			if n := strings.Count(got, "relguard: invalid value \"not an identifier\" for flag -ambigtype.names"); n != 1 || strings.Contains(got, "Usage") || strings.Count(got, "\n") > 3 {
				t.Errorf("go vet %q: the error appears %d times; want once, without usage:\n%s", flags, n, got)
			}
		}
	}
}
