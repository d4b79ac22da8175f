package bump

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/relguard/relguard/internal/release/versionfile"
)

// locatePlain finds the version in a file that holds only the version.
func locatePlain(data []byte) (Token, error) {
	body, bom := stripBOM(data)
	start := len(body) - len(bytes.TrimLeft(body, " \t\r\n"))
	end := start
	for end < len(body) && !strings.ContainsRune(" \t\r\n", rune(body[end])) {
		end++
	}
	if start == end {
		return Token{}, failAt(1, "the file is empty; write the version in it")
	}
	if len(bytes.TrimSpace(body[end:])) > 0 {
		return Token{}, failAt(versionfile.LineAt(body, end), "the file must hold only the version on one line")
	}
	return Token{Start: bom + start, End: bom + end, Value: string(body[start:end])}, nil
}

// locateRegex finds the first capture group of pattern (or its whole
// match), which must match exactly once; surrounding spaces are not part
// of the token.
func locateRegex(data []byte, pattern string) (Token, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return Token{}, failAt(0, "invalid regex: %v", err)
	}
	ms := re.FindAllSubmatchIndex(data, 2)
	if len(ms) != 1 {
		n := len(re.FindAllIndex(data, 1000))
		return Token{}, failAt(0, "regex %q must match exactly once, matched %d times", pattern, n)
	}
	m := ms[0]
	start, end := m[0], m[1]
	if len(m) >= 4 && m[2] >= 0 {
		start, end = m[2], m[3]
	}
	for start < end && strings.ContainsRune(" \t\r\n", rune(data[start])) {
		start++
	}
	for end > start && strings.ContainsRune(" \t\r\n", rune(data[end-1])) {
		end--
	}
	if start == end {
		return Token{}, failAt(versionfile.LineAt(data, m[0]), "regex %q matches an empty version", pattern)
	}
	return Token{Start: start, End: end, Value: string(data[start:end])}, nil
}

// locateGo finds a package-level `const NAME = "…"` or `var NAME = "…"`.
func locateGo(data []byte, name string) (Token, error) {
	decls, err := versionfile.GoDecls(data, name)
	if err != nil {
		return Token{}, located(err)
	}
	var lits []versionfile.GoDecl
	for _, d := range decls {
		if d.Lit != nil {
			lits = append(lits, d)
		}
	}
	switch {
	case len(lits) == 0 && len(decls) > 0:
		return Token{}, failAt(0, "%s is not set to a string literal", name)
	case len(lits) == 0:
		return Token{}, failAt(0, "no package-level const or var %s", name)
	case len(lits) > 1:
		return Token{}, failAt(lits[1].LitLine, "%s is declared more than once", name)
	}
	lit := lits[0]
	value, err := strconv.Unquote(lit.Lit.Value)
	if err != nil {
		return Token{}, failAt(lit.LitLine, "invalid string literal %s", lit.Lit.Value)
	}
	return Token{Start: lit.LitOffset + 1, End: lit.LitOffset + len(lit.Lit.Value) - 1, Value: value}, nil
}

// locatePython finds a module-level `NAME = "…"` (or '…', with or without
// a type annotation), which must occur once.
func locatePython(data []byte, name string) (Token, error) {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `[ \t]*(?::[^=\n]*)?=[ \t]*(?:"([^"\\\n]*)"|'([^'\\\n]*)')`)
	ms := re.FindAllSubmatchIndex(data, -1)
	switch len(ms) {
	case 0:
		return Token{}, failAt(0, "no module-level %s = \"…\" assignment", name)
	case 1:
	default:
		return Token{}, failAt(versionfile.LineAt(data, ms[1][0]), "%s is assigned more than once", name)
	}
	m := ms[0]
	start, end := m[2], m[3]
	if start < 0 {
		start, end = m[4], m[5]
	}
	return Token{Start: start, End: end, Value: string(data[start:end])}, nil
}

var (
	iniSectionRe = regexp.MustCompile(`^\s*\[([^\]]+)\]\s*$`)
	iniOptionRe  = regexp.MustCompile(`^([^\s=:#;][^=:]*?)[ \t]*[=:][ \t]*`)
)

// locateINI finds "section.option" in a setup.cfg-style file. Option
// names compare case-insensitively, as configparser does.
func locateINI(data []byte, key string) (Token, error) {
	i := strings.LastIndex(key, ".")
	if i < 0 {
		return Token{}, failAt(0, "the key %q needs the form section.option", key)
	}
	section, option := key[:i], strings.ToLower(key[i+1:])
	body, bom := stripBOM(data)
	current := ""
	off := 0
	var found *Token
	for off < len(body) {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off
		}
		line := strings.TrimSuffix(string(body[off:end]), "\r")
		if m := iniSectionRe.FindStringSubmatch(line); m != nil {
			current = strings.TrimSpace(m[1])
		} else if current == section {
			if m := iniOptionRe.FindStringSubmatchIndex(line); m != nil && strings.ToLower(strings.TrimSpace(line[m[2]:m[3]])) == option {
				vStart := m[1]
				vEnd := max(vStart, len(strings.TrimRight(line, " \t")))
				value := line[vStart:vEnd]
				n := versionfile.LineAt(body, off)
				switch {
				case value == "":
					return Token{}, failAt(n, "%s is empty or continues on the next lines; write the version on its line", key)
				case strings.HasPrefix(value, "attr:") || strings.HasPrefix(value, "file:"):
					return Token{}, failAt(n, "%s is read from elsewhere (%s); set the version there", key, value)
				}
				found = &Token{Start: bom + off + vStart, End: bom + off + vEnd, Value: value}
			}
		}
		off = end + 1
	}
	if found == nil {
		return Token{}, failAt(0, "no %s option under [%s]", option, section)
	}
	return *found, nil
}
