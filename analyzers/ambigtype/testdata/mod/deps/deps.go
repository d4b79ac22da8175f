// Package deps keeps the third-party modules the tests type-check against
// in go.mod.
package deps

import (
	_ "github.com/gorilla/sessions"
	_ "golang.org/x/crypto/ssh"
	_ "gorm.io/gorm"
)
