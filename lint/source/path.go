package source

import (
	"strconv"
	"strings"
)

// Path addresses a node in a document: each element is a mapping key (string)
// or a sequence index (int). Rules return paths; the source map turns them
// into ranges.
type Path []any

// String renders the path the way people read it:
// Resources.BuildRole.Properties.Policies[0].PolicyDocument.
// Keys that are not plain identifiers are quoted: Statement[0].Condition["StringEquals"].
func (p Path) String() string {
	var b strings.Builder
	for i, e := range p {
		switch v := e.(type) {
		case int:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(v))
			b.WriteByte(']')
		case string:
			if isPlainKey(v) {
				if i > 0 {
					b.WriteByte('.')
				}
				b.WriteString(v)
			} else {
				b.WriteByte('[')
				b.WriteString(strconv.Quote(v))
				b.WriteByte(']')
			}
		}
	}
	return b.String()
}

func isPlainKey(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// Append returns a new path with elems added, never sharing p's backing array.
func (p Path) Append(elems ...any) Path {
	out := make(Path, 0, len(p)+len(elems))
	return append(append(out, p...), elems...)
}

// PathFrom converts a path as it comes back from Rego (strings and JSON
// numbers) into a Path. ok is false if an element is neither.
func PathFrom(elems []any) (p Path, ok bool) {
	p = make(Path, 0, len(elems))
	for _, e := range elems {
		switch v := e.(type) {
		case string:
			p = append(p, v)
		case int:
			p = append(p, v)
		case int64:
			p = append(p, int(v))
		case float64:
			if v != float64(int(v)) {
				return nil, false
			}
			p = append(p, int(v))
		case interface{ Int64() (int64, error) }:
			n, err := v.Int64()
			if err != nil {
				return nil, false
			}
			p = append(p, int(n))
		default:
			return nil, false
		}
	}
	return p, true
}
