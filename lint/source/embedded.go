package source

import (
	"bytes"
)

// ParseEmbeddedJSON parses JSON that a host file holds as a string value (an
// IAM policy written as a JSON string in a CloudFormation template, a
// Terraform heredoc) and maps its source map into the host file.
//
// host is the host string's source range. When the string's content stands in
// the host byte for byte (a plain, single-line or block literal without
// escapes), every node points at its exact token in the host file; otherwise
// (escaped quotes, interpolation) every node points at the whole string, which
// is still the right place to look.
func ParseEmbeddedJSON(content string, lines *Lines, host Range, lim Limits) (any, *Node, *Error) {
	lim = lim.orDefault()
	src := []byte(content)
	v, root, err := parseJSON(src, NewLines(src), lim)
	if err != nil {
		if m := align(src, lines.Source(), host); m != nil {
			at := m[min(err.Range.Start.Offset, len(m)-1)]
			err.Range = lines.Span(at, at+1)
		} else {
			err.Range = host
		}
		return nil, nil, err
	}
	if root == nil {
		return nil, nil, nil
	}
	if m := align(src, lines.Source(), host); m != nil {
		remap(root, func(r Range) Range {
			start := m[r.Start.Offset]
			end := m[max(r.End.Offset-1, r.Start.Offset)] + 1
			return lines.Span(start, end)
		})
	} else {
		remap(root, func(Range) Range { return host })
	}
	return v, root, nil
}

// align maps each byte offset of content (plus one past its end) to an offset
// in src within host, or returns nil if content is not src's text up to
// indentation and line folding. It starts at content's first token, which in
// src follows the opening quote, block indicator or heredoc marker.
func align(content, src []byte, host Range) []int {
	if host.End.Offset > len(src) || host.Start.Offset > host.End.Offset {
		return nil
	}
	text := src[host.Start.Offset:host.End.Offset]
	first := bytes.IndexFunc(content, func(r rune) bool { return !isSpace(byte(r)) })
	if first < 0 {
		return nil
	}
	j := bytes.IndexByte(text, content[first])
	if j < 0 {
		return nil
	}
	m := make([]int, len(content)+1)
	for i := 0; i < first; i++ {
		m[i] = host.Start.Offset + j
	}
	i := first
	for i < len(content) {
		switch {
		case j < len(text) && content[i] == text[j]:
			m[i] = host.Start.Offset + j
			i++
			j++
		case j < len(text) && isSpace(text[j]):
			j++ // indentation of a block scalar, or a folded line break
		case isSpace(content[i]):
			m[i] = host.Start.Offset + j
			i++ // trailing newline a block scalar adds
		default:
			return nil
		}
	}
	m[len(content)] = host.Start.Offset + j
	return m
}

func remap(n *Node, f func(Range) Range) {
	if n == nil {
		return
	}
	if n.Key.IsValid() {
		n.Key = f(n.Key)
	}
	n.Value = f(n.Value)
	for _, c := range n.fields {
		remap(c, f)
	}
	for _, c := range n.items {
		remap(c, f)
	}
}
