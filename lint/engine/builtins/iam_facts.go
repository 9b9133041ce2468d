package builtins

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// IAMFacts is rampart.iam.facts(policy): the policy documents of the input
// (the input itself, or each object of a list) and per-document facts that
// rampart.lib.iam exposes and the iam/* rules check before they look at
// single statements, as one object:
//
//	documents            {"path", "doc"} per policy object
//	statement_count      how many statement objects there are
//	statement_keys       every key used by a statement
//	key_counts           how many statements use each (string) key
//	key_values           the values each (string) key has across statements
//	action_values        every Action and NotAction value (list items one by one)
//	action_names         the string action_values in lower case
//	has_action_wildcard  an action name holds `*` or `?`
//	resource_values      every Resource value
//
// The statements themselves, and the facts of each, come from
// rampart.iam.statements and rampart.iam.statement_facts: the library asks
// for them only once a document-level check passed, and in many documents
// none does. policies/lib/iam.rego documents the meaning of each value;
// TestIAMFactsMatchRego holds the Rego these built-ins replace and checks
// that they agree, quirks included (an object Resource contributes its
// values and itself to resource_values, as `some v in x` iterates them).
//
// In Rego this normalisation was a third of the time all iam/* rules took
// on a policy of a few statements, every step of it an evaluator step.
var IAMFacts = &ast.Builtin{
	Name:        "rampart.iam.facts",
	Description: "Returns the documents of an IAM policy (or a list of policies) and per-document facts about their statements, as rampart.lib.iam exposes them.",
	Decl: types.NewFunction(
		types.Args(types.Named("policy", types.A).Description("an IAM policy document, or a list of them")),
		types.Named("facts", types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))).Description("documents, statement_count, statement_keys, key_counts, key_values, action_values, action_names, has_action_wildcard, resource_values"),
	),
}

func init() { register(IAMFacts, iamFacts, false) }

var (
	iamKeyAction      = ast.StringTerm("Action")
	iamKeyNotAction   = ast.StringTerm("NotAction")
	iamKeyResource    = ast.StringTerm("Resource")
	iamKeyNotResource = ast.StringTerm("NotResource")
	iamKeyStatement   = ast.StringTerm("Statement")
	iamKeyEffect      = ast.StringTerm("Effect")
	iamKeyPrincipal   = ast.StringTerm("Principal")
	iamKeyNotPrinc    = ast.StringTerm("NotPrincipal")
	iamKeyCondition   = ast.StringTerm("Condition")
	// The elements statement_facts keeps, in the order iam.rego lists them.
	factElements = []*ast.Term{iamKeyAction, iamKeyNotAction, iamKeyResource, iamKeyNotResource}

	// Keys of the objects built here, shared: a policy has dozens of them.
	iamKeyPath     = ast.StringTerm("path")
	iamKeyDoc      = ast.StringTerm("doc")
	iamKeyDocPath  = ast.StringTerm("doc_path")
	iamKeyIndex    = ast.StringTerm("index")
	iamKeyStmt     = ast.StringTerm("stmt")
	iamKeyValue    = ast.StringTerm("value")
	iamKeyLower    = ast.StringTerm("lower")
	iamKeyWildcard = ast.StringTerm("wildcard")
	iamKeyAllow    = ast.StringTerm("allow")
	iamKeyPrinc    = ast.StringTerm("principal")
	iamKeyElements = ast.StringTerm("elements")
	iamKeyFull     = ast.StringTerm("full_admin")
	iamKeyRestrict = ast.StringTerm("restricted_keys")

	iamKeyDocuments      = ast.StringTerm("documents")
	iamKeyStatementCount = ast.StringTerm("statement_count")
	iamKeyStatementKeys  = ast.StringTerm("statement_keys")
	iamKeyKeyCounts      = ast.StringTerm("key_counts")
	iamKeyKeyValues      = ast.StringTerm("key_values")
	iamKeyActionValues   = ast.StringTerm("action_values")
	iamKeyActionNames    = ast.StringTerm("action_names")
	iamKeyHasWildcard    = ast.StringTerm("has_action_wildcard")
	iamKeyResourceValues = ast.StringTerm("resource_values")
)

type iamStatement struct {
	docPath []*ast.Term
	path    []*ast.Term
	index   int
	stmt    ast.Object
	term    *ast.Term // the statement as it is in the input
}

// iamDocument is a policy document of the input, with its path.
type iamDocument struct {
	path []*ast.Term
	doc  ast.Object
	term *ast.Term
}

