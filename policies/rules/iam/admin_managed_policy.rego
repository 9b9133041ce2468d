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
#
#   In Terraform: `policy_arn` of `aws_iam_role_policy_attachment`,
#   `aws_iam_user_policy_attachment`, `aws_iam_group_policy_attachment` and
#   `aws_iam_policy_attachment`, each element of `policy_arns` of the
#   `aws_iam_*_policy_attachments_exclusive` resources and of `managed_policy_arns` of an
#   `aws_iam_role`. The ARN may be a literal, a template such as
#   `arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess`, a
#   variable or local with a default, or `data.aws_iam_policy.<name>.arn` for a data source of the
#   same file that names the policy by `arn` or `name`. The finding sits on the ARN.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html
#     description: AWS managed policies for job functions (AdministratorAccess, PowerUserAccess)
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
#     description: AWS::IAM::Role (ManagedPolicyArns)
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role_policy_attachment
#     description: Terraform aws_iam_role_policy_attachment
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#     description: "IAM best practices: apply least-privilege permissions"
# custom:
#   id: iam/admin-managed-policy
#   severity: high
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Remove the managed policy and give the principal a policy listing the actions and
#     resources it uses (Policies or an AWS::IAM::ManagedPolicy of your own; in Terraform an
#     aws_iam_policy or inline policy of your own).
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

# ---- Terraform -----------------------------------------------------------------------------

# _tf_attachments: resource types that attach one managed policy through policy_arn, and what
# they attach it to.
_tf_attachments := {
	"aws_iam_role_policy_attachment": "role",
	"aws_iam_user_policy_attachment": "user",
	"aws_iam_group_policy_attachment": "group",
	"aws_iam_policy_attachment": "roles, users and groups",
}

# _tf_exclusive: resource types that attach a list of managed policies through policy_arns.
_tf_exclusive := {
	"aws_iam_role_policy_attachments_exclusive": "role_name",
	"aws_iam_user_policy_attachments_exclusive": "user_name",
	"aws_iam_group_policy_attachments_exclusive": "group_name",
}

deny contains result.violation(msg, ["resource", typ, name, "policy_arn"]) if {
	some typ, target in _tf_attachments
	some name, res in input.resource[typ]
	policy := _admin_policy(_tf_text(res.policy_arn))
	msg := sprintf(
		"%s %q attaches the AWS managed policy %s to %s, which %s; attach a policy that lists the actions and resources it needs",
		[typ, name, policy, _tf_target(typ, target, res), _meaning[policy]],
	)
}

deny contains result.violation(msg, ["resource", typ, name, "policy_arns", i]) if {
	some typ, attr in _tf_exclusive
	some name, res in input.resource[typ]
	some i, arn in res.policy_arns
	policy := _admin_policy(_tf_text(arn))
	msg := sprintf(
		"%s %q attaches the AWS managed policy %s to %s, which %s; attach a policy that lists the actions and resources it needs",
		[typ, name, policy, _tf_named(trim_suffix(attr, "_name"), object.get(res, attr, null)), _meaning[policy]],
	)
}

deny contains result.violation(msg, ["resource", "aws_iam_role", name, "managed_policy_arns", i]) if {
	some name, res in input.resource.aws_iam_role
	some i, arn in res.managed_policy_arns
	policy := _admin_policy(_tf_text(arn))
	msg := sprintf(
		"role %q gets the AWS managed policy %s, which %s; attach a policy that lists the actions and resources it needs",
		[name, policy, _meaning[policy]],
	)
}

# _tf_text renders a policy ARN: the string itself (unknown parts stay "${...}", which
# _admin_policy's suffix match does not need), or the ARN of a data "aws_iam_policy" of the same
# file that it references.
_tf_text(v) := v if {
	is_string(v)
	not _tf_data_policy(v)
}

_tf_text(v) := _tf_data_policy(v)

_tf_data_policy(v) := arn if {
	is_string(v)
	parts := regex.find_all_string_submatch_n(`^\$\{data\.aws_iam_policy\.([A-Za-z0-9_-]+)\.arn\}$`, v, 1)
	count(parts) == 1
	doc := input.data.aws_iam_policy[parts[0][1]]
	arn := _tf_data_arn(doc)
}

_tf_data_arn(doc) := doc.arn if is_string(doc.arn)

# A data source that looks the policy up by name: "arn:aws:iam::aws:policy/<name>" when it is one
# of the AWS managed policies the rule knows (a customer managed policy of the same name would
# make the lookup ambiguous, and Terraform fails on it).
_tf_data_arn(doc) := sprintf("arn:aws:iam::aws:policy/%s", [doc.name]) if {
	not doc.arn
	is_string(doc.name)
	_meaning[doc.name]
	object.get(doc, "path_prefix", "/") == "/"
}

_tf_target(_, target, res) := _tf_named(target, object.get(res, target, null)) if target in {"role", "user", "group"}

_tf_target(typ, target, _) := sprintf("its %s", [target]) if typ == "aws_iam_policy_attachment"

# _tf_named names the principal: "role aws_iam_role.build.name" for a reference, "role \"ci\"" for
# a literal name.
_tf_named(what, v) := sprintf("%s %s", [what, trim_suffix(trim_prefix(v, "${"), "}")]) if {
	is_string(v)
	startswith(v, "${")
	endswith(v, "}")
	count(indexof_n(v, "${")) == 1
} else := sprintf("%s %q", [what, v]) if {
	is_string(v)
} else := sprintf("the %s", [what])
