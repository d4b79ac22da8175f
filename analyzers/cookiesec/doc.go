// Package cookiesec is a placeholder being replaced by its real implementation.
package cookiesec
