# METADATA
# title: Statement grants a privilege-escalation path
# description: |
#   Some permissions let a principal give itself more permissions. On every user, role, group
#   or policy they are as good as administrator access: `iam:CreatePolicyVersion`,
#   `iam:SetDefaultPolicyVersion`, `iam:Attach*Policy`, `iam:Put*Policy`, `iam:CreateAccessKey`,
#   `iam:CreateLoginProfile`, `iam:UpdateLoginProfile`, `iam:UpdateAssumeRolePolicy`,
#   `iam:AddUserToGroup`, `iam:Delete*PermissionsBoundary`, `lambda:UpdateFunctionCode` (run
#   code as any function's role), `glue:UpdateDevEndpoint`. Granted on unrestricted resources
#   (`"*"`, or every resource of a type such as `arn:aws:iam::*:role/*`), each is reported on
#   the action that grants it, wildcards included (`iam:Put*Policy`, `iam:*`). An
#   `iam:PolicyARN` or `iam:PermissionsBoundary` condition keeps the attach/put actions it
#   applies to from escalating.
#
#   The other family needs two grants: `iam:PassRole` on every role, anywhere in the same
#   policy document, combined with an action that makes a service run code under a passed role
#   (`lambda:CreateFunction`, `ec2:RunInstances`, `cloudformation:CreateStack`,
#   `codebuild:CreateProject`, `glue:CreateDevEndpoint`, `sagemaker:CreateNotebookInstance`,
#   `ecs:RunTask`, ...). The finding sits on that action. An `iam:PassedToService` condition
#   naming another service breaks the pair. Statements that iam/full-admin reports are skipped.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
#     description: Grant a user permissions to pass a role to an AWS service
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
#     description: Permissions boundaries for IAM entities
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#     description: "IAM best practices: apply least-privilege permissions"
# custom:
#   id: iam/privilege-escalation
#   severity: high
#   kinds: [iam-policy]
#   remediation: >-
#     Scope the action to the specific users, roles, groups or policies it must manage, require
#     a permissions boundary with an iam:PermissionsBoundary condition, and limit iam:PassRole
#     to named roles with an iam:PassedToService condition.
#   threat: >-
#     A compromised pipeline role rewrites its own permissions, mints keys for another user, or
#     starts compute under a more privileged role, and so takes over the account.
package rampart.rules.iam.privilege_escalation

import data.rampart.lib.iam
import data.rampart.lib.result

# primitives maps each escalation action to the condition keys (lower case) that, restricted,
# keep it from escalating.
primitives := {
	"iam:CreatePolicyVersion": set(),
	"iam:SetDefaultPolicyVersion": set(),
	"iam:AttachUserPolicy": {"iam:policyarn", "iam:permissionsboundary"},
	"iam:AttachGroupPolicy": {"iam:policyarn"},
	"iam:AttachRolePolicy": {"iam:policyarn", "iam:permissionsboundary"},
	"iam:PutUserPolicy": {"iam:permissionsboundary"},
	"iam:PutGroupPolicy": set(),
	"iam:PutRolePolicy": {"iam:permissionsboundary"},
	"iam:CreateAccessKey": set(),
	"iam:CreateLoginProfile": set(),
	"iam:UpdateLoginProfile": set(),
	"iam:UpdateAssumeRolePolicy": set(),
	"iam:AddUserToGroup": set(),
	"iam:DeleteRolePermissionsBoundary": set(),
	"iam:DeleteUserPermissionsBoundary": set(),
	"lambda:UpdateFunctionCode": set(),
	"glue:UpdateDevEndpoint": set(),
}

