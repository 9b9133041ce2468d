package builtins

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// iamFactsRego is the Rego that rampart.iam.facts, rampart.iam.statements
// and rampart.iam.statement_facts replaced in policies/lib/iam.rego, kept as
// the reference the built-ins must agree with.
const iamFactsRego = `package ref

documents contains {"path": [], "doc": input} if is_object(input)

documents contains {"path": [i], "doc": doc} if {
	is_array(input)
	some i, doc in input
	is_object(doc)
}

statements contains {"doc_path": d.path, "path": array.concat(d.path, ["Statement", i]), "index": i, "stmt": st} if {
	some d in documents
	is_array(d.doc.Statement)
	some i, st in d.doc.Statement
	is_object(st)
}

statements contains {"doc_path": d.path, "path": array.concat(d.path, ["Statement"]), "index": -1, "stmt": d.doc.Statement} if {
	some d in documents
	is_object(d.doc.Statement)
}

statement_keys contains k if {
	some s in statements
	some k, _ in s.stmt
}

key_counts := {k: count([s | some s in statements; _ = s.stmt[k]]) | some k in statement_keys; is_string(k)}

key_values := {k: {v | some s in statements; v := s.stmt[k]} | some k in statement_keys; is_string(k)}

action_values contains v if {
	some s in statements
	some key in ["Action", "NotAction"]
	is_array(s.stmt[key])
	some v in s.stmt[key]
}

action_values contains v if {
	some s in statements
	some key in ["Action", "NotAction"]
	v := s.stmt[key]
	not is_array(v)
}

action_names contains lower(v) if {
	some v in action_values
	is_string(v)
}

has_action_wildcard := true if regex.match(` + "`[*?]`" + `, concat("\n", action_names)) else := false

resource_values contains v if {
	some s in statements
	some v in s.stmt.Resource
}

resource_values contains v if {
	some s in statements
	v := s.stmt.Resource
	not is_array(v)
}

statement_facts contains {
	"doc_path": s.doc_path,
	"path": s.path,
	"index": s.index,
	"stmt": s.stmt,
	"allow": object.get(s.stmt, "Effect", null) == "Allow",
	"principal": _has_principal(s.stmt),
	"elements": elems,
	"full_admin": _full_admin(s.stmt, elems),
	"restricted_keys": {lower(c.key) | some c in conditions(s); _restricting(c)},
} if {
	some s in statements
	elems := _element_sets(s.path, s.stmt)
}

_element_sets(path, st) := {key: _fact_entries(array.concat(path, [key]), v) |
	some key in ["Action", "NotAction", "Resource", "NotResource"]
	v := st[key]
}

_fact_entries(path, v) := {{"path": array.concat(path, [i]), "value": x, "lower": lower(x), "wildcard": regex.match(` + "`[*?]`" + `, x)} |
	some i, x in v
	is_string(x)
} if {
	is_array(v)
} else := {{"path": path, "value": v, "lower": lower(v), "wildcard": regex.match(` + "`[*?]`" + `, v)}} if {
	is_string(v)
} else := set()

_has_principal(st) := true if {
	some key in ["Principal", "NotPrincipal"]
	_ = st[key]
} else := false

has_key(obj, k) if {
	is_object(obj)
	_ = obj[k]
}

_full_admin(st, elems) := true if {
	st.Effect == "Allow"
	not _has_principal(st)
	_grants_every_action(st, elems)
	_covers_all_resources(st, elems)
} else := false

_grants_every_action(_, elems) if {
	some e in elems.Action
	is_full_wildcard(e.value)
}

_grants_every_action(st, _) if has_key(st, "NotAction")

_covers_all_resources(_, elems) if {
	some r in elems.Resource
	r.value == "*"
}

_covers_all_resources(st, _) if has_key(st, "NotResource")

is_full_wildcard(v) if {
	is_string(v)
	v in {"*", "*:*"}
}

conditions(s) := {c |
	some op, block in s.stmt.Condition
	is_object(block)
	some key, val in block
	c := {
		"operator": op,
		"key": key,
		"path": array.concat(s.path, ["Condition", op, key]),
		"values": as_array(val),
		"value": val,
	}
}

as_array(v) := v if is_array(v)

as_array(v) := [v] if not is_array(v)

positive_operator(op) if {
	o := lower(op)
	not contains(o, "not")
	not endswith(o, "ifexists")
	not startswith(o, "forallvalues:")
	base := trim_prefix(o, "foranyvalue:")
	base in {
		"stringequals", "stringequalsignorecase", "stringlike",
		"arnequals", "arnlike", "ipaddress", "bool",
		"numericequals", "dateequals", "binaryequals",
	}
}

wildcard_only(v) if {
	is_string(v)
	regex.match(` + "`^[*?]+$`" + `, v)
}

_restricting(c) if {
	positive_operator(c.operator)
	every v in c.values {
		not wildcard_only(v)
	}
}

# The built-in gives statement_facts and each element's entries as lists, in the statements'
# order; the Rego gave sets. Compared as sets.
as_sets(facts) := {object.union(f, {"elements": {k: {e | some e in es} | some k, es in f.elements}}) | some f in facts}

# indexed: action_entries lists exactly the Action entries, each under its lower-case value.
indexed(sf) if {
	listed := [[i, k] | some name, refs in sf.action_entries; some [i, k] in refs; sf.statements[i].elements.Action[k].lower == name]
	all := [[i, k] | some i, s in sf.statements; some k, _ in object.get(s.elements, "Action", [])]
	count(listed) == count(all)
	{x | some x in listed} == {x | some x in all}
}

facts := {
	"documents": documents,
	"statement_count": count(statements),
	"statement_keys": statement_keys,
	"key_counts": key_counts,
	"key_values": key_values,
	"action_values": action_values,
	"action_names": action_names,
	"has_action_wildcard": has_action_wildcard,
	"resource_values": resource_values,
}
`

