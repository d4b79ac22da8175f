//go:build unix

// Package irregular makes, for tests, the things a file name can denote
// that are not regular files — a named pipe, a socket, a device, a
// directory — and guards a test against hanging on them.
package irregular

import (
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Kinds are the kinds Make creates, named as regularfile's errors name them.
var Kinds = []string{"named pipe", "socket", "device", "directory"}

// Make creates an irregular file of kind at path, replacing what is there.
// The device is a symlink to /dev/zero, which reads forever; tests cannot
// create device nodes without privileges.
func Make(t testing.TB, path, kind string) {
	t.Helper()
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	switch kind {
	case "named pipe":
		if err := syscall.Mkfifo(path, 0o644); err != nil {
			t.Skipf("cannot create a named pipe: %v", err)
		}
	case "socket":
		// Socket paths are limited to about 100 bytes: bind a short one
		// and move it into place.
		short, err := os.MkdirTemp("", "sock")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(short)
		l, err := net.Listen("unix", filepath.Join(short, "s"))
		if err != nil {
			t.Skipf("cannot create a socket: %v", err)
		}
		t.Cleanup(func() { l.Close() })
		l.(*net.UnixListener).SetUnlinkOnClose(false)
		if err := os.Rename(filepath.Join(short, "s"), path); err != nil {
			t.Fatal(err)
		}
	case "device":
		if err := os.Symlink("/dev/zero", path); err != nil {
			t.Skipf("cannot create a symlink: %v", err)
		}
	case "directory":
		if err := os.Mkdir(path, 0o755); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("irregular.Make: unknown kind %q", kind)
	}
}

// Deadline is how long Within waits. Refusing a file takes microseconds;
// the deadline only tells a hang from a slow machine.
var Deadline = 20 * time.Second

// Within runs f and fails the test if it has not returned within
// Deadline, instead of letting the test binary hang until go test's own
// timeout. A hung f is abandoned.
func Within(t testing.TB, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(Deadline):
		t.Fatalf("%s did not return within %v: it hangs", what, Deadline)
	}
}
