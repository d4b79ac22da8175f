// Package config reads relguard.yaml, the one configuration file shared by
// `relguard lint` (its lint: section) and the release guard (everything else).
//
// Decoding is strict: an unknown key anywhere is an error that names the key
// and its line, because a typo that is silently ignored turns a check off.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/relguard/relguard/analyzers"
	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/regularfile"
	"github.com/relguard/relguard/internal/yamlerror"
)

// FileName is the configuration file looked up at the repository or module root.
const FileName = "relguard.yaml"

// maxFileSize bounds relguard.yaml; real configurations are a few hundred bytes.
const maxFileSize = 1 << 20

// Config is the whole relguard.yaml.
type Config struct {
	// Path is the file the configuration was read from; empty for defaults.
	Path string `yaml:"-"`

	Lint Lint `yaml:"lint"`

	TagPrefix    string        `yaml:"tag_prefix"`
	VersionFiles []VersionFile `yaml:"version_files"`
	Changelog    string        `yaml:"changelog"`
	Images       Images        `yaml:"images"`
	Git          Git           `yaml:"git"`
	Env          []EnvFile     `yaml:"env"`
	Nginx        []NginxFile   `yaml:"nginx"`
	Hooks        Hooks         `yaml:"hooks"`
	Verify       Verify        `yaml:"verify"`

	// TagPrefixSet reports a tag_prefix key in the file, even an empty
	// one (tags such as 15.2.0); without it the release guard infers the
	// prefix from the repository's tags.
	TagPrefixSet bool `yaml:"-"`
	// ChangelogSet reports a changelog key in the file; without it the
	// release guard discovers the changelog.
	ChangelogSet bool `yaml:"-"`
}

// Hooks configures the git hooks relguard installs.
type Hooks struct {
	PrePush PrePush `yaml:"pre_push"`
}

// PrePush configures the pre-push hook.
type PrePush struct {
	// FloatingTags says what the hook does with a pushed tag that starts
	// with the tag prefix and a digit but is not a full semantic version
	// (v1, v1.2): FloatingAllow (the default) lets it through, as a tag
	// that follows the latest release rather than being one;
	// FloatingRefuse blocks the push.
	FloatingTags string `yaml:"floating_tags"`
}

// The values of hooks.pre_push.floating_tags.
const (
	FloatingAllow  = "allow"
	FloatingRefuse = "refuse"
)

// Lint is the lint: section. Keys other than enable, disable and tests are
// analyzer settings spelled "<analyzer>.<flag>" (the same keys the
// golangci-lint plugin accepts); analyzers.Configure validates them.
type Lint struct {
	Enable   []string       `yaml:"enable"`
	Disable  []string       `yaml:"disable"`
	Tests    *bool          `yaml:"tests"`
	Settings map[string]any `yaml:",inline"`
}

// VersionFile is one entry of version_files: a bare path (its format is
// known from the file name), or a path with a dotted key or a regexp whose
// first capture group (or whole match) is the version.
type VersionFile struct {
	Path  string `yaml:"path"`
	Key   string `yaml:"key"`
	Regex string `yaml:"regex"`
	Line  int    `yaml:"-"`
}

// UnmarshalYAML accepts both the scalar and the mapping form.
func (v *VersionFile) UnmarshalYAML(n *yaml.Node) error {
	v.Line = n.Line
	if n.Kind == yaml.ScalarNode {
		v.Path = n.Value
		return nil
	}
	type plain VersionFile
	var p plain
	if err := decodeStrict(n, &p); err != nil {
		return err
	}
	*v = VersionFile(p)
	v.Line = n.Line
	if v.Path == "" {
		return &Error{Line: n.Line, Msg: "version_files entry needs a path"}
	}
	if v.Key != "" && v.Regex != "" {
		return &Error{Line: n.Line, Msg: "version_files entry for " + v.Path + " has both key and regex; use one"}
	}
	if v.Key != "" && !validKey(v.Key) {
		return &Error{Line: n.Line, Msg: fmt.Sprintf("version_files entry for %s: key %q is not a dotted key such as app.version", v.Path, v.Key)}
	}
	if v.Regex != "" {
		if _, err := regexp.Compile(v.Regex); err != nil {
			return &Error{Line: n.Line, Msg: fmt.Sprintf("version_files entry for %s: invalid regex: %s", excerpt.Cut(v.Path), excerpt.Within(err.Error(), v.Regex))}
		}
	}
	return nil
}

// validKey accepts a dotted key path with no empty part ("app.version",
// not ".", "a." or "a..b").
func validKey(key string) bool {
	for _, part := range strings.Split(key, ".") {
		if strings.TrimSpace(part) == "" {
			return false
		}
	}
	return true
}

// Images configures which image references the image checks read.
type Images struct {
	Compose    []string `yaml:"compose"`
	Own        []string `yaml:"own"`
	Kubernetes []string `yaml:"kubernetes"`
	HelmValues []string `yaml:"helm_values"`
}

// Git configures the git checks.
type Git struct {
	Branches         []string `yaml:"branches"`
	RequireAnnotated bool     `yaml:"require_annotated"`
	AllowDirty       []string `yaml:"allow_dirty"`
}

