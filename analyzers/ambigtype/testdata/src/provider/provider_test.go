package provider_test

import (
	"testing"

	"example.com/goth"
	"provider"
)

func TestImplements(t *testing.T) {
	var _ goth.Session = &provider.Session{}
}
