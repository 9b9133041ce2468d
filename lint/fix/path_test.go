package fix

import (
	"reflect"
	"testing"

	"github.com/rampart-lint/rampart/lint/source"
)

func TestParsePath(t *testing.T) {
	good := []source.Path{
		{"Resources", "Trail", "Properties", "EnableLogFileValidation"},
		{"jobs", "build", "steps", 0, "with", "persist-credentials"},
		{"Statement", 1, "Condition", "StringEquals", "token.actions.githubusercontent.com:aud"},
		{"resource", "aws_ecr_repository", "api", "image_scanning_configuration", 0},
		{"Resources", "AWS::Thing", "x y", "\"quoted\"", "2nd", "]"},
		{0, 1, "a"},
		{"", "a"},
	}
	for _, p := range good {
		s := p.String()
		got, ok := parsePath(s)
		if !ok || !reflect.DeepEqual(got, p) {
			t.Errorf("parsePath(%q) = %#v, %v; want %#v", s, got, ok, p)
		}
	}
	for _, s := range []string{"", "a..b", "a.", "a[", "a[x]", "a[-1]", `a["x"`, `a["x]`, "a]b", ".a"} {
		if p, ok := parsePath(s); ok {
			t.Errorf("parsePath(%q) = %#v, want failure", s, p)
		}
	}
}
