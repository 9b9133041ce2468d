package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"

	"github.com/rampart-lint/rampart/lint"
)

const (
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
	green  = "\x1b[32m"
	reset  = "\x1b[0m"
)

type textReport struct {
	w    *bufio.Writer
	opts Options
}

func newText(w io.Writer, opts Options) *textReport {
	return &textReport{w: bufio.NewWriter(w), opts: opts}
}

func (r *textReport) paint(code, s string) string {
	if !r.opts.Color {
		return s
	}
	return code + s + reset
}

func severityColor(s lint.Severity) string {
	switch s {
	case lint.Critical, lint.High:
		return red
	case lint.Medium:
		return yellow
	}
	return cyan
}

// File prints each finding as
//
//	file:line:col: severity message [rule]
//	   12 |     "Action": "*",
//	      |               ^~~
func (r *textReport) File(fr lint.FileResult) error {
	var src []byte
	if len(fr.Findings) > 0 && !r.opts.NoSource && r.opts.Source != nil {
		src = r.opts.Source(fr.File)
	}
	if src != nil {
		src = maskSensitive(src, fr.Findings)
	}
	for _, f := range fr.Findings {
		fmt.Fprintf(r.w, "%s: %s %s %s\n",
			r.paint(bold, fmt.Sprintf("%s:%d:%d", f.File, f.Range.Start.Line, f.Range.Start.Column)),
			r.paint(severityColor(f.Severity), f.Severity.String()),
			f.Message,
			r.paint(dim, "["+f.Rule+"]"))
		if src != nil {
			r.snippet(src, f.Range)
		}
	}
	return r.w.Flush()
}

// snippet prints the finding's first line and underlines the range on it,
// measuring by display width so tabs and wide characters line up.
func (r *textReport) snippet(src []byte, rng lint.Range) {
	lineStart := bytes.LastIndexByte(src[:min(rng.Start.Offset, len(src))], '\n') + 1
	lineEnd := bytes.IndexByte(src[lineStart:], '\n')
	if lineEnd < 0 {
		lineEnd = len(src)
	} else {
		lineEnd += lineStart
	}
	line := strings.TrimRight(string(src[lineStart:lineEnd]), "\r")
	if strings.TrimSpace(line) == "" {
		return
	}
	offInLine := min(rng.Start.Offset-lineStart, len(line))
	endInLine := len(line)
	if rng.End.Line == rng.Start.Line {
		endInLine = min(max(rng.End.Offset-lineStart, offInLine+1), len(line))
	}
	// Redact before cutting, so a credential across the window's edge is
	// masked whole; on a long line, only around the window (a megabyte of
	// minified JSON would otherwise be searched once per finding).
	if len(line) > snippetBytes+2*redactMargin {
		lo := max(offInLine-snippetBefore-redactMargin, 0)
		for lo > 0 && !utf8.RuneStart(line[lo]) {
			lo--
		}
		hi := min(lo+snippetBytes+2*redactMargin, len(line))
		for hi < len(line) && !utf8.RuneStart(line[hi]) {
			hi--
		}
		line, offInLine, endInLine = line[lo:hi], offInLine-lo, min(endInLine, hi)-lo
	}
	line, offInLine, endInLine = window(redactCredentials(line), offInLine, endInLine)
	prefix := displayWidth(line[:offInLine])
	width := max(displayWidth(line[offInLine:min(endInLine, len(line))]), 1)
	num := fmt.Sprintf("%d", rng.Start.Line)
	gutter := strings.Repeat(" ", len(num))
	fmt.Fprintf(r.w, " %s %s %s\n", r.paint(dim, num), r.paint(dim, "|"), expandTabs(line))
	fmt.Fprintf(r.w, " %s %s %s%s\n", gutter, r.paint(dim, "|"), strings.Repeat(" ", prefix), r.paint(green, "^"+strings.Repeat("~", width-1)))
}

// A source line longer than snippetBytes (minified JSON, a long script
// line) is shown as a window of that many bytes around the range, starting
// snippetBefore bytes before it, with an ellipsis where it was cut.
const (
	snippetBytes  = 160
	snippetBefore = 40
	ellipsis      = "…"
	// redactMargin: the longest credential masked whole across a window's
	// edge (a JWT runs to a few hundred characters).
	redactMargin = 4096
)

