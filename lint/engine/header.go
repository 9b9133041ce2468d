package engine

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"gopkg.in/yaml.v3"

	"github.com/rampart-lint/rampart/lint/rule"
)

// header is what start-up needs of a module without parsing its Rego: the
// package and the package-scope # METADATA block. Parsing every rule body
// would cost most of a cold start; bodies are parsed when their kind is
// first linted (and all at once by Check).
type header struct {
	pkg ast.Ref // data.rampart.rules.iam.full_admin
	row int     // line of the package statement
	ann *annotation
}

// annotation is a package's # METADATA block, as OPA reads it.
type annotation struct {
	Title       string
	Description string
	References  []rule.Reference
	Custom      map[string]any
}

type rawAnnotation struct {
	Title       string         `yaml:"title"`
	Description string         `yaml:"description"`
	Related     []yaml.Node    `yaml:"related_resources"`
	Custom      map[string]any `yaml:"custom"`
}

// scanHeader reads the package statement and the comment block right above
// it, which is a package annotation when it starts with "# METADATA".
func scanHeader(name string, src []byte) (*header, error) {
	var block []string
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for row := 1; sc.Scan(); row++ {
		line := strings.TrimRight(sc.Text(), "\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "#"):
			block = append(block, line)
		case strings.HasPrefix(trimmed, "package ") || trimmed == "package":
			stmt, err := ast.ParseStatementWithOpts(trimmed, parserOptions())
			pkg, ok := stmt.(*ast.Package)
			if err != nil || !ok {
				return nil, fmt.Errorf("%s:%d: invalid package statement %q", name, row, trimmed)
			}
			h := &header{pkg: pkg.Path, row: row}
			if len(block) > 0 && strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(block[0]), "#")) == "METADATA" {
				ann, err := decodeAnnotation(block[1:])
				if err != nil {
					return nil, fmt.Errorf("%s:%d: invalid # METADATA block: %v", name, row-len(block), err)
				}
				h.ann = ann
			}
			return h, nil
		default:
			block = nil
		}
	}
	return nil, fmt.Errorf("%s: no package statement", name)
}

func decodeAnnotation(lines []string) (*annotation, error) {
	var b strings.Builder
	for _, l := range lines {
		l = strings.TrimPrefix(strings.TrimSpace(l), "#")
		l = strings.TrimPrefix(l, " ")
		b.WriteString(l)
		b.WriteByte('\n')
	}
	var raw rawAnnotation
	if err := yaml.Unmarshal([]byte(b.String()), &raw); err != nil {
		return nil, err
	}
	a := &annotation{Title: raw.Title, Description: raw.Description, Custom: raw.Custom}
	for _, n := range raw.Related {
		switch n.Kind {
		case yaml.ScalarNode:
			a.References = append(a.References, rule.Reference{URL: n.Value})
		case yaml.MappingNode:
			var ref struct {
				Ref         string `yaml:"ref"`
				Description string `yaml:"description"`
			}
			if err := n.Decode(&ref); err != nil {
				return nil, err
			}
			a.References = append(a.References, rule.Reference{URL: ref.Ref, Description: ref.Description})
		}
	}
	return a, nil
}
