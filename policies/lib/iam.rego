# METADATA
# description: |
#   Normalises IAM policy documents so that iam/* rules stay short. `input` is one policy
#   document, or a list of them (DevRamps' aws_additional_iam_policies.yaml). Statement may be
#   an object or a list; Action, NotAction, Resource, NotResource and the values of Principal
#   and Condition may be a single value or a list. Every helper keeps the exact path of the
#   value it returns, so that a rule can point at the offending token.
#   See docs/input/iam-policy.md.
package rampart.lib.iam

# The normalisation below is done by built-ins (lint/engine/builtins/iam_*.go), each once per
# document and only when a rule asks for its part: in Rego it was a third of the time all iam/*
# rules took on a policy. Rules check the document-level facts (_facts) first; most documents
# then need no statement facts.
_facts := rampart.iam.facts(input)

# documents holds each policy document with its path: [] for a single document,
# [i] for the i-th policy of a list.
documents := _facts.documents

# statements holds each statement as {"doc_path", "path", "index", "stmt"}. path is
# doc_path + ["Statement", i], or doc_path + ["Statement"] when Statement is a single
# object (index is then -1).
statements := rampart.iam.statements(input)

# ---- Per-document facts -----------------------------------------------------------------------
#
# The engine evaluates every rule of a kind in one query per document. A rule value (a set or
# object like the ones below) is computed once in that query and shared by all rules, whereas a
# function body runs again for each new argument, and each step of the evaluator is costly. So
# the built-in rules read these facts instead of calling helpers per statement and per element.

# statement_keys holds every key used by a statement of the document: a rule looking for
# NotAction, NotResource, Principal, ... first checks that some statement has one.
statement_keys := _facts.statement_keys

# statement_count is count(statements), without building them.
statement_count := _facts.statement_count

# key_counts holds, for each key, how many statements use it; key_values the set of values it has
# across statements. A rule that reports a missing key, a bad value or a repeated one checks
# here before it looks at each statement: `object.get(iam.key_counts, "Effect", 0) <
# iam.statement_count` when some statement has no Effect.
key_counts := _facts.key_counts

key_values := _facts.key_values

# action_values holds the Action and NotAction values of every statement (the items of a list).
action_values := _facts.action_values

# action_names holds the action_values that are strings, in lower case: a rule that needs a
# given action, or a wildcard (has_action_wildcard), checks here first.
action_names := _facts.action_names

# has_action_wildcard: an Action or NotAction value holds `*` or `?`.
has_action_wildcard if _facts.has_action_wildcard

# resource_values holds the Resource values of every statement: a list's items, or the value.
# (An object, such as an intrinsic, contributes its values as well as itself.)
resource_values := _facts.resource_values

# statement_facts holds each statement of statements, in the order of the document, with facts
# that the rules read for every statement (after a document-level check: building them is the
# most expensive part):
#   allow            Effect is exactly "Allow" (is_allow)
#   principal        Principal or NotPrincipal is present (has_principal)
#   full_admin       full_admin(s)
#   elements         {"Action", "NotAction", "Resource", "NotResource"} (present keys only): lists
#                    of the string entries of elements(s, key), each with "lower" (the value in
#                    lower case) and "wildcard" (the value holds `*` or `?`)
#   restricted_keys  the condition keys, lower case, of restricting_conditions: a statement
#                    has_restricting_condition(s, keys) when it shares one with keys
statement_facts := _statement_facts.statements

# action_entries[name] lists [i, k] for each Action entry of statement_facts whose "lower" is name:
# statement_facts[i].elements.Action[k]. A rule that knows which action names grant what it
# reports (rampart.iam.covers on action_names) visits those entries, not every entry.
action_entries := _statement_facts.action_entries

_statement_facts := rampart.iam.statement_facts(input)

# _element_sets holds the entries of the elements the rules read, keyed by element name.
_element_sets(path, st) := {key: _fact_entries(array.concat(path, [key]), v) |
	some key in ["Action", "NotAction", "Resource", "NotResource"]
	v := st[key]
}

# _fact_entries is entries(path, v) restricted to strings, with "lower" and "wildcard". The rules
# reading it only ever match strings; iam/invalid-policy, which reports the other values, reads
# elements(s, key).
_fact_entries(path, v) := {{"path": array.concat(path, [i]), "value": x, "lower": lower(x), "wildcard": regex.match(`[*?]`, x)} |
	some i, x in v
	is_string(x)
} if {
	is_array(v)
} else := {{"path": path, "value": v, "lower": lower(v), "wildcard": regex.match(`[*?]`, v)}} if {
	is_string(v)
} else := set()

