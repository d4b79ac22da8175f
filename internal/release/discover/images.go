package discover

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/relguard/relguard/internal/release/dotenv"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/release/images"
)

// UnsetMarker stands in for a variable without a value, so that a
// reference with one still parses and the checks can tell where it was.
const UnsetMarker = "relguard-unset-variable"

// Resolve interpolates the reference (with its .env variables, then the
// defaults) and parses the result. Variables without a value become
// UnsetMarker.
func (im Image) Resolve() (images.Ref, images.Interpolation, error) {
	return resolveRef(im.Raw, im.Env)
}

func resolveRef(raw string, env map[string]string) (images.Ref, images.Interpolation, error) {
	in, err := images.InterpolateEnv(raw, env, UnsetMarker)
	if err != nil {
		return images.Ref{}, in, err
	}
	r, err := images.ParseRef(in.Value)
	return r, in, err
}

// strictComposeRe is a compose file name that says it is deployed.
var strictComposeRe = regexp.MustCompile(`(?i)prod|production|release|deploy`)

// isComposeFile matches compose's own names and their variants:
// compose.yaml, docker-compose.yml, docker-compose.prod.yml, ….
func isComposeFile(p string) bool {
	ok, _ := path.Match("*compose*.y*ml", strings.ToLower(path.Base(p)))
	return ok
}

// composeEnv reads the .env beside a compose file, as compose itself
// does for the project directory; only a tracked one counts, since an
// untracked .env is a machine's secret, not the release.
type composeEnv struct {
	file    string
	values  map[string]string
	entries map[string]dotenv.Entry
}

func (d *discoverer) readComposeEnv(compose string, read func(string) ([]byte, bool)) (*composeEnv, *Problem) {
	envPath := path.Join(path.Dir(compose), ".env")
	data, ok := read(envPath)
	if !ok {
		return nil, nil
	}
	f, err := dotenv.Parse(data)
	if err != nil {
		var de *dotenv.Error
		line, reason := 0, err.Error()
		if errors.As(err, &de) {
			line, reason = de.Line, de.Msg
		}
		loc := envPath
		if line > 0 {
			loc = fmt.Sprintf("%s:%d", envPath, line)
		}
		return nil, &Problem{Check: "image.tags", File: envPath, Line: line, Msg: fmt.Sprintf("%s: %s", loc, reason),
			Hint: fmt.Sprintf("fix the line in %s (KEY=value, # for comments); compose reads it for %s", envPath, compose)}
	}
	env := &composeEnv{file: envPath, values: map[string]string{}, entries: map[string]dotenv.Entry{}}
	for _, e := range f.Entries {
		env.values[e.Key] = e.Value
		env.entries[e.Key] = e
	}
	return env, nil
}

