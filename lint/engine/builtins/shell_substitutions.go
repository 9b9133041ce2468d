package builtins

import (
	"strings"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
	"github.com/open-policy-agent/opa/v1/types"
)

// ShellSubstitutions is rampart.shell.substitutions(text): the command
// lines substituted in the words of the simple commands of text ($(...),
// backticks, <(...), >(...), and $(...) inside double quotes), each as
// {"index", "word", "text"}: the command's index in
// rampart.shell.parse(text), the word's index in its words, and the
// substituted text.
//
// The shell library lists the commands nested in every line. In Rego that
// meant visiting every word of every command of the document to find the
// few that hold a "(" or a backtick; the answer is the shell library's
// substitutions(w) over those words, in the same order.
var ShellSubstitutions = &ast.Builtin{
	Name:        "rampart.shell.substitutions",
	Description: "Lists the command lines substituted in the words of the simple commands of a shell command line, with the indexes of the command and of the word.",
	Decl: types.NewFunction(
		types.Args(types.Named("text", types.S).Description("a command line, several lines allowed")),
		types.Named("substitutions", types.NewArray(nil, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A)))).Description(`{"index", "word", "text"} objects, in order`),
	),
}

func init() { register(ShellSubstitutions, shellSubstitutions, true) }

var kWord = ast.StringTerm("word")

func shellSubstitutions(_ rego.BuiltinContext, operands []*ast.Term) (*ast.Term, error) {
	s, err := builtins.StringOperand(operands[0].Value, 1)
	if err != nil {
		return nil, err
	}
	var out []*ast.Term
	for i, c := range parseShell(string(s)) {
		for j, w := range c.words {
			if !strings.ContainsAny(w.text, "(`") {
				continue // every substitution starts with one
			}
			for _, p := range w.parts {
				for _, sub := range partSubstitutions(p) {
					out = append(out, ast.ObjectTerm(
						[2]*ast.Term{kIndex, ast.InternedTerm(i)},
						[2]*ast.Term{kText, ast.StringTerm(sub)},
						[2]*ast.Term{kWord, ast.InternedTerm(j)},
					))
				}
			}
		}
	}
	return ast.ArrayTerm(out...), nil
}

// partSubstitutions is the library's _subs_of_part: the body of a $(...),
// <(...) or >(...) part (not of an arithmetic $((...))), of a backtick
// part, and of every $(...) found in a double-quoted part.
func partSubstitutions(p string) []string {
	switch {
	case len(p) >= 2 && strings.IndexByte("$<>", p[0]) >= 0 && p[1] == '(':
		if strings.HasPrefix(p, "$((") || !strings.HasSuffix(p, ")") {
			return nil
		}
		return []string{inside(p, 2)}
	case p != "" && p[0] == '`':
		if len(p) > 1 && strings.HasSuffix(p, "`") {
			return []string{inside(p, 1)}
		}
		return nil
	case p != "" && p[0] == '"':
		if !strings.Contains(p, "$(") {
			return nil
		}
		// regex.find_n of \$\( sub \): left to right, without overlap.
		var out []string
		ends := substitutionEnds(p)
		for j := 0; j+1 < len(p); j++ {
			if p[j] == '$' && p[j+1] == '(' {
				if e := int(ends[j+2]); e >= 0 {
					out = append(out, inside(p[j:e+1], 2))
					j = e
				}
			}
		}
		return out
	}
	return nil
}

// inside drops the first n characters and the last one, as
// substring(p, n, count(p) - n - 1) does: by characters, which for text
// that is not UTF-8 means each stray byte becomes U+FFFD.
func inside(p string, n int) string {
	if utf8.ValidString(p) {
		return p[n : len(p)-1] // the characters dropped are ASCII
	}
	r := []rune(p)
	return string(r[n : len(r)-1])
}
