package ambigtype

import (
	"golang.org/x/tools/go/analysis"
)

// NewAnalyzer returns a fresh analyzer. Placeholder: replaced by the real implementation.
func NewAnalyzer() *analysis.Analyzer {
	return &analysis.Analyzer{Name: "ambigtype", Doc: "placeholder", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
}

// Analyzer is the default instance, for vet-style drivers.
var Analyzer = NewAnalyzer()
