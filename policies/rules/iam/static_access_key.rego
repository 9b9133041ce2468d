# METADATA
# title: Template creates a long-lived IAM access key
# description: |
#   An `AWS::IAM::AccessKey` is a static credential: it does not expire, it ends up in stack
#   outputs, pipeline variables or someone's laptop, and it works from anywhere until somebody
#   notices and rotates it. Pipelines should use roles instead: a CodeBuild service role, or
#   OIDC federation (GitHub Actions, GitLab, DevRamps) that hands out temporary STS credentials.
#
#   The finding sits on the resource's `Type`.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles
#     description: "IAM best practices: require workloads to use temporary credentials with IAM roles"
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html
#     description: Create an OpenID Connect (OIDC) identity provider in IAM
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-accesskey.html
#     description: AWS::IAM::AccessKey
# custom:
#   id: iam/static-access-key
#   severity: high
#   kinds: [cloudformation]
#   remediation: >-
#     Remove the access key and let the workload assume a role: a service role for AWS
#     services, or an OIDC identity provider and a role trust policy for an external CI/CD system.
#   threat: >-
#     A key copied from a stack output, a log or a developer machine gives an attacker lasting
#     access with the user's permissions.
package rampart.rules.iam.static_access_key

import data.rampart.lib.result

deny contains result.violation(msg, ["Resources", name, "Type"]) if {
	some name, res in input.Resources
	res.Type == "AWS::IAM::AccessKey"
	msg := sprintf(
		"%q creates a long-lived access key%s; use an IAM role with temporary credentials (a service role, or OIDC federation for external CI/CD) instead",
		[name, _for_user(object.get(res, ["Properties", "UserName"], null))],
	)
}

_for_user(u) := sprintf(" for user %q", [u]) if {
	is_string(u)
} else := sprintf(" for user %q", [u.Ref]) if {
	is_string(u.Ref)
} else := ""
