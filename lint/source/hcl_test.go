package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

const tfSrc = `# A CodeBuild role, its policies three ways.
locals {
  bucket = "artifacts"
  deploy_actions = ["s3:PutObject", "s3:*"]
  policy = {
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = local.deploy_actions, Resource = "*" }]
  }
}

variable "env" {
  default = "prod"
}

resource "aws_iam_role" "build" {
  name = "build-${var.env}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codebuild.amazonaws.com" }
      Action    = ["sts:AssumeRole", "s3:*"]
    }]
  })

  inline_policy {
    name   = "heredoc"
    policy = <<EOF
{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::${local.bucket}/*"}]}
EOF
  }
  inline_policy {
    name   = "local"
    policy = jsonencode(local.policy)
  }
  tags = { "team" = "ci", après = "é" }
}

data "aws_iam_policy_document" "deploy" {
  statement {
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["arn:aws:s3:::${local.bucket}/*"]
  }
  statement {
    actions   = ["iam:PassRole"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["codebuild.amazonaws.com"]
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}
`

func TestHCLRanges(t *testing.T) {
	role := Path{"resource", "aws_iam_role", "build"}
	arp := role.Append("assume_role_policy")
	doc := Path{"data", "aws_iam_policy_document", "deploy"}
	cases := []struct {
		path Path
		key  bool
		want string
	}{
		// attributes: key is the name, value the expression
		{role.Append("name"), true, `name`},
		{role.Append("name"), false, `"build-${var.env}"`},
		// block label levels: keys are the label tokens
		{Path{"resource"}, true, `resource`},
		{Path{"resource", "aws_iam_role"}, true, `"aws_iam_role"`},
		{role, true, `"build"`},
		{Path{"data", "aws_iam_policy_document"}, true, `"aws_iam_policy_document"`},
		{Path{"provider", "aws"}, true, `"aws"`},
		{Path{"provider", "aws", 0, "region"}, false, `"eu-west-1"`},
		{Path{"variable", "env", "default"}, false, `"prod"`},
		{Path{"locals"}, true, `locals`},
		{Path{"locals", "bucket"}, false, `"artifacts"`},
		// jsonencode: the argument itself, and tokens inside it
		{arp, false, "{\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { Service = \"codebuild.amazonaws.com\" }\n      Action    = [\"sts:AssumeRole\", \"s3:*\"]\n    }]\n  }"},
		{arp, true, `assume_role_policy`},
		{arp.Append("Statement", 0, "Action", 1), false, `"s3:*"`},
		{arp.Append("Statement", 0, "Action"), true, `Action`},
		{arp.Append("Statement", 0, "Principal", "Service"), false, `"codebuild.amazonaws.com"`},
		{arp.Append("Version"), false, `"2012-10-17"`},
		// nested blocks are lists; each item's key is its own block's name
		{role.Append("inline_policy"), true, `inline_policy`},
		{role.Append("inline_policy", 1), true, `inline_policy`},
		{role.Append("inline_policy", 1, "name"), false, `"local"`},
		{role.Append("inline_policy", 0, "policy"), false, "<<EOF\n{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::${local.bucket}/*\"}]}\nEOF"},
		// a reference: the reference is the value, its children are where the
		// referenced value is written
		{role.Append("inline_policy", 1, "policy"), false, `local.policy`},
		{role.Append("inline_policy", 1, "policy", "Statement", 0, "Effect"), false, `"Allow"`},
		{role.Append("inline_policy", 1, "policy", "Statement", 0, "Action"), false, `local.deploy_actions`},
		{role.Append("inline_policy", 1, "policy", "Statement", 0, "Action", 1), false, `"s3:*"`},
		// object keys: quoted, bare, non-ASCII
		{role.Append("tags", "team"), true, `"team"`},
		{role.Append("tags", "après"), true, `après`},
		{role.Append("tags", "après"), false, `"é"`},
		// data "aws_iam_policy_document": statements and their fields
		{doc.Append("statement", 0, "actions", 1), false, `"s3:PutObject"`},
		{doc.Append("statement", 0, "resources", 0), false, `"arn:aws:s3:::${local.bucket}/*"`},
		{doc.Append("statement", 1, "resources"), true, `resources`},
		{doc.Append("statement", 1, "resources", 0), false, `"*"`},
		{doc.Append("statement", 1, "condition", 0, "values", 0), false, `"codebuild.amazonaws.com"`},
		{doc.Append("statement", 1, "condition", 0, "test"), false, `"StringEquals"`},
		// a path past the tree falls back to the nearest key
		{doc.Append("statement", 0, "not_actions"), false, `statement`},
		{role.Append("missing"), false, `"build"`},
	}
	d := parseOne(t, "main.tf", tfSrc)
	if d.Format != HCL {
		t.Fatalf("format = %s", d.Format)
	}
	for _, tc := range cases {
		t.Run(tc.path.String(), func(t *testing.T) {
			got := text(d, d.Root.RangeOf(tc.path, tc.key, d.Lines))
			if got != tc.want {
				t.Errorf("range text = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestHCLBlockRange(t *testing.T) {
	d := parseOne(t, "main.tf", tfSrc)
	for _, p := range []Path{{"resource", "aws_iam_role", "build"}, {"data", "aws_iam_policy_document", "deploy", "statement", 1}} {
		got := text(d, d.Root.RangeOf(p, false, d.Lines))
		if !strings.HasPrefix(got, "resource \"aws_iam_role\"") && !strings.HasPrefix(got, "statement {") || !strings.HasSuffix(got, "}") {
			t.Errorf("%s: block range %q, want the whole block", p, got)
		}
	}
	r := d.Root.RangeOf(Path{"resource", "aws_iam_role", "build", "tags", "après"}, false, d.Lines)
	line := d.Lines.Text(r.Start.Line)
	want := strings.Index(string(line), `"é"`)
	if r.Start.Column != len([]rune(string(line[:want])))+1 || r.End.Column != r.Start.Column+3 {
		t.Errorf("après value at columns %d-%d of %q; columns count code points", r.Start.Column, r.End.Column, line)
	}
}

func TestHCLValues(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"literals", "s = \"x\"\nn = 12.50\ni = -3\nbig = 1e400\nlead = 007\nb = true\nz = null\nt = [1, \"a\", false]\no = {a = 1, \"b c\" = 2}\n",
			`{"b":true,"big":1e400,"i":-3,"lead":7,"n":12.50,"o":{"a":1,"b c":2},"s":"x","t":[1,"a",false],"z":null}`},
		{"escapes and heredocs", "e = \"a\\\"b\\n$${x}\"\nh = <<EOT\nline ${\"one\"}\nEOT\nf = <<-EOT\n    indented\n      more\n    EOT\n",
			`{"e":"a\"b\n${x}","f":"indented\n  more\n","h":"line one\n"}`},
		{"symbolic", "r = aws_iam_role.build.arn\nf = upper(\"x\")\nc = var.a ? 1 : 2\nt = \"arn:${data.x.y.id}/*\"\nw = \"${aws_s3_bucket.b.arn}\"\nd = \"%{ if x }a%{ endif }!\"\nfe = [for s in var.l : s]\nm = module.m.out\n",
			`{"c":"${var.a ? 1 : 2}","d":"%{ if x }a%{ endif }!","f":"${upper(\"x\")}","fe":"${[for s in var.l : s]}","m":"${module.m.out}","r":"${aws_iam_role.build.arn}","t":"arn:${data.x.y.id}/*","w":"${aws_s3_bucket.b.arn}"}`},
		{"locals and variables", "locals {\n  a = \"A\"\n  l = [local.a, var.v, var.nodefault]\n  o = { k = { deep = local.a } }\n}\nvariable \"v\" { default = 3 }\nvariable \"nodefault\" {}\nx = local.l\ny = \"${local.a}-${var.v}\"\nz = local.o.k.deep\nq = local.l[1]\nmissing = local.nope\nbad = local.o.k.none\n",
			`{"bad":"${local.o.k.none}","locals":{"a":"A","l":["A",3,"${var.nodefault}"],"o":{"k":{"deep":"A"}}},"missing":"${local.nope}","q":3,"variable":{"nodefault":{},"v":{"default":3}},"x":["A",3,"${var.nodefault}"],"y":"A-3","z":"A"}`},
		{"reference cycles stay symbolic", "locals {\n  a = [local.b]\n  b = [local.a]\n  s = local.s\n}\n",
			`{"locals":{"a":[["${local.a}"]],"b":["${local.a}"],"s":"${local.s}"}}`},
		{"jsonencode", "p = jsonencode({Statement = [{Action = \"s3:*\"}]})\nl = jsonencode(local.x)\ns = jsonencode(\"x\")\nother = yamlencode({a = 1})\nlocals {\n  x = {a = [1]}\n}\n",
			`{"l":{"a":[1]},"locals":{"x":{"a":[1]}},"other":"${yamlencode({a = 1})}","p":{"Statement":[{"Action":"s3:*"}]},"s":"x"}`},
		{"object keys", "o = {(var.k) = 1, \"${local.n}\" = 2, 3 = 4, null = 5}\nlocals {\n  n = \"name\"\n}\nvariable \"k\" { default = \"key\" }\n",
			`{"locals":{"n":"name"},"o":{"3":4,"key":1,"name":2,"null":5},"variable":{"k":{"default":"key"}}}`},
		{"block shapes", "terraform {\n  required_version = \">= 1.5\"\n}\nterraform {\n  backend \"s3\" { bucket = \"b\" }\n}\nprovider \"aws\" {}\nprovider \"aws\" { alias = \"us\" }\nmoved {\n  from = a.b\n  to = a.c\n}\nmodule \"m\" { source = \"./m\" }\noutput \"o\" { value = 1 }\nresource \"aws_security_group\" \"sg\" {\n  dynamic \"ingress\" {\n    for_each = var.ports\n    content { from_port = ingress.value }\n  }\n}\n",
			`{"module":{"m":{"source":"./m"}},"moved":[{"from":"${a.b}","to":"${a.c}"}],"output":{"o":{"value":1}},"provider":{"aws":[{},{"alias":"us"}]},"resource":{"aws_security_group":{"sg":{"dynamic":{"ingress":[{"content":[{"from_port":"${ingress.value}"}],"for_each":"${var.ports}"}]}}}},"terraform":{"backend":{"s3":[{"bucket":"b"}]},"required_version":"\u003e= 1.5"}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := parseOne(t, "v.tf", tc.src)
			got, err := json.Marshal(d.Value)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("value = %s\nwant    %s", got, tc.want)
			}
		})
	}
}

func TestHCLErrors(t *testing.T) {
	cases := []struct {
		name, src string
		at        string // line:col of the error's start
		msg       string
	}{
		{"unclosed", "resource \"a\" \"b\" {\n  x = 1\n", "1:18", "invalid HCL: Unclosed configuration block: There is no closing brace"},
		{"redefined", "a = 1\na = 2\n", "2:1", "invalid HCL: Attribute redefined: The argument \"a\" was already set"},
		{"bad token", "a = [1, 2,, 3]\n", "1:11", "invalid HCL: "},
		{"bad heredoc", "a = <<EOT\nx\n", "3:1", "invalid HCL: Unterminated template string"},
		{"non-ascii column", "é = \"x\" \"y\"\n", "1:9", "invalid HCL: "},
		{"duplicate resource", "resource \"a\" \"b\" {}\n\nresource \"a\" \"b\" {}\n", "3:14", `duplicate resource "a" "b" (first defined at line 1)`},
		{"duplicate local", "locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n", "5:3", `duplicate key "a" (first defined at line 2)`},
		{"attribute and block", "x = 1\nx {}\n", "2:1", `duplicate x (first defined at line 1)`},
		{"duplicate object key", "o = {a = 1,\n  \"a\" = 2}\n", "2:3", `duplicate key "a" (first defined at line 1)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.name+".tf", []byte(tc.src), HCL, Limits{})
			perr, ok := err.(*Error)
			if !ok {
				t.Fatalf("error = %v (%T), want *Error", err, err)
			}
			if got := perr.Range.Start.String(); got != tc.at {
				t.Errorf("error at %s, want %s (%s)", got, tc.at, perr.Msg)
			}
			if !strings.HasPrefix(perr.Msg, tc.msg) && !strings.Contains(perr.Msg, tc.msg) {
				t.Errorf("message %q does not contain %q", perr.Msg, tc.msg)
			}
			if perr.File != tc.name+".tf" {
				t.Errorf("file = %q", perr.File)
			}
		})
	}
}

func TestHCLLimits(t *testing.T) {
	cases := []struct {
		name, src string
		lim       Limits
		at        string
		msg       string
	}{
		{"tuples", "a = " + strings.Repeat("[", 50) + strings.Repeat("]", 50) + "\n", Limits{MaxDepth: 20}, "1:25", "nesting deeper than 20 levels"},
		{"objects", "a = " + strings.Repeat("{b = ", 50) + "1" + strings.Repeat("}", 50) + "\n", Limits{MaxDepth: 20}, "1:105", "nesting deeper than 20 levels"},
		{"blocks", strings.Repeat("b {\n", 30) + strings.Repeat("}\n", 30), Limits{MaxDepth: 20}, "21:3", "nesting deeper than 20 levels"},
		// label levels count as value levels: root, resource, type, name
		{"labels", "resource \"t\" \"n\" {\n  a = [[1]]\n}\n", Limits{MaxDepth: 5}, "2:8", "nesting deeper than 5 levels"},
		{"references", "locals {\n  a = [[[1]]]\n}\nx = [[local.a]]\n", Limits{MaxDepth: 5}, "4:7", "nesting deeper than 5 levels"},
		{"reference bomb", "locals {\n  a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n  b = [local.a, local.a, local.a, local.a, local.a, local.a, local.a, local.a, local.a, local.a]\n  c = [local.b, local.b, local.b, local.b, local.b, local.b, local.b, local.b, local.b, local.b]\n  d = [local.c, local.c, local.c, local.c, local.c, local.c, local.c, local.c, local.c, local.c]\n}\n",
			Limits{MaxAliasNodes: 1000}, "4:80", "expand to more than 1000 nodes"},
		// what the parser would recurse on, far past the limit, is refused before parsing
		{"parentheses", "a = " + strings.Repeat("(", 1<<12) + "1" + strings.Repeat(")", 1<<12) + "\n", Limits{}, "1:1005", "nesting deeper than 1000 levels"},
		{"unary", "a = " + strings.Repeat("!", 1<<12) + "true\n", Limits{}, "1:1005", "nesting deeper than 1000 levels"},
		{"unary across lines", "a = (" + strings.Repeat("-\n", 1<<12) + "1)\n", Limits{}, "1000:1", "nesting deeper than 1000 levels"},
		{"conditionals", "a = " + strings.Repeat("x ? 1 : ", 1<<12) + "2\n", Limits{}, "1:8007", "nesting deeper than 1000 levels"},
		{"interpolations", "a = \"" + strings.Repeat("${\"", 1<<12) + strings.Repeat("\"}", 1<<12) + "\"\n", Limits{}, "1:3006", "nesting deeper than 1000 levels"},
		{"directives", "a = \"" + strings.Repeat("%{ if x }", 1<<12) + strings.Repeat("%{ endif }", 1<<12) + "\"\n", Limits{}, "1:9000", "nesting deeper than 1000 levels"},
		{"huge MaxDepth is capped for the parser", "a = " + strings.Repeat("[", 1<<14) + strings.Repeat("]", 1<<14) + "\n", Limits{MaxDepth: 1 << 30}, "1:10005", "nesting deeper than 10000 levels"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("deep.tf", []byte(tc.src), HCL, tc.lim)
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
	// Just under the limits is fine.
	ok := "a = " + strings.Repeat("[", 19) + strings.Repeat("]", 19) + "\nb = x ? y : z ? 1 : 2\nc = [x ? 1 : 2, y ? 3 : 4]\n"
	if _, err := Parse("ok.tf", []byte(ok), HCL, Limits{MaxDepth: 20}); err != nil {
		t.Errorf("within limits: %v", err)
	}
}

func TestHCLEmpty(t *testing.T) {
	for _, src := range []string{"", "  \n", "# only a comment\n// another\n/* and a block */\n"} {
		docs, err := Parse("e.tf", []byte(src), HCL, Limits{})
		if err != nil || len(docs) != 0 {
			t.Errorf("%q: %d docs, err %v; want none", src, len(docs), err)
		}
	}
	d := parseOne(t, "bom.tf", "\xEF\xBB\xBFa = \"b\"\n")
	if got := text(d, d.Root.RangeOf(Path{"a"}, false, d.Lines)); got != `"b"` {
		t.Errorf("BOM: %q", got)
	}
}

func TestStringLiteralStart(t *testing.T) {
	src := "q = \"plain text\"\n" +
		"e = \"esc\\\"aped\"\n" +
		"d = \"$${not} interpolated\"\n" +
		"i = \"a-${var.x}\"\n" +
		"is = \"a-${ var.x }\"\n" +
		"r = \"a-${local.b}\"\n" +
		"u = \"${var.x}\"\n" +
		"h = <<EOT\n{\"Action\": \"s3:*\"}\nEOT\n" +
		"hi = <<EOT\n{\"Resource\": \"${var.arn}\"}\n  EOT\n" +
		"hr = <<EOT\n${local.b}\nEOT\n" +
		"f = <<-EOT\n    {\"Action\": \"s3:*\"}\n    EOT\n" +
		"f0 = <<-EOT\n{\"a\": 1}\nEOT\n" +
		"j = jsonencode({k = \"v\"})\n" +
		"n = 12\n" +
		"locals {\n  b = \"B\"\n}\n"
	d := parseOne(t, "s.tf", src)
	cases := []struct {
		path Path
		want string // the source text from start, as long as the value; "" when not verbatim
	}{
		{Path{"q"}, "plain text"},
		{Path{"e"}, ""},                                  // an escape
		{Path{"d"}, ""},                                  // $${ is an escape too
		{Path{"i"}, "a-${var.x}"},                        // an unresolved interpolation is kept as its own text
		{Path{"is"}, ""},                                 // ... but only when written without spaces
		{Path{"r"}, ""},                                  // resolved interpolation
		{Path{"u"}, "${var.x}"},                          // an unresolved reference is kept as its own text
		{Path{"h"}, "{\"Action\": \"s3:*\"}\n"},          // a heredoc: content from the line after the marker
		{Path{"hi"}, "{\"Resource\": \"${var.arn}\"}\n"}, // the same inside a heredoc
		{Path{"hr"}, ""},                                 // a resolved one
		{Path{"f"}, ""},                                  // a flush heredoc lost its indentation
		{Path{"f0"}, "{\"a\": 1}\n"},                     // ... unless it had none
		{Path{"j", "k"}, "v"},
		{Path{"n"}, ""}, // not a string
		{Path{"nope"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.path.String(), func(t *testing.T) {
			start, ok := d.StringLiteralStart(tc.path)
			if tc.want == "" {
				if ok {
					t.Errorf("ok at %d, want not verbatim", start)
				}
				return
			}
			if !ok {
				t.Fatalf("not verbatim, want %q", tc.want)
			}
			if got := src[start : start+len(tc.want)]; got != tc.want {
				t.Errorf("source at %d = %q, want %q", start, got, tc.want)
			}
		})
	}
	// The same function serves JSON and YAML documents.
	for _, tc := range []struct {
		name, src string
		path      Path
		ok        bool
	}{
		{"a.json", `{"p": "{\"a\": 1}", "q": "plain"}`, Path{"p"}, false},
		{"a.json", `{"p": "{\"a\": 1}", "q": "plain"}`, Path{"q"}, true},
		{"a.yaml", "p: '{\"a\": 1}'\nq: |\n  {\"a\": 1}\nr: plain\n", Path{"p"}, true},
		{"a.yaml", "p: '{\"a\": 1}'\nq: |\n  {\"a\": 1}\nr: plain\n", Path{"q"}, false},
		{"a.yaml", "p: '{\"a\": 1}'\nq: |\n  {\"a\": 1}\nr: plain\n", Path{"r"}, true},
	} {
		d := parseOne(t, tc.name, tc.src)
		if _, ok := d.StringLiteralStart(tc.path); ok != tc.ok {
			t.Errorf("%s %s: ok = %v, want %v", tc.name, tc.path, ok, tc.ok)
		}
	}
}

// TestHCLLinear parses a big file: the work must grow with the file, not with
// its square (every node's position is an O(log lines) lookup).
func TestHCLLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("locals {\n  actions = [\"s3:GetObject\"]\n}\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "resource \"aws_iam_role\" \"r%d\" {\n  name = \"r%d\"\n  assume_role_policy = jsonencode({\n    Statement = [{ Action = local.actions, Resource = \"arn:aws:s3:::b/%d\" }]\n  })\n}\n", i, i, i)
	}
	d := parseOne(t, "big.tf", b.String())
	r := d.Root.RangeOf(Path{"resource", "aws_iam_role", "r4999", "assume_role_policy", "Statement", 0, "Resource"}, false, d.Lines)
	if got := text(d, r); got != `"arn:aws:s3:::b/4999"` {
		t.Errorf("last resource's Resource = %q", got)
	}
}

func BenchmarkHCL(b *testing.B) {
	src := []byte(strings.Repeat(tfSrc[strings.Index(tfSrc, "data \"aws"):strings.Index(tfSrc, "provider")], 1)) // one data block
	var big []byte
	for i := range 200 {
		big = append(big, strings.Replace(string(src), "\"deploy\"", fmt.Sprintf("\"d%d\"", i), 1)...)
	}
	b.SetBytes(int64(len(big)))
	for b.Loop() {
		if _, err := Parse("b.tf", big, HCL, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestHCLExamples reads the Terraform examples the way the policy extraction
// will: jsonencode policies as objects, heredocs as JSON text. They belong in
// testdata/examples/terraform/ (which TestExamples lints and requires clean)
// as soon as the linter stops skipping .tf files.
func TestHCLExamples(t *testing.T) {
	read := func(name string) *Document {
		src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "examples", "terraform", name))
		if err != nil {
			t.Fatal(err)
		}
		return parseOne(t, name, string(src))
	}
	d := read("good-codebuild-project.tf")
	pol := Path{"resource", "aws_iam_role_policy", "codebuild", "policy"}
	if got := text(d, d.Root.RangeOf(pol.Append("Statement", 1, "Action", 1), false, d.Lines)); got != `"s3:PutObject"` {
		t.Errorf("jsonencode token = %q", got)
	}
	if v, _ := json.Marshal(valueAt(d.Value, pol.Append("Statement", 1, "Resource"))); string(v) != `["arn:aws:s3:::acme-web-app-artifacts/*"]` {
		t.Errorf("resolved resource = %s", v)
	}
	if v, _ := json.Marshal(valueAt(d.Value, Path{"resource", "aws_codebuild_project", "build", "environment", 0, "privileged_mode"})); string(v) != `false` {
		t.Errorf("privileged_mode = %s", v)
	}

	d = read("good-deploy-policy-document.tf")
	st := Path{"data", "aws_iam_policy_document", "deploy", "statement", 2}
	if got := text(d, d.Root.RangeOf(st.Append("condition", 0, "values", 0), false, d.Lines)); got != `"ecs-tasks.amazonaws.com"` {
		t.Errorf("condition value = %q", got)
	}
	if v, _ := json.Marshal(valueAt(d.Value, Path{"resource", "aws_iam_policy", "deploy", "policy"})); string(v) != `"${data.aws_iam_policy_document.deploy.json}"` {
		t.Errorf("policy reference = %s", v)
	}

	d = read("good-heredoc-policy.tf")
	p := Path{"resource", "aws_iam_policy", "state_access", "policy"}
	s, _ := valueAt(d.Value, p).(string)
	if !json.Valid([]byte(s)) || !strings.Contains(s, `"arn:aws:s3:::acme-terraform-state/pipelines/*"`) {
		t.Errorf("heredoc policy = %q, want JSON with the variable's default in it", s)
	}
	// The resolved ${var.state_bucket} changed the text: it no longer maps
	// byte for byte onto the heredoc.
	if _, ok := d.StringLiteralStart(p); ok {
		t.Errorf("heredoc with a resolved interpolation reported verbatim")
	}
}

func valueAt(v any, p Path) any {
	for _, e := range p {
		switch k := e.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

// TestCheckpointedPositions checks Lines.At and Lines.Pos, which count from
// checkpoints on long non-ASCII lines, against a plain count from the line's
// start at every offset of long lines mixing ASCII, multi-byte and invalid
// UTF-8.
func TestCheckpointedPositions(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		b.WriteString([]string{"a", "é", "✓", "😀", "\xff", "\xe2\x9c", "\t", " "}[i*7%8])
		if i%1000 == 999 {
			b.WriteString("\n")
		}
	}
	src := []byte(b.String())
	lines := NewLines(src)
	naive := func(off int) Position {
		start := bytes.LastIndexByte(src[:off], '\n') + 1
		line := bytes.Count(src[:start], []byte("\n")) + 1
		return Position{Line: line, Column: utf8.RuneCount(src[start:off]) + 1, Offset: off}
	}
	for off := len(src); off >= 0; off-- { // backwards, then forwards: the order must not matter
		got, want := lines.At(off), naive(off)
		if got != want {
			t.Fatalf("At(%d) = %+v, want %+v", off, got, want)
		}
		if p := lines.Pos(got.Line, got.Column); p.Line != got.Line || p.Column != got.Column {
			t.Fatalf("Pos(%d, %d) = %+v", got.Line, got.Column, p)
		}
	}
	for off := 0; off <= len(src); off += 7 {
		if got, want := lines.At(off), naive(off); got != want {
			t.Fatalf("At(%d) = %+v, want %+v", off, got, want)
		}
	}
}

// TestLineTerminators: "\n", "\r\n" and a lone "\r" all end a line, as in
// YAML and in the Language Server Protocol, and none is part of the text.
func TestLineTerminators(t *testing.T) {
	src := []byte("a\nbb\r\nccc\rd\r\r\ne")
	lines := NewLines(src)
	want := []string{"a", "bb", "ccc", "d", "", "e"}
	if lines.Count() != len(want) {
		t.Fatalf("Count = %d, want %d", lines.Count(), len(want))
	}
	for i, w := range want {
		if got := string(lines.Text(i + 1)); got != w {
			t.Errorf("Text(%d) = %q, want %q", i+1, got, w)
		}
	}
	if got := lines.At(bytes.IndexByte(src, 'd')); got.Line != 4 || got.Column != 1 {
		t.Errorf("At(d) = %v, want 4:1", got)
	}
	if got := lines.Pos(6, 1); got.Offset != len(src)-1 {
		t.Errorf("Pos(6, 1).Offset = %d, want %d", got.Offset, len(src)-1)
	}
}

// TestYAMLLoneCarriageReturn: yaml.v3 counts a lone "\r" as a line break, so
// its line numbers only agree with ours if Lines does too (found by fuzzing:
// "\r{}" once indexed past the end of the file).
func TestYAMLLoneCarriageReturn(t *testing.T) {
	src := []byte("a: 1\rb: [x, y]\r{}")
	if _, err := Parse("f.yaml", []byte("\r{}"), YAML, Limits{MaxDepth: 10}); err != nil {
		t.Fatalf("\\r{}: %v", err)
	}
	docs, err := Parse("f.yaml", src, YAML, Limits{MaxDepth: 10})
	if err != nil {
		// A flow mapping after a block mapping is an error; it must point at line 3.
		perr, ok := err.(*Error)
		if !ok || perr.Range.Start.Line != 3 {
			t.Fatalf("error %v, want one on line 3", err)
		}
		docs, err = Parse("f.yaml", src[:bytes.LastIndexByte(src, '\r')], YAML, Limits{MaxDepth: 10})
		if err != nil {
			t.Fatal(err)
		}
	}
	r := docs[0].Root.RangeOf(Path{"b", 1}, false, docs[0].Lines)
	if r.Start.Line != 2 || r.Start.Column != 8 || string(src[r.Start.Offset:r.End.Offset]) != "y" {
		t.Errorf("b[1] at %v (%q), want 2:8 \"y\"", r, src[r.Start.Offset:r.End.Offset])
	}
}

// TestHCLLongLine is a minified file: one line, a node every few bytes, and
// non-ASCII text, which must not make position lookups quadratic.
func TestHCLLongLine(t *testing.T) {
	src := "a = [" + strings.Repeat("\"é\", ", 50_000) + "\"last\"]\n"
	d := parseOne(t, "long.tf", src)
	r := d.Root.RangeOf(Path{"a", 50_000}, false, d.Lines)
	if text(d, r) != `"last"` || r.Start != d.Lines.At(r.Start.Offset) {
		t.Errorf("last item at %+v: %q", r, text(d, r))
	}
}
