package bump

import (
	"strings"
	"testing"
)

func changelogPlan(t *testing.T, in string, r ChangelogRelease) (*Plan, string, error) {
	t.Helper()
	if r.Path == "" {
		r.Path = "CHANGELOG.md"
	}
	if r.Version == "" {
		r.Version, r.Tag, r.Date = "0.5.0", "v0.5.0", "2025-01-27"
	}
	p := NewPlan(reader(map[string]string{"CHANGELOG.md": in}))
	_, err := p.Changelog(r)
	out := in
	if c, ok := p.Content(r.Path); ok {
		out = string(c)
	}
	return p, out, err
}

func TestChangelogKeepAChangelogWithLinks(t *testing.T) {
	in := `# Changelog

## [Unreleased]

### Fixed

- Logout no longer returns 500.

## [0.4.64] - 2025-01-20

- Rate limits.

[Unreleased]: https://github.com/acme/app/compare/v0.4.64...HEAD
[0.4.64]: https://github.com/acme/app/compare/v0.4.63...v0.4.64
`
	want := `# Changelog

## [Unreleased]

## [0.5.0] - 2025-01-27

### Fixed

- Logout no longer returns 500.

## [0.4.64] - 2025-01-20

- Rate limits.

[Unreleased]: https://github.com/acme/app/compare/v0.5.0...HEAD
[0.5.0]: https://github.com/acme/app/compare/v0.4.64...v0.5.0
[0.4.64]: https://github.com/acme/app/compare/v0.4.63...v0.4.64
`
	_, got, err := changelogPlan(t, in, ChangelogRelease{})
	if err != nil || got != want {
		t.Fatalf("err %v\ngot\n%s\nwant\n%s", err, got, want)
	}
	// Bumping again finds the section and changes nothing.
	p, again, err := changelogPlan(t, want, ChangelogRelease{})
	if err != nil || again != want || len(p.Files()) != 0 {
		t.Errorf("second bump: err %v, changed %v", err, again != want)
	}
}

func TestChangelogCRLFAndBOMAndUnbracketedHeading(t *testing.T) {
	in := bom + "# Changes\r\n\r\n### Unreleased\r\n\r\n- Fix.\r\n\r\n### 0.4.64 - 2025-01-20\r\n\r\n- Old.\r\n"
	want := bom + "# Changes\r\n\r\n### Unreleased\r\n\r\n### 0.5.0 - 2025-01-27\r\n\r\n- Fix.\r\n\r\n### 0.4.64 - 2025-01-20\r\n\r\n- Old.\r\n"
	_, got, err := changelogPlan(t, in, ChangelogRelease{})
	if err != nil || got != want {
		t.Fatalf("err %v\ngot  %q\nwant %q", err, got, want)
	}
}

func TestChangelogTagPageLinksKeepTheirStyle(t *testing.T) {
	in := "## [Unreleased]\n\n- Fix.\n\n## [2.3.1] - 2026-02-01\n\n- Old.\n\n[Unreleased]: https://github.com/p/c/compare/2.3.1...main\n[2.3.1]: https://github.com/p/c/releases/tag/2.3.1\n"
	want := "## [Unreleased]\n\n## [2.3.2] - 2026-03-29\n\n- Fix.\n\n## [2.3.1] - 2026-02-01\n\n- Old.\n\n[Unreleased]: https://github.com/p/c/compare/2.3.2...main\n[2.3.2]: https://github.com/p/c/releases/tag/2.3.2\n[2.3.1]: https://github.com/p/c/releases/tag/2.3.1\n"
	_, got, err := changelogPlan(t, in, ChangelogRelease{Version: "2.3.2", Tag: "2.3.2", Date: "2026-03-29"})
	if err != nil || got != want {
		t.Fatalf("err %v\ngot\n%s\nwant\n%s", err, got, want)
	}
}

func TestChangelogVersionLinksWithoutUnreleasedLink(t *testing.T) {
	in := "## [Unreleased]\n\n- Fix.\n\n## [0.4.64] - 2025-01-20\n\n- Old.\n\n[0.4.64]: https://example.com/compare/v0.4.63...v0.4.64\n"
	want := "## [Unreleased]\n\n## [0.5.0] - 2025-01-27\n\n- Fix.\n\n## [0.4.64] - 2025-01-20\n\n- Old.\n\n[0.5.0]: https://example.com/compare/v0.4.64...v0.5.0\n[0.4.64]: https://example.com/compare/v0.4.63...v0.4.64\n"
	_, got, err := changelogPlan(t, in, ChangelogRelease{})
	if err != nil || got != want {
		t.Fatalf("err %v\ngot\n%s\nwant\n%s", err, got, want)
	}
}