// TestIAMFactsMatchRego compares rampart.iam.facts, rampart.iam.statements
// and rampart.iam.statement_facts with the Rego they replaced on the
// policies of the test data and on generated ones, malformed ones included.
func TestIAMFactsMatchRego(t *testing.T) {
	ctx := context.Background()
	opts := append([]func(*rego.Rego){
		rego.Query(`want := data.ref.facts; have := rampart.iam.facts(input)
			want_statements := data.ref.statements; have_statements := rampart.iam.statements(input)
			want_facts := data.ref.statement_facts; sf := rampart.iam.statement_facts(input); have_facts := sf.statements
			same := {want == have, want_statements == have_statements, want_facts == data.ref.as_sets(have_facts), data.ref.indexed(sf)} == {true}
			n := count(have_statements); count(have_facts) == n`),
		rego.Module("ref.rego", iamFactsRego),
	}, Rego()...)
	pq, err := rego.New(opts...).PrepareForEval(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inputs := iamTestPolicies(t)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 400; i++ {
		inputs = append(inputs, randomPolicy(r))
	}
	statements := 0
	for _, in := range inputs {
		rs, err := pq.Eval(ctx, rego.EvalParsedInput(in))
		if err != nil || len(rs) != 1 {
			t.Fatalf("%v: %d results, %v", in, len(rs), err)
		}
		b := rs[0].Bindings
		if b["same"] != true {
			t.Fatalf("input %v\nrego     %v\n         %v\n         %v\nbuilt-in %v\n         %v\n         %v", in,
				b["want"], b["want_statements"], b["want_facts"], b["have"], b["have_statements"], b["have_facts"])
		}
		n, _ := b["n"].(json.Number).Int64()
		statements += int(n)
	}
	// The comparison means something only when there was something to compare.
	if statements < 500 {
		t.Fatalf("only %d statements compared", statements)
	}
}

// iamTestPolicies returns the JSON documents of the IAM rules' test data.
func iamTestPolicies(t *testing.T) []ast.Value {
	var out []ast.Value
	for _, pattern := range []string{"../../../testdata/rules/iam/*/*.json", "../../../testdata/examples/iam/*.json"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var v any
			if json.Unmarshal(src, &v) != nil {
				continue // malformed on purpose
			}
			x, err := ast.InterfaceToValue(v)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, x)
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d test policies found", len(out))
	}
	return out
}

