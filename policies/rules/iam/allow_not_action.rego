# METADATA
# title: Allow statement uses NotAction or NotResource
# description: |
#   `NotAction` and `NotResource` in an Allow grant everything except what they list: every
#   other action of every service, or every other resource. The grant grows each time AWS
#   launches a service or someone creates a resource, and a reviewer has to work out what the
#   statement leaves in. State what is allowed with `Action` and `Resource`; keep `NotAction`
#   and `NotResource` for Deny statements, where they are a safe way to carve out exceptions.
#
#   The finding sits on the `NotAction` or `NotResource` key. Statements that iam/full-admin
#   reports (NotAction or NotResource on every resource) are skipped.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
#     description: "IAM JSON policy elements: NotAction"
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
#     description: "IAM JSON policy elements: NotResource"
# custom:
#   id: iam/allow-not-action
#   severity: medium
#   kinds: [iam-policy]
#   remediation: >-
#     Replace NotAction with Action listing the actions to allow (or NotResource with Resource
#     listing the ARNs); to exclude something, add a Deny statement.
#   threat: >-
#     New services and resources become reachable without anyone changing the policy.
package rampart.rules.iam.allow_not_action

import data.rampart.lib.iam
import data.rampart.lib.result

deny contains result.key_violation(msg, array.concat(s.path, [key])) if {
	some key in ["NotAction", "NotResource"]
	key in iam.statement_keys # document-level check first: most policies use neither
	some s in iam.statement_facts
	s.allow
	not s.full_admin
	iam.has_key(s.stmt, key)
	excluded := [e.value | some e in s.elements[key]; is_string(e.value)]
	msg := sprintf(
		"Allow with %s [%s] grants %s except those listed; use %s to list what is allowed, and a Deny statement for exceptions",
		[key, concat(", ", sort(excluded)), _what[key], trim_prefix(key, "Not")],
	)
}

_what := {
	"NotAction": "every action of every service",
	"NotResource": "the actions on every resource",
}
