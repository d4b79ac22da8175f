package lint

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/relguard/relguard/internal/regularfile"
	"github.com/relguard/relguard/internal/replacefile"
	"github.com/relguard/relguard/internal/unifieddiff"
)

// FixResult is what applying suggested fixes would do.
type FixResult struct {
	Original map[string][]byte // file -> content before, for every changed file
	Changed  map[string][]byte // file -> content after
	Fixed    []Diagnostic      // diagnostics whose first fix was applied
	Unfixed  []Diagnostic      // diagnostics without a fix, or whose fix was skipped
	Skipped  []Diagnostic      // subset of Unfixed: the fix conflicted with another one
}

// readSource reads a Go file of a loaded package. The bound is generous:
// generated files run to tens of megabytes.
func readSource(path string) ([]byte, error) {
	return regularfile.Read(path, 256<<20)
}

// ApplyFixes computes the effect of the first suggested fix of every
// diagnostic, in memory. Only the edits change the files: nothing is
// reformatted. A fix whose edits overlap an edit already accepted (other
// than an identical one, as when two diagnostics add the same import) is
// skipped as a whole, so a file is never left half-fixed.
func ApplyFixes(diags []Diagnostic, readFile func(string) ([]byte, error)) (*FixResult, error) {
	res := &FixResult{Original: map[string][]byte{}, Changed: map[string][]byte{}}
	accepted := map[string][]Edit{}
	for _, d := range diags {
		if len(d.Fixes) == 0 || len(d.Fixes[0].Edits) == 0 {
			res.Unfixed = append(res.Unfixed, d)
			continue
		}
		edits := d.Fixes[0].Edits
		ok := true
		for _, e := range edits {
			content, err := res.original(e.File, readFile)
			if err != nil {
				return nil, err
			}
			if e.Offset < 0 || e.End < e.Offset || e.End > len(content) {
				return nil, fmt.Errorf("%s: fix %q has an edit outside the file (offsets %d-%d, size %d); was the file changed during the run?", e.File, d.Fixes[0].Message, e.Offset, e.End, len(content))
			}
			if conflicts(accepted[e.File], e) {
				ok = false
			}
		}
		if !ok {
			res.Unfixed = append(res.Unfixed, d)
			res.Skipped = append(res.Skipped, d)
			continue
		}
		for _, e := range edits {
			if !slices.Contains(accepted[e.File], e) {
				accepted[e.File] = append(accepted[e.File], e)
			}
		}
		res.Fixed = append(res.Fixed, d)
	}
	for file, edits := range accepted {
		res.Changed[file] = applyEdits(res.Original[file], edits)
	}
	for file := range res.Original {
		if _, changed := res.Changed[file]; !changed {
			delete(res.Original, file)
		}
	}
	return res, nil
}

func (r *FixResult) original(file string, readFile func(string) ([]byte, error)) ([]byte, error) {
	if data, ok := r.Original[file]; ok {
		return data, nil
	}
	data, err := readFile(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s to apply a fix: %v", file, err)
	}
	r.Original[file] = data
	return data, nil
}

// conflicts reports whether e overlaps one of the accepted edits. Two
// insertions at the same offset conflict too (their order would be
// arbitrary) unless they are identical.
func conflicts(accepted []Edit, e Edit) bool {
	for _, a := range accepted {
		if a == e {
			continue
		}
		if a.Offset < e.End && e.Offset < a.End {
			return true
		}
		if a.Offset == e.Offset && (a.Offset == a.End || e.Offset == e.End) {
			return true
		}
	}
	return false
}

func applyEdits(content []byte, edits []Edit) []byte {
	sorted := slices.Clone(edits)
	slices.SortFunc(sorted, func(a, b Edit) int { return cmp.Or(cmp.Compare(a.Offset, b.Offset), cmp.Compare(a.End, b.End)) })
	var out []byte
	last := 0
	for _, e := range sorted {
		out = append(out, content[last:e.Offset]...)
		out = append(out, e.NewText...)
		last = e.End
	}
	return append(out, content[last:]...)
}

// WriteFixes replaces the changed files, keeping their permissions, all
// or nothing: a file is never left half-written, and a failure leaves the
// package as it was rather than half-fixed.
func (r *FixResult) WriteFixes() error {
	var files []replacefile.File
	for _, file := range sortedKeys(r.Changed) {
		files = append(files, replacefile.File{Path: file, Name: file, Data: r.Changed[file]})
	}
	if err := replacefile.All(files); err != nil {
		return fmt.Errorf("cannot write the fixes: %v", err)
	}
	return nil
}

// WriteDiff prints the changes as a unified diff with a/ and b/ prefixes
// (paths relative to relTo when below it), ready for `git apply` or
// `patch -p1`.
func (r *FixResult) WriteDiff(w io.Writer, relTo string) error {
	for _, file := range sortedKeys(r.Changed) {
		name := filepath.ToSlash(relPath(file, relTo))
		oldLabel, newLabel := "a/"+name, "b/"+name
		if filepath.IsAbs(name) || strings.HasPrefix(name, "/") {
			oldLabel, newLabel = name, name
		}
		before, after := string(r.Original[file]), string(r.Changed[file])
		if err := unifieddiff.Write(w, oldLabel, newLabel, before, after); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
