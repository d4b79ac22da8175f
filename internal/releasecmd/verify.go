package releasecmd

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/release/discover"
	"github.com/relguard/relguard/internal/release/gitrepo"
	"github.com/relguard/relguard/internal/verify"
)

const verifyUsage = `usage: relguard verify URL [flags]

Checks a running deployment the way the release runbook does after a
deploy: health endpoints and the version they report, the CSRF endpoint,
security headers, cookie flags, dev routes and debug exposures, the TLS
certificate, smoke checks, and (when configured) the rate limiter. Only
GET requests, only to URL's scheme, host and port, at most a capped
number. Settings come from the verify: section of relguard.yaml.
Exit status: 0 nothing failed, 1 a check failed, 2 usage, configuration
or connection error.

Flags:
`

// Verify is `relguard verify`; it returns the exit code.
func Verify(args []string, stdout, stderr io.Writer) int {
	return finish("verify", runVerify(args, stdout), stderr)
}

func runVerify(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	version := fs.String("version", "", "the version the health endpoint must report (default: the release tag at HEAD, when there is one)")
	configFile := fs.String("config", "", "configuration file (default: relguard.yaml at the repository root, or in the current directory outside a repository)")
	format := fs.String("format", "text", "output format: text, json, sarif or github")
	timeout := fs.Duration("timeout", 10*time.Second, "timeout of each request")
	cacert := fs.String("cacert", "", "PEM file of the CA certificates to trust instead of the system's")
	var skip listFlag
	fs.Var(&skip, "skip", "comma-separated check IDs to skip")
	positional, err := parseFlags("verify", verifyUsage, fs, args, stdout)
	if err != nil {
		return err
	}
	write, ok := verifyWriters[*format]
	if !ok {
		return usageErrorf("unknown --format %q; use text, json, sarif or github", *format)
	}
	switch len(positional) {
	case 0:
		return usageErrorf("missing URL; usage: relguard verify URL [flags], such as relguard verify https://example.com")
	case 1:
	default:
		return usageErrorf("expected one URL, got %d arguments (%s)", len(positional), strings.Join(positional, " "))
	}
	u, err := verify.ParseURL(positional[0])
	if err != nil {
		return usageErrorf("%v", err)
	}
	if *timeout <= 0 {
		return usageErrorf("--timeout must be positive, such as 10s")
	}
	skipped, err := verifySkips(skip)
	if err != nil {
		return err
	}
	opts := verify.Options{URL: u, Timeout: *timeout, Skip: skipped, UserAgent: "relguard/" + relguardVersion()}
	if *version != "" {
		v, err := ParseVersion(*version)
		if err != nil {
			return err
		}
		opts.Version = v.Original()
	}
	// Outside a repository there is no release tag, and relguard.yaml is
	// read from the current directory.
	repo, repoErr := gitrepo.Open(".")
	if repoErr != nil {
		repo = nil
	}
	cfg, err := verifyConfig(repo, *configFile)
	if err != nil {
		return err
	}
	opts.Config = cfg.Verify
	if opts.Version == "" {
		opts.Version, opts.VersionNote = versionAtHead(repo, repoErr, cfg.TagPrefix)
	}
	if *cacert != "" {
		if opts.RootCAs, err = loadCAs(*cacert); err != nil {
			return usageErrorf("--cacert: %v", err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := verify.Run(ctx, opts)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if err := write(stdout, rep); err != nil {
		return usageErrorf("cannot write the report: %v", err)
	}
	if !rep.OK {
		return &exitError{code: exitFailed}
	}
	return nil
}

func verifySkips(ids []string) (map[string]bool, error) {
	known := map[string]bool{}
	var all []string
	for _, c := range verify.Checks() {
		known[c.ID] = true
		all = append(all, c.ID)
	}
	skip := map[string]bool{}
	for _, id := range ids {
		if !known[id] {
			sort.Strings(all)
			return nil, usageErrorf("unknown check ID %q in --skip; the IDs are %s", id, strings.Join(all, ", "))
		}
		skip[id] = true
	}
	return skip, nil
}

// verifyConfig reads --config, else relguard.yaml at the repository root,
// else relguard.yaml in the current directory.
func verifyConfig(repo *gitrepo.Repo, explicit string) (*config.Config, error) {
	if repo != nil {
		return loadConfig(repo.Root(), explicit)
	}
	if explicit != "" {
		return config.Load(explicit)
	}
	return config.LoadDefault(".")
}

// versionAtHead is the version of the release tag at HEAD (the highest,
// when several are), with a note for health.version when there is none.
func versionAtHead(repo *gitrepo.Repo, repoErr error, prefix string) (version, note string) {
	const pass = "; pass --version V to check the version the deployment reports"
	switch {
	case repoErr != nil && !errors.Is(repoErr, gitrepo.ErrNotRepository):
		return "", fmt.Sprintf("no --version given, and the git repository cannot be read (%v)%s", repoErr, pass)
	case repo == nil:
		return "", "no --version given, and not inside a git repository to take a release tag from" + pass
	}
	head, _, err := repo.Head()
	if err != nil {
		return "", "HEAD has no commit to take a release tag from" + pass
	}
	tags, err := repo.Tags()
	if err != nil {
		return "", fmt.Sprintf("cannot read the tags: %v%s", err, pass)
	}
	for _, r := range discover.Releases(tags, prefix, "") {
		if _, commit, _, err := repo.LookupTag(r.Tag); err == nil && commit == head {
			return r.Version.Original(), ""
		}
	}
	return "", fmt.Sprintf("HEAD carries no release tag (%sMAJOR.MINOR.PATCH) and no --version was given%s", prefix, pass)
}

func loadCAs(name string) (*x509.CertPool, error) {
	data, err := readNamedFile(name)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, errors.New(name + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
	}
	return pool, nil
}

// relguardVersion is the module version relguard was built as, for the
// User-Agent.
func relguardVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}
