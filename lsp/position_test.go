package lsp

import (
	"testing"
	"unicode/utf16"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func pos(line, char int) protocol.Position {
	return protocol.Position{Line: protocol.UInteger(line), Character: protocol.UInteger(char)}
}

func rng(l1, c1, l2, c2 int) *protocol.Range {
	return &protocol.Range{Start: pos(l1, c1), End: pos(l2, c2)}
}

func TestUTF16Len(t *testing.T) {
	for s, want := range map[string]int{
		"":         0,
		"abc":      3,
		"é":        1, // 2 bytes, 1 unit
		"€":        1, // 3 bytes, 1 unit
		"😀":        2, // 4 bytes, a surrogate pair
		"a😀b𝄞c":    7,
		"\xff\xfe": 2, // invalid bytes: one unit each
		"日本語 text": 8,
	} {
		if got := utf16Len(s); got != want {
			t.Errorf("utf16Len(%q) = %d, want %d", s, got, want)
		}
		if got := len(utf16.Encode([]rune(s))); got != want && s != "\xff\xfe" {
			t.Errorf("test table wrong for %q", s)
		}
	}
}

func TestLineIndexPosition(t *testing.T) {
	text := "ab\r\nçé😀x\ry\n\nlast"
	x := newLineIndex(text)
	cases := []struct {
		off        int
		line, char int
	}{
		{0, 0, 0},
		{2, 0, 2},              // at the \r
		{4, 1, 0},              // after \r\n
		{4 + 2, 1, 1},          // after ç
		{4 + 4, 1, 2},          // after é
		{4 + 8, 1, 4},          // after 😀: two units
		{4 + 9, 1, 5},          // at the lone \r
		{4 + 10, 2, 0},         // a lone \r ends a line too
		{4 + 12, 3, 0},         // the empty line
		{len(text), 4, 4},      // the end
		{len(text) + 10, 4, 4}, // clamped
		{-1, 0, 0},             // clamped
	}
	for _, c := range cases {
		if got := x.position(c.off); got != pos(c.line, c.char) {
			t.Errorf("position(%d) = %d:%d, want %d:%d", c.off, got.Line, got.Character, c.line, c.char)
		}
	}
	for n, want := range []string{"ab", "çé😀x", "y", "", "last", ""} {
		if got := x.lineText(n); got != want {
			t.Errorf("lineText(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestOffsetAtRoundTrip(t *testing.T) {
	text := "a: 1\r\n  é: \"😀😀\"\n\tz𝄞: [x]\rend"
	x := newLineIndex(text)
	for off := 0; off <= len(text); off++ {
		// Only offsets at character boundaries round-trip.
		if off < len(text) && text[off]&0xC0 == 0x80 {
			continue
		}
		p := x.position(off)
		if text[max(off-1, 0)] == '\r' && off < len(text) && text[off] == '\n' {
			continue // between \r and \n: not a position an editor can name
		}
		if got := offsetAt(text, p); got != off {
			t.Errorf("offsetAt(position(%d) = %d:%d) = %d", off, p.Line, p.Character, got)
		}
	}
	// Past the end of a line is the end of the line; past the last line,
	// the end of the text; inside a surrogate pair, after the character.
	if got := offsetAt(text, pos(0, 99)); got != 4 {
		t.Errorf("past end of line: %d", got)
	}
	if got := offsetAt(text, pos(99, 0)); got != len(text) {
		t.Errorf("past last line: %d", got)
	}
	if got := offsetAt(text, pos(1, 7)); got != len("a: 1\r\n  é: \"😀") {
		t.Errorf("inside a surrogate pair: %d", got)
	}
}

func TestApplyChange(t *testing.T) {
	type change = protocol.TextDocumentContentChangeEvent
	text := "Action: \"*\"\nSid: 日本😀 \"*\"\n"
	steps := []struct {
		c    any
		want string
	}{
		// Replace the * after the emoji: 日本 is 2 units, 😀 is 2, space, quote.
		{change{Range: rng(1, 11, 1, 12), Text: "s3:GetObject"}, "Action: \"*\"\nSid: 日本😀 \"s3:GetObject\"\n"},
		// Insert at the start, spanning lines.
		{change{Range: rng(0, 0, 0, 0), Text: "# top\n"}, "# top\nAction: \"*\"\nSid: 日本😀 \"s3:GetObject\"\n"},
		// Delete across a line break.
		{change{Range: rng(0, 5, 1, 0), Text: ""}, "# topAction: \"*\"\nSid: 日本😀 \"s3:GetObject\"\n"},
		// Append at the very end (the empty last line).
		{change{Range: rng(2, 0, 2, 0), Text: "x"}, "# topAction: \"*\"\nSid: 日本😀 \"s3:GetObject\"\nx"},
		// Delete the emoji.
		{change{Range: rng(1, 7, 1, 9), Text: ""}, "# topAction: \"*\"\nSid: 日本 \"s3:GetObject\"\nx"},
		// A change without a range, and the whole-document form.
		{change{Text: "new"}, "new"},
		{protocol.TextDocumentContentChangeEventWhole{Text: "whole"}, "whole"},
	}
	for i, s := range steps {
		got, ok := applyChange(text, s.c)
		if !ok || got != s.want {
			t.Fatalf("step %d: got %q (ok %v), want %q", i, got, ok, s.want)
		}
		text = got
	}
	if _, ok := applyChange("abc", change{Range: rng(0, 2, 0, 1)}); ok {
		t.Error("a reversed range applied")
	}
}
