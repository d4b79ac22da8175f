// Package renamehint is checked with -names=Client,Cache,URL: rename hints are
// words, never truncated names.
package renamehint

import (
	"example.com/cli"
	"example.com/store/cache"
	"example.com/web/url"
)

func connect() string {
	cli := cli.New() // want `^variable cli shadows the import of "example.com/cli"; rename it \(e\.g\. client\)$`
	return cli.Addr
}

func warm() int {
	cache := cache.New() // want `^variable cache shadows the import of "example.com/store/cache"; rename it \(e\.g\. storeCache\)$`
	return cache.Size
}

// An initialism stays one in the hint: webURL, not webUrl.
func host() string {
	url := url.Parse("example.com") // want `^variable url shadows the import of "example.com/web/url"; rename it \(e\.g\. webURL\)$`
	return url.Host
}
