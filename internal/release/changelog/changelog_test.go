package changelog

import (
	"strings"
	"testing"
)

func TestHeadingStyles(t *testing.T) {
	tests := []struct {
		name, doc string
		line      int
		body      string
	}{
		{"keep a changelog", "# Changelog\n\n## [Unreleased]\n\n## [0.5.0] - 2025-01-27\n### Added\n- cookies\n\n## [0.4.64] - 2025-01-01\n- old\n", 5, "### Added\n- cookies"},
		{"release-please", "# Changelog\n\n## [0.5.0](https://github.com/o/r/compare/v0.4.64...v0.5.0) (2025-01-27)\n\n\n### Features\n\n* **api:** secure cookies ([abc1234](https://github.com/o/r/commit/abc1234))\n", 3, "### Features\n\n* **api:** secure cookies ([abc1234](https://github.com/o/r/commit/abc1234))"},
		{"conventional-changelog anchors", "<a name=\"0.5.0\"></a>\n# [0.5.0](https://x/compare/v0.4.64...v0.5.0) (2025-01-27)\n\n### Bug Fixes\n\n* fix\n\n<a name=\"0.4.64\"></a>\n# [0.4.64](https://x) (2025-01-01)\n* old\n", 2, "### Bug Fixes\n\n* fix"},
		{"conventional-changelog plain", "## 0.5.0 (2025-01-27)\n\n* fix\n", 1, "* fix"},
		{"commitizen", "## v0.5.0 (2025-01-27)\n\n### Fix\n\n- **api**: cookies\n", 1, "### Fix\n\n- **api**: cookies"},
		{"setext", "Changelog\n=========\n\n0.5.0\n=====\n\n- fix\n\n0.4.64\n======\n- old\n", 4, "- fix"},
		{"setext level 2 under title", "Changelog\n=========\n\n0.5.0\n-----\n- fix\n\n0.4.64\n------\n- old\n", 4, "- fix"},
		{"changie", "## v0.5.0 - 2025-01-27\n### Added\n* thing\n", 1, "### Added\n* thing"},
		{"git-cliff", "# Changelog\nAll notable changes.\n\n## [0.5.0] - 2025-01-27\n\n### 🚀 Features\n\n- Add guard\n", 4, "### 🚀 Features\n\n- Add guard"},
		{"towncrier", "ApplyLens 0.5.0 (2025-01-27)\n============================\n\nFeatures\n--------\n\n- secure cookies (#12)\n", 1, "Features\n--------\n\n- secure cookies (#12)"},
		{"version prefix", "## Version 0.5.0\n- a\n", 1, "- a"},
		{"release prefix", "## Release v0.5.0\n- a\n", 1, "- a"},
		{"date version prefix", "## 2025-01-27, Version 0.5.0\n- a\n", 1, "- a"},
		{"closing hashes", "## 0.5.0 ##\n- a\n", 1, "- a"},
		{"html in heading", "## <span id=\"r\">0.5.0</span>\n- a\n", 1, "- a"},
		{"monorepo slash", "## api/v0.5.0\n- a\n", 1, "- a"},
		{"monorepo at", "## api@0.5.0\n- a\n", 1, "- a"},
		{"crlf and bom", "\ufeff# Changelog\r\n\r\n## [0.5.0] - 2025-01-27\r\n- a\r\n- b\r\n", 3, "- a\n- b"},
		{"emphasis", "## **0.5.0** — 2025-01-27\n- a\n", 1, "- a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			s, ok := c.Find("0.5.0")
			if !ok {
				t.Fatalf("no section for 0.5.0; sections: %+v", c.Sections)
			}
			if s.Line != tt.line {
				t.Errorf("Line = %d, want %d", s.Line, tt.line)
			}
			if s.Body != tt.body {
				t.Errorf("Body = %q, want %q", s.Body, tt.body)
			}
			if !s.HasContent {
				t.Error("HasContent = false, want true")
			}
			if s.Unreleased {
				t.Error("Unreleased = true, want false")
			}
		})
	}
}