# pass_role_targets maps each action that makes a service run code under a passed role to the
# service principal that receives the role (the iam:PassedToService value).
pass_role_targets := {
	"lambda:CreateFunction": "lambda.amazonaws.com",
	"lambda:UpdateFunctionConfiguration": "lambda.amazonaws.com",
	"ec2:RunInstances": "ec2.amazonaws.com",
	"cloudformation:CreateStack": "cloudformation.amazonaws.com",
	"cloudformation:UpdateStack": "cloudformation.amazonaws.com",
	"codebuild:CreateProject": "codebuild.amazonaws.com",
	"codebuild:UpdateProject": "codebuild.amazonaws.com",
	"glue:CreateDevEndpoint": "glue.amazonaws.com",
	"glue:CreateJob": "glue.amazonaws.com",
	"sagemaker:CreateNotebookInstance": "sagemaker.amazonaws.com",
	"sagemaker:CreateTrainingJob": "sagemaker.amazonaws.com",
	"sagemaker:CreateProcessingJob": "sagemaker.amazonaws.com",
	"datapipeline:CreatePipeline": "datapipeline.amazonaws.com",
	"ecs:RegisterTaskDefinition": "ecs-tasks.amazonaws.com",
	"ecs:RunTask": "ecs-tasks.amazonaws.com",
}

deny contains result.violation(msg, e.path) if {
	some name, covered in _primitive_grants # only the entries that grant a primitive
	some [i, k] in iam.action_entries[name]
	s := iam.statement_facts[i]
	s.allow
	not s.full_admin
	e := s.elements.Action[k]
	granted := {p |
		some p in covered
		count(primitives[p] & s.restricted_keys) == 0 # not iam.has_restricting_condition(s, primitives[p])
	}
	count(granted) > 0
	resources := iam.unrestricted_resources(s) # after the actions: few statements grant a primitive
	count(resources) > 0
	msg := sprintf(
		"%s on %s lets the principal escalate its own privileges; scope it to the specific users, roles or policies it must manage, or require a permissions boundary",
		[_grant(e.value, granted), iam.describe_resources(resources)],
	)
}

deny contains result.violation(msg, e.path) if {
	some name, covered in _target_grants # only the entries that grant a target action
	some [i, k] in iam.action_entries[name]
	s := iam.statement_facts[i]
	s.allow
	not s.full_admin
	e := s.elements.Action[k]
	targets := {a |
		some a in covered
		_passes_any_role(s.doc_path, pass_role_targets[a])
	}
	count(targets) > 0
	msg := sprintf(
		"%s together with iam:PassRole on every role in this policy lets the principal run code under any role, administrator roles included; limit iam:PassRole to the role ARNs it must pass, with an iam:PassedToService condition",
		[_grant(e.value, targets)],
	)
}

# _primitive_grants and _target_grants map each action name of the document, in lower case (as
# an Action entry's "lower"), to the primitives / pass_role_targets it grants, wildcards
# included; names that grant none are left out. One call per document: the rules then visit the
# entries of those names (iam.action_entries), and a policy that grants none has no finding.
_primitive_grants := rampart.iam.covers(iam.action_names, object.keys(primitives))

_target_grants := rampart.iam.covers(iam.action_names, object.keys(pass_role_targets))

# _passes_any_role: an Allow in the document grants iam:PassRole on every role, and no
# iam:PassedToService condition keeps the role from reaching service.
_passes_any_role(doc_path, service) if {
	some [grant_doc, services] in _passrole_everywhere
	grant_doc == doc_path
	_reaches(services, service)
}

# _passrole_everywhere holds [doc_path, iam.passed_to_services(p)] for each Allow p that grants
# iam:PassRole on every role: computed once per document rather than for each statement that
# grants a target action (which made big policies quadratic).
_passrole_everywhere contains [p.doc_path, iam.passed_to_services(p)] if {
	some name, _ in _passrole_grants
	some [i, _] in iam.action_entries[name]
	p := iam.statement_facts[i]
	p.allow
	count(iam.unrestricted_resources(p)) > 0
}

_passrole_grants := rampart.iam.covers(iam.action_names, {"iam:PassRole"})

_reaches(services, _) if count(services) == 0

_reaches(services, service) if {
	some v in services
	glob.match(lower(v), null, service)
}

_grant(v, actions) := a if {
	_exact(v, actions)
	some a in actions
}

_grant(v, actions) := sprintf("Action %q (%s)", [v, iam.join_list(actions, 4, "%s")]) if not _exact(v, actions)

_exact(v, actions) if {
	count(actions) == 1
	some a in actions
	lower(v) == lower(a)
}
