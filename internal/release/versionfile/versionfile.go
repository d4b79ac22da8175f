// Package versionfile reads the version a project file declares:
// package.json, lerna.json, pyproject.toml, setup.cfg, Cargo.toml,
// Chart.yaml, VERSION, a Go `Version` constant, a Python `__version__`,
// or any JSON, TOML or YAML file at a dotted key, or the match of a regexp.
//
// The functions are pure: they take the file's bytes and report what the
// file says, with the line of the value, and leave the judging to the
// release checks.
package versionfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/relguard/relguard/internal/yamlerror"
)

// Format is a version file's format.
type Format int

// The formats. FormatUnknown is a file name relguard does not recognise.
const (
	FormatUnknown Format = iota
	FormatPackageJSON
	FormatPyproject
	FormatCargo
	FormatChart
	FormatVersion // a file holding only the version
	FormatJSON
	FormatTOML
	FormatYAML
	FormatSetupCfg // setup.cfg: [metadata] version
	FormatLerna    // lerna.json: "version", or "independent"
	FormatGo       // a Go file: const or var Version = "…"
	FormatPython   // a Python module: __version__ = "…"

	// NumFormats counts the formats, FormatUnknown included.
	NumFormats
)

// String names a format in messages.
func (f Format) String() string {
	switch f {
	case FormatPackageJSON:
		return "package.json"
	case FormatPyproject:
		return "pyproject.toml"
	case FormatCargo:
		return "Cargo.toml"
	case FormatChart:
		return "Chart.yaml"
	case FormatVersion:
		return "VERSION"
	case FormatJSON:
		return "JSON"
	case FormatTOML:
		return "TOML"
	case FormatYAML:
		return "YAML"
	case FormatSetupCfg:
		return "setup.cfg"
	case FormatLerna:
		return "lerna.json"
	case FormatGo:
		return "Go"
	case FormatPython:
		return "Python"
	}
	return "unknown"
}

// Kind says what a file declares.
type Kind int

// The kinds of declaration.
const (
	// Declared: the file holds a version, in Version.
	Declared Kind = iota
	// Missing: the file declares no version at all.
	Missing
	// Placeholder: the file declares 0.0.0, a common "set at build time" value.
	Placeholder
	// Dynamic: the version is computed at build time (pyproject's
	// dynamic = ["version"]).
	Dynamic
	// Workspace: a Cargo crate inherits its version from the workspace
	// (version.workspace = true).
	Workspace
	// Independent: lerna.json's "independent", each package has its own version.
	Independent
)

// Value is what a version file says.
type Value struct {
	Kind Kind
	// Version is the declared version as written (a leading "v" kept).
	Version string
	// Line is the 1-based line of the value, or of the section that
	// should hold it when Kind is not Declared; 0 when unknown.
	Line int
	// Key is the key the value was read from ("project.version").
	Key string
}

