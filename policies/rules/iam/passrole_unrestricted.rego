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
	some name, _ in _passrole_grants # only the entries that grant iam:PassRole, if any
	some [i, k] in iam.action_entries[name]
	s := iam.statement_facts[i]
	s.allow
	not s.full_admin
	e := s.elements.Action[k]
	msg := sprintf("%s %s", [_grant(e.value), _problem(s)])
}

# _passrole_grants holds the action names of the document (lower case, as an Action entry's
# "lower") that grant iam:PassRole: iam:PassRole itself, or a wildcard that covers it.
_passrole_grants := rampart.iam.covers(iam.action_names, {"iam:PassRole"})

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
