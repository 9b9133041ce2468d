# METADATA
# title: iam:PassRole is not limited to specific roles and services
# description: |
#   `iam:PassRole` lets a principal hand a role to an AWS service: an ECS task, a Lambda
#   function, a CodeBuild project, an EC2 instance. Granted on every role, it lets the holder
#   run code under any role in the account, including administrator roles. Even when the roles
#   are listed, an `iam:PassedToService` condition should say which service may receive them.
#
#   Reported on each action that grants iam:PassRole (`iam:PassRole`, `iam:Pass*`, `iam:*`,
#   `*`) in an Allow whose Resource is `"*"` or every role (`arn:aws:iam::*:role/*`,
#   `arn:aws:iam::123456789012:role/*`, or a NotResource), or that has no `iam:PassedToService`
#   condition. Statements that iam/full-admin reports are skipped.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
#     description: Grant a user permissions to pass a role to an AWS service
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
#     description: "IAM condition keys: iam:PassedToService"
# custom:
#   id: iam/passrole-unrestricted
#   severity: high
#   kinds: [iam-policy]
#   remediation: >-
#     Limit Resource to the ARNs of the roles the principal must pass and add
#     "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}} naming
#     the service that receives them.
#   threat: >-
#     A compromised pipeline passes a privileged role to a Lambda function, EC2 instance or
#     build project it creates, and runs its own code with that role's permissions.
package rampart.rules.iam.passrole_unrestricted

import data.rampart.lib.iam
import data.rampart.lib.result

deny contains result.violation(msg, e.path) if {
	_may_pass_role # document-level check first
	some s in iam.statements
	iam.is_allow(s)
	_may_pass_role_in(s.stmt.Action) # then a cheap look at the raw values of each statement
	not iam.full_admin(s)
	some e in iam.elements(s, "Action")
	iam.action_covers(e.value, "iam:PassRole")
	msg := sprintf("%s %s", [_grant(e.value), _problem(s)])
}

# _may_pass_role: an action is iam:PassRole or a wildcard; otherwise no statement grants it.
_may_pass_role if "iam:passrole" in iam.action_names

_may_pass_role if iam.has_action_wildcard

# _may_pass_role_in: the Action value (a list or a single value) holds iam:PassRole or a
# wildcard. Statements without one are skipped before their elements are built: in most
# documents only a few statements pass roles (the per-statement facts would cost more).
_may_pass_role_in(v) if lower(v) == "iam:passrole"

_may_pass_role_in(v) if regex.match(`[*?]`, v)

_may_pass_role_in(v) if {
	is_array(v)
	some x in v
	is_string(x)
	regex.match(`^(?i:iam:passrole)$|[*?]`, x)
}

_grant(v) := "iam:PassRole is allowed" if lower(v) == "iam:passrole"

_grant(v) := sprintf("Action %q allows iam:PassRole", [v]) if lower(v) != "iam:passrole"

_problem(s) := sprintf(
	"on every role (%s): the principal can give any role, administrator roles included, to a service it controls; list the role ARNs it must pass and add an iam:PassedToService condition",
	[iam.describe_resources(iam.unrestricted_resources(s))],
) if {
	count(iam.unrestricted_resources(s)) > 0
} else := "without an iam:PassedToService condition: the roles can be given to any service; add \"StringEquals\": {\"iam:PassedToService\": \"<service>.amazonaws.com\"}" if {
	not iam.has_restricting_condition(s, {"iam:passedtoservice"})
}
