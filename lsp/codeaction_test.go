package lsp

import (
	"testing"

	"github.com/rampart-lint/rampart/lint/source"
)

func TestSuppressionEdit(t *testing.T) {
	yaml := "Statement:\n" + // 0
		"  - Effect: Allow\n" + // 1
		"    Action: \"*\"\n" + // 2
		"    # rampart:ignore iam/full-admin -- reviewed\n" + // 3
		"    Resource: \"*\"\n" + // 4
		"Commands: |\n" + // 5
		"  echo one\n" + // 6
		"    echo two\n" + // 7
		"After: x\r\n" + // 8
		"Other: y\r\n" // 9
	hcl := "resource \"x\" \"y\" {\n" + // 0
		"  policy = <<-EOT\n" + // 1
		"    {\"Action\": \"*\"}\n" + // 2
		"  EOT\n" + // 3
		"  other = \"*\"\n" + // 4
		"}\n"
	cases := []struct {
		name   string
		text   string
		format source.Format
		line   int
		want   string // "" means no edit
		at     string // line:char of the insertion
	}{
		{"indented like the line", yaml, source.YAML, 2, "    # rampart:ignore iam/wildcard-action -- TODO: reason\n", "2:0"},
		{"list item", yaml, source.YAML, 1, "  # rampart:ignore iam/x -- TODO: reason\n", "1:0"},
		{"added to the comment above", yaml, source.YAML, 4, ",iam/wildcard-resource", "3:35"},
		{"block scalar content", yaml, source.YAML, 6, "", ""},
		{"deeper block scalar content", yaml, source.YAML, 7, "", ""},
		{"after the block scalar, CRLF kept", yaml, source.YAML, 9, "# rampart:ignore iam/x -- TODO: reason\r\n", "9:0"},
		{"inside a heredoc", hcl, source.HCL, 2, "", ""},
		{"after a heredoc", hcl, source.HCL, 4, "  # rampart:ignore iam/x -- TODO: reason\n", "4:0"},
	}
	for _, c := range cases {
		rule := "iam/x"
		switch c.line {
		case 2:
			if c.format == source.YAML {
				rule = "iam/wildcard-action"
			}
		case 4:
			if c.format == source.YAML {
				rule = "iam/wildcard-resource"
			}
		}
		e, ok := suppressionEdit(newLineIndex(c.text), c.format, c.line, rule)
		if c.want == "" {
			if ok {
				t.Errorf("%s: edit %+v, want none", c.name, e)
			}
			continue
		}
		if !ok || e.NewText != c.want || lspRange(e.Range) != c.at+"-"+c.at {
			t.Errorf("%s: edit %q at %s (ok %v), want %q at %s", c.name, e.NewText, lspRange(e.Range), ok, c.want, c.at)
		}
	}
	// The rule already in the comment above (an expired suppression): no
	// second one.
	if _, ok := suppressionEdit(newLineIndex(yaml), source.YAML, 4, "iam/full-admin"); ok {
		t.Error("duplicate suppression offered")
	}
}
