package verify

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// tlsInfo is what the TLS probe learned about an https deployment.
type tlsInfo struct {
	host      string
	version   uint16
	chain     []*x509.Certificate // as the server sent it, leaf first
	verified  [][]*x509.Certificate
	verifyErr error
	roots     *x509.CertPool
}

// probe makes sure the deployment can be reached at all: a TCP connection
// for http, a TLS handshake for https. The handshake does not verify the
// certificate, so that an expired or mismatched certificate is reported by
// tls.certificate instead of stopping every other check; the client then
// accepts only a chain that verifies, or exactly the certificate judged here.
func probe(ctx context.Context, u *url.URL, timeout time.Duration, roots *x509.CertPool) (*tlsInfo, error) {
	addr := hostPort(u)
	d := &net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, &ConnectError{Msg: fmt.Sprintf("cannot connect to %s: %v", addr, cause(err))}
	}
	defer conn.Close()
	if u.Scheme != "https" {
		return nil, nil
	}
	cfg := baseTLSConfig()
	cfg.InsecureSkipVerify = true // the chain is verified below and reported by tls.certificate
	host := u.Hostname()
	if net.ParseIP(host) == nil {
		cfg.ServerName = host
	}
	tc := tls.Client(conn, cfg)
	defer tc.Close() // with close_notify, so the server logs no aborted handshake
	_ = tc.SetDeadline(time.Now().Add(timeout))
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, &ConnectError{Msg: fmt.Sprintf("TLS handshake with %s failed: %v", addr, err)}
	}
	st := tc.ConnectionState()
	t := &tlsInfo{host: host, version: st.Version, chain: st.PeerCertificates, roots: roots}
	if len(t.chain) == 0 {
		return nil, &ConnectError{Msg: fmt.Sprintf("TLS handshake with %s: the server sent no certificate", addr)}
	}
	t.verified, t.verifyErr = t.verify(t.chain, time.Now())
	return t, nil
}

// verify checks a chain for the host against the roots (nil: the system's).
func (t *tlsInfo) verify(chain []*x509.Certificate, now time.Time) ([][]*x509.Certificate, error) {
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	return chain[0].Verify(x509.VerifyOptions{DNSName: t.host, Roots: t.roots, Intermediates: inter, CurrentTime: now})
}

// clientConfig is the client's TLS configuration: a chain that verifies
// when the probe's did, else only the very certificate the probe judged
// (tls.certificate has failed, and the other checks still run).
func (t *tlsInfo) clientConfig() *tls.Config {
	cfg := baseTLSConfig()
	cfg.InsecureSkipVerify = true // VerifyConnection below does the verification
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("the server sent no certificate")
		}
		if t.verifyErr == nil {
			_, err := t.verify(cs.PeerCertificates, time.Now())
			return err
		}
		if !bytes.Equal(cs.PeerCertificates[0].Raw, t.chain[0].Raw) {
			return errors.New("the server's certificate changed during the run")
		}
		return nil
	}
	return cfg
}

var tlsVersions = map[uint16]string{tls.VersionTLS10: "TLS 1.0", tls.VersionTLS11: "TLS 1.1", tls.VersionTLS12: "TLS 1.2", tls.VersionTLS13: "TLS 1.3"}

func versionName(v uint16) string {
	if n, ok := tlsVersions[v]; ok {
		return n
	}
	return fmt.Sprintf("TLS version 0x%04x", v)
}