func TestTokenBoundary(t *testing.T) {
	for _, h := range []string{"0.5.0-rc.1", "0.5.00", "10.5.0", "0.5.0b1", "v0.5.0.1", "0.5", "0.5.0_beta", "Upgrade 0.5.0 notes"} {
		c, _ := Parse([]byte("## " + h + "\n- content\n"))
		if s, ok := c.Find("0.5.0"); ok {
			t.Errorf("heading %q matched 0.5.0 (section %+v)", h, s)
		}
	}
	c, _ := Parse([]byte("## 0.5.0-rc.1\n- rc\n"))
	if _, ok := c.Find("0.5.0-rc.1"); !ok {
		t.Error("pre-release heading not found by its own version")
	}
	if _, ok := c.Find("v0.5.0-rc.1"); !ok {
		t.Error("a leading v on the wanted version is not ignored")
	}
}

func TestIgnoresCodeAndComments(t *testing.T) {
	docs := map[string]string{
		"fenced":           "# Changelog\n\n```md\n## 0.5.0\n- example\n```\n",
		"tilde fence":      "~~~~\n## 0.5.0\n- x\n~~~~\n",
		"indented":         "# Changelog\n\n    ## 0.5.0\n    - example\n",
		"html comment":     "<!--\n## 0.5.0\n- x\n-->\n",
		"one-line comment": "<!-- ## 0.5.0 -->\n- x\n",
		"no space":         "##0.5.0\n- x\n",
		"list then rule":   "- 0.5.0\n---\n- x\n",
		"plain text":       "Released 0.5.0 today.\n",
	}
	for name, doc := range docs {
		c, _ := Parse([]byte(doc))
		if s, ok := c.Find("0.5.0"); ok {
			t.Errorf("%s: found a section at line %d", name, s.Line)
		}
	}
	// A heading after a closed fence still counts.
	c, _ := Parse([]byte("```\n## 0.4.0\n```\n## 0.5.0\n- a\n"))
	if s, ok := c.Find("0.5.0"); !ok || s.Line != 4 {
		t.Errorf("heading after a fence: got %+v, %v", s, ok)
	}
	if _, ok := c.Find("0.4.0"); ok {
		t.Error("heading inside a fence found")
	}
}

func TestEmptySections(t *testing.T) {
	empty := []string{
		"## [0.5.0] - 2025-01-27\n\n## [0.4.64]\n- old\n",
		"## [0.5.0] - 2025-01-27\n### Added\n### Fixed\n\n## [0.4.64]\n- old\n",
		"## [0.5.0]\n<!-- add notes here -->\n\n[0.5.0]: https://x/compare\n",
		"## [0.5.0]\n<a name=\"0.4.64\"></a>\n## [0.4.64]\n- old\n",
		"## [0.5.0]\n<!--\n- hidden\n-->\n",
		"0.5.0\n=====\n",
	}
	for _, doc := range empty {
		c, _ := Parse([]byte(doc))
		s, ok := c.Find("0.5.0")
		if !ok {
			t.Errorf("%q: no section", doc)
			continue
		}
		if s.HasContent {
			t.Errorf("%q: HasContent = true (body %q)", doc, s.Body)
		}
	}
	// A code block is content.
	c, _ := Parse([]byte("## 0.5.0\n```\nmigrate\n```\n"))
	if s, _ := c.Find("0.5.0"); s == nil || !s.HasContent {
		t.Error("a section with only a code block has no content")
	}
}

func TestSectionExtent(t *testing.T) {
	doc := "# Changelog\n## 0.5.0\n- a\n### Added\n- b\n#### Detail\n- c\n## 0.4.0\n- d\n"
	c, _ := Parse([]byte(doc))
	s, _ := c.Find("0.5.0")
	if s == nil || s.Line != 2 || s.EndLine != 7 {
		t.Fatalf("section = %+v, want lines 2-7", s)
	}
	if strings.Contains(s.Body, "- d") {
		t.Error("body runs into the next release")
	}
	// A higher-level heading ends the section too.
	c, _ = Parse([]byte("## 0.5.0\n- a\n# Older\n- b\n"))
	if s, _ := c.Find("0.5.0"); s == nil || s.Body != "- a" {
		t.Errorf("body = %+v", s)
	}
}