// EnvFile is a dotenv file and the values it must hold.
type EnvFile struct {
	File    string            `yaml:"file"`
	Require map[string]string `yaml:"require"`
}

// NginxFile is an nginx configuration and the headers every block must send.
type NginxFile struct {
	File    string   `yaml:"file"`
	Headers []string `yaml:"headers"`
}

// Error is a configuration error; it prints as "file:line: message".
type Error struct {
	Path string
	Line int
	Msg  string

	// gotTag is the YAML tag of a value of the wrong kind ("seq", "int"),
	// which tells that value from the other keys on its line.
	gotTag string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Path != "" {
		b.WriteString(e.Path)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Default returns the configuration used when no file exists.
func Default() *Config {
	return &Config{TagPrefix: "v", Changelog: "CHANGELOG.md", Hooks: Hooks{PrePush: PrePush{FloatingTags: FloatingAllow}}}
}

// Load reads and validates the file at path.
func Load(path string) (*Config, error) {
	data, err := regularfile.Read(path, maxFileSize)
	if err != nil {
		reason := err.Error()
		var re *regularfile.Error
		if errors.As(err, &re) {
			reason = "it " + re.Reason
		}
		return nil, &Error{Path: path, Msg: "cannot read configuration: " + reason}
	}
	cfg, err := Parse(data)
	if err != nil {
		var ce *Error
		if errors.As(err, &ce) {
			ce.Path = path
			return nil, ce
		}
		return nil, &Error{Path: path, Msg: err.Error()}
	}
	cfg.Path = path
	return cfg, nil
}

// LoadDefault loads dir/relguard.yaml when it exists and returns the
// defaults otherwise.
func LoadDefault(dir string) (*Config, error) {
	path := filepath.Join(dir, FileName)
	// Lstat: a dangling symlink is a broken configuration, not a missing one.
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		return Default(), nil
	}
	return Load(path)
}

// Parse decodes a configuration document and fills in defaults.
func Parse(data []byte) (*Config, error) {
	cfg := Default()
	if len(bytes.TrimSpace(data)) == 0 {
		return cfg, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, nameMismatchedKey(translate(err), data)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, &Error{Msg: "configuration must be a single YAML document"}
	}
	cfg.TagPrefixSet, cfg.ChangelogSet = presentKeys(data)
	if cfg.TagPrefix == "" && !cfg.TagPrefixSet {
		cfg.TagPrefix = "v"
	}
	if cfg.Changelog == "" {
		cfg.Changelog = "CHANGELOG.md"
		cfg.ChangelogSet = false
	}
	switch cfg.Hooks.PrePush.FloatingTags {
	case "":
		cfg.Hooks.PrePush.FloatingTags = FloatingAllow
	case FloatingAllow, FloatingRefuse:
	default:
		return nil, &Error{Line: keyLine(data, "hooks", "pre_push", "floating_tags"), Msg: fmt.Sprintf("hooks.pre_push.floating_tags is %s; use %q or %q", excerpt.Quote(cfg.Hooks.PrePush.FloatingTags), FloatingAllow, FloatingRefuse)}
	}
	if err := validateLint(&cfg.Lint, data); err != nil {
		return nil, err
	}
	for i, e := range cfg.Env {
		if e.File == "" {
			return nil, &Error{Msg: fmt.Sprintf("env entry %d needs a file", i+1)}
		}
	}
	for i, n := range cfg.Nginx {
		if n.File == "" {
			return nil, &Error{Msg: fmt.Sprintf("nginx entry %d needs a file", i+1)}
		}
	}
	return cfg, nil
}

// ConfigureLint builds the analyzers with the lint: settings applied, or
// says which setting is wrong. Parse calls it so that a misspelt lint key
// fails every command that reads relguard.yaml (check, notes, tag, the
// hooks), not only relguard lint. It is a variable so that the tests of the
// lint driver can validate against their own analyzers.
var ConfigureLint = analyzers.Configure

// validateLint checks the lint: section against the analyzers: every
// "<analyzer>.<flag>" setting and its value, and the names under enable
// and disable. The error names the key and its line.
func validateLint(l *Lint, data []byte) error {
	configured, err := ConfigureLint(l.Settings)
	if err != nil {
		// Configure reports the first bad key in sorted order; try each
		// key alone to find its line.
		keys := make([]string, 0, len(l.Settings))
		for k := range l.Settings {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		line := keyLine(data, "lint")
		for _, k := range keys {
			if _, e := ConfigureLint(map[string]any{k: l.Settings[k]}); e != nil {
				line = keyLine(data, "lint", k)
				break
			}
		}
		return &Error{Line: line, Msg: "lint: " + excerpt.Within(err.Error(), keys...)}
	}
	known := make([]string, 0, len(configured))
	for _, a := range configured {
		known = append(known, a.Name)
	}
	for _, list := range []struct {
		key   string
		names []string
	}{{"enable", l.Enable}, {"disable", l.Disable}} {
		for _, n := range list.names {
			if !slices.Contains(known, n) {
				return &Error{Line: keyLine(data, "lint", list.key), Msg: fmt.Sprintf("lint.%s: unknown analyzer %s (known: %s)", list.key, excerpt.Quote(n), strings.Join(known, ", "))}
			}
		}
	}
	return nil
}

// keyLine is the line of the key at path (mapping keys from the top of
// the document), or of the deepest part of it found; 0 when none is.
func keyLine(data []byte, path ...string) int {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return 0
	}
	n, line := doc.Content[0], 0
	for _, key := range path {
		found := false
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				line, n, found = n.Content[i].Line, n.Content[i+1], true
				break
			}
		}
		if !found {
			break
		}
	}
	return line
}

