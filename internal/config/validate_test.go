package config

import (
	"strings"
	"testing"
)

// TestParseValidatesLintSection: the lint: section is checked when the
// file is parsed, so that check, notes, tag and the hooks reject a
// misspelt analyzer setting as relguard lint does.
func TestParseValidatesLintSection(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"tag_prefix: v\nlint:\n  ambigtype.names: [Session]\n  ambigtype.nmes: [Token]\n",
			`line 4: lint: unknown setting "ambigtype.nmes": analyzer ambigtype has no flag "nmes"`},
		{"lint:\n  ambigtyp.names: [Session]\n",
			`line 2: lint: unknown setting "ambigtyp.names": keys are <analyzer>.<flag>`},
		{"lint:\n  names: [Session]\n", `line 2: lint: unknown setting "names"`},
		{"lint:\n  ambigtype.names: [\"not an identifier\"]\n", `line 2: lint: setting "ambigtype.names": invalid value "not an identifier"`},
		{"lint:\n  tests: true\n  enable: [ambigtype, cookiesce]\n", `line 3: lint.enable: unknown analyzer "cookiesce" (known: ambigtype, cookiesec)`},
		{"lint:\n  disable: [nope]\n", `line 2: lint.disable: unknown analyzer "nope"`},
		{"lint:\n  ambigtype:\n    names: [Session]\n", `line 2: lint: unknown setting "ambigtype"`},
	} {
		_, err := Parse([]byte(c.yaml))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Parse(%q) error %v, want one starting %q", c.yaml, err, c.want)
		}
	}
	cfg, err := Parse([]byte("lint:\n  enable: [cookiesec]\n  ambigtype.names: [Session]\n  cookiesec.session-names: ['^sid$']\n"))
	if err != nil || cfg.Lint.Settings["ambigtype.names"] == nil {
		t.Errorf("valid lint section: %+v, %v", cfg, err)
	}
}

func TestParseHooksPrePush(t *testing.T) {
	for yaml, want := range map[string]string{
		"":                FloatingAllow,
		"tag_prefix: v\n": FloatingAllow,
		"hooks:\n  pre_push:\n    floating_tags: refuse\n": FloatingRefuse,
		"hooks:\n  pre_push:\n    floating_tags: allow\n":  FloatingAllow,
	} {
		cfg, err := Parse([]byte(yaml))
		if err != nil || cfg.Hooks.PrePush.FloatingTags != want {
			t.Errorf("Parse(%q): floating_tags %q, %v; want %q", yaml, cfg.Hooks.PrePush.FloatingTags, err, want)
		}
	}
	for yaml, want := range map[string]string{
		"hooks:\n  pre_push:\n    floating_tags: block\n":    `line 3: hooks.pre_push.floating_tags is "block"; use "allow" or "refuse"`,
		"hooks:\n  pre_push:\n    floating_tag: refuse\n":    `line 3: unknown key "floating_tag"`,
		"hooks:\n  prepush:\n    floating_tags: refuse\n":    `line 2: unknown key "prepush"`,
		"hooks:\n  pre_push:\n    floating_tags: [refuse]\n": `line 3: `,
	} {
		_, err := Parse([]byte(yaml))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Parse(%q) error %v, want one starting %q", yaml, err, want)
		}
	}
}
