# METADATA
# title: Document is not a valid IAM policy
# description: |
#   IAM rejects a malformed policy when it is attached, often at deploy time, long after the
#   pull request was reviewed; some mistakes are accepted but do not mean what the author
#   thinks. Reported, each on the offending token:
#   - a missing `Version` (IAM then uses the 2008-10-17 language, in which policy variables
#     such as `${aws:username}` are plain text), or any Version but `"2012-10-17"`;
#   - a missing, empty or malformed `Statement`;
#   - an `Effect` other than `"Allow"` or `"Deny"` (the value is case-sensitive), or none;
#   - a statement with neither `Action` nor `NotAction`, an empty action list, or both
#     `Action` and `NotAction` (likewise `Resource`/`NotResource`, `Principal`/`NotPrincipal`);
#   - an action that is not `"*"` or `service:ActionName` (letters, digits, `-`, and the
#     wildcards `*` and `?`), such as `"s3.GetObject"` or `"GetObject"`;
#   - a `Sid` used by an earlier statement of the same document;
#   - an element that does not belong to the policy's type: a `Principal` in an identity
#     policy, a statement without `Principal` in a resource-based or trust policy, a
#     `Resource` in a trust policy statement, an identity-policy statement with no `Resource`.
#
#   A standalone file does not say which type of policy it is, so rampart decides per
#   document: when most statements name a `Principal` (or `NotPrincipal`) it is a resource-based
#   or trust policy and the statements without one are reported; otherwise, ties included, it
#   is an identity policy and each `Principal` is reported. A trust statement is one whose
#   actions are all sts:AssumeRole* / TagSession / SetSourceIdentity / SetContext.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
#     description: Grammar of the IAM JSON policy language
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
#     description: "IAM JSON policy elements: Version"
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_policy-validator.html
#     description: IAM Access Analyzer policy validation
# custom:
#   id: iam/invalid-policy
#   severity: low
#   kinds: [iam-policy]
#   remediation: >-
#     Fix the element named in the message; IAM Access Analyzer's policy validation (aws
#     accessanalyzer validate-policy) checks the whole document against the IAM grammar.
#   threat: >-
#     A policy that fails to attach breaks the deployment, and one that IAM reads differently
#     from its author grants or denies something nobody reviewed.
package rampart.rules.iam.invalid_policy

import data.rampart.lib.iam
import data.rampart.lib.result

# ---- Version -------------------------------------------------------------------------------

deny contains _at_document(d, msg) if {
	some d in iam.documents
	not iam.has_key(d.doc, "Version")
	msg := "policy has no Version: add \"Version\": \"2012-10-17\" (without it IAM uses the 2008-10-17 language, in which policy variables such as ${aws:username} are not replaced)"
}

deny contains result.violation(msg, array.concat(d.path, ["Version"])) if {
	some d in iam.documents
	d.doc.Version == "2008-10-17"
	msg := "Version \"2008-10-17\" is the old policy language, in which policy variables such as ${aws:username} are not replaced; use \"2012-10-17\""
}

deny contains result.violation(msg, array.concat(d.path, ["Version"])) if {
	some d in iam.documents
	v := d.doc.Version
	not v in _versions
	not iam.has_placeholder(v)
	msg := sprintf("Version %v is not a policy language version; use \"2012-10-17\"", [_show(v)])
}

_versions := {"2012-10-17", "2008-10-17"}

# ---- Statement -----------------------------------------------------------------------------

deny contains _at_version(d, "policy has no Statement: add a Statement list with at least one statement") if {
	some d in iam.documents
	not iam.has_key(d.doc, "Statement")
}

deny contains result.violation("Statement is empty: a policy needs at least one statement", array.concat(d.path, ["Statement"])) if {
	some d in iam.documents
	d.doc.Statement == []
}

deny contains result.violation(msg, array.concat(d.path, ["Statement"])) if {
	some d in iam.documents
	st := d.doc.Statement
	not is_array(st)
	not is_object(st)
	msg := sprintf("Statement must be a list of statements or a single statement object, not %s", [type_name(st)])
}

