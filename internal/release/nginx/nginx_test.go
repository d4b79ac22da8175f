package nginx

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	conf := `# main
user nginx;
http {
    add_header X-Frame-Options "DENY" always;
    add_header Content-Security-Policy "default-src 'self'; img-src \"x\"" always;
    server {
        listen 80;
        server_name example.com www.example.com;
        location ~ ^/api/(?<rest>.*)$ {
            proxy_pass http://api/${rest};
        }
        location = /x { return 204; }
    }
}
`
	dirs, err := Parse([]byte(conf), "web/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != 2 || dirs[0].Name != "user" || dirs[1].Name != "http" || dirs[1].Line != 3 {
		t.Fatalf("top level = %+v", dirs)
	}
	http := dirs[1].Block
	csp := http[1]
	if csp.Args[1] != `default-src 'self'; img-src "x"` || csp.Line != 5 {
		t.Errorf("quoted arg = %q line %d", csp.Args[1], csp.Line)
	}
	server := http[2]
	loc := server.Block[2]
	if loc.Name != "location" || !reflect.DeepEqual(loc.Args, []string{"~", "^/api/(?<rest>.*)$"}) || loc.Line != 9 {
		t.Errorf("location = %+v", loc)
	}
	if got := loc.Block[0].Args[0]; got != "http://api/${rest}" {
		t.Errorf("variable with braces = %q", got)
	}
	if server.Block[3].Block[0].Name != "return" || !server.Block[3].HasBlock {
		t.Errorf("one-line block = %+v", server.Block[3])
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		conf string
		line int
		msg  string
	}{
		{"http {\n server {\n }\n", 1, `"http" block is not closed`},
		{"http {\n}\n}\n", 3, `unexpected "}"`},
		{"user nginx\n", 1, `missing its ";"`},
		{"server {\n listen 80\n}\n", 3, `missing its ";"`},
		{"add_header X \"open;\n", 1, "unterminated \" quote"},
		{"{ }", 1, "without a directive name"},
		{"a\x00;", 1, "binary"},
		{strings.Repeat("a {", 200) + strings.Repeat("}", 200), 1, "nested too deeply"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.conf), "n.conf")
		var e *Error
		if !errors.As(err, &e) || e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) || e.File != "n.conf" {
			t.Errorf("Parse(%q) = %v, want n.conf:%d containing %q", tt.conf, err, tt.line, tt.msg)
		}
	}
}

type fakeRepo map[string]string

func (r fakeRepo) loader() Loader {
	return Loader{
		ReadFile: func(rel string) ([]byte, error) {
			if s, ok := r[rel]; ok {
				return []byte(s), nil
			}
			return nil, fs.ErrNotExist
		},
		Files: func() ([]string, error) {
			var out []string
			for k := range r {
				out = append(out, k)
			}
			sort.Strings(out)
			return out, nil
		},
	}
}

func TestLoadIncludes(t *testing.T) {
	repo := fakeRepo{
		"web/nginx.conf":            "http {\n include mime.types;\n include /etc/nginx/conf.d/*.conf;\n include snippets/headers.conf;\n include /usr/share/nginx/modules/*.conf;\n include missing.conf;\n}\n",
		"web/conf.d/a.conf":         "server { server_name a; }\n",
		"web/conf.d/b.conf":         "server { server_name b; include ../snippets/loop.conf; }\n",
		"web/snippets/headers.conf": "add_header X-Frame-Options DENY always;\n",
		"web/snippets/loop.conf":    "include loop.conf;\n",
	}
	cfg, err := repo.loader().Load("web/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range Blocks(cfg.Directives) {
		h, ok := b.Sends("x-frame-options")
		names = append(names, fmt.Sprintf("%s %v %s:%d", b.Label, ok, h.File, h.Line))
	}
	want := []string{"server a true web/snippets/headers.conf:1", "server b true web/snippets/headers.conf:1"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("blocks = %q, want %q", names, want)
	}
	var unresolved []string
	for _, u := range cfg.Unresolved {
		unresolved = append(unresolved, fmt.Sprintf("%s:%d %s: %s", u.File, u.Line, u.Pattern, u.Reason))
	}
	wantU := []string{
		"web/nginx.conf:2 mime.types: matches no file in the repository",
		"web/snippets/loop.conf:1 loop.conf: includes \"web/snippets/loop.conf\" again (an include cycle)",
		"web/nginx.conf:5 /usr/share/nginx/modules/*.conf: is an absolute path outside the repository",
		"web/nginx.conf:6 missing.conf: matches no file in the repository",
	}
	if !reflect.DeepEqual(unresolved, wantU) {
		t.Errorf("unresolved =\n%q\nwant\n%q", unresolved, wantU)
	}
}

