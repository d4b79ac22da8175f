package lint

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/relguard/relguard/analyzers"
)

// BenchmarkLintSelf lints relguard's own module with relguard's analyzers
// and with a test analyzer that uses facts, from an empty cache (cold) and
// with every result cached (warm). bench/lint.sh compares the CLI with go
// vet; this measures the driver alone.
func BenchmarkLintSelf(b *testing.B) {
	for _, bc := range []struct {
		name      string
		analyzers func() []*analysis.Analyzer
	}{
		{"relguard", analyzers.All},
		{"facts", func() []*analysis.Analyzer { return []*analysis.Analyzer{emitsAnalyzer()} }},
	} {
		b.Run(bc.name+"/cold", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := run(Options{Dir: "../..", Tests: true, Analyzers: bc.analyzers(), CacheDir: b.TempDir()}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(bc.name+"/warm", func(b *testing.B) {
			cache := b.TempDir()
			opts := Options{Dir: "../..", Tests: true, Analyzers: bc.analyzers(), CacheDir: cache}
			if _, err := run(opts); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := run(opts)
				if err != nil {
					b.Fatal(err)
				}
				if res.misses != 0 {
					b.Fatalf("warm run analysed %d packages", res.misses)
				}
			}
		})
	}
}
