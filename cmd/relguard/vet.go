package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/relguard/relguard/analyzers"
	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/regularfile"
)

// vetConfig is the part of the per-package configuration go vet writes for
// its tool that tells it from any other file named *.cfg.
type vetConfig struct {
	ID         string
	Compiler   string
	ImportPath string
	GoFiles    []string
	VetxOutput string
	VetxOnly   bool
}

// isVetInvocation reports whether go vet is driving relguard through the
// unitchecker protocol: it first asks for the tool's version (-V=full) and
// flags (-flags), then runs it once per package with the analyzer flags
// and a JSON configuration file, $WORK/bNNN/vet.cfg. A last argument that
// merely ends in .cfg is not enough: `relguard x.cfg` is a mistyped
// command, not go vet.
func isVetInvocation(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if args[0] == "-V=full" || args[0] == "-flags" {
		return true
	}
	if len(args) > 1 && !strings.HasPrefix(args[0], "-") {
		return false // a relguard command such as check ... --config x.cfg
	}
	_, ok := readVetConfig(args[len(args)-1])
	return ok
}

func readVetConfig(path string) (*vetConfig, bool) {
	if !strings.HasSuffix(path, ".cfg") {
		return nil, false
	}
	data, err := regularfile.Read(path, 0)
	if err != nil {
		return nil, false
	}
	var cfg vetConfig
	if json.Unmarshal(data, &cfg) != nil || cfg.ID == "" || cfg.Compiler == "" || cfg.ImportPath == "" || cfg.VetxOutput == "" {
		return nil, false
	}
	return &cfg, true
}

// vetFlagError validates the analyzer flag values among go vet's arguments
// (all but the last, the configuration file) the way unitchecker will
// parse them, and returns the first invalid one as one line. Other
// problems are left to unitchecker.
func vetFlagError(args []string) error {
	fs := flag.NewFlagSet("relguard", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var bad error
	for _, a := range analyzers.All() {
		fs.Bool(a.Name, false, "")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(&checkedValue{Value: f.Value, name: a.Name + "." + f.Name, bad: &bad}, a.Name+"."+f.Name, "")
		})
	}
	// unitchecker's own flags.
	fs.String("V", "", "")
	fs.Int("c", -1, "")
	fs.String("tags", "", "")
	for _, name := range []string{"flags", "json", "fix", "diff", "source", "v", "all"} {
		fs.Bool(name, false, "")
	}
	if err := fs.Parse(args); err != nil && bad == nil {
		return nil
	}
	return bad
}

// checkedValue records the first value an analyzer flag rejects.
type checkedValue struct {
	flag.Value
	name string
	bad  *error
}

func (v *checkedValue) Set(s string) error {
	err := v.Value.Set(s)
	if err != nil && *v.bad == nil {
		*v.bad = fmt.Errorf("invalid value %s for flag -%s: %s", excerpt.Quote(s), v.name, excerpt.Within(err.Error(), s))
	}
	return err
}

func (v *checkedValue) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

var _ flag.Value = (*checkedValue)(nil)

// workDir matches the go command's build directory, which holds one
// bNNN directory per package and is removed when go vet ends.
var workDir = regexp.MustCompile(`^go-build[0-9]*$`)
var actionDir = regexp.MustCompile(`^b[0-9]+$`)

// reportVetFlagError prints a bad analyzer flag value once per go vet run
// and returns the exit code.
//
// go vet runs relguard once per package, in parallel processes, each with
// the same flags; unitchecker would print the error and its usage in every
// one of them — hundreds of lines. go vet checks its own boolean flags once,
// before running anything; a tool's other values only the tool can check.
// So the first process of the run to claim a marker file in go's build
// directory prints the one line and fails, which fails go vet; the others
// exit quietly without writing results, so that nothing is cached and a
// later run reports the error again. Only a package the user named can
// claim the marker (vetxOnly is false): go vet also runs the tool on every
// dependency, to collect facts, and a header naming one of those would
// mislead. Run by hand on a configuration file outside a go build
// directory, relguard always prints.
func reportVetFlagError(cfgPath string, vetxOnly bool, flagErr error, stderr io.Writer) int {
	if marker := vetMarker(cfgPath); marker != "" {
		if vetxOnly {
			return 0
		}
		f, err := os.OpenFile(marker, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return 0
		}
		if err == nil {
			f.Close()
		}
	}
	fmt.Fprintf(stderr, "relguard: %v (see relguard lint -h for the analyzer flags)\n", flagErr)
	return 1
}

// vetMarker is the marker file for the go vet run cfgPath belongs to, or
// "" when cfgPath is not in a go build directory.
func vetMarker(cfgPath string) string {
	abs, err := filepath.Abs(cfgPath)
	if err != nil {
		return ""
	}
	action := filepath.Dir(abs)
	work := filepath.Dir(action)
	if !actionDir.MatchString(filepath.Base(action)) || !workDir.MatchString(filepath.Base(work)) {
		return ""
	}
	return filepath.Join(work, "relguard-vet-flag-error")
}

// checkVetFlags is what relguard does before handing a go vet run over to
// unitchecker: it reports a bad analyzer flag value once (stop is true, and
// code is the exit code); otherwise unitchecker takes over.
func checkVetFlags(args []string, stderr io.Writer) (code int, stop bool) {
	if args[0] == "-V=full" || args[0] == "-flags" {
		return 0, false
	}
	if err := vetFlagError(args[:len(args)-1]); err != nil {
		cfg, ok := readVetConfig(args[len(args)-1])
		return reportVetFlagError(args[len(args)-1], ok && cfg.VetxOnly, err, stderr), true
	}
	return 0, false
}