func TestPlannedAndUnreleased(t *testing.T) {
	c, _ := Parse([]byte("# Roadmap\n## 0.5.0\n- plan\n# Releases\n## 0.4.0\n- x\n"))
	if _, ok := c.Find("0.5.0"); ok {
		t.Error("heading under Roadmap counted as a release")
	}
	if _, ok := c.Find("0.4.0"); !ok {
		t.Error("release after the roadmap section not found")
	}
	c, _ = Parse([]byte("## 0.5.0 (planned)\n- x\n"))
	if _, ok := c.Find("0.5.0"); ok {
		t.Error("(planned) heading counted as a release")
	}
	for _, h := range []string{"## 0.5.0 (Unreleased)", "## [0.5.0] - Unreleased", "## v0.5.0 [unreleased]"} {
		c, _ = Parse([]byte(h + "\n- x\n"))
		s, ok := c.Find("0.5.0")
		if !ok || !s.Unreleased {
			t.Errorf("%q: got %+v, %v; want an Unreleased section", h, s, ok)
		}
	}
}

func TestFindComponent(t *testing.T) {
	doc := "## web@0.5.0\n- web\n## api/v0.5.0\n- api\n## 0.5.0\n- plain\n"
	c, _ := Parse([]byte(doc))
	if s, ok := c.FindComponent("0.5.0", "api"); !ok || s.Body != "- api" {
		t.Errorf("api: %+v", s)
	}
	if s, ok := c.FindComponent("0.5.0", "services/api"); !ok || s.Body != "- api" {
		t.Errorf("services/api: %+v", s)
	}
	if s, ok := c.FindComponent("0.5.0", "worker"); !ok || s.Body != "- plain" {
		t.Errorf("worker falls back to the plain heading: %+v", s)
	}
	c, _ = Parse([]byte("## web@0.5.0\n- web\n"))
	if _, ok := c.FindComponent("0.5.0", "api"); ok {
		t.Error("another component's section matched")
	}
}

func TestNilAndGarbage(t *testing.T) {
	var c *Changelog
	if _, ok := c.Find("0.5.0"); ok {
		t.Error("nil changelog found a section")
	}
	for _, in := range []string{"", "\x00\xff\xfe", "####### 0.5.0", "#\n=\n-\n", "```", "<!--"} {
		if _, err := Parse([]byte(in)); err != nil {
			t.Errorf("Parse(%q): %v", in, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"## [0.5.0] - 2025-01-27\n- a\n",
		"0.5.0\n=====\n- a\n",
		"```\n## 0.5.0\n```\n",
		"<!--\n## 0.5.0\n-->\n",
		"# Roadmap\n## 0.5.0\n",
		"\ufeff## 0.5.0\r\n- a\r\n",
		"<a name=\"0.5.0\"></a>\n# [0.5.0](x) (2025)\n",
		"ApplyLens 0.5.0 (2025-01-27)\n===\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			return
		}
		// Parse ends lines at LF, CRLF and a lone CR, as CommonMark does.
		nLines := strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") +
			strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r") + 1
		for _, s := range c.Sections {
			if s.Line < 1 || s.EndLine < s.Line || s.Line > nLines || s.EndLine > nLines {
				t.Fatalf("section lines %d-%d out of range 1-%d", s.Line, s.EndLine, nLines)
			}
			if got, ok := c.Find(s.Version); !ok || got.Version != s.Version {
				t.Fatalf("Find(%q) does not find its own section", s.Version)
			}
		}
	})
}

func TestManyHeadingsStayLinear(t *testing.T) {
	// 100k sibling release headings: a quadratic section search would not
	// finish in the test's lifetime.
	doc := strings.Repeat("## 1.0.0\n- x\n", 100000) + "## 0.5.0\n- last\n"
	c, _ := Parse([]byte(doc))
	s, ok := c.Find("0.5.0")
	if !ok || s.Body != "- last" || s.Line != 200001 {
		t.Fatalf("got %+v", s)
	}
}