// randomPolicy builds a policy, or a list of them, from parts that hit every
// branch of the normalisation: lists and single values, missing, null and
// odd-typed elements, intrinsics, conditions of every operator family.
func randomPolicy(r *rand.Rand) ast.Value {
	pick := func(xs ...any) any { return xs[r.IntN(len(xs))] }
	action := func() any {
		return pick("s3:GetObject", "S3:GetObject", "*", "*:*", "iam:*", "iam:Put*Policy", "iam:PassRole",
			"sts:AssumeRole?", "", 42, nil, map[string]any{"Fn::Sub": "${Svc}:Get*"}, []any{"nested"})
	}
	resource := func() any {
		return pick("*", "arn:aws:s3:::b/*", "arn:aws:iam::*:role/*", 7, nil, map[string]any{"Ref": "Bucket"},
			map[string]any{"Fn::If": []any{"C", "*", "arn:aws:s3:::x"}}, map[string]any{"a": "*", "b": 1})
	}
	some := func(f func() any) any {
		switch r.IntN(4) {
		case 0:
			return f()
		case 1:
			return []any{}
		default:
			n := 1 + r.IntN(4)
			l := make([]any, n)
			for i := range l {
				l[i] = f()
			}
			return l
		}
	}
	condValue := func() any {
		return pick("*", "?*", "", "arn:aws:iam::1:role/x", []any{"a", "*"}, []any{"a", "b"}, true, 3, nil)
	}
	condition := func() any {
		switch r.IntN(6) {
		case 0:
			return "StringEquals"
		case 1:
			return []any{map[string]any{"aws:SourceArn": "x"}, "y"}
		}
		c := map[string]any{}
		for i := 0; i < 1+r.IntN(3); i++ {
			op := pick("StringEquals", "stringlike", "StringNotEquals", "StringEqualsIfExists", "ForAllValues:StringEquals",
				"ForAnyValue:StringLike", "ArnLike", "Null", "Bool", "NumericLessThan", "IpAddress").(string)
			block := map[string]any{}
			for j := 0; j < 1+r.IntN(2); j++ {
				block[pick("iam:PassedToService", "aws:PrincipalOrgID", "IAM:PolicyARN", "token.actions.githubusercontent.com:sub").(string)] = condValue()
			}
			if r.IntN(8) == 0 {
				c[op] = "not an object"
			} else {
				c[op] = block
			}
		}
		return c
	}
	statement := func() any {
		if r.IntN(12) == 0 {
			return pick("Allow", nil, 3, []any{})
		}
		s := map[string]any{}
		if r.IntN(6) > 0 {
			s["Effect"] = pick("Allow", "Allow", "Deny", "allow", nil, map[string]any{"Ref": "E"})
		}
		for key, f := range map[string]func() any{"Action": action, "NotAction": action, "Resource": resource, "NotResource": resource} {
			if r.IntN(3) == 0 || (key == "Action" && r.IntN(3) > 0) || (key == "Resource" && r.IntN(2) == 0) {
				s[key] = some(f)
			}
		}
		if r.IntN(3) == 0 {
			s[pick("Principal", "NotPrincipal").(string)] = pick("*", map[string]any{"AWS": "*"}, nil, false)
		}
		if r.IntN(2) == 0 {
			s["Condition"] = condition()
		}
		if r.IntN(4) == 0 {
			s["Sid"] = pick("A", "B", 1)
		}
		return s
	}
	policy := func() any {
		p := map[string]any{"Version": "2012-10-17"}
		switch r.IntN(8) {
		case 0:
			p["Statement"] = statement()
		case 1:
			p["Statement"] = pick("text", nil, []any{})
		case 2:
		default:
			n := 1 + r.IntN(5)
			l := make([]any, n)
			for i := range l {
				l[i] = statement()
			}
			p["Statement"] = l
		}
		return p
	}
	var v any
	switch r.IntN(10) {
	case 0:
		v = []any{policy(), "not a policy", policy()}
	case 1:
		v = pick("text", 3, nil)
	default:
		v = policy()
	}
	x, err := ast.InterfaceToValue(v)
	if err != nil {
		panic(err)
	}
	return x
}

func BenchmarkIAMFacts(b *testing.B) {
	policy := ast.MustParseTerm(`{"Version": "2012-10-17", "Statement": [
		{"Sid": "ReadArtifacts", "Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"], "Resource": ["arn:aws:s3:::orders-artifacts/*", "arn:aws:s3:::orders-artifacts"]},
		{"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/orders-*"},
		{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
		{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/orders-task", "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}},
		{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": {"Fn::Sub": "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/1234"}}
	]}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := iamFacts(rego.BuiltinContext{}, []*ast.Term{policy}); err != nil {
			b.Fatal(err)
		}
	}
}
