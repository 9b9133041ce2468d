# METADATA
# title: Statement allows actions on every resource
# description: |
#   `Resource: "*"` lets the statement's actions touch every resource of their kind in the
#   account: every bucket, every repository, every secret. Most actions support resource-level
#   permissions, so the ARNs the pipeline uses can be named instead.
#
#   Some actions cannot be scoped to a resource (the Service Authorization Reference lists no
#   resource type for them) and must use `"*"`: `ecr:GetAuthorizationToken`,
#   `sts:GetCallerIdentity`, `ec2:Describe*`, `cloudwatch:PutMetricData`, ... rampart keeps an
#   explicit table of them. A statement whose actions are all in the table is not reported;
#   otherwise the finding sits on the `"*"` and names the actions that could be scoped. A
#   condition does not make `"*"` acceptable: it narrows when the statement applies, not
#   which resources it reaches.
#
#   Only identity-policy statements are checked: in a resource-based policy (a statement with
#   a `Principal`) `"*"` means the resource the policy is attached to, as in KMS key policies.
#   Statements that iam/full-admin reports are skipped, and `iam:PassRole` is left to
#   iam/passrole-unrestricted, which always reports it on `"*"`. A `service:*` action on `"*"` is
#   reported both here (scope the resource) and by iam/wildcard-action (list the actions):
#   the two findings sit on different tokens and ask for different fixes.
# related_resources:
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
#     description: Actions, resources, and condition keys for AWS services (the Resource types column)
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
#     description: "IAM JSON policy elements: Resource"
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#     description: "IAM best practices: apply least-privilege permissions"
# custom:
#   id: iam/wildcard-resource
#   severity: medium
#   kinds: [iam-policy]
#   remediation: >-
#     Replace "*" with the ARNs of the resources the actions use (for example
#     arn:aws:ecr:us-east-1:123456789012:repository/my-app), and move actions that cannot be
#     scoped, such as ecr:GetAuthorizationToken, to a statement of their own.
#   threat: >-
#     A compromised pipeline step reaches resources of other applications and environments,
#     such as production buckets, repositories or secrets.
package rampart.rules.iam.wildcard_resource

import data.rampart.lib.iam
import data.rampart.lib.result

deny contains result.violation(msg, r.path) if {
	"*" in iam.resource_values # document-level check first
	some s in iam.statement_facts
	s.allow
	not s.principal
	not s.full_admin
	some r in s.elements.Resource
	r.value == "*" # before the actions: most statements name their resources
	scopable := {a.value |
		some a in s.elements.Action
		is_string(a.value)
		not _unscopable(a.lower)
		a.lower != "iam:passrole"
	}
	count(scopable) > 0
	msg := sprintf(
		"Resource \"*\" applies %s to every resource, but %s resource-level permissions; name the ARNs it uses, and keep actions that cannot be scoped in a statement of their own",
		[iam.quote_list(scopable, 3), _verb(scopable)],
	)
}

_verb(xs) := "it supports" if count(xs) == 1

_verb(xs) := "they support" if count(xs) > 1

# An action element (lower case) is unscopable when a table entry covers every action it names:
# `ec2:describe*` covers `ec2:DescribeInstances` and `ec2:Describe*`, but not `ec2:*`. The
# patterns all end with their only `*` (a test checks it), so glob.match is startswith.
_unscopable(v) if v in unscopable_actions

_unscopable(v) if {
	some t in unscopable_patterns
	startswith(v, trim_suffix(t, "*"))
}

# unscopable_actions are actions whose row in the Service Authorization Reference has no
# resource type, so a policy must grant them on "*". Only entries known to be right are
# listed; an action missing here is reported, and can be suppressed with a reason.
# Not listed on purpose: ecr:DescribeRepositories, ecr:BatchGetImage and the other image
# actions (repository ARN), logs:CreateLogGroup/PutLogEvents (log-group ARN),
# ecs:DescribeServices/UpdateService (service ARN), s3:GetBucketLocation (bucket ARN).
# Names are in lower case, as the rule looks them up: IAM action names are case-insensitive, and
# lower-casing the table instead would redo that work for every document.
unscopable_actions := {
	# Registry and token services: the token is account-wide.
	"ecr:getauthorizationtoken",
	"ecr-public:getauthorizationtoken",
	"sts:getservicebearertoken",
	"sts:getcalleridentity",
	"sts:getsessiontoken",
	# Account-wide listings.
	"s3:listallmybuckets",
	"iam:listroles",
	"iam:listusers",
	"iam:listgroups",
	"iam:listpolicies",
	"iam:listaccountaliases",
	"iam:getaccountsummary",
	"iam:getaccountpasswordpolicy",
	"kms:listkeys",
	"kms:listaliases",
	"kms:createkey",
	"kms:generaterandom",
	"secretsmanager:listsecrets",
	"secretsmanager:getrandompassword",
	"ssm:describeparameters",
	"lambda:listfunctions",
	"lambda:getaccountsettings",
	"ecs:listclusters",
	"ecs:listtaskdefinitions",
	"ecs:describetaskdefinition",
	"codebuild:listprojects",
	"codebuild:listbuilds",
	"codebuild:listcuratedenvironmentimages",
	"codecommit:listrepositories",
	"codepipeline:listpipelines",
	"codepipeline:listactiontypes",
	"cloudformation:liststacks",
	"cloudformation:listexports",
	"cloudformation:validatetemplate",
	"sns:listtopics",
	"sqs:listqueues",
	"dynamodb:listtables",
	"route53:listhostedzones",
	"tag:getresources",
	"organizations:describeorganization",
	# Metrics and traces are written to the account, not to a resource.
	"cloudwatch:putmetricdata",
	"cloudwatch:getmetricdata",
	"cloudwatch:getmetricstatistics",
	"cloudwatch:listmetrics",
	"xray:puttracesegments",
	"xray:puttelemetryrecords",
	"xray:getsamplingrules",
	"xray:getsamplingtargets",
	"xray:getsamplingstatisticsummaries",
}

# unscopable_patterns name families of unscopable actions, like unscopable_actions: Describe
# actions without resource-level permissions (EC2, Elastic Load Balancing, Auto Scaling).
unscopable_patterns := {
	"ec2:describe*",
	"elasticloadbalancing:describe*",
	"autoscaling:describe*",
}
