package verify

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"

	"github.com/relguard/relguard/internal/release/guard"
)

// A server that still sends an intermediate cross-signed by an old root
// about to expire is fine while the intermediate's own root, which clients
// trust, lasts: they build the longer-lived chain.
func TestExpiringCrossSignWithLongerChainPasses(t *testing.T) {
	ca := newCA(t)
	oldKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	oldRoot := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "relguard old root"},
		NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(5 * 24 * time.Hour),
		IsCA: true, KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true,
	}
	oldDER, err := x509.CreateCertificate(rand.Reader, oldRoot, oldRoot, &oldKey.PublicKey, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	oldRoot, _ = x509.ParseCertificate(oldDER)
	cross := &x509.Certificate{
		SerialNumber: big.NewInt(3), Subject: ca.cert.Subject,
		NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(5 * 24 * time.Hour),
		IsCA: true, KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true,
	}
	crossDER, err := x509.CreateCertificate(rand.Reader, cross, oldRoot, &ca.key.PublicKey, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	cert := ca.leaf(t, time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour))
	cert.Certificate = append(cert.Certificate, crossDER)
	srv := serveTLS(t, &app{hsts: "max-age=63072000"}, cert, 0, 0)
	roots := ca.pool()
	roots.AddCert(oldRoot)
	rep := verifyServer(t, srv, runbookConfig, func(o *Options) { o.RootCAs = roots })
	expectOne(t, rep, "tls.certificate", guard.Pass, "the certificate for 127.0.0.1 verifies")

	// Trusted only through the old root, the chain does expire.
	only := x509.NewCertPool()
	only.AddCert(oldRoot)
	rep = verifyServer(t, srv, runbookConfig, func(o *Options) { o.RootCAs = only })
	expectOne(t, rep, "tls.certificate", guard.Fail, "the certificate chain expires on")
}
