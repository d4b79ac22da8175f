// Package yamlerror turns go.yaml.in/yaml/v3's errors into a line number
// and a one-line message, so that every reader of YAML files (relguard.yaml,
// compose files, Chart.yaml, Kubernetes manifests) reports them alike.
package yamlerror

import (
	"regexp"
	"strconv"
	"strings"
)

var lineMsg = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// Describe returns the 1-based line the error is about (0 when the library
// gave none) and its first message without the "yaml: " prefixes.
func Describe(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n")
	msg = strings.TrimSpace(strings.SplitN(msg, "\n", 2)[0])
	if m := lineMsg.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1]) // the regexp admits only digits
		return line, strings.TrimPrefix(m[2], "yaml: ")
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}
