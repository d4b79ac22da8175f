package versionfile

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ---- setup.cfg ----

// iniEntry is one key of an INI file, with its continuation lines joined.
type iniEntry struct {
	section, key, value string
	line                int
}

// readINI reads setup.cfg the way Python's configparser does for the
// keys relguard needs: [section] headers, "key = value" or "key: value",
// whole-line # and ; comments, and indented continuation lines. Section
// and key names compare case-insensitively.
func readINI(data []byte) []iniEntry {
	var out []iniEntry
	section := ""
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
	for i, raw := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(raw)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, ";"):
			continue
		case raw[0] == ' ' || raw[0] == '\t':
			if n := len(out); n > 0 && out[n-1].section == section {
				out[n-1].value = strings.TrimSpace(out[n-1].value + "\n" + trimmed)
			}
			continue
		case strings.HasPrefix(trimmed, "[") && strings.HasSuffix(trimmed, "]"):
			section = strings.ToLower(strings.TrimSpace(trimmed[1 : len(trimmed)-1]))
			continue
		}
		sep := strings.IndexAny(trimmed, "=:")
		if sep <= 0 {
			continue
		}
		out = append(out, iniEntry{
			section: section,
			key:     strings.ToLower(strings.TrimSpace(trimmed[:sep])),
			value:   strings.TrimSpace(trimmed[sep+1:]),
			line:    i + 1,
		})
	}
	return out
}

func readSetupCfg(data []byte, key string) (Value, error) {
	section, name, ok := strings.Cut(strings.ToLower(key), ".")
	if !ok {
		return Value{}, &Error{Msg: fmt.Sprintf("key %q of a setup.cfg needs a section, such as metadata.version", key)}
	}
	var found *iniEntry
	for _, e := range readINI(data) {
		if e.section == section && e.key == name {
			e := e
			found = &e
		}
	}
	if found == nil {
		return Value{Kind: Missing, Line: 1, Key: key}, nil
	}
	if strings.HasPrefix(found.value, "attr:") || strings.HasPrefix(found.value, "file:") {
		return Value{Kind: Dynamic, Line: found.line, Key: key}, nil
	}
	return classify(found.value, found.line, key), nil
}

// ---- Go ----

// readGo finds `const name = "…"` or `var name = "…"` at the top level of
// a Go file, alone or in a group, typed or not.
func readGo(data []byte, name string) (Value, error) {
	decls, err := GoDecls(data, name)
	if err != nil {
		return Value{}, err
	}
	if len(decls) == 0 {
		return Value{Kind: Missing, Line: 1, Key: name}, nil
	}
	d := decls[0]
	if d.Lit == nil {
		// Computed at build or run time (ldflags, a function call).
		return Value{Kind: Missing, Line: d.Line, Key: name}, nil
	}
	s, err := strconv.Unquote(d.Lit.Value)
	if err != nil {
		return Value{}, &Error{Line: d.Line, Msg: "invalid Go string " + d.Lit.Value}
	}
	return classify(s, d.LitLine, name), nil
}

// ---- Python ----

var pyAssignRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]*)?=\s*((?:[A-Za-z_][A-Za-z0-9_]*\s*=\s*)*)(.*)$`)
var pyStringRe = regexp.MustCompile(`^[rRuU]?(?:"([^"\\\n]*)"|'([^'\\\n]*)')\s*(?:#.*)?$`)

// readPython finds a top-level `name = "…"` in a Python module, also in a
// chained assignment (`__version__ = version = "1.2.0"`, as setuptools_scm
// writes it). The last top-level assignment wins, as in Python.
func readPython(data []byte, name string) (Value, error) {
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
	var found *Value
	for i, line := range strings.Split(text, "\n") {
		m := pyAssignRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		names := []string{m[1]}
		for _, part := range strings.Split(m[2], "=") {
			if p := strings.TrimSpace(part); p != "" {
				names = append(names, p)
			}
		}
		hit := false
		for _, n := range names {
			hit = hit || n == name
		}
		if !hit {
			continue
		}
		v := Value{Kind: Missing, Line: i + 1, Key: name}
		if s := pyStringRe.FindStringSubmatch(strings.TrimSpace(m[3])); s != nil {
			v = classify(s[1]+s[2], i+1, name)
		}
		found = &v
	}
	if found == nil {
		return Value{Kind: Missing, Line: 1, Key: name}, nil
	}
	return *found, nil
}

// ---- dynamic versions ----

// DynamicSource says where a dynamic Python version comes from.
type DynamicSource struct {
	// FromTag names the tool that derives the version from the git tag
	// ("setuptools_scm", "hatch-vcs"); the other fields are then empty.
	FromTag string
	// File is the file that holds the version, relative to the manifest's
	// directory ("src/pkg/__about__.py", "VERSION").
	File string
	// Module is a dotted Python module holding Attr, for setuptools
	// `attr:` ("pkg.__version__" gives Module "pkg", Attr "__version__").
	Module string
	// Attr is the variable that holds the version in File or Module; empty
	// for a plain file, and for hatch's default pattern, which accepts
	// __version__ or VERSION.
	Attr string
	// Via says which setting named the source, for messages
	// ("[tool.hatch.version] path").
	Via string
}