func TestRST(t *testing.T) {
	flask := ".. currentmodule:: flask\n\nVersion 3.0.1\n-------------\n\nReleased 2024-01-18\n\n-   Correct type for ``path``. :issue:`5230`\n-   Fix a typo\n    continued.\n\n\nVersion 3.0.0\n-------------\n\nReleased 2023-09-30\n\n-   Remove code.\n"
	c, err := ParseFile("CHANGES.rst", []byte(flask))
	if err != nil {
		t.Fatal(err)
	}
	s, ok := c.Find("3.0.1")
	if !ok || s.Line != 3 || !s.HasContent || s.Unreleased || s.Placeholder || !strings.HasPrefix(s.Body, "Released 2024-01-18") || !strings.HasSuffix(s.Body, "continued.") {
		t.Errorf("3.0.1: %+v %v", s, ok)
	}
	if s, ok := c.Find("3.0.0"); !ok || s.Line != 13 || s.Body != "Released 2023-09-30\n\n-   Remove code." {
		t.Errorf("3.0.0: %+v %v", s, ok)
	}
	// The directive at the top is not a section, and Markdown mode would
	// not see the same headings the same way for other adornments.
	over := "=========\nChangelog\n=========\n\n1.2.0 (2024-01-01)\n~~~~~~~~~~~~~~~~~~\n\n* thing\n\n1.1.0\n~~~~~\n\n* old\n"
	c, _ = ParseFile("docs/changelog.rst", []byte(over))
	if s, ok := c.Find("1.2.0"); !ok || s.Line != 5 || s.Body != "* thing" || s.Level != 2 {
		t.Errorf("overlined title then ~ sections: %+v %v", s, ok)
	}
	literal := "1.0.0\n=====\n\nExample::\n\n    2.0.0\n    =====\n"
	c, _ = ParseFile("CHANGES.rst", []byte(literal))
	if _, ok := c.Find("2.0.0"); ok {
		t.Error("a heading inside a literal block counted")
	}
	if !IsRST("docs/CHANGES.RST") || IsRST("CHANGES.md") || IsRST("NEWS") {
		t.Error("IsRST")
	}
}

func TestPlaceholderSections(t *testing.T) {
	tests := []struct {
		name, file, doc         string
		placeholder, unreleased bool
		content                 bool
	}{
		{"only unreleased", "CHANGES.rst", "Version 3.0.1\n-------------\n\nUnreleased\n", true, true, true},
		{"unreleased above the notes", "CHANGES.rst", "Version 3.0.1\n-------------\n\nUnreleased\n\n-   Fix.\n", false, true, true},
		{"tbd", "CHANGELOG.md", "## 3.0.1\n\nTBD\n", true, true, true},
		{"release date tbd", "CHANGELOG.md", "## 3.0.1\n\n_Release date: TBD_\n", true, true, true},
		{"in development", "CHANGELOG.md", "## 3.0.1\n\n**In development**\n", true, true, true},
		{"date placeholder and notes", "CHANGELOG.md", "## 3.0.1\n\nReleased: XXXX-XX-XX\n\n- Fix.\n", false, true, true},
		{"heading marker", "CHANGELOG.md", "## 3.0.1 (TBD)\n\n- Fix.\n", false, true, true},
		{"notes mentioning unreleased", "CHANGELOG.md", "## 3.0.1\n\n- Drop the unreleased API.\n", false, false, true},
		{"released", "CHANGELOG.md", "## 3.0.1 - 2024-01-18\n\n- Fix.\n", false, false, true},
		{"empty", "CHANGELOG.md", "## 3.0.1\n\n## 3.0.0\n- x\n", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := ParseFile(tt.file, []byte(tt.doc))
			s, ok := c.Find("3.0.1")
			if !ok {
				t.Fatalf("no section: %+v", c.Sections)
			}
			if s.Placeholder != tt.placeholder || s.Unreleased != tt.unreleased || s.HasContent != tt.content {
				t.Errorf("Placeholder=%v Unreleased=%v HasContent=%v, want %v %v %v", s.Placeholder, s.Unreleased, s.HasContent, tt.placeholder, tt.unreleased, tt.content)
			}
		})
	}
}

func FuzzParseRST(f *testing.F) {
	for _, s := range []string{
		".. currentmodule:: x\n\nVersion 3.0.1\n-------------\n\nUnreleased\n",
		"=====\n1.0.0\n=====\n\n* a\n",
		"1.0.0\n~~~\nExample::\n\n    2.0.0\n    =====\n",
		"---\n---\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseFile("CHANGES.rst", data)
		if err != nil {
			return
		}
		nLines := strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") +
			strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r") + 1
		for _, s := range c.Sections {
			if s.Line < 1 || s.EndLine < s.Line || s.Line > nLines || s.EndLine > nLines {
				t.Fatalf("section lines %d-%d out of range 1-%d", s.Line, s.EndLine, nLines)
			}
			if s.Placeholder && !s.HasContent {
				t.Fatal("a placeholder section without content")
			}
		}
	})
}
