# METADATA
# title: Policy allows any principal
# description: |
#   `"Principal": "*"` or `{"AWS": "*"}` in an Allow opens the resource, or the role, to every
#   AWS account in the world and, where the service allows it, to anonymous callers. A bucket,
#   repository, key, queue or role trust policy shared this way leaks data or credentials to
#   anyone who finds its ARN. `NotPrincipal` in an Allow does the same: everyone except those
#   listed.
#
#   A condition that pins the caller keeps the statement from being reported: `aws:PrincipalOrgID`,
#   `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:PrincipalServiceName`,
#   `aws:userid`, `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOwner`, `aws:SourceOrgID`,
#   `aws:SourceOrgPaths`, `aws:SourceVpce`, `aws:SourceVpc`, `aws:SourceIp`, `aws:VpcSourceIp` or
#   `kms:CallerAccount`, with a positive operator (StringEquals, StringLike, ArnLike, IpAddress,
#   ...; not a negated, `...IfExists` or `ForAllValues:` one) and a value other than `"*"`.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
#     description: "IAM JSON policy elements: Principal (all principals)"
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
#     description: AWS global condition context keys
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
#     description: "IAM JSON policy elements: NotPrincipal"
# custom:
#   id: iam/principal-wildcard
#   severity: critical
#   kinds: [iam-policy]
#   remediation: >-
#     Name the accounts or roles that need access in Principal, or keep "*" and add a condition
#     that pins the caller, such as "StringEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}.
#   threat: >-
#     Anyone with an AWS account reads or changes the resource, or assumes the role.
package rampart.rules.iam.principal_wildcard

import data.rampart.lib.iam
import data.rampart.lib.result

# restricting_keys pin who the caller is, or where the request comes from.
restricting_keys := {
	"aws:principalorgid",
	"aws:principalorgpaths",
	"aws:principalaccount",
	"aws:principalarn",
	"aws:principalservicename",
	"aws:userid",
	"aws:sourcearn",
	"aws:sourceaccount",
	"aws:sourceowner",
	"aws:sourceorgid",
	"aws:sourceorgpaths",
	"aws:sourcevpce",
	"aws:sourcevpc",
	"aws:sourceip",
	"aws:vpcsourceip",
	"kms:calleraccount",
}

deny contains result.violation(msg, p.path) if {
	"Principal" in iam.statement_keys # document-level check first: most policies have none
	some s in iam.statement_facts
	s.allow
	some p in _wildcards(s)
	not _restricted(s)
	msg := sprintf(
		"%s allows every principal, in any AWS account, to %s; name the accounts or roles in Principal, or add a condition such as aws:PrincipalOrgID or aws:SourceArn",
		[p.what, _actions(s)],
	)
}

deny contains result.key_violation(msg, array.concat(s.path, ["NotPrincipal"])) if {
	"NotPrincipal" in iam.statement_keys # document-level check first
	some s in iam.statement_facts
	s.allow
	iam.has_key(s.stmt, "NotPrincipal")
	not _restricted(s)
	msg := sprintf(
		"Allow with NotPrincipal allows every principal except those listed, in any AWS account, to %s; name the principals that need access in Principal instead",
		[_actions(s)],
	)
}

# _restricted is iam.has_restricting_condition(s, restricting_keys), read from the statement's facts.
_restricted(s) if count(s.restricted_keys & restricting_keys) > 0

_wildcards(s) := {{"path": array.concat(s.path, ["Principal"]), "what": `Principal "*"`}} if {
	s.stmt.Principal == "*"
}

# _restricted is iam.has_restricting_condition(s, restricting_keys), read from the statement's facts.
_restricted(s) if count(s.restricted_keys & restricting_keys) > 0

_wildcards(s) := {{"path": e.path, "what": `Principal {"AWS": "*"}`} |
	some e in iam.entries(array.concat(s.path, ["Principal", "AWS"]), s.stmt.Principal.AWS)
	e.value == "*"
} if is_object(s.stmt.Principal)

_actions(s) := sprintf("call %s", [iam.quote_list(acts, 3)]) if {
	acts := {a.value | some a in s.elements.Action; is_string(a.value)}
	count(acts) > 0
} else := "call every action but those in NotAction"