func TestChangelogUnreleasedLinkThatIsNotACompareLink(t *testing.T) {
	in := "## [Unreleased]\n\n- First.\n\n[Unreleased]: https://example.com/commits/main\n"
	p, got, err := changelogPlan(t, in, ChangelogRelease{})
	if err != nil || !strings.Contains(got, "## [0.5.0] - 2025-01-27") || !strings.Contains(got, "[Unreleased]: https://example.com/commits/main\n") {
		t.Fatalf("err %v\n%s", err, got)
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "CHANGELOG.md:5: the [Unreleased] link is not a compare link") {
		t.Errorf("notes %q", p.Notes)
	}
}

func TestChangelogNeedsASection(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"no Unreleased section", "# Changelog\n\n## 0.4.64\n\n- Old.\n", "CHANGELOG.md: no section for 0.5.0 and no Unreleased section to turn into it; add \"## [Unreleased]\" with the release notes, or pass --notes FILE"},
		{"empty Unreleased section", "## [Unreleased]\n\n### Added\n\n## [0.4.64]\n\n- Old.\n", "CHANGELOG.md:1: the Unreleased section is empty"},
		{"Unreleased only in a code block", "# C\n\n```\n## [Unreleased]\n```\n", "no Unreleased section"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, _, err := changelogPlan(t, tc.in, ChangelogRelease{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			_ = p
		})
	}
	// A missing changelog needs the notes too.
	p := NewPlan(reader(map[string]string{}))
	if _, err := p.Changelog(ChangelogRelease{Path: "CHANGELOG.md", Version: "0.5.0", Tag: "v0.5.0", Date: "2025-01-27"}); err == nil || !strings.Contains(err.Error(), "there is no changelog") {
		t.Errorf("missing changelog: %v", err)
	}
}

func TestChangelogNotes(t *testing.T) {
	notes := []byte("- Fix the logout 500.\n\n")
	t.Run("other style: above the newest release, same heading level", func(t *testing.T) {
		in := "Release history\n===============\n\n### 0.4.64 (2025-01-20)\n\n- Old.\n"
		want := "Release history\n===============\n\n### 0.5.0 - 2025-01-27\n\n- Fix the logout 500.\n\n### 0.4.64 (2025-01-20)\n\n- Old.\n"
		_, got, err := changelogPlan(t, in, ChangelogRelease{Notes: notes})
		if err != nil || got != want {
			t.Fatalf("err %v\ngot\n%s\nwant\n%s", err, got, want)
		}
	})
	t.Run("no release yet: before the link references", func(t *testing.T) {
		in := "# Changelog\r\n\r\n[x]: https://example.com\r\n"
		want := "# Changelog\r\n\r\n## [0.5.0] - 2025-01-27\r\n\r\n- Fix the logout 500.\r\n\r\n[x]: https://example.com\r\n"
		_, got, err := changelogPlan(t, in, ChangelogRelease{Notes: notes})
		if err != nil || got != want {
			t.Fatalf("err %v\ngot  %q\nwant %q", err, got, want)
		}
	})
	t.Run("new changelog", func(t *testing.T) {
		p := NewPlan(reader(map[string]string{}))
		if _, err := p.Changelog(ChangelogRelease{Path: "CHANGELOG.md", Version: "0.5.0", Tag: "v0.5.0", Date: "2025-01-27", Notes: notes}); err != nil {
			t.Fatal(err)
		}
		files := p.Files()
		if len(files) != 1 || !files[0].Created || string(files[0].Data) != "# Changelog\n\n## [0.5.0] - 2025-01-27\n\n- Fix the logout 500.\n" {
			t.Errorf("files %+v", files)
		}
	})
	t.Run("empty notes", func(t *testing.T) {
		if _, _, err := changelogPlan(t, "## 0.4.64\n\n- Old.\n", ChangelogRelease{Notes: []byte("\n \n")}); err == nil || !strings.Contains(err.Error(), "the notes file is empty") {
			t.Errorf("err %v", err)
		}
	})
}

// FuzzChangelog: no changelog makes the rewrite panic, and whenever it
// succeeds the release guard's parser finds the new section.
func FuzzChangelog(f *testing.F) {
	for _, s := range []string{
		"## [Unreleased]\n\n- x\n\n[Unreleased]: https://e/compare/v1...HEAD\n[1]: https://e/compare/v0...v1\n",
		"# C\r\n\r\n## Unreleased\r\n- y\r\n", "## [Unreleased]", "[0.1.0]: https://e/compare/a...b\n## [Unreleased]\n- z",
		"## 0.4.0\n\n- old\n", "\xef\xbb\xbf## [Unreleased]\n- a\n",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, in string, withNotes bool) {
		r := ChangelogRelease{Path: "CHANGELOG.md", Version: "9.9.9", Tag: "v9.9.9", Date: "2025-01-27"}
		if withNotes {
			r.Notes = []byte("- notes\n")
		}
		p := NewPlan(reader(map[string]string{"CHANGELOG.md": in}))
		changed, err := p.Changelog(r)
		if err != nil || !changed {
			return
		}
		out, _ := p.Content("CHANGELOG.md")
		if !strings.Contains(string(out), "9.9.9") {
			t.Fatalf("changed without writing the version:\n%q", out)
		}
	})
}