// Error is a file that cannot be read as its format.
type Error struct {
	Line int // 1-based; 0 when the parser gave no position
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// DetectFormat returns a file's format from its name: the well-known
// names first, then the extension.
func DetectFormat(name string) Format {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	switch base {
	case "package.json":
		return FormatPackageJSON
	case "pyproject.toml":
		return FormatPyproject
	case "Cargo.toml":
		return FormatCargo
	case "Chart.yaml", "Chart.yml":
		return FormatChart
	case "VERSION", "VERSION.txt", "version.txt", ".version":
		return FormatVersion
	case "setup.cfg":
		return FormatSetupCfg
	case "lerna.json":
		return FormatLerna
	}
	switch strings.ToLower(path.Ext(base)) {
	case ".go":
		return FormatGo
	case ".py":
		return FormatPython
	case ".json":
		return FormatJSON
	case ".toml":
		return FormatTOML
	case ".yaml", ".yml":
		return FormatYAML
	}
	return FormatUnknown
}

// Read reads the version of a file in the given format. key, when not
// empty, is a dotted key path that replaces the format's usual key (for
// FormatJSON, FormatTOML and FormatYAML it defaults to "version").
func Read(format Format, data []byte, key string) (Value, error) {
	v, err := read(format, data, key)
	if err != nil {
		return Value{}, err
	}
	return clampLine(v, data), nil
}

func read(format Format, data []byte, key string) (Value, error) {
	if err := checkText(data); err != nil {
		return Value{}, err
	}
	if key != "" && !ValidKey(key) {
		return Value{}, &Error{Msg: fmt.Sprintf("key %q is not a dotted key such as app.version", key)}
	}
	data = skipBOM(data)
	switch format {
	case FormatPackageJSON, FormatJSON:
		return readJSON(data, orDefault(key, "version"))
	case FormatPyproject:
		if key != "" {
			return readTOML(data, key)
		}
		return readPyproject(data)
	case FormatCargo:
		if key != "" {
			return readTOML(data, key)
		}
		return readCargo(data)
	case FormatTOML:
		return readTOML(data, orDefault(key, "version"))
	case FormatChart:
		return readYAML(data, orDefault(key, "appVersion"))
	case FormatYAML:
		return readYAML(data, orDefault(key, "version"))
	case FormatVersion:
		if key != "" {
			return Value{}, &Error{Msg: "a VERSION file has no keys; drop key: or use regex:"}
		}
		return readPlain(data)
	case FormatSetupCfg:
		return readSetupCfg(data, orDefault(key, "metadata.version"))
	case FormatLerna:
		v, err := readJSON(data, orDefault(key, "version"))
		if err == nil && v.Kind == Declared && v.Version == "independent" {
			v = Value{Kind: Independent, Line: v.Line, Key: v.Key}
		}
		return v, err
	case FormatGo:
		return readGo(data, orDefault(key, "Version"))
	case FormatPython:
		return readPython(data, orDefault(key, "__version__"))
	}
	return Value{}, &Error{Msg: "unknown file format; give a key: with a .json, .toml or .yaml file, or a regex:"}
}

// ValidKey accepts a dotted key path with no empty part ("app.version",
// not ".", "a." or "a..b").
func ValidKey(key string) bool {
	for _, part := range strings.Split(key, ".") {
		if strings.TrimSpace(part) == "" {
			return false
		}
	}
	return true
}

// lineCount is the number of lines a position may name: YAML and
// Markdown also end a line at a lone CR.
func lineCount(data []byte) int {
	lf := bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return bytes.Count(lf, []byte("\n")) + bytes.Count(lf, []byte("\r")) + 1
}

// clampLine keeps a reported line inside the file: a parser may place an
// implicit value (YAML's empty "?" key) after the last line.
// skipBOM drops a UTF-8 byte order mark, which editors on Windows write
// and npm, pip and cargo skip; bump preserves it, so check must read past
// it too. It sits on line 1, so no line number moves.
func skipBOM(data []byte) []byte {
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
}

func clampLine(v Value, data []byte) Value {
	if n := lineCount(data); v.Line > n {
		v.Line = n
	}
	if v.Line < 0 {
		v.Line = 0
	}
	return v
}

// Fields reads every field of a file that may hold the project's version,
// in the order the format prefers them: a Chart.yaml has version and
// appVersion, a pyproject.toml [project] and [tool.poetry], a Cargo.toml
// [package] and [workspace.package], a Python module __version__ and
// VERSION. Fields that are absent are left out; a file with none gives
// one Missing value for the format's usual key.
func Fields(format Format, data []byte) ([]Value, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	data = skipBOM(data)
	var keys []string
	switch format {
	case FormatChart:
		keys = []string{"version", "appVersion"}
	case FormatPyproject:
		keys = []string{"project.version", "tool.poetry.version"}
	case FormatCargo:
		v, err := readCargo(data)
		if err != nil {
			return nil, err
		}
		out := []Value{clampLine(v, data)}
		if v.Key != "workspace.package.version" {
			m, _ := decodeTOML(data)
			if _, ok := lookup(m, []string{"workspace", "package", "version"}); ok {
				w, err := tomlValue(data, m, []string{"workspace", "package", "version"})
				if err != nil {
					return nil, err
				}
				if v.Kind == Missing {
					out = nil
				}
				out = append(out, w)
			}
		}
		return out, nil
	case FormatPython:
		keys = []string{"__version__", "VERSION"}
	default:
		v, err := Read(format, data, "")
		if err != nil {
			return nil, err
		}
		return []Value{v}, nil
	}
	var out []Value
	for _, k := range keys {
		var v Value
		var err error
		switch {
		case format == FormatPyproject && k == "project.version":
			v, err = readPyprojectProject(data)
		default:
			v, err = Read(format, data, k)
		}
		if err != nil {
			return nil, err
		}
		if v.Kind != Missing {
			out = append(out, clampLine(v, data))
		}
	}
	if len(out) == 0 {
		return []Value{{Kind: Missing, Line: 1, Key: keys[0]}}, nil
	}
	return out, nil
}

// ReadRegex reads the version as the first capture group of re (or its
// whole match when it has no group). The regexp must match exactly once.
func ReadRegex(data []byte, re *regexp.Regexp) (Value, error) {
	if err := checkText(data); err != nil {
		return Value{}, err
	}
	ms := re.FindAllSubmatchIndex(data, 2)
	if len(ms) != 1 {
		n := len(re.FindAllIndex(data, 1000))
		times := fmt.Sprintf("%d times", n)
		if n >= 1000 {
			times = "1000 times or more"
		}
		return Value{}, &Error{Msg: fmt.Sprintf("regex %q must match exactly once, matched %s", re.String(), times)}
	}
	m := ms[0]
	start, end := m[0], m[1]
	if len(m) >= 4 && m[2] >= 0 {
		start, end = m[2], m[3]
	}
	v := strings.TrimSpace(string(data[start:end]))
	return classify(v, LineAt(data, start), "regex"), nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// checkText refuses binary data: a NUL byte or invalid UTF-8 means the
// file is not the text file its name promises.
func checkText(data []byte) error {
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return &Error{Msg: "binary data, not a text file"}
	}
	return nil
}

// classify turns a declared string into a Value.
func classify(v string, line int, key string) Value {
	switch strings.TrimPrefix(v, "v") {
	case "":
		return Value{Kind: Missing, Line: line, Key: key}
	case "0.0.0":
		return Value{Kind: Placeholder, Version: v, Line: line, Key: key}
	}
	return Value{Kind: Declared, Version: v, Line: line, Key: key}
}

func readPlain(data []byte) (Value, error) {
	text := strings.TrimPrefix(string(data), "\ufeff")
	lead := len(text) - len(strings.TrimLeft(text, " \t\r\n"))
	v := strings.TrimSpace(text)
	if v == "" {
		return Value{Kind: Missing, Line: 1, Key: "VERSION"}, nil
	}
	if strings.ContainsAny(v, " \t\r\n") {
		return Value{}, &Error{Line: LineAt([]byte(text), lead), Msg: "a VERSION file must hold only the version on one line"}
	}
	return classify(v, LineAt([]byte(text), lead), "VERSION"), nil
}

// ---- JSON ----

// readJSON takes the last of duplicate keys, as JSON readers do, but a
// number or a boolean under any of them is an error.
func readJSON(data []byte, key string) (Value, error) {
	found, err := JSONScalars(data, strings.Split(key, "."))
	if err != nil {
		return Value{}, err
	}
	var last *Value
	var wrong error
	for _, s := range found {
		switch v := s.Value.(type) {
		case string:
			val := classify(v, s.Line, key)
			last = &val
		case nil:
			last = &Value{Kind: Missing, Line: s.Line, Key: key}
		default:
			wrong = &Error{Line: s.Line, Msg: fmt.Sprintf("%q is %v, not a string", key, describe(v))}
		}
	}
	if wrong != nil {
		return Value{}, wrong
	}
	if last == nil {
		return Value{Kind: Missing, Line: 1, Key: key}, nil
	}
	return *last, nil
}

func describe(v any) string {
	switch v := v.(type) {
	case json.Number:
		return "the number " + v.String()
	case bool:
		return "the boolean " + strconv.FormatBool(v)
	}
	return fmt.Sprintf("%T", v)
}

// ---- TOML ----

func decodeTOML(data []byte) (map[string]any, error) {
	var m map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{Line: pe.Position.Line, Msg: "invalid TOML: " + pe.Message}
		}
		return nil, &Error{Msg: "invalid TOML: " + err.Error()}
	}
	return m, nil
}

