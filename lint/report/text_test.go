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
