package builtins

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// IAMStatementFacts is rampart.iam.statement_facts(policy): the statements
// of rampart.iam.statements, in the order of the policy, each with the facts
// the iam/* rules read (rampart.lib.iam's statement_facts):
//
//	allow            Effect is exactly "Allow"
//	principal        Principal or NotPrincipal is present
//	full_admin       an Allow without principal of every action on every resource
//	elements         {"Action", "NotAction", "Resource", "NotResource"}, the keys
//	                 present: lists of the string entries, each {"path", "value",
//	                 "lower", "wildcard"}
//	restricted_keys  the condition keys, in lower case, of the conditions
//	                 with a positive operator and no match-anything value
//
// It returns {"statements": the statements with their facts, "action_entries":
// an index of their Action entries}: action_entries[name] lists [i, k] for
// each entry whose "lower" is name, statements[i].elements.Action[k]. A rule
// that knows which action names of the document grant what it reports (see
// rampart.iam.covers) visits those entries alone.
//
// It is the most expensive part of the normalisation (an object per entry),
// which is why it is a built-in of its own: the library computes it only
// for documents that a document-level check did not clear.
var IAMStatementFacts = &ast.Builtin{
	Name:        "rampart.iam.statement_facts",
	Description: `Returns {"statements", "action_entries"}: the statements of an IAM policy (or a list of policies) in order, each with the facts rampart.lib.iam's statement_facts documents (allow, principal, full_admin, elements, restricted_keys), and an index from each lower-case Action name to the [statement, entry] positions that hold it.`,
	Decl: types.NewFunction(
		types.Args(types.Named("policy", types.A).Description("an IAM policy document, or a list of them")),
		types.Named("facts", types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))).Description("statements and action_entries"),
	),
}

func init() { register(IAMStatementFacts, iamStatementFacts, false) }

func iamStatementFacts(_ rego.BuiltinContext, operands []*ast.Term) (*ast.Term, error) {
	_, stmts := policyStatements(operands[0])
	facts := make([]*ast.Term, 0, len(stmts))
	index := map[string][]*ast.Term{}
	var names []string
	for i, s := range stmts {
		var elems []*ast.Term
		for _, key := range factElements {
			v := s.stmt.Get(key)
			if v == nil {
				continue
			}
			entries := factEntries(appendPath(s.path, key), v)
			elems = append(elems, key, ast.ArrayTerm(entries...))
			if key != iamKeyAction {
				continue
			}
			for k, e := range entries {
				name := string(e.Get(iamKeyLower).Value.(ast.String))
				if index[name] == nil {
					names = append(names, name)
				}
				index[name] = append(index[name], ast.ArrayTerm(ast.InternedTerm(i), ast.InternedTerm(k)))
			}
		}
		principal := s.stmt.Get(iamKeyPrincipal) != nil || s.stmt.Get(iamKeyNotPrinc) != nil
		effect := s.stmt.Get(iamKeyEffect)
		allow := effect != nil && effect.Value.Compare(ast.String("Allow")) == 0
		facts = append(facts, objectOf(append(statementBase(s),
			iamKeyAllow, ast.InternedTerm(allow),
			iamKeyPrinc, ast.InternedTerm(principal),
			iamKeyElements, objectOf(elems...),
			iamKeyFull, ast.InternedTerm(allow && !principal && grantsEveryAction(s.stmt) && coversAllResources(s.stmt)),
			iamKeyRestrict, setOf(restrictedKeys(s.stmt)),
		)...))
	}
	actions := make([][2]*ast.Term, 0, len(names))
	for _, name := range names {
		actions = append(actions, [2]*ast.Term{ast.StringTerm(name), ast.ArrayTerm(index[name]...)})
	}
	return ast.ObjectTerm(
		ast.Item(ast.StringTerm("statements"), ast.ArrayTerm(facts...)),
		ast.Item(ast.StringTerm("action_entries"), ast.NewTerm(ast.NewObject(actions...))),
	), nil
}
