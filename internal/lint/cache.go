package lint

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relguard/relguard/internal/regularfile"
)

// The result cache stores, per package, what analysing it produced: the
// diagnostics that survived suppression, the malformed suppression
// comments and the analysis facts the package exports. An entry is named
// by a hash of everything the result depends on (see driver.key), so an entry
// is never updated in place, only written once and read many times, and a
// stale entry is simply never asked for again.
//
// Layout: DIR/<hash>-r, one flat directory (the go command spreads its
// cache over 256 subdirectories, but creating them costs a first run more
// than a large directory costs any run). Every entry is written to a
// temporary file in the directory and renamed into place, so a reader sees
// either nothing or a whole entry, even with several relguard processes
// sharing the directory. An entry that does not decode (truncated,
// overwritten, from another version) is a miss, never an error.

const (
	// cacheEnv overrides the cache directory; "off" disables the cache.
	cacheEnv = "RELGUARD_CACHE"

	entryMagic = "relguard lint cache 1\n"

	// Entries not used for trimAge are deleted, at most once per
	// trimInterval (the go command keeps 5 days, checked daily).
	trimAge      = 7 * 24 * time.Hour
	trimInterval = 24 * time.Hour
	// A hit refreshes the entry's modification time, the "last used"
	// mark, when it is older than this; not on every hit, to save writes.
	usedInterval = time.Hour
)

// DefaultCacheDir returns the directory relguard lint caches results in:
// $RELGUARD_CACHE, else relguard/lint under the user cache directory. It
// returns "" when the cache is disabled (RELGUARD_CACHE=off) or there is
// no user cache directory.
func DefaultCacheDir() (string, error) {
	if v := os.Getenv(cacheEnv); v != "" {
		if v == "off" {
			return "", nil
		}
		if !filepath.IsAbs(v) {
			return "", fmt.Errorf("%s=%q is not an absolute path; set it to an absolute directory, or to off to disable the cache", cacheEnv, v)
		}
		return v, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", nil //nolint:nilerr // no home directory: run without a cache
	}
	return filepath.Join(base, "relguard", "lint"), nil
}

// cacheEntry is one package's cached result.
type cacheEntry struct {
	Diagnostics []Diagnostic `json:"diagnostics"`
	Warnings    []warning    `json:"warnings"`
	Facts       []byte       `json:"facts"`
}

type resultCache struct {
	dir string

	mu       sync.Mutex
	writeErr error // first failure to write, reported once
}

// openCache creates dir if needed. A cache that cannot be created is an
// error the caller reports as a warning: linting goes on without it.
func openCache(dir string) (*resultCache, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, fmt.Errorf("cannot create the cache directory: %v", regularfile.Cause(err))
	}
	readme := filepath.Join(dir, "README")
	if _, err := os.Stat(readme); err != nil {
		// Best effort, as the go command does for its cache.
		_ = writeAtomic(dir, readme, []byte("This directory holds results cached by relguard lint.\n"+
			"It can be deleted at any time; set RELGUARD_CACHE=off or pass --no-cache to do without it.\n"))
	}
	return &resultCache{dir: dir}, nil
}

func (c *resultCache) path(key [32]byte, suffix string) string {
	return filepath.Join(c.dir, hex.EncodeToString(key[:])+suffix)
}

// get returns the entry for key, or false when there is none or it does
// not decode.
func (c *resultCache) get(key [32]byte) (*cacheEntry, bool) {
	p := c.path(key, "-r")
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	payload, ok := unseal(data)
	if !ok {
		return nil, false
	}
	e := new(cacheEntry)
	if err := json.Unmarshal(payload, e); err != nil {
		return nil, false
	}
	c.markUsed(p)
	return e, true
}

// put stores e under key. Failures are remembered, not returned: a cache
// that cannot be written makes relguard slower, not wrong.
func (c *resultCache) put(key [32]byte, e *cacheEntry) {
	payload, err := json.Marshal(e)
	if err == nil {
		p := c.path(key, "-r")
		err = writeAtomic(filepath.Dir(p), p, seal(payload))
	}
	if err != nil {
		c.mu.Lock()
		if c.writeErr == nil {
			c.writeErr = err
		}
		c.mu.Unlock()
	}
}

func (c *resultCache) markUsed(path string) {
	now := time.Now()
	if fi, err := os.Stat(path); err == nil && now.Sub(fi.ModTime()) > usedInterval {
		_ = os.Chtimes(path, now, now)
	}
}

// seal prefixes payload with a header and its checksum, so that a torn or
// altered entry is detected on reading.
func seal(payload []byte) []byte {
	sum := sha256.Sum256(payload)
	var b bytes.Buffer
	b.WriteString(entryMagic)
	b.WriteString(hex.EncodeToString(sum[:]))
	b.WriteByte('\n')
	b.Write(payload)
	return b.Bytes()
}

func unseal(data []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(data, []byte(entryMagic))
	if !ok || len(rest) < 65 || rest[64] != '\n' {
		return nil, false
	}
	payload := rest[65:]
	sum := sha256.Sum256(payload)
	if hex.EncodeToString(sum[:]) != string(rest[:64]) {
		return nil, false
	}
	return payload, true
}

