# METADATA
# title: Template creates a long-lived IAM access key
# description: |
#   An `AWS::IAM::AccessKey` is a static credential: it does not expire, it ends up in stack
#   outputs, pipeline variables or someone's laptop, and it works from anywhere until somebody
#   notices and rotates it. Pipelines should use roles instead: a CodeBuild service role, or
#   OIDC federation (GitHub Actions, GitLab, DevRamps) that hands out temporary STS credentials.
#
#   Checked: `AWS::IAM::AccessKey` in CloudFormation, where the finding sits on the resource's
#   `Type`, and `aws_iam_access_key` in Terraform, where it sits on the resource's name label.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles
#     description: "IAM best practices: require workloads to use temporary credentials with IAM roles"
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html
#     description: Create an OpenID Connect (OIDC) identity provider in IAM
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-accesskey.html
#     description: AWS::IAM::AccessKey
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_access_key
#     description: Terraform aws_iam_access_key
# custom:
#   id: iam/static-access-key
#   severity: high
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Remove the access key and let the workload assume a role: a service role for AWS
#     services, or an OIDC identity provider and a role trust policy for an external CI/CD system.
#   threat: >-
#     A key copied from a stack output, a Terraform state file, a log or a developer machine
#     gives an attacker lasting access with the user's permissions.
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

deny contains result.key_violation(msg, ["resource", "aws_iam_access_key", name]) if {
	some name, res in input.resource.aws_iam_access_key
	msg := sprintf(
		"aws_iam_access_key %q creates a long-lived access key%s%s; use an IAM role with temporary credentials (a service role, or OIDC federation for external CI/CD) instead",
		[name, _tf_user(object.get(res, "user", null)), _tf_state(res)],
	)
}

# _tf_user names the user: `user "ci"` for a literal, `user aws_iam_user.ci.name` for a reference.
_tf_user(u) := sprintf(" for user %s", [trim_suffix(trim_prefix(u, "${"), "}")]) if {
	is_string(u)
	startswith(u, "${")
	endswith(u, "}")
	count(indexof_n(u, "${")) == 1
} else := sprintf(" for user %q", [u]) if {
	is_string(u)
} else := ""

# Without pgp_key, Terraform keeps the secret in plain text in its state.
_tf_state(res) := "" if {
	is_string(res.pgp_key)
} else := ", and its secret is kept in plain text in the Terraform state"
