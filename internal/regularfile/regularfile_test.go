//go:build unix

package regularfile_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/relguard/relguard/internal/regularfile"
	"github.com/relguard/relguard/internal/regularfile/irregular"
)

func TestReadRegularFileAndSymlink(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "VERSION")
	if err := os.WriteFile(path, []byte("0.5.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink("VERSION", link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, link} {
		data, err := regularfile.Read(p, 0)
		if err != nil || string(data) != "0.5.0\n" {
			t.Errorf("Read(%s) = %q, %v", p, data, err)
		}
	}
}

func TestReadRefusesIrregularFiles(t *testing.T) {
	for _, kind := range irregular.Kinds {
		t.Run(kind, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "VERSION")
			irregular.Make(t, path, kind)
			var err error
			irregular.Within(t, "Read of a "+kind, func() { _, err = regularfile.Read(path, 0) })
			if err == nil {
				t.Fatalf("Read of a %s succeeded", kind)
			}
			want := path + " is a " + kind + ", not a file"
			if kind == "device" {
				want = path + " is a symlink to a device, not a file"
			}
			if err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
			if !errors.Is(err, regularfile.ErrNotRegular) || errors.Is(err, fs.ErrNotExist) {
				t.Errorf("error %v is not ErrNotRegular, or looks like a missing file", err)
			}
		})
	}
	// A device node itself, not a symlink to one.
	var err error
	irregular.Within(t, "Read of /dev/zero", func() { _, err = regularfile.Read("/dev/zero", 0) })
	if err == nil || err.Error() != "/dev/zero is a device, not a file" {
		t.Errorf("Read(/dev/zero) error %v", err)
	}
}

// TestReadNamedPipeWithWriter covers the case where opening would not
// block: a writer is attached, and a read would still wait for its data.
func TestReadNamedPipeWithWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "CHANGELOG.md")
	irregular.Make(t, path, "named pipe")
	// O_RDWR opens a FIFO without waiting on Linux; it keeps a writer attached.
	w, err := os.OpenFile(path, os.O_RDWR|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Skipf("cannot attach a writer: %v", err)
	}
	defer w.Close()
	irregular.Within(t, "Read of a named pipe with a writer", func() { _, err = regularfile.Read(path, 0) })
	if err == nil || !strings.Contains(err.Error(), "is a named pipe, not a file") {
		t.Errorf("error %v", err)
	}
}

func TestReadMissingAndDangling(t *testing.T) {
	dir := t.TempDir()
	_, err := regularfile.Read(filepath.Join(dir, "nope"), 0)
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasSuffix(err.Error(), "nope does not exist") {
		t.Errorf("missing: %v", err)
	}
	link := filepath.Join(dir, "dangling")
	if err := os.Symlink("nowhere", link); err != nil {
		t.Fatal(err)
	}
	_, err = regularfile.Read(link, 0)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "is a symlink to a file that does not exist") {
		t.Errorf("dangling symlink: %v", err)
	}
}

func TestReadBoundsSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(path, []byte(strings.Repeat("x", 101)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := regularfile.Read(path, 100); err == nil || !strings.Contains(err.Error(), "is 101 bytes, over the 100-byte limit") {
		t.Errorf("over the limit: %v", err)
	}
	if data, err := regularfile.Read(path, 101); err != nil || len(data) != 101 {
		t.Errorf("at the limit: %d bytes, %v", len(data), err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(regularfile.DefaultLimit + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := regularfile.Read(path, 0); err == nil || !strings.Contains(err.Error(), "over the 10 MiB limit") {
		t.Errorf("default limit: %v", err)
	}
}

func TestReadUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file")
	}
	path := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(path, []byte("x"), 0o000); err != nil {
		t.Fatal(err)
	}
	if _, err := regularfile.Read(path, 0); err == nil || !strings.Contains(err.Error(), "cannot be read: permission denied") {
		t.Errorf("unreadable: %v", err)
	}
}

func TestWithinFailsOnAHang(t *testing.T) {
	// Within must report a function that does not return; check it on a
	// fake test so that the real one passes.
	defer func(d time.Duration) { irregular.Deadline = d }(irregular.Deadline)
	irregular.Deadline = 50 * time.Millisecond
	stop := make(chan struct{})
	defer close(stop)
	ft := &fakeT{TB: t}
	irregular.Within(ft, "a blocked call", func() { <-stop })
	if !strings.Contains(ft.msg, "a blocked call did not return") {
		t.Errorf("Within on a hang reported %q", ft.msg)
	}
	ft = &fakeT{TB: t}
	irregular.Within(ft, "a quick call", func() {})
	if ft.msg != "" {
		t.Errorf("Within on a quick call reported %q", ft.msg)
	}
}

type fakeT struct {
	testing.TB
	msg string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
}
