package fix

import (
	"bytes"
	"strings"

	"github.com/rampart-lint/rampart/lint/source"
)

// Text helpers over the file's lines. Offsets are bytes; lines are 1-based
// as in source.Lines.

func (f *File) lineOf(off int) int { return f.lines.At(off).Line }

func (f *File) lineStart(off int) int { return f.lines.LineStart(f.lineOf(off)) }

// lineEnd is the offset of off's line terminator (or the end of the text).
func (f *File) lineEnd(off int) int {
	n := f.lineOf(off)
	return f.lines.LineStart(n) + len(f.lines.Text(n))
}

// nextLine is the start of the line after off's; ok is false when off's
// line is the last and has no terminator.
func (f *File) nextLine(off int) (int, bool) {
	n := f.lineOf(off)
	if n >= f.lines.Count() {
		return len(f.src), false
	}
	return f.lines.LineStart(n + 1), true
}

// prefix is the whitespace that starts off's line.
func (f *File) prefix(off int) string {
	t := f.lines.Text(f.lineOf(off))
	return string(t[:len(t)-len(bytes.TrimLeft(t, " \t"))])
}

// onlySpaceBefore reports whether nothing but indentation (and, in YAML,
// sequence dashes) precedes off on its line.
func (f *File) onlySpaceBefore(off int, dashes bool) bool {
	for _, c := range f.src[f.lineStart(off):off] {
		if c != ' ' && c != '\t' && !(dashes && c == '-') {
			return false
		}
	}
	return true
}

func (f *File) blankLine(n int) bool {
	return n >= 1 && n <= f.lines.Count() && len(bytes.TrimSpace(f.lines.Text(n))) == 0
}

// eol is the line terminator of off's line, or the file's first one, or
// "\n": a CRLF file gets CRLF lines.
func (f *File) eol(off int) string {
	end := f.lineEnd(off)
	rest := f.src[end:]
	switch {
	case bytes.HasPrefix(rest, []byte("\r\n")):
		return "\r\n"
	case bytes.HasPrefix(rest, []byte("\n")):
		return "\n"
	case bytes.HasPrefix(rest, []byte("\r")):
		return "\r"
	}
	if i := bytes.IndexAny(f.src, "\r\n"); i >= 0 {
		if f.src[i] == '\n' {
			return "\n"
		}
		if i+1 < len(f.src) && f.src[i+1] == '\n' {
			return "\r\n"
		}
		return "\r"
	}
	return "\n"
}

// indentUnit is one level of the file's indentation, guessed from the
// lines that open a nested block: a key with nothing after its colon (YAML) or a
// line ending in an opening bracket (JSON, HCL), followed by a deeper line.
// The most common step wins; two spaces when there is none to go by.
func (f *File) indentUnit() string {
	if f.unit == "" {
		f.unit = f.guessIndentUnit()
	}
	return f.unit
}

func (f *File) guessIndentUnit() string {
	counts := map[string]int{}
	n := f.lines.Count()
	for i := 1; i < n; i++ {
		line := string(f.lines.Text(i))
		code := strings.TrimRight(stripComment(line, f.format == source.YAML || f.format == source.HCL), " \t")
		if code == "" {
			continue
		}
		opens := false
		switch f.format {
		case source.YAML:
			opens = strings.HasSuffix(code, ":")
		default:
			opens = strings.HasSuffix(code, "{") || strings.HasSuffix(code, "[")
		}
		if !opens {
			continue
		}
		j := i + 1
		for j <= n && (f.blankLine(j) || isCommentLine(string(f.lines.Text(j)))) {
			j++
		}
		if j > n {
			continue
		}
		next := string(f.lines.Text(j))
		from := leading(line)
		if f.format == source.YAML {
			// A "- key:" line's children align with key, not the dash.
			from = leading(line) + yamlDashes(line[len(leading(line)):])
			if strings.HasPrefix(strings.TrimLeft(next, " "), "- ") {
				continue
			}
		}
		to := leading(next)
		if len(to) > len(from) && strings.HasPrefix(to, from) {
			counts[to[len(from):]]++
		}
	}
	best, bestN := "", 0
	for u, c := range counts {
		if c > bestN || c == bestN && len(u) < len(best) {
			best, bestN = u, c
		}
	}
	if best == "" {
		return "  "
	}
	return best
}

// yamlDashes is the "- " sequence indicators that open s, as spaces.
func yamlDashes(s string) string {
	n := 0
	for strings.HasPrefix(s[n:], "- ") {
		n += 2
		for n < len(s) && s[n] == ' ' {
			n++
		}
	}
	return strings.Repeat(" ", n)
}

func leading(s string) string { return s[:len(s)-len(strings.TrimLeft(s, " \t"))] }

func isCommentLine(s string) bool {
	t := strings.TrimSpace(s)
	return strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//")
}

// stripComment drops a trailing "#" comment (YAML, HCL) outside quotes;
// good enough for guessing indentation.
func stripComment(s string, hash bool) string {
	if !hash {
		return s
	}
	inS, inD := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' && !inD:
			inS = !inS
		case c == '"' && !inS:
			inD = !inD
		case c == '\\' && inD:
			i++
		case c == '#' && !inS && !inD && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return s[:i]
		}
	}
	return s
}
