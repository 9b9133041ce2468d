# METADATA
# title: Statement grants full administrator access
# description: |
#   An Allow of every action (`"*"` or `"*:*"`) on every resource (`Resource: "*"`, or any
#   `NotResource`) is administrator access: whoever holds the policy can read every secret,
#   change every resource and grant itself anything else. `NotAction` on every resource is the
#   same thing in disguise: it allows every action of every service except the few listed.
#   A CI/CD role with this grant turns one compromised build step into a compromised account.
#
#   Only identity-policy statements are checked (no `Principal`): in a resource-based policy
#   `"*"` means "this resource", which iam/wildcard-action covers. The finding sits on the
#   `"*"` action, or on the `NotAction` key; other least-privilege rules stay quiet on the
#   same statement.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#     description: "IAM best practices: apply least-privilege permissions"
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
#     description: "IAM JSON policy elements: NotAction"
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_access-advisor.html
#     description: Refine permissions using last accessed information
# custom:
#   id: iam/full-admin
#   severity: critical
#   kinds: [iam-policy]
#   remediation: >-
#     Replace the wildcard with the specific actions the principal needs and scope Resource to
#     the ARNs it uses; IAM Access Analyzer can generate such a policy from CloudTrail activity.
#   threat: >-
#     A compromised build step, dependency or pipeline definition inherits the role and takes
#     over the whole AWS account.
package rampart.rules.iam.full_admin

import data.rampart.lib.iam
import data.rampart.lib.result

deny contains result.violation(msg, e.path) if {
	some name in ({"*", "*:*"} & iam.action_names) # only the entries "*" and "*:*", if any
	some [i, k] in iam.action_entries[name]
	s := iam.statement_facts[i]
	s.full_admin
	e := s.elements.Action[k]
	msg := sprintf(
		"Action %q on %s grants full administrator access; list the actions this principal needs and scope Resource to the ARNs it uses",
		[e.value, _scope(s)],
	)
}

deny contains result.key_violation(msg, array.concat(s.path, ["NotAction"])) if {
	"NotAction" in iam.statement_keys # document-level check first
	some s in iam.statement_facts
	s.full_admin
	iam.has_key(s.stmt, "NotAction")
	excluded := [e.value | some e in s.elements.NotAction; is_string(e.value)]
	msg := sprintf(
		"Allow with NotAction [%s] on %s grants every other action of every service, which is administrator access; use Action with the specific actions this principal needs",
		[concat(", ", sort(excluded)), _scope(s)],
	)
}

_scope(s) := `Resource "*"` if {
	some r in s.elements.Resource
	r.value == "*"
} else := "every resource but those in NotResource"
