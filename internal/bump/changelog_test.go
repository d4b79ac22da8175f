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
	t.Run("other style: above the newest release, in its heading style", func(t *testing.T) {
		in := "Release history\n===============\n\n### 0.4.64 (2025-01-20)\n\n- Old.\n"
		want := "Release history\n===============\n\n### 0.5.0 (2025-01-27)\n\n- Fix the logout 500.\n\n### 0.4.64 (2025-01-20)\n\n- Old.\n"
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
		"## [1.0.0](https://e/compare/v0.9.0...v1.0.0) (2023-12-15)\n- a\n", "1.0.0\n=====\n\n- a\n", "## 9.9.9 (unreleased)\n- a\n",
		"## 1.0.0 (20th December, 2023)\n", "## 9.9.9\n\nUnreleased\n\n- a\n",
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

// TestChangelogHeadingStyles: the new section's heading is the newest
// release's with the version, the compare link and the date replaced, as
// the projects write them; a heading that says more than which release it
// is (an app version badge) is not copied.
func TestChangelogHeadingStyles(t *testing.T) {
	notes := []byte("- Fix.\n")
	cases := []struct {
		name, newest, version, tag, date, want string
	}{
		{"conventional-changelog compare link", "## [8.0.1](https://github.com/lerna/lerna/compare/v8.0.0...v8.0.1) (2023-12-15)", "8.0.2", "v8.0.2", "2024-01-05",
			"## [8.0.2](https://github.com/lerna/lerna/compare/v8.0.1...v8.0.2) (2024-01-05)"},
		{"tree link and date", "## [23.1.0](https://github.com/python-attrs/attrs/tree/23.1.0) - 2023-04-16", "23.2.0", "23.2.0", "2023-12-31",
			"## [23.2.0](https://github.com/python-attrs/attrs/tree/23.2.0) - 2023-12-31"},
		{"ordinal date", "## 0.26.0 (20th December, 2023)", "0.27.0", "0.27.0", "2024-02-21", "## 0.27.0 (21st February, 2024)"},
		{"month name date", "## 1.10.1 (January 30, 2024)", "1.10.2", "v1.10.2", "2024-03-02", "## 1.10.2 (March 2, 2024)"},
		{"abbreviated month", "### v2.0.3 - Jan. 5, 2024", "2.1.0", "v2.1.0", "2024-11-13", "### v2.1.0 - Nov. 13, 2024"},
		{"day month year", "## 4.2.0 — 3 May 2024", "4.2.1", "v4.2.1", "2024-05-12", "## 4.2.1 — 12 May 2024"},
		{"slash date", "## 2.45.2 / 2023-12-19", "2.45.3", "v2.45.3", "2024-01-24", "## 2.45.3 / 2024-01-24"},
		{"v in the heading", "## v1.10.14 (2024-01-19)", "1.10.15", "v1.10.15", "2024-04-03", "## v1.10.15 (2024-04-03)"},
		{"no date", "## 24.1.2", "24.2.0", "24.2.0", "2024-02-15", "## 24.2.0"},
		{"from a release candidate", "## 2.50.0-rc.1 / 2024-02-19", "2.50.0", "v2.50.0", "2024-02-22", "## 2.50.0 / 2024-02-22"},
		{"an app version badge is not copied", "## 25.0.0  ![AppVersion: v2.10.5](https://img.shields.io/static/v1?label=AppVersion&message=v2.10.5)", "26.0.0", "v26.0.0", "2023-12-04",
			"## 26.0.0 - 2023-12-04"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := "# Changelog\n\n" + tc.newest + "\n\n- Old.\n"
			_, got, err := changelogPlan(t, in, ChangelogRelease{Version: tc.version, Tag: tc.tag, Date: tc.date, Notes: notes})
			want := "# Changelog\n\n" + tc.want + "\n\n- Fix.\n\n" + tc.newest + "\n\n- Old.\n"
			if err != nil || got != want {
				t.Errorf("err %v\ngot\n%s\nwant\n%s", err, got, want)
			}
		})
	}
	t.Run("below the next minor's Upcoming section, above the release before", func(t *testing.T) {
		in := "## 1.11.0 (Upcoming)\n\n### NOTES:\n* Breaking.\n\n## 1.10.1 (January 30, 2024)\n\n- Old.\n"
		want := "## 1.11.0 (Upcoming)\n\n### NOTES:\n* Breaking.\n\n## 1.10.2 (March 6, 2024)\n\n- Fix.\n\n## 1.10.1 (January 30, 2024)\n\n- Old.\n"
		_, got, err := changelogPlan(t, in, ChangelogRelease{Version: "1.10.2", Tag: "v1.10.2", Date: "2024-03-06", Notes: notes})
		if err != nil || got != want {
			t.Errorf("err %v\ngot\n%s\nwant\n%s", err, got, want)
		}
	})
	t.Run("the Unreleased section takes the style too", func(t *testing.T) {
		in := "# Changelog\n\n## Unreleased\n\n### Fixed\n\n- Fix.\n\n## 0.26.0 (20th December, 2023)\n\n- Old.\n"
		want := "# Changelog\n\n## Unreleased\n\n## 0.27.0 (21st February, 2024)\n\n### Fixed\n\n- Fix.\n\n## 0.26.0 (20th December, 2023)\n\n- Old.\n"
		p, got, err := changelogPlan(t, in, ChangelogRelease{Version: "0.27.0", Tag: "0.27.0", Date: "2024-02-21"})
		if err != nil || got != want {
			t.Errorf("err %v\ngot\n%s\nwant\n%s", err, got, want)
		}
		if len(p.Changes) != 1 || p.Changes[0].New != "0.27.0 (21st February, 2024)" {
			t.Errorf("changes %+v", p.Changes)
		}
	})
	t.Run("setext and reStructuredText titles keep their adornment", func(t *testing.T) {
		for _, tc := range []struct{ path, in, want string }{
			{"CHANGELOG.md", "14.0.3\n======\n\n- Old.\n", "14.1.0\n======\n\n- Fix.\n\n14.0.3\n======\n\n- Old.\n"},
			{"CHANGES.rst", "Version 9.0.0\n-------------\n\nReleased 2023-09-30\n\n-   Old.\n", "Version 10.0.0\n--------------\n\n- Fix.\n\nVersion 9.0.0\n-------------\n\nReleased 2023-09-30\n\n-   Old.\n"},
			{"CHANGES.rst", "=====\n1.0.0\n=====\n\nOld.\n", "======\n1.10.0\n======\n\n- Fix.\n\n=====\n1.0.0\n=====\n\nOld.\n"},
		} {
			version := map[string]string{"14": "14.1.0", "Ve": "10.0.0", "==": "1.10.0"}[tc.in[:2]]
			p := NewPlan(reader(map[string]string{tc.path: tc.in}))
			if _, err := p.Changelog(ChangelogRelease{Path: tc.path, Version: version, Tag: version, Date: "2024-01-18", Notes: notes}); err != nil {
				t.Fatal(err)
			}
			got, _ := p.Content(tc.path)
			if string(got) != tc.want {
				t.Errorf("%s:\n%s\nwant\n%s", tc.path, got, tc.want)
			}
		}
	})
}

// TestChangelogSectionMarkedUnreleased: a section written ahead of the
// release gets its date where the marker was, as the project writes it.
func TestChangelogSectionMarkedUnreleased(t *testing.T) {
	cases := []struct{ name, path, in, want string }{
		{"Flask: an Unreleased line under the title", "CHANGES.rst",
			"Version 3.0.1\r\n-------------\r\n\r\nUnreleased\r\n\r\n-   Correct type. :issue:`5230`\r\n\r\n\r\nVersion 3.0.0\r\n-------------\r\n\r\nReleased 2023-09-30\r\n",
			"Version 3.0.1\r\n-------------\r\n\r\nReleased 2024-01-18\r\n\r\n-   Correct type. :issue:`5230`\r\n\r\n\r\nVersion 3.0.0\r\n-------------\r\n\r\nReleased 2023-09-30\r\n"},
		{"a marker on the heading", "Changelog.md", "# Change Log\n\n## 3.0.1 (unreleased)\n\n- Fix.\n", "# Change Log\n\n## 3.0.1 (2024-01-18)\n\n- Fix.\n"},
		{"release date TBD", "CHANGELOG.md", "## 3.0.1\n\n*Release date: TBD*\n\n- Fix.\n", "## 3.0.1\n\n*Release date: 2024-01-18*\n\n- Fix.\n"},
		{"TBD alone", "CHANGELOG.md", "## [3.0.1] - TBD\n\n- Fix.\n", "## [3.0.1] - 2024-01-18\n\n- Fix.\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPlan(reader(map[string]string{tc.path: tc.in}))
			changed, err := p.Changelog(ChangelogRelease{Path: tc.path, Version: "3.0.1", Tag: "3.0.1", Date: "2024-01-18"})
			got, _ := p.Content(tc.path)
			if err != nil || !changed || string(got) != tc.want {
				t.Errorf("changed %v err %v\ngot  %q\nwant %q", changed, err, got, tc.want)
			}
		})
	}
	t.Run("a marker but no notes", func(t *testing.T) {
		p := NewPlan(reader(map[string]string{"CHANGES.rst": "Version 3.0.1\n-------------\n\nUnreleased\n\n\nVersion 3.0.0\n-------------\n\nReleased 2023-09-30\n\n- Old.\n"}))
		if _, err := p.Changelog(ChangelogRelease{Path: "CHANGES.rst", Version: "3.0.1", Tag: "3.0.1", Date: "2024-01-18"}); err == nil || !strings.Contains(err.Error(), "CHANGES.rst:1: the section for 3.0.1 has no release notes") {
			t.Errorf("err %v", err)
		}
	})
}