// presentKeys tells an explicit `tag_prefix: ""` (tags without a prefix,
// such as 0.5.0) from an absent key, which lets the release guard infer
// the prefix, and likewise for changelog.
func presentKeys(data []byte) (tagPrefix, changelog bool) {
	var probe struct {
		TagPrefix *string `yaml:"tag_prefix"`
		Changelog *string `yaml:"changelog"`
	}
	if yaml.Unmarshal(data, &probe) != nil {
		return false, false
	}
	return probe.TagPrefix != nil, probe.Changelog != nil
}

func decodeStrict(n *yaml.Node, out any) error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(n); err != nil {
		return err
	}
	dec := yaml.NewDecoder(&buf)
	dec.KnownFields(true)
	if err := dec.Decode(out); err != nil {
		// Line numbers of the re-encoded node are relative; report the entry's line.
		e := translate(err)
		if ce, ok := e.(*Error); ok {
			ce.Line = n.Line
		}
		return e
	}
	return nil
}

var unknownField = regexp.MustCompile(`line (\d+): field (\S+) not found in type \S+`)

// translate turns yaml.v3's errors into one "line N: ..." message that says
// which key is wrong.
func translate(err error) error {
	var ce *Error
	if errors.As(err, &ce) {
		return ce
	}
	msg := err.Error()
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1]) // the regexp admits only digits
		return &Error{Line: line, Msg: fmt.Sprintf("unknown key %s (check the spelling; the documented keys are in the configuration reference, docs/configuration.md)", excerpt.Quote(m[2]))}
	}
	line, msg := yamlerror.Describe(err)
	if m := typeMismatch.FindStringSubmatch(msg); m != nil {
		return &Error{Line: line, gotTag: m[1], Msg: fmt.Sprintf("want %s, got %s (see the configuration reference, docs/configuration.md)", describeGoType(m[3]), describeYAMLValue(m[1], m[2]))}
	}
	if line == 0 {
		msg = "invalid YAML: " + msg
	}
	return &Error{Line: line, Msg: msg}
}

// typeMismatch is yaml.v3's message for a value of the wrong kind, which
// names Go types ("cannot unmarshal !!int `5` into []config.EnvFile") that
// mean nothing to someone editing relguard.yaml.
var typeMismatch = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")

func describeGoType(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["), strings.Contains(t, "."):
		return "a mapping"
	case t == "string":
		return "a string"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"), strings.HasPrefix(t, "float"):
		return "a whole number"
	}
	return t
}

func describeYAMLValue(tag, value string) string {
	switch tag {
	case "seq":
		return "a list"
	case "map":
		return "a mapping"
	case "null":
		return "nothing"
	case "str":
		return excerpt.Quote(value)
	}
	if value == "" {
		return "an empty value"
	}
	return excerpt.Cut(value)
}

// nameMismatchedKey puts the dotted key in front of a type-mismatch
// message: yaml.v3 gives only the line, and a flow mapping or a list can
// hold several keys on it.
func nameMismatchedKey(err error, data []byte) error {
	ce, ok := err.(*Error)
	if !ok || ce.Line == 0 || ce.gotTag == "" {
		return err
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return err
	}
	key := keyAtLine(doc.Content[0], ce.Line, "!!"+ce.gotTag, "")
	if key == "" {
		key = keyAtLine(doc.Content[0], ce.Line, "", "")
	}
	switch {
	case key != "":
		ce.Msg = key + ": " + ce.Msg
	case doc.Content[0].Kind != yaml.MappingNode:
		ce.Msg = "the configuration must be a mapping of keys (such as lint: and tag_prefix:), got " + strings.SplitN(strings.TrimPrefix(ce.Msg, "want a mapping, got "), " (see", 2)[0]
	}
	return err
}

// keyAtLine returns the dotted path of the first value that starts on
// line and has the tag (any tag when empty), list items written as key[i].
func keyAtLine(n *yaml.Node, line int, tag, prefix string) string {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := k.Value
			if prefix != "" {
				p = prefix + "." + p
			}
			if deeper := keyAtLine(v, line, tag, p); deeper != "" {
				return deeper
			}
			if v.Line == line && (tag == "" || v.Tag == tag) {
				return p
			}
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			if deeper := keyAtLine(item, line, tag, fmt.Sprintf("%s[%d]", prefix, i)); deeper != "" {
				return deeper
			}
		}
	}
	return ""
}
