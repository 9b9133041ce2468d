package source

import (
	"encoding/json"
	"strings"
	"testing"
)

// text returns the source text a range covers, which is what a person checks.
func text(d *Document, r Range) string {
	return string(d.Lines.Source()[r.Start.Offset:r.End.Offset])
}

func parseOne(t *testing.T, name, src string) *Document {
	t.Helper()
	docs, err := Parse(name, []byte(src), FormatOf(name, []byte(src)), Limits{})
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	if len(docs) != 1 {
		t.Fatalf("parse %s: %d documents, want 1", name, len(docs))
	}
	return docs[0]
}

func TestRanges(t *testing.T) {
	jsonSrc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": [\"s3:*\", \"iam:PassRole\"], \"Resource\": \"*\"}\n  ],\n  \"N\": 12.5e1, \"B\": true, \"Z\": null, \"E\": {}, \"é\": \"\\u00e9\\\"x\"\n}\n"
	yamlSrc := `Version: 2012-10-17
Statement:
  - Effect: Allow   # comment
    Action:
      - "s3:*"
      - 'iam:Pass''Role'
    Resource: !Sub "arn:aws:s3:::${Bucket}/*"
    Role: !GetAtt BuildRole.Arn
    Ref: !Ref Foo
defaults: &defaults
  image: node:20
  script: |
    npm ci
    npm test

job:
  <<: *defaults
  stage: test
flow: {a: [1, 2], b: x}
folded: this is
  folded text
empty:
après: "non-ASCII ✓"
`
	cases := []struct {
		name, src string
		path      Path
		key       bool
		want      string
	}{
		{"p.json", jsonSrc, Path{"Statement", 0, "Action", 0}, false, `"s3:*"`},
		{"p.json", jsonSrc, Path{"Statement", 0, "Action", 1}, false, `"iam:PassRole"`},
		{"p.json", jsonSrc, Path{"Statement", 0, "Action"}, true, `"Action"`},
		{"p.json", jsonSrc, Path{"Statement", 0, "Action"}, false, `["s3:*", "iam:PassRole"]`},
		{"p.json", jsonSrc, Path{"Statement", 0, "Resource"}, false, `"*"`},
		{"p.json", jsonSrc, Path{"N"}, false, `12.5e1`},
		{"p.json", jsonSrc, Path{"E"}, false, `{}`},
		{"p.json", jsonSrc, Path{"é"}, false, `"\u00e9\"x"`},
		{"p.json", jsonSrc, Path{"Statement", 0}, false, `{"Effect": "Allow", "Action": ["s3:*", "iam:PassRole"], "Resource": "*"}`},
		{"p.yaml", yamlSrc, Path{"Version"}, false, `2012-10-17`},
		{"p.yaml", yamlSrc, Path{"Statement", 0, "Effect"}, false, `Allow`},
		{"p.yaml", yamlSrc, Path{"Statement", 0, "Action", 0}, false, `"s3:*"`},
		{"p.yaml", yamlSrc, Path{"Statement", 0, "Action", 1}, false, `'iam:Pass''Role'`},
		{"p.yaml", yamlSrc, Path{"Statement", 0, "Resource"}, false, `!Sub "arn:aws:s3:::${Bucket}/*"`},
		{"p.yaml", yamlSrc, Path{"Statement", 0, "Resource", "Fn::Sub"}, false, `"arn:aws:s3:::${Bucket}/*"`},
		{"p.yaml", yamlSrc, Path{"Statement", 0, "Role", "Fn::GetAtt"}, false, `BuildRole.Arn`},
		{"p.yaml", yamlSrc, Path{"Statement", 0, "Ref"}, false, `!Ref Foo`},
		{"p.yaml", yamlSrc, Path{"defaults", "script"}, false, "|\n    npm ci\n    npm test"},
		{"p.yaml", yamlSrc, Path{"job", "image"}, false, `node:20`},
		{"p.yaml", yamlSrc, Path{"job", "stage"}, false, `test`},
		{"p.yaml", yamlSrc, Path{"flow"}, false, `{a: [1, 2], b: x}`},
		{"p.yaml", yamlSrc, Path{"flow", "a", 1}, false, `2`},
		{"p.yaml", yamlSrc, Path{"flow", "a"}, false, `[1, 2]`},
		{"p.yaml", yamlSrc, Path{"folded"}, false, "this is\n  folded text"},
		{"p.yaml", yamlSrc, Path{"après"}, false, `"non-ASCII ✓"`},
		{"p.yaml", yamlSrc, Path{"après"}, true, `après`},
		// A path past the tree falls back to the nearest key.
		{"p.yaml", yamlSrc, Path{"Statement", 0, "Condition"}, false, `- Effect: Allow   # comment`[2:]},
		{"p.yaml", yamlSrc, Path{"job", "missing"}, false, `job`},
	}
	for _, tc := range cases {
		t.Run(tc.name+":"+tc.path.String(), func(t *testing.T) {
			d := parseOne(t, tc.name, tc.src)
			got := text(d, d.Root.RangeOf(tc.path, tc.key, d.Lines))
			if got != tc.want {
				t.Errorf("range text = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPositions(t *testing.T) {
	d := parseOne(t, "p.yaml", "a: 1\nbé: \"x\"\n")
	r := d.Root.RangeOf(Path{"bé"}, false, d.Lines)
	want := Range{Start: Position{Line: 2, Column: 5, Offset: 10}, End: Position{Line: 2, Column: 8, Offset: 13}}
	if r != want {
		t.Errorf("range = %+v, want %+v", r, want)
	}
}

func TestValues(t *testing.T) {
	d := parseOne(t, "v.yaml", "v: 2012-10-17\nz: 007\ni: 0x1F\nf: 1.5\nb: true\nn: ~\ns: 'yes'\non: push\nr: !Ref X\ng: !GetAtt A.B.C\nl: !reference [.x, script]\n")
	got, _ := json.Marshal(d.Value)
	want := `{"b":true,"f":1.5,"g":{"Fn::GetAtt":["A","B.C"]},"i":31,"l":{"!reference":[".x","script"]},"n":null,"on":"push","r":{"Ref":"X"},"s":"yes","v":"2012-10-17","z":7}`
	if string(got) != want {
		t.Errorf("value = %s\nwant    %s", got, want)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name, src string
		at        string // line:col of the error's start
		msg       string
	}{
		{"bad.json", "{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}\n", "3:14", "invalid JSON"},
		{"bad.json", "{\"a\": 1", "1:8", "unexpected end"},
		{"conflict.json", "{\"Version\": \"2012-10-17\", \"Statement\": [\n<<<<<<< HEAD\n]}", "2:1", "invalid character '<'"},
		{"stray.json", "[1,\n  x]", "2:3", "invalid character 'x'"},
		{"nul.json", "\x00{}", "1:1", "invalid character"},
		{"lit.json", "{\"a\": tru}", "1:7", "invalid character"},
		{"bad.json", "{\"a\": 1} {", "1:10", "after the top-level"},
		{"dup.json", "{\"a\": 1,\n \"a\": 2}", "2:2", `duplicate key "a"`},
		{"bad.yaml", "a: 1\nb: [1\nc: 2\n", "2:1", "invalid YAML"},
		{"tab.yaml", "a:\n\tb: 1\n", "2:1", "invalid YAML"},
		{"dup.yaml", "a: 1\nb: 2\na: 3\n", "3:1", `duplicate key "a" (first defined at line 1)`},
		{"rec.yaml", "a: &x [*x]\n", "1:8", "refers to a node that contains it"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.name, []byte(tc.src), FormatOf(tc.name, nil), Limits{})
			perr, ok := err.(*Error)
			if !ok {
				t.Fatalf("error = %v (%T), want *Error", err, err)
			}
			if got := perr.Range.Start.String(); got != tc.at {
				t.Errorf("error at %s, want %s (%s)", got, tc.at, perr.Msg)
			}
			if !strings.Contains(perr.Msg, tc.msg) {
				t.Errorf("message %q does not contain %q", perr.Msg, tc.msg)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	_, err := Parse("bomb.yaml", []byte(bomb), YAML, Limits{MaxAliasNodes: 10_000})
	if err == nil || !strings.Contains(err.Error(), "alias bomb") {
		t.Errorf("alias bomb: err = %v, want the alias limit", err)
	}
	deep := strings.Repeat("[", 50) + strings.Repeat("]", 50)
	_, err = Parse("deep.json", []byte(deep), JSON, Limits{MaxDepth: 20})
	if err == nil || !strings.Contains(err.Error(), "nesting deeper than 20") || !strings.HasPrefix(err.Error(), "deep.json:1:21:") {
		t.Errorf("deep JSON: err = %v, want nesting limit at 1:21", err)
	}
	_, err = Parse("deep.yaml", []byte(deep), YAML, Limits{MaxDepth: 20})
	if err == nil || !strings.Contains(err.Error(), "nesting deeper than 20") {
		t.Errorf("deep YAML: err = %v, want nesting limit", err)
	}
}

func TestEmptyAndStreams(t *testing.T) {
	for _, src := range []string{"", "   \n", "---\n", "# only a comment\n"} {
		docs, err := Parse("e.yaml", []byte(src), YAML, Limits{})
		if err != nil || len(docs) != 0 {
			t.Errorf("%q: %d docs, err %v; want none", src, len(docs), err)
		}
	}
	docs, err := Parse("s.yaml", []byte("a: 1\n---\nb: 2\n"), YAML, Limits{})
	if err != nil || len(docs) != 2 {
		t.Fatalf("stream: %d docs, err %v; want 2", len(docs), err)
	}
	if r := docs[1].Root.RangeOf(Path{"b"}, false, docs[1].Lines); r.Start.Line != 3 {
		t.Errorf("second document's b at line %d, want 3", r.Start.Line)
	}
	bom := "\xEF\xBB\xBF{\"a\": \"b\"}"
	d := parseOne(t, "bom.json", bom)
	if got := text(d, d.Root.RangeOf(Path{"a"}, false, d.Lines)); got != `"b"` {
		t.Errorf("BOM JSON: %q", got)
	}
}

func TestPathString(t *testing.T) {
	p := Path{"Resources", "Build-Role", "Properties", "Policies", 0, "Fn::Sub", "a b"}
	if got, want := p.String(), `Resources.Build-Role.Properties.Policies[0]["Fn::Sub"]["a b"]`; got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
}