func (d *discoverer) images() {
	cfg := d.cfg.Images
	var files []ComposeFile
	if len(cfg.Compose) > 0 {
		for _, f := range cfg.Compose {
			files = append(files, ComposeFile{Path: f, Strict: true})
		}
	} else if d.listErr == nil {
		for _, f := range d.tracked {
			if isComposeFile(f) && !Excluded(f) {
				files = append(files, ComposeFile{Path: f, Strict: strictComposeRe.MatchString(path.Base(f))})
			}
		}
	}
	readHead := func(p string) ([]byte, bool) {
		if !d.trackedSet[p] && len(cfg.Compose) == 0 {
			return nil, false
		}
		data, err := d.readHead(p)
		return data, err == nil
	}

	ownNames := map[string]string{} // normalized repository -> reason
	for _, n := range cfg.Own {
		if r, err := images.ParseRef(n); err == nil {
			ownNames[r.Name] = "listed under images.own"
		}
		ownNames[n] = "listed under images.own"
	}
	var uses []Image
	for i, cf := range files {
		data, err := d.readHead(cf.Path)
		if err != nil {
			d.problem(readProblem("image.tags", cf.Path, err, "images.compose"))
			continue
		}
		services, err := images.ParseCompose(data)
		if err != nil {
			d.problem(imageParseProblem(cf.Path, err))
			continue
		}
		env, problem := d.readComposeEnv(cf.Path, readHead)
		if problem != nil {
			d.problem(*problem)
		}
		if env != nil {
			files[i].EnvFile = env.file
		}
		for _, s := range services {
			if s.Image == "" {
				continue // built locally only: no image to tag
			}
			im := Image{File: cf.Path, Line: s.ImageLine, Where: "service " + s.Name, Raw: s.Image, Strict: cf.Strict}
			if env != nil {
				im.Env = env.values
				if _, in, err := im.Resolve(); err == nil {
					for _, k := range in.FromEnv {
						e := env.entries[k]
						im.EnvVars = append(im.EnvVars, EnvVar{File: env.file, Line: e.Line, Key: k, Value: e.Value})
					}
				}
			}
			if s.HasBuild && localName(s.Image) {
				// build: with a name that cannot be pushed (no registry, no
				// namespace) only names the local build; like a build:-only
				// service, it is not an image to tag.
				continue
			}
			if s.HasBuild {
				im.Own, im.OwnReason = true, "the service builds it (build:)"
				// The repository a service builds is the project's own
				// wherever else it appears (Kubernetes, Helm).
				if r, _, err := im.Resolve(); err == nil && !strings.Contains(r.Name, UnsetMarker) {
					ownNames[r.Name] = "built by service " + s.Name + " in " + cf.Path
				}
			}
			uses = append(uses, im)
		}
	}
	d.rel.ComposeFiles = files

	refs, names := d.lockstepImages(files)
	for name, reason := range names {
		if _, ok := ownNames[name]; !ok {
			ownNames[name] = reason
		}
	}
	for i := range uses {
		u := &uses[i]
		if reason, ok := refs[u.File+"\x00"+u.Raw]; ok {
			// This very reference followed the releases: forgetting it is
			// the forgotten bump, whatever the file's name.
			u.Own, u.Strict, u.Lockstep = true, true, true
			if u.OwnReason == "" {
				u.OwnReason = reason
			}
			continue
		}
		if u.Own {
			continue
		}
		if r, _, err := u.Resolve(); err == nil {
			if reason, ok := ownRepository(r, ownNames); ok {
				u.Own, u.OwnReason = true, reason
			}
		}
	}
	d.rel.Images = append(d.rel.Images, uses...)
	d.kubernetes(ownNames)
	d.helmValues(ownNames)
}

// lockstepImages reads the compose files at the anchor and returns the
// references (file and service) whose tag there was the anchor's version,
// and their repositories: the project's own images, bumped with every
// release.
func (d *discoverer) lockstepImages(files []ComposeFile) (refs, names map[string]string) {
	refs, names = map[string]string{}, map[string]string{}
	if len(files) == 0 {
		return refs, names
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path, path.Join(path.Dir(f.Path), ".env"))
	}
	for _, a := range d.anchors {
		at, err := d.readAt(a, paths)
		if err != nil {
			return refs, names
		}
		read := func(p string) ([]byte, bool) {
			data, ok := at[p]
			return data, ok
		}
		for _, f := range files {
			data, ok := at[f.Path]
			if !ok {
				continue
			}
			services, err := images.ParseCompose(data)
			if err != nil {
				continue
			}
			env, _ := d.readComposeEnv(f.Path, read)
			var values map[string]string
			if env != nil {
				values = env.values
			}
			for _, s := range services {
				if s.Image == "" {
					continue
				}
				r, _, err := resolveRef(s.Image, values)
				if err != nil || strings.Contains(r.Name, UnsetMarker) {
					continue
				}
				if sameVersion(r.Tag, a.Version) {
					reason := fmt.Sprintf("tagged %s at %s, in lockstep with the releases", r.Tag, a.Tag)
					refs[f.Path+"\x00"+s.Image] = reason
					names[r.Name] = reason
				}
			}
		}
		if len(refs) > 0 {
			return refs, names
		}
	}
	return refs, names
}

// localName reports an image name with neither a registry nor a
// namespace ("sentry-self-hosted-local", "web:dev"): a single-component
// name on Docker Hub is reserved for official images, so a service that
// builds one only names its local build.
func localName(raw string) bool {
	if strings.Contains(raw, "$") {
		return false
	}
	r, err := images.ParseRef(raw)
	return err == nil && strings.HasPrefix(r.Name, "docker.io/library/")
}

