package source

import (
	"fmt"
	"sort"
	"unicode/utf8"
)

// Position is a point in a file. Line and Column are 1-based; Column counts
// Unicode code points, which is what people and most editors call a column.
// Offset is the 0-based byte offset, which lets front ends convert to any other
// unit (the language server needs UTF-16) without guessing.
type Position struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Offset int `json:"offset"`
}

func (p Position) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// IsValid reports whether p was set: lines start at 1.
func (p Position) IsValid() bool { return p.Line > 0 }

// Range is a span of source text; End is exclusive.
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

func (r Range) String() string { return r.Start.String() + "-" + r.End.String() }

// IsValid reports whether the range was set.
func (r Range) IsValid() bool { return r.Start.IsValid() }

// Lines indexes the start of every line so that byte offsets and line/column
// pairs convert both ways in O(log lines), plus, on non-ASCII lines, a count
// of at most checkpointEvery bytes: a minified one-line file with a node every
// few bytes must not cost the square of its length.
type Lines struct {
	src    []byte
	starts []int  // byte offset of each line's first byte
	ascii  []bool // whether the line holds only ASCII, so columns equal bytes
	// cps holds checkpoints for long non-ASCII lines, by 0-based line.
	cps map[int][]checkpoint
}

// checkpoint records the code points between a line's start and off.
type checkpoint struct{ off, col int }

const checkpointEvery = 256

// NewLines indexes src. Lines end at "\n", "\r\n" or a lone "\r": the
// three terminators that YAML and the Language Server Protocol both accept, so
// a line number here is the line number the parser and the editor report.
func NewLines(src []byte) *Lines {
	l := &Lines{src: src, starts: make([]int, 1, 64), ascii: make([]bool, 0, 64)}
	isASCII := true
	for i, b := range src {
		if b >= utf8.RuneSelf {
			isASCII = false
		}
		if b == '\n' || b == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			l.ascii = append(l.ascii, isASCII)
			l.starts = append(l.starts, i+1)
			isASCII = true
		}
	}
	l.ascii = append(l.ascii, isASCII)
	for i, a := range l.ascii {
		if !a && l.lineEnd(i)-l.starts[i] > checkpointEvery {
			l.buildCheckpoints(i)
		}
	}
	return l
}

func (l *Lines) lineEnd(i int) int {
	if i+1 < len(l.starts) {
		return l.starts[i+1]
	}
	return len(l.src)
}

func (l *Lines) buildCheckpoints(i int) {
	start, end := l.starts[i], l.lineEnd(i)
	cps := []checkpoint{{off: start}}
	col, next := 0, start+checkpointEvery
	for off := start; off < end; {
		if off >= next {
			cps = append(cps, checkpoint{off: off, col: col})
			next = off + checkpointEvery
		}
		_, size := utf8.DecodeRune(l.src[off:end])
		off += size
		col++
	}
	if l.cps == nil {
		l.cps = make(map[int][]checkpoint)
	}
	l.cps[i] = cps
}

// nearest returns the checkpoint of line i at or before the byte offset off
// (by=false) or the code-point column col (by=true).
func (l *Lines) nearest(i, off, col int, byCol bool) checkpoint {
	cps := l.cps[i]
	if len(cps) == 0 {
		return checkpoint{off: l.starts[i]}
	}
	j := sort.Search(len(cps), func(k int) bool {
		if byCol {
			return cps[k].col > col
		}
		return cps[k].off > off
	}) - 1
	return cps[max(j, 0)]
}

// Source returns the indexed bytes.
func (l *Lines) Source() []byte { return l.src }

// Count is the number of lines (a file without a trailing newline still has
// its last line; an empty file has one empty line).
func (l *Lines) Count() int { return len(l.starts) }

// LineStart returns the byte offset where line n (1-based) begins.
func (l *Lines) LineStart(n int) int {
	if n < 1 {
		return 0
	}
	if n > len(l.starts) {
		return len(l.src)
	}
	return l.starts[n-1]
}

// Text returns line n (1-based) without its terminator.
func (l *Lines) Text(n int) []byte {
	if n < 1 || n > len(l.starts) {
		return nil
	}
	start := l.starts[n-1]
	end := len(l.src)
	if n < len(l.starts) {
		end = l.starts[n]
	}
	if end > start && l.src[end-1] == '\n' {
		end--
	}
	if end > start && l.src[end-1] == '\r' {
		end--
	}
	return l.src[start:end]
}

// At converts a byte offset to a Position. Offsets past the end clamp to it.
func (l *Lines) At(offset int) Position {
	if offset < 0 {
		offset = 0
	}
	if offset > len(l.src) {
		offset = len(l.src)
	}
	line := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > offset }) - 1
	start := l.starts[line]
	col := offset - start
	if !l.ascii[line] {
		cp := l.nearest(line, offset, 0, false)
		col = cp.col + utf8.RuneCount(l.src[cp.off:offset])
	}
	return Position{Line: line + 1, Column: col + 1, Offset: offset}
}

// Pos converts a 1-based line and code-point column to a Position. A column
// past the end of the line clamps to the line's end.
func (l *Lines) Pos(line, col int) Position {
	if line < 1 {
		return Position{Line: 1, Column: 1}
	}
	if line > len(l.starts) {
		return l.At(len(l.src))
	}
	start := l.starts[line-1]
	text := l.Text(line)
	if col < 1 {
		col = 1
	}
	if l.ascii[line-1] {
		if col-1 > len(text) {
			col = len(text) + 1
		}
		return Position{Line: line, Column: col, Offset: start + col - 1}
	}
	cp := l.nearest(line-1, 0, col-1, true)
	off, n := cp.off-start, cp.col+1
	for ; n < col && off < len(text); n++ {
		_, size := utf8.DecodeRune(text[off:])
		off += size
	}
	return Position{Line: line, Column: n, Offset: start + off}
}

// Span returns the range between two byte offsets.
func (l *Lines) Span(start, end int) Range {
	return Range{Start: l.At(start), End: l.At(end)}
}

// LineRange returns the range of line n's text, from its first non-blank
// character (a tab may be the error itself), which is how an error known
// only by its line is best shown.
func (l *Lines) LineRange(n int) Range {
	if n < 1 {
		n = 1
	}
	if n > len(l.starts) {
		n = len(l.starts)
	}
	text := l.Text(n)
	i := 0
	for i < len(text) && text[i] == ' ' {
		i++
	}
	start := l.starts[n-1]
	return l.Span(start+i, start+len(text))
}