// policyStatements finds the documents of an input (the input itself when it
// is an object, each object of a list) and their statement objects.
func policyStatements(input *ast.Term) ([]iamDocument, []iamStatement) {
	var docs []iamDocument
	switch x := input.Value.(type) {
	case ast.Object:
		docs = append(docs, iamDocument{nil, x, input})
	case *ast.Array:
		for i := 0; i < x.Len(); i++ {
			if o, ok := x.Elem(i).Value.(ast.Object); ok {
				docs = append(docs, iamDocument{[]*ast.Term{ast.InternedTerm(i)}, o, x.Elem(i)})
			}
		}
	}
	var stmts []iamStatement
	for _, d := range docs {
		st := d.doc.Get(iamKeyStatement)
		if st == nil {
			continue
		}
		switch x := st.Value.(type) {
		case *ast.Array:
			for i := 0; i < x.Len(); i++ {
				if o, ok := x.Elem(i).Value.(ast.Object); ok {
					stmts = append(stmts, iamStatement{d.path, appendPath(d.path, iamKeyStatement, ast.InternedTerm(i)), i, o, x.Elem(i)})
				}
			}
		case ast.Object:
			stmts = append(stmts, iamStatement{d.path, appendPath(d.path, iamKeyStatement), -1, x, st})
		}
	}
	return docs, stmts
}

// statementBase is the statement as iam.statements holds it, as keys and
// values; statement facts add to it.
func statementBase(s iamStatement) []*ast.Term {
	return []*ast.Term{
		iamKeyDocPath, pathTerm(s.docPath),
		iamKeyPath, pathTerm(s.path),
		iamKeyIndex, ast.InternedTerm(s.index),
		iamKeyStmt, s.term,
	}
}

func iamFacts(_ rego.BuiltinContext, operands []*ast.Term) (*ast.Term, error) {
	docs, stmts := policyStatements(operands[0])
	documents := make([]*ast.Term, 0, len(docs))
	for _, d := range docs {
		documents = append(documents, ast.ObjectTerm(
			ast.Item(iamKeyPath, pathTerm(d.path)),
			ast.Item(iamKeyDoc, d.term),
		))
	}

	// Collected in lists and made sets at the end: a set grows a map as
	// members are added, one by one.
	var keys, actionValues, resourceValues []*ast.Term
	type keyFacts struct {
		key    *ast.Term
		count  int
		values []*ast.Term
	}
	var byKey []*keyFacts
	keyIndex := map[ast.String]*keyFacts{}
	for _, s := range stmts {
		s.stmt.Foreach(func(k, v *ast.Term) {
			keys = append(keys, k)
			if name, ok := k.Value.(ast.String); ok {
				kf := keyIndex[name]
				if kf == nil {
					kf = &keyFacts{key: k}
					keyIndex[name] = kf
					byKey = append(byKey, kf)
				}
				kf.count++
				kf.values = append(kf.values, v)
			}
		})

		for _, key := range []*ast.Term{iamKeyAction, iamKeyNotAction} {
			v := s.stmt.Get(key)
			if v == nil {
				continue
			}
			if a, ok := v.Value.(*ast.Array); ok {
				a.Foreach(func(x *ast.Term) { actionValues = append(actionValues, x) })
			} else {
				actionValues = append(actionValues, v)
			}
		}

		if r := s.stmt.Get(iamKeyResource); r != nil {
			// `some v in x` iterates a list's items, an object's values and
			// a set's members; a value that is not a list counts itself.
			switch x := r.Value.(type) {
			case *ast.Array:
				x.Foreach(func(e *ast.Term) { resourceValues = append(resourceValues, e) })
			case ast.Object:
				x.Foreach(func(_, e *ast.Term) { resourceValues = append(resourceValues, e) })
				resourceValues = append(resourceValues, r)
			case ast.Set:
				x.Foreach(func(e *ast.Term) { resourceValues = append(resourceValues, e) })
				resourceValues = append(resourceValues, r)
			default:
				resourceValues = append(resourceValues, r)
			}
		}
	}

	var actionNames []*ast.Term
	wildcard := false
	for _, v := range actionValues {
		if str, ok := v.Value.(ast.String); ok {
			name := v
			if l := strings.ToLower(string(str)); l != string(str) {
				name = ast.StringTerm(l)
			}
			actionNames = append(actionNames, name)
			wildcard = wildcard || strings.ContainsAny(string(str), "*?")
		}
	}

	counts := make([][2]*ast.Term, 0, len(byKey))
	values := make([][2]*ast.Term, 0, len(byKey))
	for _, kf := range byKey {
		counts = append(counts, [2]*ast.Term{kf.key, ast.InternedTerm(kf.count)})
		values = append(values, [2]*ast.Term{kf.key, setOf(kf.values)})
	}

	return ast.ObjectTerm(
		ast.Item(iamKeyDocuments, setOf(documents)),
		ast.Item(iamKeyStatementCount, ast.InternedTerm(len(stmts))),
		ast.Item(iamKeyStatementKeys, setOf(keys)),
		ast.Item(iamKeyKeyCounts, ast.NewTerm(ast.NewObject(counts...))),
		ast.Item(iamKeyKeyValues, ast.NewTerm(ast.NewObject(values...))),
		ast.Item(iamKeyActionValues, setOf(actionValues)),
		ast.Item(iamKeyActionNames, setOf(actionNames)),
		ast.Item(iamKeyHasWildcard, ast.InternedTerm(wildcard)),
		ast.Item(iamKeyResourceValues, setOf(resourceValues)),
	), nil
}

