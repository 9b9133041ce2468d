# METADATA
# title: Role, user or group gets an administrator-level AWS managed policy
# description: |
#   `AdministratorAccess` allows everything; `PowerUserAccess` allows everything but IAM and
#   Organizations management, which still reaches every secret, bucket and database;
#   `IAMFullAccess` lets the holder grant itself anything. Attached to a pipeline's role they
#   are the "just to make it work" shortcut the seed article warns about.
#
#   Checked: each element of `ManagedPolicyArns` of an `AWS::IAM::Role`, `AWS::IAM::User` or
#   `AWS::IAM::Group`, written as a string, `!Sub` (`arn:${AWS::Partition}:iam::aws:policy/...`),
#   `!Join`, or `!Ref` to a parameter whose Default is such an ARN. The finding sits on that
#   element.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html
#     description: AWS managed policies for job functions (AdministratorAccess, PowerUserAccess)
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
#     description: AWS::IAM::Role (ManagedPolicyArns)
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#     description: "IAM best practices: apply least-privilege permissions"
# custom:
#   id: iam/admin-managed-policy
#   severity: high
#   kinds: [cloudformation]
#   remediation: >-
#     Remove the managed policy and give the principal a policy listing the actions and
#     resources it uses (Policies or an AWS::IAM::ManagedPolicy of your own).
#   threat: >-
#     A compromised build step or leaked credential of the principal controls the whole account.
package rampart.rules.iam.admin_managed_policy

import data.rampart.lib.result

_principal_types := {"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}

_meaning := {
	"AdministratorAccess": "allows every action on every resource",
	"PowerUserAccess": "allows every action outside IAM and Organizations, including every secret, bucket and database",
	"IAMFullAccess": "lets the principal grant itself any permission",
}

deny contains result.violation(msg, ["Resources", name, "Properties", "ManagedPolicyArns", i]) if {
	some name, res in input.Resources
	res.Type in _principal_types
	some i, arn in res.Properties.ManagedPolicyArns
	policy := _admin_policy(_text(arn))
	msg := sprintf(
		"%s %q gets the AWS managed policy %s, which %s; attach a policy that lists the actions and resources it needs",
		[_kind(res.Type), name, policy, _meaning[policy]],
	)
}

_kind(t) := lower(trim_prefix(t, "AWS::IAM::"))

# _admin_policy returns the policy name when the ARN text ends with one of the AWS managed
# administrator-level policies, whatever the partition.
_admin_policy(text) := name if {
	some name, _ in _meaning
	endswith(text, sprintf(":iam::aws:policy/%s", [name]))
}

# _text renders an ARN as far as it is known before deployment; unknown parts become "?".
_text(v) := v if is_string(v)

_text(v) := v["Fn::Sub"] if is_string(v["Fn::Sub"])

_text(v) := strings.replace_n(vars, v["Fn::Sub"][0]) if {
	is_string(v["Fn::Sub"][0])
	vars := {sprintf("${%s}", [k]): x | some k, x in v["Fn::Sub"][1]; is_string(x)}
}

_text(v) := concat(v["Fn::Join"][0], [_part(p) | some p in v["Fn::Join"][1]]) if {
	is_string(v["Fn::Join"][0])
	is_array(v["Fn::Join"][1])
}

_text(v) := input.Parameters[v.Ref].Default if {
	is_string(v.Ref)
	is_string(input.Parameters[v.Ref].Default)
}

_part(p) := p if is_string(p)

_part(p) := "?" if not is_string(p)