func ownRepository(r images.Ref, ownNames map[string]string) (string, bool) {
	if reason, ok := ownNames[r.Name]; ok {
		return reason, true
	}
	if reason, ok := ownNames[r.Familiar]; ok {
		return reason, true
	}
	return "", false
}

func imageParseProblem(file string, err error) Problem {
	var ie *images.Error
	line, reason := 0, err.Error()
	if errors.As(err, &ie) {
		line, reason = ie.Line, ie.Msg
	}
	loc := file
	if line > 0 {
		loc = fmt.Sprintf("%s:%d", file, line)
	}
	return Problem{Check: "image.tags", File: file, Line: line, Msg: fmt.Sprintf("%s: %s", loc, reason),
		Hint: fmt.Sprintf("fix the YAML of %s at the line shown", file)}
}

func (d *discoverer) kubernetes(ownNames map[string]string) {
	for _, pattern := range d.cfg.Images.Kubernetes {
		g, err := guard.CompileGlob(pattern)
		if err != nil {
			d.problem(Problem{Check: "image.tags", Msg: fmt.Sprintf("images.kubernetes pattern %q: %v", pattern, err), Hint: "fix the pattern under images.kubernetes: in relguard.yaml"})
			continue
		}
		var matched []string
		for _, f := range d.tracked {
			if g.MatchName(f) {
				matched = append(matched, f)
			}
		}
		if len(matched) == 0 {
			d.problem(Problem{Check: "image.tags", Msg: fmt.Sprintf("images.kubernetes pattern %q matches no tracked file", pattern), Hint: "fix the pattern under images.kubernetes: in relguard.yaml (use ** to cross directories)"})
			continue
		}
		for _, f := range matched {
			data, err := d.readHead(f)
			if err != nil {
				d.problem(readProblem("image.tags", f, err, "images.kubernetes"))
				continue
			}
			containers, err := images.ParseKubernetes(data)
			if err != nil {
				d.problem(imageParseProblem(f, err))
				continue
			}
			d.rel.KubernetesFiles = append(d.rel.KubernetesFiles, f)
			for _, c := range containers {
				im := Image{File: f, Line: c.Line, Where: strings.TrimSpace(fmt.Sprintf("%s container %s", c.Workload, c.Name)), Raw: c.Image, Strict: true}
				if r, _, err := im.Resolve(); err == nil {
					im.OwnReason, im.Own = ownRepository(r, ownNames)
				}
				d.rel.Images = append(d.rel.Images, im)
			}
		}
	}
}

func (d *discoverer) helmValues(ownNames map[string]string) {
	for _, f := range d.cfg.Images.HelmValues {
		data, err := d.readHead(f)
		if err != nil {
			d.problem(readProblem("image.tags", f, err, "images.helm_values"))
			continue
		}
		hs, err := images.ParseHelmValues(data)
		if err != nil {
			d.problem(imageParseProblem(f, err))
			continue
		}
		d.rel.HelmValuesFiles = append(d.rel.HelmValuesFiles, f)
		for _, h := range hs {
			im := Image{File: f, Line: h.Line, Where: "values " + h.Path, Strict: true}
			if h.Ref != "" {
				im.Raw = h.Ref
			} else {
				im.Raw = h.Repository
				if h.Registry != "" {
					im.Raw = h.Registry + "/" + h.Repository
				}
				if h.Tag != "" {
					im.Raw += ":" + h.Tag
				}
				if h.Digest != "" {
					im.Raw += "@" + h.Digest
				}
			}
			// The chart's top-level image is its own; components' images
			// are own when their repository is.
			if h.Path == "image" {
				im.Own, im.OwnReason = true, "the chart's own image (values image:)"
			} else if r, _, err := im.Resolve(); err == nil {
				im.OwnReason, im.Own = ownRepository(r, ownNames)
			}
			im.FromHelmAppVersion = im.Own && h.Ref == "" && h.Tag == "" && h.Digest == ""
			d.rel.Images = append(d.rel.Images, im)
		}
	}
}
