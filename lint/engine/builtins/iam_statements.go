package builtins

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// IAMStatements is rampart.iam.statements(policy): the statement objects of
// an IAM policy (or of a list of them) as rampart.lib.iam's statements holds
// them, {"doc_path", "path", "index", "stmt"}; see rampart.iam.facts.
var IAMStatements = &ast.Builtin{
	Name:        "rampart.iam.statements",
	Description: `Returns the set of statements of an IAM policy (or a list of policies), each as {"doc_path", "path", "index", "stmt"}.`,
	Decl: types.NewFunction(
		types.Args(types.Named("policy", types.A).Description("an IAM policy document, or a list of them")),
		types.Named("statements", types.SetOfAny).Description("the statements with their paths"),
	),
}

func init() { register(IAMStatements, iamStatements, false) }

func iamStatements(_ rego.BuiltinContext, operands []*ast.Term) (*ast.Term, error) {
	_, stmts := policyStatements(operands[0])
	out := make([]*ast.Term, 0, len(stmts))
	for _, s := range stmts {
		out = append(out, objectOf(statementBase(s)...))
	}
	return ast.SetTerm(out...), nil
}
