package cookiesec

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/relguard/relguard/internal/sessioncookie"
)

// defaultSessionNames is the session-class name heuristic; -session-names
// replaces it. Names containing csrf or xsrf are excluded separately.
const defaultSessionNames = sessioncookie.DefaultNamePattern

// defaultMaxAge is the longest lifetime allowed for a session cookie.
const defaultMaxAge = 30 * 24 * time.Hour

// settings are one analyzer instance's flag values.
type settings struct {
	sessionNames regexpFlag
	maxAge       durationFlag
	strict       bool
}

type regexpFlag struct{ re *regexp.Regexp }

func (f *regexpFlag) String() string {
	if f == nil || f.re == nil {
		return ""
	}
	return f.re.String()
}

func (f *regexpFlag) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("empty pattern: give a regular expression such as (?i)sess|auth")
	}
	re, err := regexp.Compile(s)
	if err != nil {
		return fmt.Errorf("not a valid regular expression (%v)", err)
	}
	f.re = re
	return nil
}

type durationFlag struct{ d time.Duration }

func (f *durationFlag) String() string {
	if f == nil {
		return ""
	}
	return formatDuration(f.d)
}

// Set accepts Go durations ("720h", "90m") and whole days ("30d").
func (f *durationFlag) Set(s string) error {
	d, err := parseDuration(s)
	if err != nil {
		return err
	}
	f.d = d
	return nil
}

func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n <= 0 || n > 100*365 {
			return 0, fmt.Errorf("want a positive number of days such as 30d, or a Go duration such as 720h")
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("want a positive Go duration such as 720h, or days such as 30d")
	}
	return d, nil
}

// formatDuration prints whole days as "30d" and anything else as a Go duration.
func formatDuration(d time.Duration) string {
	if d > 0 && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}
