// Package images reads container image references from docker compose
// files, Kubernetes manifests and Helm values, and evaluates compose
// interpolation. It reports what the files say; the release checks judge it.
package images

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/distribution/reference"
	"go.yaml.in/yaml/v3"

	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/yamlerror"
)

// Error is a file that cannot be read.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// maxDocuments bounds the work on a multi-document stream.
const maxDocuments = 10000

// Service is one compose service.
type Service struct {
	Name string
	Line int // line of the service's key
	// Image is the image: value as written, before interpolation; empty
	// when the service has none.
	Image     string
	ImageLine int
	// HasBuild reports a build: key: the project builds this image itself.
	HasBuild bool
}

// ParseCompose reads the services of a compose file.
func ParseCompose(data []byte) ([]Service, error) {
	docs, err := decodeAll(data)
	if err != nil {
		return nil, err
	}
	var out []Service
	for _, doc := range docs {
		root := doc
		if root.Kind != yaml.MappingNode {
			if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
				continue
			}
			return nil, &Error{Line: root.Line, Msg: "a compose file must be a mapping with a services: key"}
		}
		services := mapGet(root, "services")
		if services == nil || (services.Kind == yaml.ScalarNode && services.Tag == "!!null") {
			continue
		}
		if services.Kind != yaml.MappingNode {
			return nil, &Error{Line: services.Line, Msg: "services: must be a mapping of service names"}
		}
		for i := 0; i+1 < len(services.Content); i += 2 {
			k, v := services.Content[i], resolve(services.Content[i+1])
			if k.Value == "<<" {
				continue
			}
			s := Service{Name: k.Value, Line: k.Line}
			if v.Kind == yaml.MappingNode {
				if img := mapGet(v, "image"); img != nil {
					if img.Kind != yaml.ScalarNode {
						return nil, &Error{Line: img.Line, Msg: fmt.Sprintf("service %q: image: must be a string", k.Value)}
					}
					s.Image, s.ImageLine = img.Value, img.Line
				}
				s.HasBuild = mapGet(v, "build") != nil
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// Container is one container of a Kubernetes workload.
type Container struct {
	// Workload names the object ("Deployment/web").
	Workload string
	// Name is the container's name; List is the list it is in
	// ("containers", "initContainers", "ephemeralContainers").
	Name, List string
	Image      string
	Line       int
}

var containerLists = map[string]bool{"containers": true, "initContainers": true, "ephemeralContainers": true}

// ParseKubernetes reads every container of every object in a (possibly
// multi-document) manifest, wherever its pod template sits: Deployment,
// StatefulSet, DaemonSet, Job, CronJob's jobTemplate, Pod, List items and
// custom resources alike.
func ParseKubernetes(data []byte) ([]Container, error) {
	docs, err := decodeAll(data)
	if err != nil {
		return nil, err
	}
	var out []Container
	for _, doc := range docs {
		workload := ""
		if doc.Kind == yaml.MappingNode {
			kind, name := scalar(mapGet(doc, "kind")), ""
			if md := mapGet(doc, "metadata"); md != nil && md.Kind == yaml.MappingNode {
				name = scalar(mapGet(md, "name"))
			}
			workload = strings.Trim(kind+"/"+name, "/")
		}
		walk(doc, func(key string, v *yaml.Node) {
			if !containerLists[key] || v.Kind != yaml.SequenceNode {
				return
			}
			for _, c := range v.Content {
				if c.Kind != yaml.MappingNode {
					continue
				}
				img := mapGet(c, "image")
				if img == nil || img.Kind != yaml.ScalarNode {
					continue
				}
				out = append(out, Container{Workload: workload, Name: scalar(mapGet(c, "name")), List: key, Image: img.Value, Line: img.Line})
			}
		})
	}
	return out, nil
}

// HelmImage is an image block in Helm values.
type HelmImage struct {
	// Path is the dotted path of the image key ("image", "worker.image").
	Path string
	// Registry and Repository as written; Repository may hold a full
	// reference when the chart has no separate registry key.
	Registry, Repository string
	// Tag is the tag as written; TagSet reports whether a tag key exists.
	Tag    string
	TagSet bool
	Digest string
	// Line is the tag's line, or the image key's when there is no tag.
	Line int
	// Ref is set instead of Repository/Tag when image: is a single string.
	Ref string
}

// ParseHelmValues reads the image blocks of a values file: every key named
// image whose value is a mapping with repository/tag (the chart's own
// image.tag and per-component *.image.tag), or a string reference.
func ParseHelmValues(data []byte) ([]HelmImage, error) {
	docs, err := decodeAll(data)
	if err != nil {
		return nil, err
	}
	var out []HelmImage
	for _, doc := range docs {
		walkPath(doc, nil, func(p []string, k, v *yaml.Node) {
			if k.Value != "image" {
				return
			}
			path := strings.Join(append(append([]string{}, p...), "image"), ".")
			switch v.Kind {
			case yaml.ScalarNode:
				if v.Tag != "!!null" && v.Value != "" {
					out = append(out, HelmImage{Path: path, Ref: v.Value, Line: v.Line})
				}
			case yaml.MappingNode:
				repo := mapGet(v, "repository")
				if repo == nil {
					repo = mapGet(v, "name")
				}
				if repo == nil {
					return
				}
				h := HelmImage{Path: path, Repository: scalar(repo), Registry: scalar(mapGet(v, "registry")), Digest: scalar(mapGet(v, "digest")), Line: k.Line}
				if tag := mapGet(v, "tag"); tag != nil {
					h.TagSet, h.Line = true, tag.Line
					if tag.Tag != "!!null" {
						h.Tag = tag.Value
					}
				}
				out = append(out, h)
			}
		})
	}
	return out, nil
}

// ---- references ----

// Ref is a parsed image reference.
type Ref struct {
	// Name is the normalized repository ("docker.io/library/nginx").
	Name string
	// Familiar is the name as docker shows it ("nginx", "applylens/web").
	Familiar string
	Tag      string // empty when untagged
	Digest   string // empty when not pinned by digest
}

// ParseRef parses an image reference such as "applylens/web:0.5.0",
// "registry.local:5000/app" or "app@sha256:…".
func ParseRef(s string) (Ref, error) {
	n, err := reference.ParseNormalizedNamed(s)
	if err != nil {
		return Ref{}, fmt.Errorf("invalid image reference %s: %v", excerpt.Quote(s), err)
	}
	r := Ref{Name: n.Name(), Familiar: reference.FamiliarName(n)}
	if t, ok := n.(reference.Tagged); ok {
		r.Tag = t.Tag()
	}
	if d, ok := n.(reference.Digested); ok {
		r.Digest = d.Digest().String()
	}
	return r, nil
}

// SameRepository reports whether an image name (as configured in
// images.own, with or without a tag) names the repository of r. Names
// compare both normalized and as written.
func SameRepository(name string, r Ref) bool {
	if name == r.Familiar || name == r.Name {
		return true
	}
	n, err := reference.ParseNormalizedNamed(name)
	if err != nil {
		return false
	}
	return n.Name() == r.Name
}

// ---- interpolation ----

// Interpolation is the result of evaluating compose's ${...} syntax with
// an empty environment, or with the variables of the compose project's
// .env file.
type Interpolation struct {
	Value string
	// Unset lists variables that have no default, so the value depends
	// on the environment at deploy time.
	Unset []string
	// Defaulted lists variables whose default was used.
	Defaulted []string
	// FromEnv lists variables whose value came from the given variables
	// (the .env file).
	FromEnv []string

	unset string
	env   map[string]string
}

// maxNesting bounds nested ${...} defaults.
const maxNesting = 32

// Interpolate evaluates compose interpolation with defaults only: the
// release's environment is deliberately ignored, because the file is what
// is deployed elsewhere. $$ is a literal $.
func Interpolate(s string) (Interpolation, error) {
	return InterpolateUnset(s, "")
}

// InterpolateUnset is Interpolate with unset standing in for the value of
// every variable without a default, so that the result still parses as a
// reference and the caller can see where the unknown part is.
func InterpolateUnset(s, unset string) (Interpolation, error) {
	return InterpolateEnv(s, nil, unset)
}

// InterpolateEnv is InterpolateUnset with the variables of env set, as
// compose sets those of the .env file beside the compose file.
func InterpolateEnv(s string, env map[string]string, unset string) (Interpolation, error) {
	in := Interpolation{unset: unset, env: env}
	v, err := interpolate(s, &in, 0)
	in.Value = v
	return in, err
}

// lookup returns a variable's value from the environment.
func (in *Interpolation) lookup(name string) (string, bool) {
	v, ok := in.env[name]
	if ok {
		in.FromEnv = append(in.FromEnv, name)
	}
	return v, ok
}

var nameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*`)

func interpolate(s string, in *Interpolation, depth int) (string, error) {
	if depth > maxNesting {
		return "", errors.New("interpolation nested too deeply")
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 == len(s) {
			b.WriteByte('$')
			continue
		}
		switch c := s[i+1]; {
		case c == '$':
			b.WriteByte('$')
			i++
		case c == '{':
			end := matchingBrace(s, i+2)
			if end < 0 {
				return "", fmt.Errorf("unclosed ${ in %q", s)
			}
			expr := s[i+2 : end]
			val, err := evalBraced(expr, in, depth)
			if err != nil {
				return "", err
			}
			b.WriteString(val)
			i = end
		default:
			name := nameRe.FindString(s[i+1:])
			if name == "" {
				b.WriteByte('$')
				continue
			}
			if v, ok := in.lookup(name); ok {
				b.WriteString(v)
			} else {
				in.Unset = append(in.Unset, name)
				b.WriteString(in.unset)
			}
			i += len(name)
		}
	}
	return b.String(), nil
}

func matchingBrace(s string, from int) int {
	depth := 1
	for j := from; j < len(s); j++ {
		switch {
		case s[j] == '$' && j+1 < len(s) && s[j+1] == '{':
			depth++
			j++
		case s[j] == '}':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

func evalBraced(expr string, in *Interpolation, depth int) (string, error) {
	name := nameRe.FindString(expr)
	if name == "" {
		return "", fmt.Errorf("invalid interpolation ${%s}", expr)
	}
	op := expr[len(name):]
	val, set := in.env[name]
	// With a colon, compose treats an empty value as unset.
	colon := strings.HasPrefix(op, ":")
	present := set && (val != "" || !colon)
	switch {
	case op == "":
		if set {
			in.FromEnv = append(in.FromEnv, name)
			return val, nil
		}
		in.Unset = append(in.Unset, name)
		return in.unset, nil
	case strings.HasPrefix(op, ":-"), strings.HasPrefix(op, "-"):
		if present {
			in.FromEnv = append(in.FromEnv, name)
			return val, nil
		}
		def := strings.TrimPrefix(strings.TrimPrefix(op, ":"), "-")
		in.Defaulted = append(in.Defaulted, name)
		return interpolate(def, in, depth+1)
	case strings.HasPrefix(op, ":?"), strings.HasPrefix(op, "?"):
		if present {
			in.FromEnv = append(in.FromEnv, name)
			return val, nil
		}
		// Required: deployment fails without it, so its value is unknown here.
		in.Unset = append(in.Unset, name)
		return in.unset, nil
	case strings.HasPrefix(op, ":+"), strings.HasPrefix(op, "+"):
		if present {
			in.FromEnv = append(in.FromEnv, name)
			alt := strings.TrimPrefix(strings.TrimPrefix(op, ":"), "+")
			return interpolate(alt, in, depth+1)
		}
		// The alternative applies only when the variable is set; it is not.
		return "", nil
	}
	return "", fmt.Errorf("invalid interpolation ${%s}", expr)
}

// ---- YAML helpers ----

func decodeAll(data []byte) ([]*yaml.Node, error) {
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return nil, &Error{Msg: "binary data, not a YAML file"}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for len(docs) < maxDocuments {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, yamlError(err)
		}
		if len(doc.Content) > 0 {
			docs = append(docs, doc.Content[0])
		}
	}
	return docs, nil
}

func yamlError(err error) *Error {
	line, msg := yamlerror.Describe(err)
	return &Error{Line: line, Msg: "invalid YAML: " + msg}
}

// resolve follows an alias.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 8; i++ {
		n = n.Alias
	}
	return n
}

// mapGet looks a key up in a mapping, following aliases and << merge keys
// (compose's x- extension fields rely on them); explicit keys win over
// merged ones. The merge depth is bounded.
func mapGet(m *yaml.Node, key string) *yaml.Node {
	return mapGetDepth(resolve(m), key, 0)
}

func mapGetDepth(m *yaml.Node, key string, depth int) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode || depth > 8 {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i].Value != "<<" {
			return resolve(m.Content[i+1])
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != "<<" || m.Content[i].Tag != "!!merge" {
			continue
		}
		v := resolve(m.Content[i+1])
		srcs := []*yaml.Node{v}
		if v != nil && v.Kind == yaml.SequenceNode {
			srcs = v.Content
		}
		for _, src := range srcs {
			if got := mapGetDepth(resolve(src), key, depth+1); got != nil {
				return got
			}
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// walk visits every key/value pair of every mapping under n. It does not
// follow aliases, so a "billion laughs" document costs no more than its size.
func walk(n *yaml.Node, visit func(key string, v *yaml.Node)) {
	walkPath(n, nil, func(_ []string, k, v *yaml.Node) { visit(k.Value, v) })
}

func walkPath(n *yaml.Node, path []string, visit func(path []string, k, v *yaml.Node)) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			visit(path, k, v)
			walkPath(v, append(path[:len(path):len(path)], k.Value), visit)
		}
	case yaml.SequenceNode, yaml.DocumentNode:
		for _, c := range n.Content {
			walkPath(c, path, visit)
		}
	}
}

// VersionTags returns the image tags that carry a release version, the
// one to write first. A Docker tag cannot hold "+", so a version with
// build metadata is written with "_" in its place (Helm's convention for
// OCI registries); "-" (docker/metadata-action's) and the version without
// its build metadata are accepted too.
func VersionTags(version string) []string {
	i := strings.IndexByte(version, '+')
	if i < 0 {
		return []string{version}
	}
	return []string{
		version[:i] + "_" + version[i+1:],
		version[:i] + "-" + version[i+1:],
		version[:i],
	}
}

// RawTag is the part of a reference as written that holds the tag (see
// TagSpan): "app:${TAG:-latest}" gives "${TAG:-latest}", "app" gives "".
func RawTag(raw string) string {
	s, e := TagSpan(raw)
	return raw[s:e]
}

// TagSpan locates the tag in a reference as written, before interpolation:
// after the last ':' that follows the last '/', before any '@', counting
// only characters outside ${...} so that "app:${TAG:-latest}" gives the
// span of "${TAG:-latest}". An untagged reference gives an empty span at
// the end of the name (before any digest).
func TagSpan(raw string) (start, end int) {
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
	end = len(raw)
	if at >= 0 {
		end = at
	}
	if colon < 0 || colon > end || colon < slash {
		return end, end
	}
	return colon + 1, end
}
