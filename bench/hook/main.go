// Command hook measures how long relguard's pre-commit hook takes on a large
// module with one staged file, next to go vet of that file's package.
//
// It generates a module of -packages packages (once; reused from -dir),
// commits it, stages an edit to one file, warms the caches, then times
// "relguard hooks pre-commit" and "go vet ./<pkg>" -runs times each and
// prints their medians and ratio. bench/hook.sh builds relguard and runs it.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

func main() {
	packages := flag.Int("packages", 500, "number of packages in the generated module")
	runs := flag.Int("runs", 7, "timed runs of each command")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "relguard-bench-hook"), "where the generated module is kept between runs")
	relguard := flag.String("relguard", "relguard", "the relguard binary to time")
	flag.Parse()
	if *packages < 3 || *runs < 1 {
		fmt.Fprintln(os.Stderr, "hook: -packages must be at least 3 and -runs at least 1")
		os.Exit(2)
	}
	if err := bench(*dir, *packages, *runs, *relguard); err != nil {
		fmt.Fprintf(os.Stderr, "hook: %v\n", err)
		os.Exit(1)
	}
}

func bench(base string, n, runs int, relguard string) error {
	mod := filepath.Join(base, fmt.Sprintf("mod-%d", n))
	if _, err := os.Stat(filepath.Join(mod, ".git", "generated")); err != nil {
		fmt.Fprintf(os.Stderr, "generating a module of %d packages in %s\n", n, mod)
		if err := os.RemoveAll(mod); err != nil {
			return err
		}
		if err := generate(mod, n); err != nil {
			return err
		}
	}
	target := n / 2
	pkg := fmt.Sprintf("./internal/p%03d", target)
	file := filepath.Join(mod, "internal", fmt.Sprintf("p%03d", target), "handler.go")
	// The edit being committed: a new function in one file.
	if err := os.WriteFile(file, []byte(packageSource(target, true)), 0o644); err != nil {
		return err
	}
	if err := git(mod, "add", file); err != nil {
		return err
	}
	defer func() {
		// Leave the module committed-clean for the next run.
		if err := git(mod, "reset", "-q", "--hard"); err != nil {
			fmt.Fprintln(os.Stderr, "hook: cannot reset the generated module; delete it to regenerate:", err)
		}
	}()

	hook := []string{relguard, "hooks", "pre-commit"}
	vet := []string{"go", "vet", pkg}
	// Warm the build cache and the page cache for both.
	for _, c := range [][]string{hook, vet} {
		if out, err := command(mod, c).CombinedOutput(); err != nil {
			return fmt.Errorf("%s failed while warming up: %v\n%s", strings.Join(c, " "), err, out)
		}
	}
	hookMed, err := median(mod, hook, runs)
	if err != nil {
		return err
	}
	vetMed, err := median(mod, vet, runs)
	if err != nil {
		return err
	}
	ratio := hookMed.Seconds() / vetMed.Seconds()
	fmt.Printf("module: %d packages, one staged file (%s)\n", n, strings.TrimPrefix(pkg, "./"))
	fmt.Printf("relguard hooks pre-commit: median %.3fs over %d runs (target <= 1.0s: %s)\n", hookMed.Seconds(), runs, verdict(hookMed.Seconds() <= 1.0))
	fmt.Printf("go vet %s: median %.3fs over %d runs\n", pkg, vetMed.Seconds(), runs)
	fmt.Printf("ratio hook / go vet: %.2fx (target <= 1.2x: %s)\n", ratio, verdict(ratio <= 1.2))

	// Partial staging: the work tree differs from the index, so the hook
	// passes the staged content to go/packages as an overlay.
	other := filepath.Join(filepath.Dir(file), "types.go")
	src, err := os.ReadFile(other)
	if err != nil {
		return err
	}
	if err := os.WriteFile(other, append(src, "\n// An unstaged edit.\n"...), 0o644); err != nil {
		return err
	}
	if out, err := command(mod, hook).CombinedOutput(); err != nil {
		return fmt.Errorf("%s failed while warming up: %v\n%s", strings.Join(hook, " "), err, out)
	}
	overlayMed, err := median(mod, hook, runs)
	if err != nil {
		return err
	}
	fmt.Printf("relguard hooks pre-commit with an unstaged edit (overlay): median %.3fs over %d runs\n", overlayMed.Seconds(), runs)
	return nil
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

func median(dir string, args []string, runs int) (time.Duration, error) {
	var ds []time.Duration
	for i := 0; i < runs; i++ {
		start := time.Now()
		if out, err := command(dir, args).CombinedOutput(); err != nil {
			return 0, fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		ds = append(ds, time.Since(start))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2], nil
}

func command(dir string, args []string) *exec.Cmd {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	return cmd
}

func git(dir string, args ...string) error {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME=bench", "GIT_AUTHOR_EMAIL=bench@example.com",
		"GIT_COMMITTER_NAME=bench", "GIT_COMMITTER_EMAIL=bench@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// generate writes a module whose packages form a layered graph: each
// imports net/http and two lower packages, so the linted package has a
// realistic number of dependencies to load.
func generate(mod string, n int) error {
	if err := os.MkdirAll(mod, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/big\n\ngo 1.26\n"), 0o644); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		dir := filepath.Join(mod, "internal", fmt.Sprintf("p%03d", i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		files := map[string]string{
			"types.go":   typesSource(i),
			"handler.go": packageSource(i, false),
		}
		for name, src := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
				return err
			}
		}
	}
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"},
		{"add", "."},
		{"commit", "-q", "--no-verify", "-m", "generated"},
	} {
		if err := git(mod, args...); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(mod, ".git", "generated"), nil, 0o644)
}

func deps(i int) []int {
	var d []int
	if i >= 1 {
		d = append(d, i-1)
	}
	if i >= 7 {
		d = append(d, i/2)
	}
	return d
}

func typesSource(i int) string {
	return fmt.Sprintf(`package p%03d

// Session is package %d's session.
type Session struct {
	ID    string
	User  string
	Flags map[string]bool
}

// Store keeps sessions.
type Store struct{ byID map[string]*Session }

// Get returns the session with id.
func (s *Store) Get(id string) (*Session, bool) {
	v, ok := s.byID[id]
	return v, ok
}
`, i, i)
}

func packageSource(i int, edited bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "package p%03d\n\nimport (\n\t\"net/http\"\n", i)
	for _, d := range deps(i) {
		fmt.Fprintf(&b, "\n\t\"example.com/big/internal/p%03d\"", d)
	}
	b.WriteString("\n)\n\n")
	fmt.Fprintf(&b, "// Handle serves package %d.\nfunc Handle(w http.ResponseWriter, r *http.Request, s *Store) {\n", i)
	for _, d := range deps(i) {
		fmt.Fprintf(&b, "\tp%03d.Handle(w, r, nil)\n", d)
	}
	b.WriteString("\tif sess, ok := s.Get(r.URL.Query().Get(\"id\")); ok {\n\t\thttp.SetCookie(w, &http.Cookie{Name: \"sid\", Value: sess.ID, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})\n\t}\n}\n")
	if edited {
		b.WriteString("\n// Health reports that the package is alive.\nfunc Health(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }\n")
	}
	return b.String()
}