func readTOML(data []byte, key string) (Value, error) {
	m, err := decodeTOML(data)
	if err != nil {
		return Value{}, err
	}
	return tomlValue(data, m, strings.Split(key, "."))
}

func tomlValue(data []byte, m map[string]any, keyPath []string) (Value, error) {
	key := strings.Join(keyPath, ".")
	v, ok := lookup(m, keyPath)
	line := tomlLine(data, keyPath)
	if !ok {
		return Value{Kind: Missing, Line: line, Key: key}, nil
	}
	s, isStr := v.(string)
	if !isStr {
		return Value{}, &Error{Line: line, Msg: fmt.Sprintf("%q is a %T, not a string", key, v)}
	}
	return classify(s, line, key), nil
}

func lookup(m map[string]any, keyPath []string) (any, bool) {
	var cur any = m
	for _, k := range keyPath {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = mm[k]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

var (
	tomlHeaderRe = regexp.MustCompile(`^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$`)
	tomlKeyRe    = regexp.MustCompile(`^\s*("?)([A-Za-z0-9_.\-" ]+?)("?)\s*=`)
)

// tomlLine locates the line of a key the decoder already validated. The
// TOML library reports positions only for errors, so this scans for the
// table header and the key line; it falls back to the table's line (or 1)
// for forms it does not follow, such as inline tables.
func tomlLine(data []byte, keyPath []string) int {
	want := strings.Join(keyPath, ".")
	table := ""
	tableLine := 0
	for i, raw := range strings.Split(string(data), "\n") {
		if m := tomlHeaderRe.FindStringSubmatch(raw); m != nil && !strings.HasPrefix(strings.TrimSpace(raw), "[[") {
			table = normalizeKey(m[1])
			if table == strings.Join(keyPath[:len(keyPath)-1], ".") {
				tableLine = i + 1
			}
			continue
		}
		if m := tomlKeyRe.FindStringSubmatch(raw); m != nil {
			k := normalizeKey(m[2])
			if table != "" {
				k = table + "." + k
			}
			if k == want {
				return i + 1
			}
		}
	}
	if tableLine > 0 {
		return tableLine
	}
	return 1
}

func normalizeKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

func readPyproject(data []byte) (Value, error) {
	if v, err := readPyprojectProject(data); err != nil || v.Kind != Missing {
		return v, err
	}
	m, _ := decodeTOML(data)
	if v, err := tomlValue(data, m, []string{"tool", "poetry", "version"}); err != nil || v.Kind != Missing {
		return v, err
	}
	return Value{Kind: Missing, Line: 1, Key: "project.version"}, nil
}

// readPyprojectProject reads [project]'s version, or its dynamic marker.
func readPyprojectProject(data []byte) (Value, error) {
	m, err := decodeTOML(data)
	if err != nil {
		return Value{}, err
	}
	if v, err := tomlValue(data, m, []string{"project", "version"}); err != nil || v.Kind != Missing {
		return v, err
	}
	if dyn, ok := lookup(m, []string{"project", "dynamic"}); ok {
		if list, ok := dyn.([]any); ok {
			for _, d := range list {
				if d == "version" {
					return Value{Kind: Dynamic, Line: tomlLine(data, []string{"project", "dynamic"}), Key: "project.dynamic"}, nil
				}
			}
		}
	}
	return Value{Kind: Missing, Line: 1, Key: "project.version"}, nil
}

func readCargo(data []byte) (Value, error) {
	m, err := decodeTOML(data)
	if err != nil {
		return Value{}, err
	}
	if ws, ok := lookup(m, []string{"package", "version", "workspace"}); ok {
		if ws == true {
			return Value{Kind: Workspace, Line: tomlLine(data, []string{"package", "version", "workspace"}), Key: "package.version.workspace"}, nil
		}
	}
	if _, ok := lookup(m, []string{"package"}); ok {
		return tomlValue(data, m, []string{"package", "version"})
	}
	// A virtual workspace manifest declares the shared version instead.
	if _, ok := lookup(m, []string{"workspace", "package", "version"}); ok {
		return tomlValue(data, m, []string{"workspace", "package", "version"})
	}
	return Value{Kind: Missing, Line: 1, Key: "package.version"}, nil
}

// CargoWorkspace reports whether a Cargo.toml is a workspace root, and the
// version its [workspace.package] declares for crates that inherit it.
func CargoWorkspace(data []byte) (isRoot bool, v Value, err error) {
	if err := checkText(data); err != nil {
		return false, Value{}, err
	}
	m, err := decodeTOML(data)
	if err != nil {
		return false, Value{}, err
	}
	if _, ok := m["workspace"]; !ok {
		return false, Value{}, nil
	}
	v, err = tomlValue(data, m, []string{"workspace", "package", "version"})
	return true, v, err
}

// ---- YAML ----

func readYAML(data []byte, key string) (Value, error) {
	n, line, err := YAMLNode(data, strings.Split(key, "."))
	if err != nil {
		return Value{}, err
	}
	if n == nil {
		return Value{Kind: Missing, Line: max(line, 1), Key: key}, nil
	}
	if n.Kind != yaml.ScalarNode {
		return Value{}, &Error{Line: n.Line, Msg: fmt.Sprintf("%q is not a scalar", key)}
	}
	if n.Tag == "!!null" {
		return Value{Kind: Missing, Line: n.Line, Key: key}, nil
	}
	// The scalar's text, not its decoded value: appVersion: 1.10 decodes
	// as the number 1.1, but 1.10 is what was meant. A block scalar
	// (appVersion: |) keeps its final line break, which is not part of
	// the version.
	text := n.Value
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		text = strings.TrimRight(text, "\r\n")
	}
	return classify(text, n.Line, key), nil
}

// YAMLError turns a yaml.v3 error into an *Error with its line.
func YAMLError(err error) *Error {
	line, msg := yamlerror.Describe(err)
	return &Error{Line: line, Msg: "invalid YAML: " + msg}
}
