package report

import (
	"bytes"
	"strings"
	"testing"

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
