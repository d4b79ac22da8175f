package bump

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
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
}

// versionTagRe is a tag that is a version: bump replaces those only, never
// latest, a branch or a commit hash.
var versionTagRe = regexp.MustCompile(`^v?[0-9]+(\.[0-9]+){1,3}([-+][0-9A-Za-z.+_-]*)?$`)

// SetImageTag records the splice that tags an own image with version. A
// tag that is not a version (latest, a commit hash, a variable without a
// default, no tag) is left alone and explained in the returned note,
// because rewriting it would change more than the version.
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
	tagText := rawTag(t.Ref)
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
	// start:end is the tag inside the scalar's text.
	text := tok.Value
	start, end := 0, len(text)
	if !isTagKey {
		start, end = rawTagSpan(text)
	}
	tag := text[start:end]
	where := fmt.Sprintf("%s:%d", t.Path, t.Line)
	if m := defaultRe.FindStringSubmatchIndex(tag); m != nil {
		// ${NAME:-default}: the default is what the file pins.
		start, end = start+m[2], start+m[3]
		tag = text[start:end]
	}
	switch {
	case tag == "":
		return false, fmt.Sprintf("%s: image %s has no tag; tag it with the version by hand", where, t.Ref), nil
	case strings.Contains(tag, "$"):
		return false, fmt.Sprintf("%s: image %s takes its tag from a variable without a default; pin it or give the variable the default %s", where, t.Ref, version), nil
	case !versionTagRe.MatchString(tag):
		return false, fmt.Sprintf("%s: image %s is tagged %s, which is not a version; tag it %s by hand if it is built from this release", where, t.Ref, tag, version), nil
	}
	newTag := version
	if strings.HasPrefix(tag, "v") {
		newTag = "v" + version
	}
	if tag == newTag {
		return false, "", nil
	}
	s := Splice{Start: bom + tok.Start + start, End: bom + tok.Start + end, Text: newTag}
	if err := p.Add(t.Path, s); err != nil {
		return false, "", err
	}
	p.Changes = append(p.Changes, Change{Path: t.Path, Line: t.Line, What: "image " + imageName(t.Ref), Old: tag, New: newTag})
	return true, "", nil
}

// defaultRe is a whole tag written as compose interpolation with a default.
var defaultRe = regexp.MustCompile(`^\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^${}]*)\}$`)

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

// rawTag is the tag part of a reference as written (see rawTagSpan).
func rawTag(raw string) string {
	s, e := rawTagSpan(raw)
	return raw[s:e]
}

// rawTagSpan locates the tag in a reference as written: after the last ':'
// that follows the last '/', before any '@', counting only characters
// outside ${...} so that "app:${TAG:-latest}" gives "${TAG:-latest}". An
// untagged reference gives an empty span at the end of the name.
func rawTagSpan(raw string) (int, int) {
	depth, slash, colon, at := 0, -1, -1, -1
	for i := 0; i < len(raw); i++ {
		switch {
		case raw[i] == '$' && i+1 < len(raw) && raw[i+1] == '{':
			depth++
			i++
		case raw[i] == '}' && depth > 0:
			depth--
		case depth > 0, at >= 0:
		case raw[i] == '/':
			slash, colon = i, -1
		case raw[i] == ':':
			colon = i
		case raw[i] == '@' && at < 0:
			at = i
		}
	}
	end := len(raw)
	if at >= 0 {
		end = at
	}
	if colon < 0 || colon > end || colon < slash {
		return end, end
	}
	return colon + 1, end
}

// imageName is the reference without its tag and digest, for messages.
func imageName(raw string) string {
	s, _ := rawTagSpan(raw)
	name := raw[:s]
	if i := strings.IndexByte(raw, '@'); i >= 0 && i < s {
		name = raw[:i]
	}
	return strings.TrimSuffix(name, ":")
}
