package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/source"
)

// TestUnderline checks that the underline sits under the token on screen,
// whatever tabs and wide characters come before it.
func TestUnderline(t *testing.T) {
	cases := []struct{ line, token, want string }{
		{`    "Action": "*",`, `"*"`, `              ^~~`},
		{"\tAction: '*'", `'*'`, `            ^~~`},
		{`名前: "s3:*"`, `"s3:*"`, `      ^~~~~~`},
		{`é: x`, `x`, `   ^`},
	}
	for _, tc := range cases {
		src := []byte("first line\n" + tc.line + "\n")
		lines := source.NewLines(src)
		off := bytes.Index(src, []byte(tc.token))
		f := lint.Finding{File: "f.yaml", Rule: "iam/x", Severity: lint.High, Message: "m", Range: lines.Span(off, off+len(tc.token))}
		var out bytes.Buffer
		r := newText(&out, Options{Source: func(string) []byte { return src }})
		if err := r.File(lint.FileResult{File: "f.yaml", Findings: []lint.Finding{f}}); err != nil {
			t.Fatal(err)
		}
		got := strings.Split(out.String(), "\n")
		if len(got) < 3 || !strings.HasPrefix(got[0], "f.yaml:2:") || !strings.HasSuffix(got[0], " high m [iam/x]") {
			t.Fatalf("output %q", out.String())
		}
		if underline := strings.TrimPrefix(got[2], "   | "); underline != tc.want {
			t.Errorf("%q: underline\n%q\nwant\n%q", tc.line, underline, tc.want)
		}
	}
}

// TestSnippetMasksSecrets: the source line under a finding never shows a
// secret whole, whichever finding on that line the snippet is printed for.
func TestSnippetMasksSecrets(t *testing.T) {
	secret := "ghp_" + strings.Repeat("Q7", 18)
	src := []byte("env:\n  TOKEN: \"" + secret + "\"\n")
	lines := source.NewLines(src)
	off := bytes.Index(src, []byte(`"`+secret))
	rng := lines.Span(off, off+len(secret)+2)
	findings := []lint.Finding{
		{File: "f.yml", Rule: "secrets/hardcoded-credential", Severity: lint.Critical, Message: "GitHub token ghp_************Q7Q7", Range: rng, Sensitive: true},
		{File: "f.yml", Rule: "secrets/plaintext-secret-variable", Severity: lint.High, Message: "TOKEN holds a literal", Range: lines.Span(off-7, off-2)},
	}
	var out bytes.Buffer
	r := newText(&out, Options{Source: func(string) []byte { return src }})
	if err := r.File(lint.FileResult{File: "f.yml", Findings: findings}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), secret) || strings.Contains(out.String(), secret[4:20]) {
		t.Errorf("secret shown:\n%s", out.String())
	}
	if !strings.Contains(out.String(), `TOKEN: "ghp_`+strings.Repeat("*", len(secret)-8)+`Q7Q7"`) {
		t.Errorf("masked line missing or misaligned:\n%s", out.String())
	}
	if bytes.Contains(src, []byte("****")) {
		t.Error("the caller's source was modified")
	}
}

// TestSnippetLongLine: a finding on a megabyte of minified JSON prints a
// window of the line around its token, underlined, not the megabyte.
func TestSnippetLongLine(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"Statement":[`)
	for b.Len() < 1<<20 {
		b.WriteString(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-é/*"},`)
	}
	b.WriteString(`{"Effect":"Allow","Action":"*","Resource":"*"}`)
	for i := 0; i < 1000; i++ {
		b.WriteString(`,{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-é/*"}`)
	}
	b.WriteString("]}\n")
	src := []byte(b.String())
	token := `"Action":"*"`
	off := bytes.Index(src, []byte(token)) + len(`"Action":`)
	lines := source.NewLines(src)
	f := lint.Finding{File: "p.json", Rule: "iam/wildcard-action", Severity: lint.High, Message: "m", Range: lines.Span(off, off+3)}
	var out bytes.Buffer
	r := newText(&out, Options{Source: func(string) []byte { return src }})
	if err := r.File(lint.FileResult{File: "p.json", Findings: []lint.Finding{f}}); err != nil {
		t.Fatal(err)
	}
	got := strings.Split(out.String(), "\n")
	if len(got) != 4 {
		t.Fatalf("%d lines of output, want 3 and a newline: %.300q", len(got), out.String())
	}
	code, underline := got[1], got[2]
	if len(code) > 200 || !strings.Contains(code, token) || !strings.Contains(code, " | …") || !strings.HasSuffix(code, "…") {
		t.Fatalf("source line not cut around the token: %q", code)
	}
	if !utf8.ValidString(code) {
		t.Fatalf("cut inside a character: %q", code)
	}
	// The underline sits under "*" on screen.
	col := strings.Index(underline, "^")
	if col < 0 || displayWidth(code[:strings.Index(code, token)+len(`"Action":`)]) != col || !strings.HasPrefix(underline[col:], "^~~") {
		t.Errorf("underline misplaced:\n%s\n%s", code, underline)
	}
}

func TestWindowShortLineUnchanged(t *testing.T) {
	line := `  "Action": "*",`
	if got, off, end := window(line, 12, 15); got != line || off != 12 || end != 15 {
		t.Errorf("window(%q) = %q, %d, %d", line, got, off, end)
	}
	// A range that starts near the beginning of a long line: no leading
	// ellipsis, and the range runs to the window's end at most.
	long := strings.Repeat("x", 500)
	got, off, end := window(long, 5, 400)
	if strings.HasPrefix(got, ellipsis) || !strings.HasSuffix(got, ellipsis) || off != 5 || end != snippetBytes {
		t.Errorf("window(long, 5, 400) = %d bytes, %d, %d", len(got), off, end)
	}
}

// A credential that the window cuts is masked whole, not shown in part.
func TestSnippetLongLineMasksAcrossEdge(t *testing.T) {
	secret := "ghp_" + strings.Repeat("Zq9", 12)
	line := strings.Repeat(`{"a":"b"},`, 600) + `{"Token":"` + secret + `","Action":"*"}` + strings.Repeat(`,{"a":"b"}`, 600)
	src := []byte(line + "\n")
	off := bytes.Index(src, []byte(`"*"`))
	lines := source.NewLines(src)
	f := lint.Finding{File: "p.json", Rule: "iam/wildcard-action", Severity: lint.High, Message: "m", Range: lines.Span(off, off+3)}
	var out bytes.Buffer
	r := newText(&out, Options{Source: func(string) []byte { return src }})
	if err := r.File(lint.FileResult{File: "p.json", Findings: []lint.Finding{f}}); err != nil {
		t.Fatal(err)
	}
	// The window starts 40 bytes before "*", inside the token.
	if strings.Contains(out.String(), secret[12:30]) {
		t.Errorf("part of the secret shown:\n%s", out.String())
	}
	if !strings.Contains(out.String(), `"Action":"*"`) {
		t.Errorf("token not shown:\n%s", out.String())
	}
}
