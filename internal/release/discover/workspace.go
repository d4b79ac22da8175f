package discover

import (
	"encoding/json"
	"path"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/relguard/relguard/internal/release/guard"
)

// workspaceMembers returns the directories the root manifests declare as
// workspace members: npm and yarn "workspaces", pnpm-workspace.yaml
// packages, lerna.json packages (default packages/*) and Cargo
// [workspace] members. A first release judges the manifests there.
func (d *discoverer) workspaceMembers() map[string]bool {
	var include, exclude []string
	if data, err := d.readHead("package.json"); err == nil && d.trackedSet["package.json"] {
		var pkg struct {
			Workspaces json.RawMessage `json:"workspaces"`
		}
		if json.Unmarshal(data, &pkg) == nil && len(pkg.Workspaces) > 0 {
			var list []string
			var obj struct {
				Packages []string `json:"packages"`
			}
			if json.Unmarshal(pkg.Workspaces, &list) == nil {
				include = append(include, list...)
			} else if json.Unmarshal(pkg.Workspaces, &obj) == nil {
				include = append(include, obj.Packages...)
			}
		}
	}
	if data, err := d.readHead("pnpm-workspace.yaml"); err == nil && d.trackedSet["pnpm-workspace.yaml"] {
		var ws struct {
			Packages []string `yaml:"packages"`
		}
		if yaml.Unmarshal(data, &ws) == nil {
			include = append(include, ws.Packages...)
		}
	}
	if data, err := d.readHead("lerna.json"); err == nil && d.trackedSet["lerna.json"] {
		var l struct {
			Packages []string `json:"packages"`
		}
		if json.Unmarshal(data, &l) == nil {
			if len(l.Packages) == 0 {
				l.Packages = []string{"packages/*"}
			}
			include = append(include, l.Packages...)
		}
	}
	if data, err := d.readHead("Cargo.toml"); err == nil && d.trackedSet["Cargo.toml"] {
		var c struct {
			Workspace struct {
				Members []string `toml:"members"`
				Exclude []string `toml:"exclude"`
			} `toml:"workspace"`
		}
		if _, err := toml.Decode(string(data), &c); err == nil {
			include = append(include, c.Workspace.Members...)
			exclude = append(exclude, c.Workspace.Exclude...)
		}
	}
	var in, out []*guard.Glob
	for _, p := range include {
		if neg, ok := strings.CutPrefix(p, "!"); ok {
			exclude = append(exclude, neg)
			continue
		}
		if g := memberGlob(p); g != nil {
			in = append(in, g)
		}
	}
	for _, p := range exclude {
		if g := memberGlob(p); g != nil {
			out = append(out, g)
		}
	}
	members := map[string]bool{}
	if len(in) == 0 {
		return members
	}
	dirs := map[string]bool{}
	for _, f := range d.tracked {
		dirs[path.Dir(f)] = true
	}
	for dir := range dirs {
		if dir == "." {
			continue
		}
		if matchAny(in, dir) && !matchAny(out, dir) {
			members[dir] = true
		}
	}
	return members
}

func memberGlob(p string) *guard.Glob {
	p = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(p), "./"), "/")
	if p == "" {
		return nil
	}
	g, err := guard.CompileGlob(p)
	if err != nil {
		return nil
	}
	return g
}

func matchAny(globs []*guard.Glob, name string) bool {
	for _, g := range globs {
		if g.MatchName(name) {
			return true
		}
	}
	return false
}
