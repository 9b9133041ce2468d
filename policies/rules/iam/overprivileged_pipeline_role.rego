# METADATA
# title: Pipeline runs as a role with administrator or privilege-escalation rights
# description: |
#   Whatever a build runs (the repository's build scripts, every dependency it installs, every
#   tool it downloads) acts with the rights of the project's service role. A CodeBuild project
#   or a CodePipeline whose role is an administrator, or can make itself one, turns any poisoned
#   commit or compromised package into control of the account. The seeds give each stage a role
#   with just the actions it needs on the resources it touches.
#
#   The rule follows the role reference of `AWS::CodeBuild::Project` (`ServiceRole`),
#   `AWS::CodePipeline::Pipeline` (`RoleArn`), `aws_codebuild_project` (`service_role`) and
#   `aws_codepipeline` (`role_arn`) to a role of the same template or Terraform module (every
#   `.tf` file of the project's directory)
#   (`!GetAtt BuildRole.Arn`, `!Ref BuildRole`, `aws_iam_role.build.arn`, or an ARN or name
#   matching the role's `RoleName` / `name`), and reads every policy that role holds there:
#   inline policies (`Policies`, `inline_policy`), AWS managed policies (`ManagedPolicyArns`,
#   `managed_policy_arns`, policy attachments, `data "aws_iam_policy"` lookups), customer
#   managed policies of the file, and `AWS::IAM::Policy` / `ManagedPolicy` / `RolePolicy`,
#   `aws_iam_role_policy`, `data "aws_iam_policy_document"` documents attached to it. It fires
#   when the role has:
#
#   - the `AdministratorAccess`, `PowerUserAccess` or `IAMFullAccess` managed policy;
#   - an Allow of `*` (any resource), or `NotAction` on every resource;
#   - `iam:*` or `organizations:*` (any resource), `sts:*` on every role;
#   - a privilege-escalation action on every resource (`Resource: "*"` or every resource of a
#     type, `arn:aws:iam::123456789012:role/*`): `iam:PassRole`, `iam:CreatePolicyVersion`,
#     `iam:SetDefaultPolicyVersion`, `iam:Put{Role,User,Group}Policy`,
#     `iam:Attach{Role,User,Group}Policy`, `iam:UpdateAssumeRolePolicy`, `iam:CreateAccessKey`,
#     `iam:CreateLoginProfile`, `iam:UpdateLoginProfile`, `iam:AddUserToGroup`, also through
#     wildcards such as `iam:Put*`.
#
#   The finding sits on the project's role reference and names the role, the first grant (the
#   most powerful) with its place (and its file, when another file of the module holds it), and
#   how many more there are. A directory whose files define the same block twice is not one
#   module (Terraform would refuse it); each of its files is then read alone. Roles from another
#   stack, a parameter or another module are not seen; the `iam/*` rules still judge every
#   policy document on its own.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html
#     description: Allow CodeBuild to interact with other AWS services (service role)
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role
#     description: Manage the CodePipeline service role
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#     description: "IAM best practices: apply least-privilege permissions"
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
#     description: Granting a user permissions to pass a role to an AWS service
# custom:
#   id: iam/overprivileged-pipeline-role
#   severity: critical
#   kinds: [cloudformation, terraform-module]
#   remediation: >-
#     Give the pipeline's role only the actions and resources its stage needs; scope iam:PassRole
#     to the roles it deploys (with iam:PassedToService), and keep IAM changes out of build roles.
#   threat: >-
#     A poisoned commit, dependency or build tool runs with the role's rights and takes over the
#     account.
package rampart.rules.iam.overprivileged_pipeline_role

import data.rampart.lib.aws
import data.rampart.lib.result

deny contains result.violation(msg, pr.path) if {
	some pr in aws.project_roles
	grants := aws.role_grants(pr.role)
	count(grants) > 0
	ordered := sort([[g.rank, aws.place(g.path, pr.path), g.what] | some g in grants])
	first := ordered[0]
	msg := sprintf(
		"%s %s runs as role %s%s, and %s's %s (%s)%s; anything the %s runs gets these rights: give the role only the actions and resources it needs",
		[pr.what, pr.name, pr.role, _defined_in(pr), pr.role, first[2], first[1], _more(count(ordered) - 1), _runs(pr.what)],
	)
}

# _defined_in names the role's file when another file of the Terraform module defines it.
_defined_in(pr) := sprintf(" (defined in %s)", [f]) if {
	f := aws.file_of(pr.role_path)
	f != ""
	f != aws.file_of(pr.path)
} else := ""

_more(0) := ""

_more(1) := ", and 1 more grant"

_more(n) := sprintf(", and %d more grants", [n]) if n > 1

_runs("pipeline") := "pipeline"

_runs("CodeBuild project") := "build"