func TestLoadBounds(t *testing.T) {
	repo := fakeRepo{"n.conf": "include ../../etc/passwd;\ninclude a0.conf;\n"}
	for i := 0; i < 30; i++ {
		repo[fmt.Sprintf("a%d.conf", i)] = fmt.Sprintf("include a%d.conf;\n", i+1)
	}
	cfg, err := repo.loader().Load("n.conf")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Unresolved) != 2 || !strings.Contains(cfg.Unresolved[0].Reason, "outside the repository") || !strings.Contains(cfg.Unresolved[1].Reason, "nested deeper") {
		t.Errorf("unresolved = %+v", cfg.Unresolved)
	}
	if _, err := repo.loader().Load("absent.conf"); err == nil {
		t.Error("a missing root file loaded")
	}
	repo["bad.conf"] = "include broken.conf;\n"
	repo["broken.conf"] = "server {\n"
	_, err = repo.loader().Load("bad.conf")
	var e *Error
	if !errors.As(err, &e) || e.File != "broken.conf" {
		t.Errorf("syntax error in an included file = %v", err)
	}
}

func TestBlocksInheritance(t *testing.T) {
	conf := `http {
    add_header X-Frame-Options DENY always;
    add_header Content-Security-Policy "default-src 'self'";
    server {
        server_name app;
        location / { }
        location /api {
            add_header X-Request-Id $request_id;
            location /api/inner { }
        }
        location /static {
            if ($arg_x) {
                add_header X-Extra 1;
            }
        }
    }
    server {
        add_header Strict-Transport-Security max-age=1;
    }
}
`
	dirs, err := Parse([]byte(conf), "nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	blocks := Blocks(dirs)
	type row struct {
		label   string
		line    int
		xfo     bool
		dropped bool
	}
	var got []row
	for _, b := range blocks {
		_, xfo := b.Sends("X-Frame-Options")
		got = append(got, row{b.Label, b.Line, xfo, b.Dropped("X-Frame-Options")})
	}
	want := []row{
		{"server app", 4, true, false},
		{"location /", 6, true, false},
		{"location /api", 7, false, true},
		{"location /api/inner", 9, false, false},
		{"location /static", 11, true, false},
		{"if ($arg_x)", 12, false, true},
		{"server", 17, false, true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
	if h, _ := blocks[0].Sends("content-security-policy"); h.Always || h.Line != 3 {
		t.Errorf("CSP = %+v, want line 3 without always", h)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"http { add_header X a always; server { location / { } } }",
		"a 'b\\'c' \"d\\\"e\"; # c\n",
		"location ~ ${x} { }",
		"server {",
		"}",
		"include x;",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dirs, err := Parse(data, "f.conf")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		for _, b := range Blocks(dirs) {
			if b.Line < 1 {
				t.Fatalf("block %q at line %d", b.Label, b.Line)
			}
		}
		// Includes of the file itself must terminate.
		repo := fakeRepo{"f.conf": string(data), "g.conf": string(data)}
		_, _ = repo.loader().Load("f.conf")
	})
}

func TestLoadExponentialIncludes(t *testing.T) {
	repo := fakeRepo{"n.conf": "include l0.conf;\n"}
	for i := 0; i < 15; i++ {
		repo[fmt.Sprintf("l%d.conf", i)] = strings.Repeat(fmt.Sprintf("include l%d.conf;\n", i+1), 10)
	}
	repo["l15.conf"] = "server { add_header A b; }\n"
	_, err := repo.loader().Load("n.conf")
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "more than") {
		t.Fatalf("Load = %v, want the expansion bound", err)
	}
}

func TestBlocksHandling(t *testing.T) {
	tests := []struct {
		name string
		conf string
		want []string // "label handling handler"
	}{
		{"reverse proxy", `server { location / { proxy_pass http://app; } location /grpc { grpc_pass grpc://api; } }`,
			[]string{"server passes its locations", "location / passes proxy_pass", "location /grpc passes grpc_pass"}},
		{"php and uwsgi", `server { location ^~ / { fastcgi_pass php:9000; } location /py { uwsgi_pass py; } }`,
			[]string{"server passes its locations", "location ^~ / passes fastcgi_pass", "location /py passes uwsgi_pass"}},
		{"static site", `server { root /srv; location / { try_files $uri /index.html; } location /img { } }`,
			[]string{"server serves root", "location / serves try_files", "location /img serves "}},
		{"a catch-all location: the server answers nothing itself", `server { location / { try_files $uri /index.html; } location /api { proxy_pass http://api; } }`,
			[]string{"server routes its locations", "location / serves try_files", "location /api passes proxy_pass"}},
		{"no catch-all: unmatched URIs get nginx's own pages", `server { location /api { proxy_pass http://api; } }`,
			[]string{"server serves ", "location /api passes proxy_pass"}},
		{"proxy with a static corner", `server { location / { proxy_pass http://app; } location /static { alias /srv/static; } }`,
			[]string{"server routes its locations", "location / passes proxy_pass", "location /static serves alias"}},
		{"https redirect server", `server { listen 80; return 301 https://$host$request_uri; }`,
			[]string{"server redirects return 301"}},
		{"return URL is a redirect", `server { location / { return https://example.com; } }`,
			[]string{"server redirects its locations", "location / redirects return https://example.com"}},
		{"return with a body serves", `server { location /ping { return 200 "pong"; } location / { proxy_pass http://a; } }`,
			[]string{"server routes its locations", "location /ping serves return 200", "location / passes proxy_pass"}},
		{"return beats proxy_pass", `server { location / { return 403; proxy_pass http://a; } }`,
			[]string{"server routes its locations", "location / serves return 403"}},
		{"if runs its location's handler", `server { location / { if ($request_method = OPTIONS) { return 204; } if ($x) { set $y 1; } proxy_pass http://a; } }`,
			[]string{"server passes its locations", "location / passes proxy_pass", "if ($request_method = OPTIONS) redirects return 204", "if ($x) passes proxy_pass"}},
		{"nested static location under a proxy", `server { location / { proxy_pass http://a; location /x { } } }`,
			[]string{"server routes its locations", "location / passes proxy_pass", "location /x serves "}},
	}
	names := map[Handling]string{Serves: "serves", Passes: "passes", Redirects: "redirects", Routes: "routes"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dirs, err := Parse([]byte(tt.conf), "n.conf")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, b := range Blocks(dirs) {
				got = append(got, fmt.Sprintf("%s %s %s", b.Label, names[b.Handling], b.Handler))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestBlocksParent(t *testing.T) {
	dirs, err := Parse([]byte("server { location / { if ($x) { } } location /b { } }\nserver { }\n"), "n.conf")
	if err != nil {
		t.Fatal(err)
	}
	var parents []int
	for _, b := range Blocks(dirs) {
		parents = append(parents, b.Parent)
	}
	if want := []int{-1, 0, 1, 0, -1}; !reflect.DeepEqual(parents, want) {
		t.Errorf("parents = %v, want %v", parents, want)
	}
}

func TestLoadConfDBeside(t *testing.T) {
	// Compose files and Dockerfiles mount default.conf into conf.d; the
	// repository keeps it next to nginx.conf.
	repo := fakeRepo{
		"proxy/nginx.conf":   "http {\n include /etc/nginx/conf.d/*.conf;\n include /etc/nginx/sites-enabled/app;\n include /etc/nginx/conf.d/*;\n}\n",
		"proxy/default.conf": "server { server_name a; }\n",
		"proxy/app":          "server { server_name b; }\n",
		"proxy/Dockerfile":   "FROM nginx\n",
	}
	cfg, err := repo.loader().Load("proxy/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, b := range Blocks(cfg.Directives) {
		labels = append(labels, b.Label)
	}
	if want := []string{"server a", "server b"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("blocks = %q, want %q", labels, want)
	}
	// A bare * beside the root would take the Dockerfile: not followed.
	if len(cfg.Unresolved) != 1 || cfg.Unresolved[0].Pattern != "/etc/nginx/conf.d/*" {
		t.Errorf("unresolved = %+v", cfg.Unresolved)
	}
	// A conf.d directory in the repository wins.
	repo["proxy/conf.d/site.conf"] = "server { server_name c; }\n"
	cfg, err = repo.loader().Load("proxy/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	if bs := Blocks(cfg.Directives); len(bs) == 0 || bs[0].Label != "server c" {
		t.Errorf("blocks = %+v", bs)
	}
}

func TestLoadAbsoluteIncludeByTail(t *testing.T) {
	repo := fakeRepo{
		"docker/devenv/files/nginx.conf":                  "http {\n include /home/penpot/penpot/docker/devenv/files/headers.conf;\n include /etc/ssl/options.conf;\n include /opt/x/*.conf;\n server { }\n}\n",
		"docker/devenv/files/headers.conf":                "add_header X-Frame-Options SAMEORIGIN always;\n",
		"options.conf":                                    "add_header X-Wrong 1;\n",
		"other/docker/devenv/files/headers.conf.template": "",
	}
	cfg, err := repo.loader().Load("docker/devenv/files/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	bs := Blocks(cfg.Directives)
	if h, ok := bs[0].Sends("X-Frame-Options"); !ok || h.File != "docker/devenv/files/headers.conf" {
		t.Errorf("the include named by its tail was not followed: %+v", bs[0].Headers)
	}
	// A single file name is too weak a match, and globs are not mapped.
	var pats []string
	for _, u := range cfg.Unresolved {
		pats = append(pats, u.Pattern+": "+u.Reason)
	}
	want := []string{"/etc/ssl/options.conf: is an absolute path outside the repository", "/opt/x/*.conf: is an absolute path outside the repository"}
	if !reflect.DeepEqual(pats, want) {
		t.Errorf("unresolved = %q, want %q", pats, want)
	}
}