// factEntries is iam.rego's _fact_entries: the string items of an element
// with their paths, lower-case text and whether they hold a wildcard.
func factEntries(path []*ast.Term, v *ast.Term) []*ast.Term {
	entry := func(p []*ast.Term, t *ast.Term) *ast.Term {
		s := string(t.Value.(ast.String))
		lower := t
		if l := strings.ToLower(s); l != s {
			lower = ast.StringTerm(l)
		}
		return objectOf(
			iamKeyPath, pathTerm(p),
			iamKeyValue, t,
			iamKeyLower, lower,
			iamKeyWildcard, ast.InternedTerm(strings.ContainsAny(s, "*?")),
		)
	}
	switch x := v.Value.(type) {
	case *ast.Array:
		var out []*ast.Term
		for i := 0; i < x.Len(); i++ {
			if _, ok := x.Elem(i).Value.(ast.String); ok {
				out = append(out, entry(appendPath(path, ast.InternedTerm(i)), x.Elem(i)))
			}
		}
		return out
	case ast.String:
		return []*ast.Term{entry(path, v)}
	}
	return nil
}

// grantsEveryAction: an Action string "*" or "*:*", or NotAction.
func grantsEveryAction(stmt ast.Object) bool {
	if stmt.Get(iamKeyNotAction) != nil {
		return true
	}
	return anyString(stmt.Get(iamKeyAction), func(s string) bool { return s == "*" || s == "*:*" })
}

// coversAllResources: a Resource string "*", or NotResource.
func coversAllResources(stmt ast.Object) bool {
	if stmt.Get(iamKeyNotResource) != nil {
		return true
	}
	return anyString(stmt.Get(iamKeyResource), func(s string) bool { return s == "*" })
}

// anyString: a string element (the value, or an item of a list) satisfies f.
func anyString(t *ast.Term, f func(string) bool) bool {
	if t == nil {
		return false
	}
	switch x := t.Value.(type) {
	case ast.String:
		return f(string(x))
	case *ast.Array:
		for i := 0; i < x.Len(); i++ {
			if s, ok := x.Elem(i).Value.(ast.String); ok && f(string(s)) {
				return true
			}
		}
	}
	return false
}

// restrictedKeys is the set of condition keys, in lower case, of iam.rego's
// restricting conditions: a positive operator and no match-anything value.
func restrictedKeys(stmt ast.Object) []*ast.Term {
	var out []*ast.Term
	// Only an object Condition counts: iterating a list or a set gives
	// operators that are not strings, which lower() rejects in Rego.
	cond, ok := termValue(stmt.Get(iamKeyCondition)).(ast.Object)
	if !ok {
		return out
	}
	cond.Foreach(func(op, block *ast.Term) {
		b, ok := block.Value.(ast.Object)
		opName, isString := op.Value.(ast.String)
		if !ok || !isString || !positiveOperator(string(opName)) {
			return
		}
		b.Foreach(func(k, v *ast.Term) {
			if key, ok := k.Value.(ast.String); ok && !matchesAnything(v.Value) {
				out = append(out, ast.StringTerm(strings.ToLower(string(key))))
			}
		})
	})
	return out
}

func termValue(t *ast.Term) ast.Value {
	if t == nil {
		return nil
	}
	return t.Value
}

// positiveOperators are iam.rego's positive_operator bases.
var positiveOperators = map[string]bool{
	"stringequals": true, "stringequalsignorecase": true, "stringlike": true,
	"arnequals": true, "arnlike": true, "ipaddress": true, "bool": true,
	"numericequals": true, "dateequals": true, "binaryequals": true,
}

func positiveOperator(op string) bool {
	o := strings.ToLower(op)
	if strings.Contains(o, "not") || strings.HasSuffix(o, "ifexists") || strings.HasPrefix(o, "forallvalues:") {
		return false
	}
	return positiveOperators[strings.TrimPrefix(o, "foranyvalue:")]
}

// matchesAnything: a condition value (or an item of a list of them) made
// only of `*` and `?`, which restricts nothing.
func matchesAnything(v ast.Value) bool {
	only := func(t *ast.Term) bool {
		s, ok := t.Value.(ast.String)
		return ok && len(s) > 0 && strings.Trim(string(s), "*?") == ""
	}
	if a, ok := v.(*ast.Array); ok {
		for i := 0; i < a.Len(); i++ {
			if only(a.Elem(i)) {
				return true
			}
		}
		return false
	}
	return only(ast.NewTerm(v))
}

// setOf makes a set of ts; most are empty, and share one empty set.
func setOf(ts []*ast.Term) *ast.Term {
	if len(ts) == 0 {
		return ast.InternedEmptySet
	}
	return ast.SetTerm(ts...)
}

func appendPath(path []*ast.Term, elems ...*ast.Term) []*ast.Term {
	out := make([]*ast.Term, 0, len(path)+len(elems))
	return append(append(out, path...), elems...)
}

func pathTerm(path []*ast.Term) *ast.Term { return ast.ArrayTerm(path...) }

// objectOf builds an object from alternating keys and values. NewObject
// allocates the pairs in one block, where Insert allocates each.
func objectOf(kv ...*ast.Term) *ast.Term {
	items := make([][2]*ast.Term, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		items = append(items, [2]*ast.Term{kv[i], kv[i+1]})
	}
	return ast.NewTerm(ast.NewObject(items...))
}