_has_principal(st) := true if {
	some key in ["Principal", "NotPrincipal"]
	_ = st[key]
} else := false

# has_key is true when obj has key k, whatever its value (false and null included: `_ = v`
# unifies with any value). A lookup, rather than building the set of keys on every call.
has_key(obj, k) if {
	is_object(obj)
	_ = obj[k]
}

# entries enumerates a value that may be a single value or a list, as {"path", "value"}:
# one entry at path for a single value, one entry per item at path + [i] for a list.
entries(path, v) := {{"path": array.concat(path, [i]), "value": x} | some i, x in v} if is_array(v)

entries(path, v) := {{"path": path, "value": v}} if not is_array(v)

# elements enumerates s.stmt[key] (Action, NotAction, Resource, NotResource, ...) with
# exact paths; the empty set when the statement has no such key.
elements(s, key) := entries(array.concat(s.path, [key]), s.stmt[key])

elements(s, key) := set() if not has_key(s.stmt, key)

# is_allow: the statement is an Allow. Effect is case-sensitive in IAM; a statement
# with another spelling is rejected by IAM (iam/invalid-policy reports it) and grants nothing.
is_allow(s) if s.stmt.Effect == "Allow"

# has_principal: the statement names who it applies to, so it sits in a resource-based or
# trust policy rather than an identity policy.
has_principal(s) if has_key(s.stmt, "Principal")

has_principal(s) if has_key(s.stmt, "NotPrincipal")

# fill_placeholders replaces each `${...}` in a string by "X". Policies embedded in
# CloudFormation reach Rego with intrinsics as placeholders (!Ref Bucket is "${Bucket}", !Sub keeps
# its template), and IAM's own policy variables look the same (${aws:username}); neither is known
# before the request, and neither holds a colon or a wildcard once filled.
fill_placeholders(v) := regex.replace(v, `\$\{[^}]*\}`, "X") if is_string(v)

# has_placeholder: the string holds a `${...}` resolved at deploy or request time.
has_placeholder(v) if {
	is_string(v)
	regex.match(`\$\{[^}]*\}`, v)
}

# valid_action_pattern: the shape IAM accepts for an action, wildcards included.
valid_action_pattern(v) if {
	is_string(v)
	regex.match(`^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$`, v)
}

# action_covers: the Action element pattern grants action. Matching is case-insensitive and
# `*` / `?` are IAM wildcards: `iam:Put*Policy` covers iam:PutRolePolicy, `*` covers all.
# rampart.iam.covers(patterns, actions) answers the same for many at once (the built-in rules
# ask it about the document's action_names).
action_covers(pattern, action) if {
	is_string(pattern)
	lower(pattern) == lower(action)
}

action_covers(pattern, action) if {
	is_string(pattern)
	regex.match(`[*?]`, pattern)
	not _glob_syntax(pattern)
	glob.match(lower(pattern), null, lower(action))
}

# _glob_syntax: characters that glob.match reads as syntax but IAM takes literally; a pattern
# with them is malformed (iam/invalid-policy) and covers nothing.
_glob_syntax(p) if contains(p, "[")

_glob_syntax(p) if contains(p, "{")

_glob_syntax(p) if contains(p, "\\")

# is_full_wildcard: the element grants every action of every service.
is_full_wildcard(v) if {
	is_string(v)
	v in {"*", "*:*"}
}

# is_wildcard_action: the element grants every action (`*`, `*:*`) or every action of one
# service (`s3:*`).
is_wildcard_action(v) if is_full_wildcard(v)

is_wildcard_action(v) if {
	is_string(v)
	regex.match(`^[A-Za-z0-9-]+:\*$`, v)
}

# unrestricted_resource: the Resource element names every resource of a service rather than
# specific ones: `*`, `arn:aws:iam::*:*`, or every resource of one type in an account,
# `arn:aws:iam::123456789012:role/*`, `arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*`,
# `arn:aws:lambda:*:*:function:*`. S3 ARNs have no type prefix (`arn:aws:s3:::bucket/*` is one
# bucket), so only `arn:aws:s3:::*` counts there.
unrestricted_resource(v) if v == "*"

unrestricted_resource(v) if {
	regex.match(`^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$`, fill_placeholders(v))
}

unrestricted_resource(v) if {
	arn := fill_placeholders(v)
	parts := split(arn, ":")
	parts[0] == "arn"
	parts[2] != "s3"
	regex.match(`^arn:[^:]*:[^:]*:[^:]*:[^:]*:[A-Za-z0-9_-]+[/:]\*$`, arn)
}