deny contains result.violation(msg, array.concat(d.path, ["Statement", i])) if {
	some d in iam.documents
	some i, st in d.doc.Statement
	is_number(i)
	not is_object(st)
	msg := sprintf("statement must be an object with Effect, Action and Resource, not %s", [type_name(st)])
}

# ---- Effect --------------------------------------------------------------------------------

deny contains result.violation("statement has no Effect: add \"Effect\": \"Allow\" or \"Deny\"", s.path) if {
	object.get(iam.key_counts, "Effect", 0) < iam.statement_count # document-level check first, as below
	some s in iam.statements
	not iam.has_key(s.stmt, "Effect")
}

deny contains result.violation(msg, array.concat(s.path, ["Effect"])) if {
	count(object.get(iam.key_values, "Effect", set()) - {"Allow", "Deny"}) > 0
	some s in iam.statements
	e := s.stmt.Effect
	not e in {"Allow", "Deny"}
	not _intrinsic(e)
	not iam.has_placeholder(e)
	msg := sprintf("Effect %v is not valid: use \"Allow\" or \"Deny\" (the value is case-sensitive)", [_show(e)])
}

# ---- Action / NotAction --------------------------------------------------------------------

deny contains result.violation("statement has no Action or NotAction: list the actions it allows or denies", s.path) if {
	object.get(iam.key_counts, "Action", 0) < iam.statement_count
	some s in iam.statements
	not iam.has_key(s.stmt, "Action")
	not iam.has_key(s.stmt, "NotAction")
}

deny contains result.violation(sprintf("%s is empty: list at least one action", [key]), array.concat(s.path, [key])) if {
	some key in ["Action", "NotAction"]
	[] in object.get(iam.key_values, key, set())
	some s in iam.statements
	s.stmt[key] == []
}

deny contains result.key_violation(msg, array.concat(s.path, [not_key])) if {
	count(iam.statement_keys & {"NotAction", "NotResource", "NotPrincipal"}) > 0
	some key, not_key in {"Action": "NotAction", "Resource": "NotResource", "Principal": "NotPrincipal"}
	key in iam.statement_keys
	not_key in iam.statement_keys
	some s in iam.statements
	iam.has_key(s.stmt, key)
	iam.has_key(s.stmt, not_key)
	msg := sprintf("statement has both %s and %s: use one of them", [key, not_key])
}

deny contains result.violation(msg, e.path) if {
	not _all_actions_well_formed # document-level check first
	some s in iam.statements
	some key in ["Action", "NotAction"]
	some e in iam.elements(s, key)
	not _valid_action(e.value)
	msg := sprintf("%s %v is not a valid action: write \"service:ActionName\" (e.g. \"s3:GetObject\") or \"*\"", [key, _show(e.value)])
}

# ---- Sid -----------------------------------------------------------------------------------

deny contains result.violation(msg, array.concat(s.path, ["Sid"])) if {
	object.get(iam.key_counts, "Sid", 0) > count(object.get(iam.key_values, "Sid", set())) # some Sid is used twice
	some s in iam.statements
	sid := s.stmt.Sid
	key := [s.doc_path, sid]
	same := [t.index | some t in iam.statements; [t.doc_path, t.stmt.Sid] == key]
	s.index > min(same)
	msg := sprintf("Sid %v is already used by an earlier statement of this policy: give each statement its own Sid", [_show(sid)])
}

# ---- Elements that do not belong to the policy's type ---------------------------------------

deny contains result.key_violation(msg, array.concat(s.path, [key])) if {
	some key in ["Principal", "NotPrincipal"]
	key in iam.statement_keys # document-level check first
	some s in iam.statements
	iam.has_key(s.stmt, key)
	_document_type(s.doc_path) == "identity"
	msg := sprintf("%s in a policy whose other statements have none: an identity policy applies to whoever it is attached to and cannot name a %s; remove it, or move the statement to the resource's policy", [key, key])
}