// tagTools are build requirements that take the version from the git
// tag, by their normalized name (PEP 503: lower case, "-" for "_" and ".").
var tagTools = map[string]string{
	"setuptools-scm": "setuptools_scm", "hatch-vcs": "hatch-vcs", "poetry-dynamic-versioning": "poetry-dynamic-versioning",
	"versioningit": "versioningit", "setuptools-git-versioning": "setuptools-git-versioning", "dunamai": "dunamai",
	"pbr": "pbr", "uv-dynamic-versioning": "uv-dynamic-versioning",
}

// PyprojectDynamic tells where the version of a pyproject.toml whose
// [project] declares dynamic = ["version"], or whose poetry version is a
// placeholder for poetry-dynamic-versioning, comes from. ok is false when
// no setting names a source.
func PyprojectDynamic(data []byte) (src DynamicSource, ok bool, err error) {
	if err := checkText(data); err != nil {
		return src, false, err
	}
	m, err := decodeTOML(data)
	if err != nil {
		return src, false, err
	}
	str := func(keys ...string) string {
		v, _ := lookup(m, keys)
		s, _ := v.(string)
		return s
	}
	if p := str("tool", "hatch", "version", "path"); p != "" {
		return DynamicSource{File: p, Via: "[tool.hatch.version] path"}, true, nil
	}
	if v, found := lookup(m, []string{"tool", "setuptools", "dynamic", "version"}); found {
		if t, isMap := v.(map[string]any); isMap {
			if attr, _ := t["attr"].(string); attr != "" {
				mod, name := splitAttr(attr)
				return DynamicSource{Module: mod, Attr: name, Via: "[tool.setuptools.dynamic] version attr"}, true, nil
			}
			switch f := t["file"].(type) {
			case string:
				return DynamicSource{File: f, Via: "[tool.setuptools.dynamic] version file"}, true, nil
			case []any:
				if len(f) == 1 {
					if s, _ := f[0].(string); s != "" {
						return DynamicSource{File: s, Via: "[tool.setuptools.dynamic] version file"}, true, nil
					}
				}
			}
		}
	}
	if str("tool", "pdm", "version", "source") == "file" && str("tool", "pdm", "version", "path") != "" {
		return DynamicSource{File: str("tool", "pdm", "version", "path"), Via: "[tool.pdm.version] path"}, true, nil
	}
	switch src := str("tool", "hatch", "version", "source"); src {
	case "vcs":
		return DynamicSource{FromTag: "hatch-vcs", Via: "[tool.hatch.version] source"}, true, nil
	case "":
	default:
		if tool := tagTool(src); tool != "" {
			return DynamicSource{FromTag: tool, Via: "[tool.hatch.version] source"}, true, nil
		}
	}
	if str("tool", "pdm", "version", "source") == "scm" {
		return DynamicSource{FromTag: "pdm-backend (scm)", Via: "[tool.pdm.version] source"}, true, nil
	}
	if _, found := lookup(m, []string{"tool", "setuptools_scm"}); found {
		return DynamicSource{FromTag: "setuptools_scm", Via: "[tool.setuptools_scm]"}, true, nil
	}
	if _, found := lookup(m, []string{"tool", "poetry-dynamic-versioning"}); found {
		return DynamicSource{FromTag: "poetry-dynamic-versioning", Via: "[tool.poetry-dynamic-versioning]"}, true, nil
	}
	if v, found := lookup(m, []string{"build-system", "requires"}); found {
		if list, isList := v.([]any); isList {
			for _, r := range list {
				if s, _ := r.(string); tagTool(s) != "" {
					return DynamicSource{FromTag: tagTool(s), Via: "[build-system] requires"}, true, nil
				}
			}
		}
	}
	if strings.HasPrefix(str("build-system", "build-backend"), "flit_core") {
		mod := str("tool", "flit", "module", "name")
		if mod == "" {
			mod = strings.NewReplacer("-", "_", ".", "_").Replace(strings.ToLower(str("project", "name")))
		}
		if mod != "" {
			return DynamicSource{Module: mod, Attr: "__version__", Via: "flit (the module's __version__)"}, true, nil
		}
	}
	return src, false, nil
}

// SetupCfgDynamic tells where a setup.cfg's `version = attr: …` or
// `version = file: …` points.
func SetupCfgDynamic(data []byte) (src DynamicSource, ok bool) {
	for _, e := range readINI(data) {
		if e.section != "metadata" || e.key != "version" {
			continue
		}
		switch {
		case strings.HasPrefix(e.value, "attr:"):
			mod, name := splitAttr(strings.TrimSpace(strings.TrimPrefix(e.value, "attr:")))
			src, ok = DynamicSource{Module: mod, Attr: name, Via: "setup.cfg version = attr:"}, true
		case strings.HasPrefix(e.value, "file:"):
			f, _, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(e.value, "file:")), ",")
			src, ok = DynamicSource{File: strings.TrimSpace(f), Via: "setup.cfg version = file:"}, true
		}
	}
	return src, ok
}

// tagTool returns the tag-deriving tool a requirement names, or "".
func tagTool(requirement string) string {
	name := strings.ToLower(strings.TrimSpace(requirement))
	if i := strings.IndexAny(name, "<>=!~[;@ "); i >= 0 {
		name = name[:i]
	}
	return tagTools[strings.NewReplacer("_", "-", ".", "-").Replace(name)]
}

func splitAttr(attr string) (module, name string) {
	i := strings.LastIndex(attr, ".")
	if i < 0 {
		return "", attr
	}
	return attr[:i], attr[i+1:]
}
