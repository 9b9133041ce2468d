package fix

import (
	"strconv"
	"strings"

	"github.com/rampart-lint/rampart/lint/source"
)

// parsePath reads back a finding's logical path, the inverse of
// source.Path.String: plain keys joined by dots, [n] for sequence items and
// ["quoted"] for every other key.
func parsePath(s string) (source.Path, bool) {
	var p source.Path
	for i := 0; i < len(s); {
		switch {
		case s[i] == '[':
			rest := s[i+1:]
			if strings.HasPrefix(rest, `"`) {
				q, err := strconv.QuotedPrefix(rest)
				if err != nil || !strings.HasPrefix(rest[len(q):], "]") {
					return nil, false
				}
				k, err := strconv.Unquote(q)
				if err != nil {
					return nil, false
				}
				p = append(p, k)
				i += 1 + len(q) + 1
				continue
			}
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, false
			}
			n, err := strconv.Atoi(rest[:end])
			if err != nil || n < 0 {
				return nil, false
			}
			p = append(p, n)
			i += 1 + end + 1
		case s[i] == '.' && i > 0:
			i++
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			if !plainKey(s[i:j]) {
				return nil, false
			}
			p = append(p, s[i:j])
			i = j
		case i == 0 && s[0] != '.':
			j := 0
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			if !plainKey(s[:j]) {
				return nil, false
			}
			p = append(p, s[:j])
			i = j
		default:
			return nil, false
		}
	}
	return p, len(p) > 0
}

// plainKey is source.Path's test for a key written without quotes.
func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for i, r := range k {
		switch {
		case r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
