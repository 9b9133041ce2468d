package lsp

import (
	"sort"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// LSP positions are 0-based lines and UTF-16 code units within the line,
// and a line ends at "\n", "\r\n" or "\r". rampart's findings carry byte
// offsets, so every conversion goes through the document text.

// lineIndex maps byte offsets of one text to LSP positions.
type lineIndex struct {
	text   string
	starts []int // byte offset of each line's first byte
}

func newLineIndex(text string) *lineIndex {
	starts := make([]int, 1, 64)
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{text: text, starts: starts}
}

// position converts a byte offset, clamped to the text, to an LSP position.
func (x *lineIndex) position(off int) protocol.Position {
	off = min(max(off, 0), len(x.text))
	line := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	start := x.starts[line]
	return protocol.Position{Line: protocol.UInteger(line), Character: protocol.UInteger(utf16Len(x.text[start:off]))}
}

// lineText returns line n (0-based) without its terminator.
func (x *lineIndex) lineText(n int) string {
	if n < 0 || n >= len(x.starts) {
		return ""
	}
	end := len(x.text)
	if n+1 < len(x.starts) {
		end = x.starts[n+1]
	}
	return trimEOL(x.text[x.starts[n]:end])
}

func trimEOL(s string) string {
	if n := len(s); n > 0 && s[n-1] == '\n' {
		s = s[:n-1]
	}
	if n := len(s); n > 0 && s[n-1] == '\r' {
		s = s[:n-1]
	}
	return s
}

// utf16Len is the length of s in UTF-16 code units. An invalid byte counts
// as one unit, as editors show it as one replacement character.
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// utf16ToByte returns the byte offset within line of UTF-16 column col. A
// column past the end is the end (as the protocol asks); one inside a
// surrogate pair rounds up to the end of that character.
func utf16ToByte(line string, col int) int {
	units := 0
	for i := 0; i < len(line); {
		if units >= col {
			return i
		}
		r, size := utf8.DecodeRuneInString(line[i:])
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		i += size
	}
	return len(line)
}

// offsetAt converts an LSP position in text to a byte offset. It scans from
// the start without building an index, so an edit costs no allocation
// however big the document. A line past the end is the end of the text.
func offsetAt(text string, p protocol.Position) int {
	start := 0
	for line := 0; line < int(p.Line); line++ {
		i := indexEOL(text[start:])
		if i < 0 {
			return len(text)
		}
		start += i + 1
		if text[start-1] == '\r' && start < len(text) && text[start] == '\n' {
			start++
		}
	}
	end := len(text)
	if i := indexEOL(text[start:]); i >= 0 {
		end = start + i
	}
	return start + utf16ToByte(text[start:end], int(p.Character))
}

// indexEOL finds the first "\n" or "\r".
func indexEOL(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' || s[i] == '\r' {
			return i
		}
	}
	return -1
}

// applyChange applies one content change: a whole new text, or a range
// replaced by new text.
func applyChange(text string, change any) (string, bool) {
	switch c := change.(type) {
	case protocol.TextDocumentContentChangeEventWhole:
		return c.Text, true
	case protocol.TextDocumentContentChangeEvent:
		if c.Range == nil {
			return c.Text, true
		}
		start, end := offsetAt(text, c.Range.Start), offsetAt(text, c.Range.End)
		if end < start {
			return text, false
		}
		return text[:start] + c.Text + text[end:], true
	}
	return text, false
}

// before reports whether a comes before b.
func before(a, b protocol.Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// covers reports whether p is inside r, both ends included (a cursor just
// after a token still counts as on it).
func covers(r protocol.Range, p protocol.Position) bool {
	return !before(p, r.Start) && !before(r.End, p)
}
