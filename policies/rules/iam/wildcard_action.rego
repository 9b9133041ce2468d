# METADATA
# title: Statement allows every action of a service
# description: |
#   `"*"` or `"service:*"` in an Allow grants every action of every service, or of one service,
#   today's and those AWS adds later: `s3:*` includes deleting buckets and rewriting bucket
#   policies, `iam:*` includes granting any permission. Pipelines need a handful of known
#   actions; list them.
#
#   Partial wildcards such as `s3:Get*` are not reported. Statements that iam/full-admin
#   reports are skipped. The one exception is the default KMS key policy statement, `kms:*`
#   for the account root, which delegates the key's access control to IAM policies.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#     description: "IAM best practices: apply least-privilege permissions"
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
#     description: "IAM JSON policy elements: Action"
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
#     description: Actions, resources, and condition keys for AWS services
# custom:
#   id: iam/wildcard-action
#   severity: high
#   kinds: [iam-policy]
#   remediation: >-
#     Replace the wildcard with the specific actions the principal calls (for a push to ECR:
#     ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart,
#     ecr:CompleteLayerUpload, ecr:PutImage).
#   threat: >-
#     A compromised pipeline step uses the destructive or permission-changing actions the
#     wildcard includes: deleting data, rewriting resource policies, disabling logging.
package rampart.rules.iam.wildcard_action

import data.rampart.lib.iam
import data.rampart.lib.result

deny contains result.violation(msg, e.path) if {
	iam.has_action_wildcard # document-level check first
	some s in iam.statement_facts
	s.allow
	not s.full_admin
	some e in s.elements.Action
	e.wildcard # cheap test first: a wildcard action holds a `*`
	iam.is_wildcard_action(e.value)
	not _key_policy_delegation(s, e.value)
	msg := _message(e.value)
}

_message(v) := sprintf(
	"Action %q grants every action of every AWS service; list the specific actions this principal needs",
	[v],
) if iam.is_full_wildcard(v)

_message(v) := sprintf(
	"Action %q grants every %s action, including destructive and permission-changing ones; list the specific %s actions this principal needs",
	[v, service, service],
) if {
	not iam.is_full_wildcard(v)
	service := split(v, ":")[0]
}

# The default KMS key policy: `kms:*` for the account's root principal hands control of the
# key to the account's IAM policies rather than granting anything by itself.
_key_policy_delegation(s, v) if {
	lower(v) == "kms:*"
	roots := iam.entries(array.concat(s.path, ["Principal", "AWS"]), s.stmt.Principal.AWS)
	count(roots) > 0
	every r in roots {
		_account_root(r.value)
	}
}

_account_root(v) if {
	is_string(v)
	regex.match(`^(arn:[^:]+:iam::[0-9]{12}:root|[0-9]{12})$`, v)
}

# In CloudFormation, "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" or "${AWS::AccountId}".
_account_root(v) if {
	iam.has_placeholder(v)
	regex.match(`^(arn:[^:]+:iam::([0-9]{12}|X):root|X)$`, iam.fill_placeholders(v))
}

# CloudFormation: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'
_account_root(v) if {
	is_string(v["Fn::Sub"])
	endswith(v["Fn::Sub"], ":root")
}
