package cookiesec

import (
	"os"
	"path/filepath"
	"testing"
)

func TestVersionFromPath(t *testing.T) {
	for _, tc := range []struct{ file, pkg, want string }{
		{"/root/go/pkg/mod/github.com/gorilla/sessions@v1.2.1/store.go", pkgGorillaSess, "v1.2.1"},
		{"github.com/gorilla/sessions@v1.4.0/store.go", pkgGorillaSess, "v1.4.0"}, // -trimpath
		{"/m/github.com/gin-contrib/sessions@v1.0.4/cookie/cookie.go", pkgGinContribCk, "v1.0.4"},
		{"/m/github.com/!burnt!sushi/toml@v1.6.0/decode.go", "github.com/BurntSushi/toml", "v1.6.0"},
		{"/src/app/vendor/github.com/gorilla/sessions/store.go", pkgGorillaSess, ""},
		{"/m/github.com/gorilla/sessions@latest/store.go", pkgGorillaSess, ""},
	} {
		if got := versionFromPath(tc.file, tc.pkg); got != tc.want {
			t.Errorf("versionFromPath(%q, %q) = %q, want %q", tc.file, tc.pkg, got, tc.want)
		}
	}
}

func TestVendoredVersion(t *testing.T) {
	root := t.TempDir()
	modules := "# github.com/gorilla/securecookie v1.1.1\n## explicit\ngithub.com/gorilla/securecookie\n" +
		"# github.com/gorilla/sessions v1.2.2\n## explicit; go 1.20\ngithub.com/gorilla/sessions\n" +
		"# github.com/gin-contrib/sessions v1.0.1 => github.com/fork/sessions v1.0.9\ngithub.com/gin-contrib/sessions/cookie\n"
	if err := os.MkdirAll(filepath.Join(root, "vendor"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "vendor", "modules.txt"), []byte(modules), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.ToSlash(filepath.Join(root, "vendor", "github.com", "gorilla", "sessions", "store.go"))
	if got := vendoredVersion(file, pkgGorillaSess); got != "v1.2.2" {
		t.Errorf("vendored gorilla/sessions: got %q, want v1.2.2", got)
	}
	file = filepath.ToSlash(filepath.Join(root, "vendor", "github.com", "gin-contrib", "sessions", "cookie", "cookie.go"))
	if got := vendoredVersion(file, pkgGinContribCk); got != "v1.0.9" {
		t.Errorf("replaced gin-contrib/sessions: got %q, want the replacement's v1.0.9", got)
	}
	if got := vendoredVersion("/elsewhere/store.go", pkgGorillaSess); got != "" {
		t.Errorf("a file outside vendor: got %q, want none", got)
	}
}

func TestVersionBefore(t *testing.T) {
	if !versionBefore("v1.2.1", "v1.3.0") || versionBefore("v1.3.0", "v1.3.0") || versionBefore("v1.4.0", "v1.3.0") || versionBefore("", "v1.3.0") {
		t.Error("versionBefore does not order versions by semver")
	}
}
