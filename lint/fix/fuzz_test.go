package fix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/source"
)

// paths lists the paths of a value, parents first, at most limit of them.
func paths(v any, p source.Path, out []source.Path, limit int) []source.Path {
	if len(out) >= limit {
		return out
	}
	out = append(out, p)
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			out = paths(c, p.Append(k), out, limit)
		}
	case []any:
		for i, c := range x {
			out = paths(c, p.Append(i), out, limit)
		}
	}
	return out
}

// FuzzFor asks every fixer about every path of arbitrary documents: no
// panic, and whatever fix comes back applies and parses.
func FuzzFor(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/fixes/*/*/*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && !strings.HasSuffix(p, ".txt") {
			f.Add(filepath.Ext(p), b)
		}
	}
	f.Add(".yml", []byte("run: npm i && npm install\njobs: {a: {steps: [{uses: actions/checkout@v4, with: }]}}\n"))
	f.Fuzz(func(t *testing.T, ext string, src []byte) {
		if ext != ".yml" && ext != ".json" && ext != ".tf" {
			ext = ".yml"
		}
		name := "f" + ext
		file, err := Parse(name, src)
		if err != nil {
			return
		}
		for _, d := range file.docs {
			for _, p := range paths(d.Value, nil, nil, 300) {
				if len(p) == 0 {
					continue
				}
				for rule := range fixers {
					fd := lint.Finding{Rule: rule, Path: p.String(), Message: "`npm install` resolves dependencies again"}
					fx, ok := file.For(fd)
					if !ok {
						continue
					}
					out, err := Apply(src, fx.Edits)
					if err != nil {
						t.Fatalf("%s at %s: %v", rule, p, err)
					}
					if _, err := source.Parse(name, out, source.FormatOf(name, out), source.Limits{}); err != nil {
						t.Fatalf("%s at %s: the fixed text does not parse: %v\n%s", rule, p, err, out)
					}
				}
			}
		}
	})
}

func FuzzNpmInstalls(f *testing.F) {
	for _, s := range []string{"npm install", "cd web && npm i --no-audit # c", "echo $(npm install) 'npm i' \"npm i\"", "npm --prefix x install\nnpm ci", "`npm i`; (npm i)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range npmInstalls(s) {
			if c.npm < 0 || c.word < c.npm || c.end <= c.word || c.end > len(s) || !npmInstallWords[s[c.word:c.end]] || s[c.npm:c.npm+3] != "npm" {
				t.Fatalf("bad command %+v in %q", c, s)
			}
		}
	})
}

func TestNpmInstalls(t *testing.T) {
	cases := map[string][]string{
		"npm install": {"npm install"},
		"npm i":       {"npm i"},
		"cd web && npm install --no-audit # deps": {"npm install --no-audit"},
		"npm --prefix web install; npm test":      {"npm --prefix web install"},
		"sudo npm install":                        nil, // sudo: not the rule's argv[0] here
		"npm install express":                     nil,
		"npm install -g":                          nil,
		"npm install --no-package-lock":           nil,
		"echo npm install":                        nil,
		"echo \"$(npm install)\"":                 nil,
		"echo 'npm install'":                      nil,
		"cat <<EOF\nnpm install\nEOF":             nil,
		"npm install >log 2>&1":                   nil,
		"if true; then npm install; fi":           {"then npm install"}, // as the rule quotes it
		"CI=1 npm install || true":                {"CI=1 npm install"},
		"npm ci":                                  nil,
		"npm install \"":                          nil,
	}
	for script, want := range cases {
		var got []string
		for _, c := range npmInstalls(script) {
			got = append(got, c.text)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("npmInstalls(%q) = %q, want %q", script, got, want)
		}
	}
}
