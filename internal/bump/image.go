package bump

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/relguard/relguard/internal/release/images"
)

// ImageTarget is one of the project's own image references in a compose
// file, a Kubernetes manifest or Helm values.
type ImageTarget struct {
	Path string
	// Line is the line of the image: value, or of the tag: key in Helm
	// values that split the reference into repository and tag.
	Line int
	// Ref is the reference as the release guard read it: the image: value
	// as written ("app:${TAG:-0.4.64}"), or repository:tag assembled from
	// Helm's keys, in which case only the tag: value is edited.
	Ref string
	// Env lists the assignments of the .env beside a compose file that the
	// reference was interpolated with: a tag that comes from one of them
	// is edited in the .env file, where compose takes it from.
	Env []EnvAssignment
	// Lockstep reports a reference that carried the previous release's
	// version at that release: whatever its tag is between releases
	// (nightly, latest), the release tags it with its version.
	Lockstep bool
}

// EnvAssignment is one KEY=value line of a .env file as the release guard
// read it; Value is unquoted.
type EnvAssignment struct {
	File  string
	Line  int
	Key   string
	Value string
}

// versionTagRe is a tag that is a version: bump replaces those only, never
// latest, a branch or a commit hash, unless the reference is in lockstep
// with the releases.
var versionTagRe = regexp.MustCompile(`^v?[0-9]+(\.[0-9]+){1,3}([-+][0-9A-Za-z.+_-]*)?$`)

// tagSpan is where an image's tag is written: bytes start:end of a file.
type tagSpan struct {
	path       string
	line       int
	start, end int
	// what names the reference in the summary.
	what string
}

// SetImageTag records the splices that tag an own image with version:
// in the image: value, a ${VAR:-default}, or the .env assignment the
// reference takes its tag from. A tag that is not a version (latest, a
// commit hash, a variable without a value, no tag) is left alone and
// explained in the returned note, because rewriting it would change more
// than the version — unless the reference is in lockstep with the
// releases.
func (p *Plan) SetImageTag(t ImageTarget, version string) (changed bool, note string, err error) {
	data, err := p.Read(t.Path)
	if err != nil {
		return false, "", err
	}
	body, bom := stripBOM(data)
	docs, lerr := yamlDocs(body)
	if lerr != nil {
		return false, "", &Error{Path: t.Path, Line: lineOf(lerr), Msg: lerr.Error()}
	}
	tagText := images.RawTag(t.Ref)
	var node *yaml.Node
	var isTagKey bool
	for _, d := range docs {
		yamlPairs(d, func(k, v *yaml.Node) {
			if v.Kind != yaml.ScalarNode || v.Line != t.Line || node != nil {
				return
			}
			switch {
			case k.Value == "image" && v.Value == t.Ref:
				node = v
			case k.Value == "tag" && v.Value == tagText && tagText != "":
				node, isTagKey = v, true
			}
		})
	}
	if node == nil {
		return false, "", errorf(t.Path, t.Line, "cannot find the image %s on this line", t.Ref)
	}
	tok, lerr := yamlScalarToken(body, node)
	if lerr != nil {
		return false, "", &Error{Path: t.Path, Line: t.Line, Msg: lerr.Error()}
	}
	where := fmt.Sprintf("%s:%d", t.Path, t.Line)
	spans, note, err := p.tagSpans(t, tok.Value, bom+tok.Start, isTagKey, version)
	if err != nil || note != "" {
		return false, note, err
	}
	first := spans[0]
	tag := string(p.files[first.path].original[first.start:first.end])
	switch {
	case tag == "":
		return false, fmt.Sprintf("%s: image %s has no tag; tag it with the version by hand", where, t.Ref), nil
	case strings.Contains(tag, "$"):
		return false, fmt.Sprintf("%s: image %s takes its tag from a variable without a default; pin it or give the variable the default %s", where, t.Ref, images.VersionTags(version)[0]), nil
	case !versionTagRe.MatchString(tag) && !t.Lockstep:
		return false, fmt.Sprintf("%s: image %s is tagged %s, which is not a version; tag it %s by hand if it is built from this release", where, t.Ref, tag, images.VersionTags(version)[0]), nil
	}
	newTag := images.VersionTags(version)[0]
	if strings.HasPrefix(tag, "v") && versionTagRe.MatchString(tag) {
		newTag = "v" + newTag
	}
	for _, s := range spans {
		old := string(p.files[s.path].original[s.start:s.end])
		if old == newTag {
			continue
		}
		added, err := p.addSplice(s.path, Splice{Start: s.start, End: s.end, Text: newTag})
		if err != nil {
			return false, "", err
		}
		if added {
			changed = true
			p.Changes = append(p.Changes, Change{Path: s.path, Line: s.line, What: s.what, Old: old, New: newTag})
		}
	}
	return changed, "", nil
}

