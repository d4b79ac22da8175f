package gorilla

import (
	"net/http"

	"github.com/gorilla/sessions"
)

func storeInTest() {
	s := sessions.NewFilesystemStore("", []byte("k"))
	s.Options.Secure = false
	_ = &http.Cookie{Name: "session"}
}
