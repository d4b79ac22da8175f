package analyzers

import (
	"strings"
	"testing"
)

// TestConfigureValueOfTheWrongKind: a mapping where a flag value belongs
// is named in the configuration's words, not as a Go type.
func TestConfigureValueOfTheWrongKind(t *testing.T) {
	for _, v := range []any{map[string]any{"a": 1}, []any{map[string]any{"a": 1}}} {
		_, err := Configure(map[string]any{"ambigtype.names": v})
		want := `setting "ambigtype.names": want a string, bool, number or list, got a mapping`
		if err == nil || err.Error() != want {
			t.Errorf("Configure(%v) = %v, want %s", v, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "interface") {
			t.Errorf("the error names a Go type: %v", err)
		}
	}
}
