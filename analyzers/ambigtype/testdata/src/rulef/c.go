package rulef

// Aliased on purpose: not reported.
import cookiesession "example.com/other/session"

var _ = cookiesession.Default