func (r *runner) tlsCertificate(t *tlsInfo) {
	const id = "tls.certificate"
	base := r.o.URL.String()
	if t == nil {
		r.add(id, skip(base, "plain http: there is no certificate to check"))
		return
	}
	leaf := t.chain[0]
	ok := true
	if t.verifyErr != nil {
		ok = false
		r.add(id, fail(base, certProblem(t, leaf), certHint(t)))
	}
	if t.version < tls.VersionTLS12 {
		ok = false
		r.add(id, fail(base, fmt.Sprintf("the server negotiated %s; TLS 1.2 or newer is required", versionName(t.version)),
			"turn off TLS 1.0 and 1.1 on the server (nginx: ssl_protocols TLSv1.2 TLSv1.3;)"))
	}
	minDays := *r.cfg.TLSMinDays
	notAfter := chainExpiry(t.verified, leaf)
	left := time.Until(notAfter)
	days := int(left.Hours() / 24)
	if t.verifyErr == nil && left < time.Duration(minDays)*24*time.Hour {
		ok = false
		r.add(id, fail(base, fmt.Sprintf("the certificate chain expires on %s, in %d day(s); tls_min_days is %d", notAfter.UTC().Format("2006-01-02 15:04 MST"), days, minDays),
			"renew the certificate (and check that automatic renewal runs)"))
	}
	if ok {
		r.add(id, pass(base, fmt.Sprintf("the certificate for %s verifies (issued by %s), %s, valid until %s (%d days)",
			t.host, issuerName(leaf), versionName(t.version), notAfter.UTC().Format("2006-01-02"), days)))
	}
}

// chainExpiry is when the last of the verified chains stops verifying: a
// client needs one chain only, so an expiring cross-signed intermediate or
// root (AddTrust's in 2020) counts only when no longer-lived chain exists.
func chainExpiry(chains [][]*x509.Certificate, leaf *x509.Certificate) time.Time {
	if len(chains) == 0 {
		return leaf.NotAfter
	}
	var last time.Time
	for _, chain := range chains {
		end := leaf.NotAfter
		for _, c := range chain {
			if c.NotAfter.Before(end) {
				end = c.NotAfter
			}
		}
		if end.After(last) {
			last = end
		}
	}
	return last
}

func issuerName(c *x509.Certificate) string {
	if c.Issuer.CommonName != "" {
		return c.Issuer.CommonName
	}
	if len(c.Issuer.Organization) > 0 {
		return c.Issuer.Organization[0]
	}
	return c.Issuer.String()
}

// certProblem turns a verification error into one line.
func certProblem(t *tlsInfo, leaf *x509.Certificate) string {
	var inv x509.CertificateInvalidError
	var host x509.HostnameError
	var unknown x509.UnknownAuthorityError
	switch {
	case errors.As(t.verifyErr, &inv) && inv.Reason == x509.Expired:
		c := inv.Cert
		if c == nil {
			c = leaf
		}
		if time.Now().Before(c.NotBefore) {
			return fmt.Sprintf("the certificate %q is not valid before %s", c.Subject.CommonName, c.NotBefore.UTC().Format("2006-01-02 15:04 MST"))
		}
		return fmt.Sprintf("the certificate %q expired on %s", c.Subject.CommonName, c.NotAfter.UTC().Format("2006-01-02 15:04 MST"))
	case errors.As(t.verifyErr, &host):
		names := append([]string(nil), leaf.DNSNames...)
		for _, ip := range leaf.IPAddresses {
			names = append(names, ip.String())
		}
		if len(names) == 0 {
			names = []string{leaf.Subject.CommonName}
		}
		return fmt.Sprintf("the certificate is for %s, not %s", strings.Join(names, ", "), t.host)
	case errors.As(t.verifyErr, &unknown):
		return fmt.Sprintf("the certificate is signed by an unknown authority (%s)", issuerName(leaf))
	}
	return "the certificate does not verify: " + t.verifyErr.Error()
}

func certHint(t *tlsInfo) string {
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	switch {
	case errors.As(t.verifyErr, &unknown):
		if t.roots != nil {
			return "serve the full chain (leaf and intermediates), or give --cacert the CA that issued it"
		}
		return "serve the full chain (leaf and intermediates); for a private CA pass --cacert FILE"
	case errors.As(t.verifyErr, &host):
		return "install a certificate whose names include " + t.host
	}
	return "renew the certificate and reload the server"
}
