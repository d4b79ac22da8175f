// Package lint is the driver behind `relguard lint`: it loads packages with
// go/packages and runs relguard's analyzers with go/analysis/checker.
package lint

import (
	"errors"
	"io"

	"golang.org/x/tools/go/analysis"

	"github.com/relguard/relguard/internal/config"
)

// Options selects what to lint.
type Options struct {
	Dir       string            // directory to load from ("" = current)
	Patterns  []string          // package patterns (default ./...)
	Tests     bool              // also analyse test files
	Overlay   map[string][]byte // absolute file path -> content, as in packages.Config.Overlay
	Analyzers []*analysis.Analyzer
}

// Edit is one text edit of a suggested fix, in byte offsets.
type Edit struct {
	File    string `json:"file"`
	Offset  int    `json:"offset"`
	End     int    `json:"end"`
	NewText string `json:"new_text"`
}

// Fix is a suggested fix.
type Fix struct {
	Message string `json:"message"`
	Edits   []Edit `json:"edits"`
}

// Diagnostic is one reported problem. The JSON names are stable.
type Diagnostic struct {
	Analyzer  string `json:"analyzer"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Message   string `json:"message"`
	Fixes     []Fix  `json:"fixes"`
}

// Run lints and returns the diagnostics that survive suppression comments,
// sorted by file and position. Placeholder.
func Run(opts Options) ([]Diagnostic, error) { return nil, errors.New("not implemented") }

// Main is `relguard lint`; it returns the exit code. Placeholder.
func Main(args []string, stdout, stderr io.Writer) int { return 2 }

// WriteText prints diagnostics as "path:line:col: message (analyzer)", with
// paths relative to relTo when they are below it. Placeholder.
func WriteText(w io.Writer, diags []Diagnostic, relTo string) {}

// FindConfig loads relguard.yaml from the module or repository root that
// contains dir (the defaults when there is none). Placeholder.
func FindConfig(dir string) (*config.Config, error) { return config.Default(), nil }

// SelectAnalyzers builds fresh analyzers configured by cfg's lint: section,
// then narrowed by enable/disable (analyzer names; "none" in enable selects
// none). Placeholder.
func SelectAnalyzers(cfg *config.Config, enable, disable []string) ([]*analysis.Analyzer, error) {
	return nil, errors.New("not implemented")
}