// window cuts a long line around [off, end) on character boundaries and
// returns the window and the range's offsets in it.
func window(line string, off, end int) (string, int, int) {
	if len(line) <= snippetBytes {
		return line, off, end
	}
	from := max(off-snippetBefore, 0)
	for from > 0 && !utf8.RuneStart(line[from]) {
		from--
	}
	to := min(from+snippetBytes, len(line))
	for to < len(line) && !utf8.RuneStart(line[to]) {
		to--
	}
	shown := line[from:to]
	shift := -from
	if from > 0 {
		shown = ellipsis + shown
		shift += len(ellipsis)
	}
	if to < len(line) {
		shown += ellipsis
	}
	// A range running past the window is underlined to the window's end.
	return shown, off + shift, min(end, to) + shift
}

// maskSensitive returns a copy of src in which the tokens of sensitive
// findings (secrets) are masked, so that no source line printed under any
// finding shows a secret whole. Masking keeps the length in characters, so
// columns and underlines stay true.
func maskSensitive(src []byte, findings []lint.Finding) []byte {
	var out []byte
	for _, f := range findings {
		if !f.Sensitive {
			continue
		}
		if out == nil {
			out = append([]byte(nil), src...)
		}
		start, end := f.Range.Start.Offset, min(f.Range.End.Offset, len(out))
		if start < 0 || start >= end {
			continue
		}
		masked := MaskToken(string(out[start:end]))
		copy(out[start:end], masked)
	}
	if out == nil {
		return src
	}
	return out
}

// MaskToken keeps a token's quotes, line breaks and indentation, at most its first
// and last four characters (fewer for short tokens), and stars the rest,
// byte for byte, so the text keeps its length.
func MaskToken(token string) string {
	b := []byte(token)
	// Leave surrounding quotes alone.
	lo, hi := 0, len(b)
	for lo < hi && (b[lo] == '"' || b[lo] == '\'') {
		lo++
	}
	for hi > lo && (b[hi-1] == '"' || b[hi-1] == '\'') {
		hi--
	}
	keep := 4
	if n := hi - lo; n < 16 {
		keep = n / 8 // short secrets show at most a character at each end
	}
	for i := lo + keep; i < hi-keep; i++ {
		switch b[i] {
		case '\n', '\r', ' ', '\t':
		default:
			b[i] = '*'
		}
	}
	return string(b)
}

const tabWidth = 4

func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", strings.Repeat(" ", tabWidth)) }

func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		if r == '\t' {
			w += tabWidth
			continue
		}
		w += runewidth.RuneWidth(r)
	}
	return w
}

func (r *textReport) Finish(s Summary) error {
	// With a baseline, the findings shown are the new ones; the summary
	// says so and how many the baseline held back.
	adjective, baselined := "", ""
	if s.Baselined > 0 {
		adjective, baselined = "new ", fmt.Sprintf("; %d baselined", s.Baselined)
	}
	if s.Findings == 0 {
		fmt.Fprintf(r.w, "%s %d %s linted, no %sfindings%s\n", r.paint(green, "✓"), s.Files, plural(s.Files, "file", "files"), adjective, baselined)
		return r.w.Flush()
	}
	var parts []string
	sevs := make([]string, 0, len(s.BySeverity))
	for k := range s.BySeverity {
		sevs = append(sevs, k)
	}
	sort.Slice(sevs, func(i, j int) bool {
		a, _ := lint.ParseSeverity(sevs[i])
		b, _ := lint.ParseSeverity(sevs[j])
		return a > b
	})
	for _, k := range sevs {
		parts = append(parts, fmt.Sprintf("%d %s", s.BySeverity[k], k))
	}
	fmt.Fprintf(r.w, "\n%d %s%s (%s) in %d %s linted%s\n", s.Findings, adjective, plural(s.Findings, "finding", "findings"),
		strings.Join(parts, ", "), s.Files, plural(s.Files, "file", "files"), baselined)
	return r.w.Flush()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