var (
	// varExprRe is a tag written as one compose variable: $NAME, ${NAME},
	// ${NAME:-default} or ${NAME-default}.
	varExprRe = regexp.MustCompile(`^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^${}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))$`)
	// trailingVarRe is a reference that ends in a variable holding the
	// name and tag ("$SNUBA_IMAGE", "${REGISTRY}/${IMAGE:-app:1.0}").
	trailingVarRe = regexp.MustCompile(`\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^${}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))$`)
)

// tagSpans finds where the tag of the reference text (at offset base of
// the target's file) is written. The first span is where compose takes
// the tag from; a ${NAME:-default} that pins the same tag as the .env
// follows as a second span, so that the file deployed without the .env
// pins the release too.
func (p *Plan) tagSpans(t ImageTarget, text string, base int, isTagKey bool, version string) ([]tagSpan, string, error) {
	where := fmt.Sprintf("%s:%d", t.Path, t.Line)
	what := "image " + imageName(t.Ref)
	inCompose := func(start, end int) tagSpan {
		return tagSpan{path: t.Path, line: t.Line, start: base + start, end: base + end, what: what}
	}
	start, end := 0, len(text)
	if !isTagKey {
		start, end = images.TagSpan(text)
	}
	// wholeRef: the variable holds name and tag, not the tag alone.
	wholeRef := false
	var m []int
	if start == end && !isTagKey {
		m = trailingVarRe.FindStringSubmatchIndex(text)
		wholeRef = m != nil
	} else if mm := varExprRe.FindStringSubmatchIndex(text[start:end]); mm != nil {
		m = make([]int, len(mm))
		for i, x := range mm {
			m[i] = x
			if x >= 0 {
				m[i] = x + start
			}
		}
	}
	if m == nil {
		return []tagSpan{inCompose(start, end)}, "", nil
	}
	name := ""
	if m[2] >= 0 {
		name = text[m[2]:m[3]]
	} else {
		name = text[m[6]:m[7]]
	}
	// within is the tag's span inside a value: all of it, or the part
	// after the name.
	within := func(v string) (int, int) {
		if wholeRef {
			return images.TagSpan(v)
		}
		return 0, len(v)
	}
	var spans []tagSpan
	for _, a := range t.Env {
		if a.Key != name {
			continue
		}
		vs, _, err := p.envValue(a)
		if err != nil {
			return nil, "", err
		}
		if strings.Contains(a.Value, "$") {
			return nil, fmt.Sprintf("%s: image %s takes its tag from %s in %s, whose value uses other variables; tag it by hand", where, t.Ref, name, a.File), nil
		}
		s, e := within(a.Value)
		label := fmt.Sprintf("%s (image %s)", name, imageName(t.Ref))
		if wholeRef {
			label = fmt.Sprintf("%s (image %s)", name, imageName(a.Value))
		}
		spans = append(spans, tagSpan{path: a.File, line: a.Line, start: vs + s, end: vs + e, what: label})
		break
	}
	if m[4] >= 0 {
		// The default: what the file pins without the .env.
		def := text[m[4]:m[5]]
		s, e := within(def)
		d := inCompose(m[4]+s, m[4]+e)
		if len(spans) == 0 {
			return []tagSpan{d}, "", nil
		}
		envTag := string(p.files[spans[0].path].original[spans[0].start:spans[0].end])
		if def[s:e] == envTag {
			spans = append(spans, d)
		}
	}
	if len(spans) == 0 {
		return nil, fmt.Sprintf("%s: image %s takes its tag from a variable without a default; pin it or give the variable the default %s", where, t.Ref, version), nil
	}
	return spans, "", nil
}

