// Package ambigtype is a placeholder being replaced by its real implementation.
package ambigtype
