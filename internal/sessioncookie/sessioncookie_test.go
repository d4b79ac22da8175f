package sessioncookie

import "testing"

func TestIsSessionName(t *testing.T) {
	for name, want := range map[string]bool{
		"applylens_session": true,
		"session_id":        true,
		"SESSIONID":         true,
		"auth":              true,
		"user_sid":          true,
		"sid":               true,
		"remember_me":       true,
		"jwt":               true,
		"access_token":      true,
		"csrftoken":         false, // csrf wins over token
		"XSRF-TOKEN":        false,
		"_csrf_session":     false,
		"theme":             false,
		"consider":          false, // "sid" only as a whole segment
		"lang":              false,
		"":                  false,
	} {
		if got := IsSessionName(name); got != want {
			t.Errorf("IsSessionName(%q) = %v, want %v", name, got, want)
		}
	}
}
