package rampart.rules.iam.wildcard_resource_test

import data.rampart.rules.iam.wildcard_resource

_policy(statements) := {"Version": "2012-10-17", "Statement": statements}

_got := {v.path | some v in wildcard_resource.deny}

cases := {
	"scopable action on star": {
		"input": _policy([{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]),
		"want": {["Statement", 0, "Resource"]},
	},
	"star inside a resource list": {
		"input": _policy([{"Effect": "Allow", "Action": ["ecr:PutImage"], "Resource": ["arn:aws:ecr:us-east-1:123456789012:repository/app", "*"]}]),
		"want": {["Statement", 0, "Resource", 1]},
	},
	"seed: ecr:GetAuthorizationToken on star is clean": {
		"input": _policy([{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": "*"}]),
		"want": set(),
	},
	"every action in the table": {
		"input": _policy([{
			"Effect": "Allow",
			"Action": ["sts:GetCallerIdentity", "ec2:DescribeInstances", "ec2:Describe*", "cloudwatch:PutMetricData", "xray:PutTraceSegments", "codebuild:ListProjects", "s3:ListAllMyBuckets"],
			"Resource": "*",
		}]),
		"want": set(),
	},
	"table matching ignores case": {
		"input": _policy([{"Effect": "Allow", "Action": "ECR:getauthorizationtoken", "Resource": "*"}]),
		"want": set(),
	},
	"one scopable action among unscopable ones": {
		"input": _policy([{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage"], "Resource": "*"}]),
		"want": {["Statement", 0, "Resource"]},
	},
	"ecr:DescribeRepositories supports resource-level permissions": {
		"input": _policy([{"Effect": "Allow", "Action": "ecr:DescribeRepositories", "Resource": "*"}]),
		"want": {["Statement", 0, "Resource"]},
	},
	"ec2 wildcard is wider than ec2:Describe*": {
		"input": _policy([{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]),
		"want": {["Statement", 0, "Resource"]},
	},
	"a condition does not excuse star": {
		"input": _policy([{
			"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*",
			"Condition": {"StringEquals": {"aws:ResourceTag/Environment": "test"}},
		}]),
		"want": {["Statement", 0, "Resource"]},
	},
	"specific ARNs": {
		"input": _policy([{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::test-artifacts-bucket/test-results/*"}]),
		"want": set(),
	},
	"wildcard inside an ARN is not star": {
		"input": _policy([{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/*"}]),
		"want": set(),
	},
	"full admin is left to iam/full-admin": {
		"input": _policy([{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
		"want": set(),
	},
	"resource-based policy: star is the resource itself": {
		"input": _policy([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ci"}, "Action": "kms:Decrypt", "Resource": "*"}]),
		"want": set(),
	},
	"Deny on star": {
		"input": _policy([{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]),
		"want": set(),
	},
	"iam:PassRole on star is left to iam/passrole-unrestricted": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]),
		"want": set(),
	},
	"iam:PassRole next to a scopable action": {
		"input": _policy([{"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction"], "Resource": "*"}]),
		"want": {["Statement", 0, "Resource"]},
	},
	"policy list": {
		"input": [
			_policy([{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}]),
			_policy([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]),
		],
		"want": {[1, "Statement", 0, "Resource"]},
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_names_scopable_actions_only if {
	some v in wildcard_resource.deny with input as _policy([{
		"Effect": "Allow",
		"Action": ["ecr:GetAuthorizationToken", "ecr:PutImage", "ecr:BatchGetImage"],
		"Resource": "*",
	}])
	contains(v.msg, `"ecr:BatchGetImage", "ecr:PutImage"`)
	not contains(v.msg, "GetAuthorizationToken")
}

test_message_truncates_long_lists if {
	some v in wildcard_resource.deny with input as _policy([{
		"Effect": "Allow",
		"Action": ["s3:A", "s3:B", "s3:C", "s3:D", "s3:E"],
		"Resource": "*",
	}])
	contains(v.msg, `"s3:A", "s3:B", "s3:C" and 2 more`)
}

test_table_entries_are_valid_actions if {
	every a in wildcard_resource.unscopable_actions {
		regex.match(`^[a-z0-9-]+:[A-Za-z]+\*?$`, a)
	}
}

# The rule matches the patterns with startswith: each must end with its only `*`, and every
# table entry must be in lower case, as the rule looks up lower-cased actions.
test_table_patterns_are_prefixes if {
	every p in wildcard_resource.unscopable_patterns {
		regex.match(`^[a-z0-9-]+:[a-z]+\*$`, p)
	}
	every a in wildcard_resource.unscopable_actions {
		a == lower(a)
	}
}
