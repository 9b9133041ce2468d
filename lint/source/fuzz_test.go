package source

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fuzz targets prove that no input makes a parser panic or hang, and that
// what a parser returns is consistent: every range lies inside the file and
// agrees with Lines, every value has a node, and the value encodes as JSON.
// Run one with: go test ./lint/source -run XXX -fuzz FuzzHCL -fuzztime 60s

var fuzzSamples = map[Format][]string{
	JSON: {
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]}`,
		`[1, 2.5e3, true, null, {"é": "\u00e9\"x"}]`, `{"a": 1,}`, "\xEF\xBB\xBF{}", `{"a": {"a": {"a": []}}}`,
	},
	YAML: {
		"a: &x [1, 2]\nb: *x\nc: !Sub \"${A}\"\nd: !GetAtt A.B\n",
		"- |\n  text\n- >\n  folded\n---\nk: {a: [1, 2], b: x}\n", "x: <<: *y\n", "a: \"\\u00e9\"\nb: 'it''s'\n",
	},
	HCL: {
		"resource \"aws_iam_role\" \"r\" {\n  name = \"r-${var.env}\"\n  assume_role_policy = jsonencode({Statement = [{Action = [\"s3:*\"]}]})\n}\n",
		"locals {\n  a = local.b\n  b = [local.a, var.x]\n}\nvariable \"x\" { default = {k = 1} }\n",
		"data \"aws_iam_policy_document\" \"d\" {\n  statement {\n    actions = [\"*\"]\n  }\n}\n",
		"p = <<-EOT\n  {\"a\": \"${x}\"}\n  %{ if c }y%{ endif }\n  EOT\n", "a = -1.5e3\nb = !true\nc = x ? y : z\n",
		"dynamic \"ingress\" {\n  for_each = var.rules\n  content { from_port = ingress.value }\n}\n", "a = {(var.k) = 1, \"q\" = [for x in y : x]}\n",
	},
}

// fuzzSeeds adds the samples above and every file of the format under the
// repository's testdata/ and this package's.
func fuzzSeeds(f *testing.F, format Format) {
	for _, s := range fuzzSamples[format] {
		f.Add([]byte(s))
	}
	for _, dir := range []string{filepath.Join("..", "..", "testdata"), "testdata"} {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.Contains(p, string(filepath.Separator)+"fuzz"+string(filepath.Separator)) {
				return nil
			}
			if FormatOf(p, nil) != format {
				return nil
			}
			if src, err := os.ReadFile(p); err == nil && len(src) < 1<<16 {
				f.Add(src)
			}
			return nil
		})
	}
}

func FuzzJSON(f *testing.F) {
	fuzzSeeds(f, JSON)
	f.Fuzz(func(t *testing.T, src []byte) { checkParse(t, src, JSON) })
}
func FuzzYAML(f *testing.F) {
	fuzzSeeds(f, YAML)
	f.Fuzz(func(t *testing.T, src []byte) { checkParse(t, src, YAML) })
}
func FuzzHCL(f *testing.F) {
	fuzzSeeds(f, HCL)
	f.Fuzz(func(t *testing.T, src []byte) { checkParse(t, src, HCL) })
}

// FuzzRangeOf looks up arbitrary paths (present, absent, half-present) in
// documents of every format: RangeOf must return a range inside the file.
func FuzzRangeOf(f *testing.F) {
	formats := []Format{JSON, YAML, HCL}
	for i, format := range formats {
		for _, s := range fuzzSamples[format] {
			f.Add([]byte(s), uint8(i), "Statement.0.Action.1")
			f.Add([]byte(s), uint8(i), "resource.aws_iam_role.r.assume_role_policy.Statement.0")
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, which uint8, spec string) {
		format := formats[int(which)%len(formats)]
		docs, err := Parse("f", src, format, Limits{MaxDepth: 100, MaxAliasNodes: 10_000})
		if err != nil {
			return
		}
		var p Path
		for _, e := range strings.Split(spec, ".") {
			if n, convErr := json.Number(e).Int64(); convErr == nil && n < 1<<20 && n > -(1<<20) {
				p = append(p, int(n))
			} else {
				p = append(p, e)
			}
		}
		for _, d := range docs {
			for i := 0; i <= len(p); i++ {
				for _, key := range []bool{false, true} {
					checkRange(t, d.Lines, d.Root.RangeOf(p[:i], key, d.Lines), "RangeOf "+p[:i].String())
				}
			}
			d.StringLiteralStart(p)
		}
	})
}

func checkParse(t *testing.T, src []byte, format Format) {
	docs, err := Parse("f", src, format, Limits{MaxDepth: 100, MaxAliasNodes: 10_000})
	if err != nil {
		perr, ok := err.(*Error)
		if !ok {
			t.Fatalf("error %v is %T, want *Error", err, err)
		}
		checkRange(t, NewLines(src), perr.Range, "error range")
		return
	}
	for _, d := range docs {
		if _, err := json.Marshal(d.Value); err != nil {
			t.Fatalf("value does not encode as JSON: %v", err)
		}
		budget := 20_000
		walkValue(t, d, d.Value, d.Root, nil, &budget)
	}
}

// walkValue checks that every value has a node whose ranges lie in the file.
func walkValue(t *testing.T, d *Document, v any, n *Node, p Path, budget *int) {
	*budget--
	if *budget < 0 {
		return
	}
	if n == nil {
		// YAML synthesises a few values (!GetAtt A.B is ["A", "B"]) whose
		// elements have no token of their own; their path falls back to the
		// nearest node. JSON and HCL values all have one.
		if d.Format == YAML {
			return
		}
		t.Fatalf("no node at %s", p)
	}
	checkRange(t, d.Lines, n.Value, "value at "+p.String())
	if n.Key.IsValid() {
		checkRange(t, d.Lines, n.Key, "key at "+p.String())
	}
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			walkValue(t, d, c, n.Field(k), p.Append(k), budget)
		}
	case []any:
		for i, c := range v {
			walkValue(t, d, c, n.Item(i), p.Append(i), budget)
		}
	case string:
		if start, ok := StringLiteralStart(d.Lines.Source(), n, v); ok && string(d.Lines.Source()[start:start+len(v)]) != v {
			t.Fatalf("StringLiteralStart at %s: %d does not hold %q", p, start, v)
		}
	}
}

func checkRange(t *testing.T, lines *Lines, r Range, what string) {
	if r == (Range{}) {
		return
	}
	n := len(lines.Source())
	if r.Start.Offset < 0 || r.End.Offset > n || r.Start.Offset > r.End.Offset {
		t.Fatalf("%s: range %v (offsets %d-%d) outside the %d-byte file or reversed", what, r, r.Start.Offset, r.End.Offset, n)
	}
	for _, pos := range []Position{r.Start, r.End} {
		if got := lines.At(pos.Offset); got != pos {
			t.Fatalf("%s: position %+v, but Lines says %+v", what, pos, got)
		}
	}
}