// writeAtomic writes data to a temporary file in dir and renames it to
// path, so that concurrent readers never see a partial file.
func writeAtomic(dir, path string, data []byte) error {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// trim deletes the entries not used for trimAge, at most once per
// trimInterval; trim.txt records when it last ran.
func (c *resultCache) trim(now time.Time) {
	stamp := filepath.Join(c.dir, "trim.txt")
	if data, err := os.ReadFile(stamp); err == nil {
		if t, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil && now.Sub(time.Unix(t, 0)) < trimInterval {
			return
		}
	}
	cutoff := now.Add(-trimAge)
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		ours := strings.HasSuffix(name, "-r") || strings.HasSuffix(name, "-t") || strings.HasSuffix(name, "-h") || strings.HasPrefix(name, ".tmp-")
		if !ours || e.IsDir() {
			continue
		}
		if info, err := e.Info(); err == nil && info.ModTime().Before(cutoff) {
			os.Remove(filepath.Join(c.dir, name))
		}
	}
	_ = writeAtomic(c.dir, stamp, []byte(strconv.FormatInt(now.Unix(), 10)+"\n"))
}

// keyHasher builds a cache key from labelled lines, so that two different
// lists of inputs can never hash the same text.
type keyHasher struct{ h io.Writer }

func newKeyHasher() (keyHasher, func() [32]byte) {
	h := sha256.New()
	return keyHasher{h}, func() (k [32]byte) { copy(k[:], h.Sum(nil)); return k }
}

func (k keyHasher) add(label string, fields ...string) {
	fmt.Fprintf(k.h, "%s", label)
	for _, f := range fields {
		fmt.Fprintf(k.h, " %q", f)
	}
	fmt.Fprintln(k.h)
}

// toolID identifies the running relguard binary, so that any change to
// relguard or its analyzers (a release, a rebuild from modified source)
// invalidates every entry: the Go build ID the linker stamps into the
// executable (its last part is a hash of the binary's content), else the
// hash of the executable, itself cached under the executable's path, size
// and modification time since hashing a binary takes tens of milliseconds.
func (c *resultCache) toolID() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	return c.executableID(exe)
}

func (c *resultCache) executableID(exe string) (string, error) {
	if id := goBuildID(exe); id != "" {
		return "go-build-id " + id, nil
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return "", err
	}
	stampKey := sha256.Sum256([]byte(fmt.Sprintf("tool %q %d %d", exe, fi.Size(), fi.ModTime().UnixNano())))
	stamp := c.path(stampKey, "-t")
	if data, err := os.ReadFile(stamp); err == nil {
		if payload, ok := unseal(data); ok && len(payload) == 64 {
			c.markUsed(stamp)
			return string(payload), nil
		}
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	id := hex.EncodeToString(h.Sum(nil))
	_ = writeAtomic(filepath.Dir(stamp), stamp, seal([]byte(id)))
	return id, nil
}

// listHints remembers, per directory and patterns, which packages only
// tests import (see goList). It is a guess that saves time when right and
// costs one more go list when wrong, never a correctness matter.
type listHints struct {
	cache *resultCache // nil: nothing is remembered
	key   [32]byte
}

func newListHints(c *resultCache, dir string, patterns, tags []string) *listHints {
	if c == nil {
		return &listHints{}
	}
	k, sum := newKeyHasher()
	k.add("list-hints", cacheFormat)
	k.add("dir", dir)
	k.add("patterns", patterns...)
	k.add("tags", normalizeTags(tags)...)
	return &listHints{cache: c, key: sum()}
}

func (h *listHints) load() []string {
	if h == nil || h.cache == nil {
		return nil
	}
	p := h.cache.path(h.key, "-h")
	data, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	payload, ok := unseal(data)
	var list []string
	if !ok || json.Unmarshal(payload, &list) != nil || list == nil {
		return nil
	}
	h.cache.markUsed(p)
	return list
}

func (h *listHints) store(list []string) {
	if h == nil || h.cache == nil {
		return
	}
	if list == nil {
		list = []string{}
	}
	payload, err := json.Marshal(list)
	if err != nil {
		return
	}
	p := h.cache.path(h.key, "-h")
	_ = writeAtomic(filepath.Dir(p), p, seal(payload))
}

// goBuildID reads the Go build ID of an executable ("" when there is none,
// as with -ldflags=-buildid=): from its ELF note, or elsewhere from the
// start of its text, where the linker writes it (as cmd/go reads it).
func goBuildID(exe string) string {
	if f, err := elf.Open(exe); err == nil {
		defer f.Close()
		sect := f.Section(".note.go.buildid")
		if sect == nil {
			return ""
		}
		data, err := sect.Data()
		if err != nil || len(data) < 16 {
			return ""
		}
		namesz, descsz := f.ByteOrder.Uint32(data), f.ByteOrder.Uint32(data[4:])
		start := 12 + int(namesz+3)&^3
		if namesz != 4 || string(data[12:14]) != "Go" || start+int(descsz) > len(data) {
			return ""
		}
		return string(data[start : start+int(descsz)])
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 32<<10)
	n, _ := io.ReadFull(f, head)
	const prefix = "\xff Go build ID: \""
	i := bytes.Index(head[:n], []byte(prefix))
	if i < 0 {
		return ""
	}
	rest := head[i+len(prefix) : n]
	j := bytes.IndexByte(rest, '"')
	if j <= 0 {
		return ""
	}
	return string(rest[:j])
}
