package hooks

import (
	"os/exec"
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
