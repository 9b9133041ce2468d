package suppress

import (
	"bytes"
	"path"
	"testing"

	"github.com/rampart-lint/rampart/lint/source"
)

// FuzzParse: no line makes the comment parser panic, and every comment it
// returns covers text of one line, from its '#' or '//' to the line's end,
// with a target of that line or the next.
// Run with: go test ./lint/suppress -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"# rampart:ignore iam/full-admin -- reviewed\nAction: '*'\n",
		"a: 1 # rampart:ignore iam/a,iam/b exp:2027-03-31 -- until Q1",
		"url: http://x/#rampart:ignore iam/x\n  #rampart:ignore iam/*\n# rampart:ignore\n",
		"# rampart:ignore iam/a exp:2027-13-01 -- bad date\r\n# rampart:ignore iam/[ -- bad glob\r",
		"resource \"x\" \"y\" { // rampart:ignore tf/a -- hcl\n}\n",
		"é: ü # rampart:ignore iam/é -- ünïcödé\n\t# rampart:ignore a/b soon -- x -- y",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := source.NewLines(src)
		for _, c := range Parse(lines) {
			r := c.Range
			n := r.Start.Line
			if n < 1 || n > lines.Count() || r.End.Line != n {
				t.Fatalf("comment %+v spans lines %d-%d", c, n, r.End.Line)
			}
			for _, p := range []source.Position{r.Start, r.End} {
				if got := lines.At(p.Offset); got != p {
					t.Fatalf("position %+v, but Lines says %+v", p, got)
				}
			}
			lineStart := lines.LineStart(n)
			if r.Start.Offset < lineStart || r.End.Offset != lineStart+len(lines.Text(n)) || r.Start.Offset >= r.End.Offset {
				t.Fatalf("comment range %v is not from its marker to the end of line %d", r, n)
			}
			if text := src[r.Start.Offset:r.End.Offset]; !bytes.HasPrefix(text, []byte("#")) && !bytes.HasPrefix(text, []byte("//")) || !bytes.Contains(text, []byte(marker)) {
				t.Fatalf("comment range holds %q", text)
			}
			if c.Target != n && c.Target != n+1 {
				t.Fatalf("comment on line %d targets line %d", n, c.Target)
			}
			if c.Problem == "" {
				if len(c.Rules) == 0 {
					t.Fatalf("well-formed comment %+v names no rule", c)
				}
				for _, id := range c.Rules {
					if _, err := path.Match(id, ""); err != nil || id == "" {
						t.Fatalf("rule pattern %q accepted", id)
					}
					if !c.Covers(id) && !containsMeta(id) {
						t.Fatalf("comment does not cover its own rule %q", id)
					}
				}
			}
		}
	})
}

func containsMeta(s string) bool { return bytes.ContainsAny([]byte(s), `*?[\`) }