# unrestricted_resources returns the statement's Resource elements that name every resource of
# a service (see unrestricted_resource), plus an entry for NotResource (its path ends with
# "NotResource"), since NotResource grants everything it does not list.
unrestricted_resources(s) := {r | some r in elements(s, "Resource"); unrestricted_resource(r.value)} | {{"path": array.concat(s.path, ["NotResource"]), "value": s.stmt.NotResource} | has_key(s.stmt, "NotResource")}

# is_not_resource: the entry is the NotResource key of unrestricted_resources.
is_not_resource(r) if r.path[count(r.path) - 1] == "NotResource"

# describe_resources renders unrestricted_resources for a message.
describe_resources(rs) := "NotResource" if {
	some r in rs
	is_not_resource(r)
} else := concat(", ", sort([sprintf("Resource %q", [r.value]) | some r in rs]))

# covers_all_resources: Resource "*" or NotResource.
covers_all_resources(s) if {
	some r in elements(s, "Resource")
	r.value == "*"
}

covers_all_resources(s) if has_key(s.stmt, "NotResource")

# full_admin: an identity-policy Allow of every action (`*`, `*:*`, or NotAction) on every
# resource (Resource "*" or NotResource). In a resource-based policy `*` means "this resource",
# so statements with a Principal are left to iam/wildcard-action. The other least-privilege
# rules skip these statements: iam/full-admin already says everything about them.
# Also a fact of each statement (s.full_admin).
full_admin(s) if _full_admin(s.stmt, _element_sets(s.path, s.stmt))

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

grants_every_action(s) if _grants_every_action(s.stmt, _element_sets(s.path, s.stmt))

# trust_actions are the actions a role trust policy grants.
trust_actions := {
	"sts:assumerole",
	"sts:assumerolewithwebidentity",
	"sts:assumerolewithsaml",
	"sts:tagsession",
	"sts:setsourceidentity",
	"sts:setcontext",
}

# is_trust_statement: a Principal is named and every action is a trust action (a wildcard such
# as `sts:AssumeRole*` counts when it only reaches sts and covers a trust action).
is_trust_statement(s) if {
	has_principal(s)
	acts := elements(s, "Action")
	count(acts) > 0
	every a in acts {
		is_trust_action(a.value)
	}
}

is_trust_action(v) if {
	is_string(v)
	lower(v) in trust_actions
}

is_trust_action(v) if {
	is_string(v)
	startswith(lower(v), "sts:")
	some t in trust_actions
	action_covers(v, t)
}

# conditions enumerates the statement's Condition as {"operator", "key", "path", "values"}:
# path addresses the condition key, values is always a list.
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

# condition_values enumerates a condition's values with their exact paths.
condition_values(c) := entries(c.path, c.value)

as_array(v) := v if is_array(v)

as_array(v) := [v] if not is_array(v)

# positive_operator: an operator that only lets requests through when the key matches, so a
# condition using it restricts the statement. Negated operators, ...IfExists (passes when the
# key is absent), ForAllValues: (passes when the key is absent) and Null do not.
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

# like_operator: the operator treats `*` and `?` in values as wildcards.
like_operator(op) if {
	base := trim_prefix(lower(op), "foranyvalue:")
	base in {"stringlike", "arnlike"}
}

# wildcard_only: a condition value that matches anything.
wildcard_only(v) if {
	is_string(v)
	regex.match(`^[*?]+$`, v)
}

# restricting_conditions returns the conditions on any of keys (lower case) that use a positive
# operator and no match-anything value.
restricting_conditions(s, keys) := {c |
	some c in conditions(s)
	lower(c.key) in keys
	_restricting(c)
}

_restricting(c) if {
	positive_operator(c.operator)
	every v in c.values {
		not wildcard_only(v)
	}
}

# has_restricting_condition: the statement only applies when one of keys matches a value.
has_restricting_condition(s, keys) if count(restricting_conditions(s, keys)) > 0

# passed_to_services returns the services an iam:PassRole grant is limited to by an
# iam:PassedToService condition; empty when there is no such condition.
passed_to_services(s) := {v |
	some c in restricting_conditions(s, {"iam:passedtoservice"})
	some v in c.values
	is_string(v)
}

# join_list renders up to limit strings, sorted, each with format ("%q" or "%s"), for a
# message: `"a", "b" and 3 more`.
join_list(xs, limit, format) := concat(", ", _formatted(xs, limit, format)) if count(xs) <= limit

join_list(xs, limit, format) := sprintf("%s and %d more", [concat(", ", _formatted(xs, limit, format)), count(xs) - limit]) if {
	count(xs) > limit
}

_formatted(xs, limit, format) := [sprintf(format, [x]) | some x in array.slice(sort(xs), 0, limit)]

# quote_list is join_list with quoted names.
quote_list(xs, limit) := join_list(xs, limit, "%q")