// envValue locates the value of a .env assignment: the bytes between its
// quotes, or the unquoted text before a comment. Export, spaces around
// "=", quotes and comments stay as written; a value written with escape
// sequences or across lines is refused rather than rewritten.
func (p *Plan) envValue(a EnvAssignment) (int, int, error) {
	data, err := p.Read(a.File)
	if err != nil {
		return 0, 0, err
	}
	lines := splitLines(data)
	if a.Line < 1 || a.Line > len(lines) {
		return 0, 0, errorf(a.File, a.Line, "cannot find %s on this line", a.Key)
	}
	l := lines[a.Line-1]
	text := l.text(data)
	i := skipBlanks(text, 0)
	if rest, ok := strings.CutPrefix(text[i:], "export"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
		i = skipBlanks(text, i+len("export"))
	}
	if !strings.HasPrefix(text[i:], a.Key) {
		return 0, 0, errorf(a.File, a.Line, "cannot find %s on this line", a.Key)
	}
	i = skipBlanks(text, i+len(a.Key))
	if i >= len(text) || text[i] != '=' {
		return 0, 0, errorf(a.File, a.Line, "cannot find %s on this line", a.Key)
	}
	i = skipBlanks(text, i+1)
	rest := text[i:]
	var start, end int
	var value string
	switch {
	case strings.HasPrefix(rest, `"`) || strings.HasPrefix(rest, "'"):
		q := rest[0]
		j := 1
		for ; j < len(rest) && rest[j] != q; j++ {
			if q == '"' && rest[j] == '\\' {
				j++
			}
		}
		if j >= len(rest) {
			return 0, 0, errorf(a.File, a.Line, "the value of %s spans lines; put it on one line", a.Key)
		}
		value = rest[1:j]
		start = l.start + i + 1
		if value != a.Value {
			return 0, 0, errorf(a.File, a.Line, "the value of %s is written with escape sequences; write it plainly", a.Key)
		}
	default:
		value = rest
		for _, c := range []string{" #", "\t#"} {
			if k := strings.Index(value, c); k >= 0 {
				value = value[:k]
			}
		}
		value = strings.TrimRight(value, " \t")
		start = l.start + i
		if value != a.Value {
			return 0, 0, errorf(a.File, a.Line, "%s holds %q, but the release guard read %q there; re-run after fixing the file", a.Key, value, a.Value)
		}
	}
	end = start + len(value)
	return start, end, nil
}

func skipBlanks(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func lineOf(err error) int {
	if le, ok := err.(*locateError); ok {
		return le.line
	}
	return 0
}

// yamlPairs visits every key/value pair of every mapping, without
// following aliases (an anchored mapping is visited where it is written).
func yamlPairs(n *yaml.Node, visit func(k, v *yaml.Node)) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			visit(n.Content[i], n.Content[i+1])
			yamlPairs(n.Content[i+1], visit)
		}
	case yaml.SequenceNode, yaml.DocumentNode:
		for _, c := range n.Content {
			yamlPairs(c, visit)
		}
	}
}

// imageName is the reference without its tag and digest, for messages.
func imageName(raw string) string {
	s, _ := images.TagSpan(raw)
	name := raw[:s]
	if i := strings.IndexByte(raw, '@'); i >= 0 && i < s {
		name = raw[:i]
	}
	return strings.TrimSuffix(name, ":")
}