deny contains result.violation(msg, s.path) if {
	_any_principal # document-level check first: no Principal, no resource-based policy
	some s in iam.statements
	not iam.has_principal(s)
	_document_type(s.doc_path) == "resource"
	msg := "statement has no Principal, but the other statements of this policy do: every statement of a resource-based or trust policy must name its Principal"
}

deny contains result.violation(msg, s.path) if {
	object.get(iam.key_counts, "Resource", 0) < iam.statement_count
	some s in iam.statements
	not iam.has_key(s.stmt, "Resource")
	not iam.has_key(s.stmt, "NotResource")
	not iam.has_principal(s)
	_document_type(s.doc_path) == "identity"
	msg := "statement has no Resource: an identity policy statement must say which resources it applies to (\"*\" only for actions that cannot be scoped)"
}

deny contains result.key_violation(msg, array.concat(s.path, [key])) if {
	_any_principal # document-level check first: a trust statement names a Principal
	some s in iam.statements
	iam.is_trust_statement(s)
	some key in ["Resource", "NotResource"]
	iam.has_key(s.stmt, key)
	msg := sprintf("%s in a trust policy statement: the role the trust policy belongs to is the resource, and IAM rejects the document; remove %s", [key, key])
}

# The rules that report a missing key, a value out of a set or a repeated value check the
# document's key counts and values first (iam.key_counts, iam.key_values): in most documents
# every statement is well-formed, and none has to be looked at.

_any_principal if "Principal" in iam.statement_keys

_any_principal if "NotPrincipal" in iam.statement_keys

# _all_actions_well_formed: every Action and NotAction value of the document is a string of the
# shape valid_action_pattern accepts, checked in one match over all of them. Such a value holds
# no placeholder, so _valid_action accepts it; when the check fails, each value is looked at.
_all_actions_well_formed if {
	every v in iam.action_values {
		is_string(v)
	}
	regex.match(`^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)(\n(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+))*$`, concat("\n", iam.action_values))
}

# _document_type: "resource" when most statements name a Principal, else "identity".
_document_type(doc_path) := "resource" if {
	_principal_counts[doc_path] * 2 > _statement_counts[doc_path]
} else := "identity"

_statement_counts[d.path] := count([s | some s in iam.statements; s.doc_path == d.path]) if some d in iam.documents

_principal_counts[d.path] := count([s | some s in iam.statements; s.doc_path == d.path; iam.has_principal(s)]) if some d in iam.documents

# ---- Helpers -------------------------------------------------------------------------------

# _at_document points at the document's Statement key, or at the document when it has none.
_at_document(d, msg) := result.key_violation(msg, array.concat(d.path, ["Statement"])) if {
	iam.has_key(d.doc, "Statement")
} else := result.violation(msg, d.path)

# _at_version points at the document's Version key, or at the document when it has none.
_at_version(d, msg) := result.key_violation(msg, array.concat(d.path, ["Version"])) if {
	iam.has_key(d.doc, "Version")
} else := result.violation(msg, d.path)

# _valid_action: a well-formed action once deploy-time parts are filled in: "s3:${Verb}" and
# {"Fn::Sub": "${Service}:GetObject"} are accepted.
_valid_action(v) if iam.valid_action_pattern(iam.fill_placeholders(v))

_valid_action(v) if _intrinsic(v)

# CloudFormation intrinsics ({"Fn::Sub": ...}, {"Ref": ...}) are resolved at deploy time.
_intrinsic(v) if {
	is_object(v)
	count(v) == 1
	some k, _ in v
	_intrinsic_key(k)
}

_intrinsic_key(k) if k == "Ref"

_intrinsic_key(k) if startswith(k, "Fn::")

_show(v) := sprintf("%q", [v]) if is_string(v)

_show(v) := json.marshal(v) if not is_string(v)
