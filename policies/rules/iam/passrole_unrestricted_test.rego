package rampart.rules.iam.passrole_unrestricted_test

import data.rampart.rules.iam.passrole_unrestricted

_policy(statements) := {"Version": "2012-10-17", "Statement": statements}

_got := {v.path | some v in passrole_unrestricted.deny}

_ecs := {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}

_roles := ["arn:aws:iam::123456789012:role/ecsTaskExecutionRole", "arn:aws:iam::123456789012:role/ecsTaskRole"]

cases := {
	"seed: deploy stage PassRole is clean": {
		"input": _policy([{"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": _roles, "Condition": _ecs}]),
		"want": set(),
	},
	"PassRole on star": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]),
		"want": {["Statement", 0, "Action"]},
	},
	"PassRole on star with a condition is still every role": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": _ecs}]),
		"want": {["Statement", 0, "Action"]},
	},
	"PassRole on every role of every account": {
		"input": _policy([{"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "arn:aws:iam::*:role/*", "Condition": _ecs}]),
		"want": {["Statement", 0, "Action", 0]},
	},
	"every role of the account, in CloudFormation": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*", "Condition": _ecs}]),
		"want": {["Statement", 0, "Action"]},
	},
	"one role of the account, in CloudFormation": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "${TaskRole.Arn}", "Condition": _ecs}]),
		"want": set(),
	},
	"PassRole with NotResource": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::123456789012:role/admin", "Condition": _ecs}]),
		"want": {["Statement", 0, "Action"]},
	},
	"named roles without iam:PassedToService": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": _roles}]),
		"want": {["Statement", 0, "Action"]},
	},
	"iam:PassedToService that matches anything": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": _roles, "Condition": {"StringLike": {"iam:PassedToService": "*"}}}]),
		"want": {["Statement", 0, "Action"]},
	},
	"negated iam:PassedToService does not restrict": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": _roles, "Condition": {"StringNotEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}]),
		"want": {["Statement", 0, "Action"]},
	},
	"condition key and operator are case-insensitive": {
		"input": _policy([{"Effect": "Allow", "Action": "IAM:passrole", "Resource": _roles, "Condition": {"stringequals": {"IAM:PassedToService": "ecs-tasks.amazonaws.com"}}}]),
		"want": set(),
	},
	"wildcards that cover PassRole": {
		"input": _policy([{"Effect": "Allow", "Action": ["iam:Pass*", "iam:*", "iam:PassRol?", "s3:GetObject"], "Resource": "*"}]),
		"want": {["Statement", 0, "Action", 0], ["Statement", 0, "Action", 1], ["Statement", 0, "Action", 2]},
	},
	"star on a role path without a condition": {
		"input": _policy([{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:iam::123456789012:role/service-role/*"}]),
		"want": {["Statement", 0, "Action"]},
	},
	"full admin is left to iam/full-admin": {
		"input": _policy([{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
		"want": set(),
	},
	"wildcards that do not cover PassRole": {
		"input": _policy([{"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"}]),
		"want": set(),
	},
	"Deny PassRole": {
		"input": _policy([{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}]),
		"want": set(),
	},
	"role name prefix is a restriction": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app-*", "Condition": _ecs}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_every_role if {
	some v in passrole_unrestricted.deny with input as _policy([{"Effect": "Allow", "Action": "iam:*", "Resource": "arn:aws:iam::*:role/*"}])
	contains(v.msg, `Action "iam:*" allows iam:PassRole on every role (Resource "arn:aws:iam::*:role/*")`)
}

test_message_missing_condition if {
	some v in passrole_unrestricted.deny with input as _policy([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": _roles}])
	contains(v.msg, "iam:PassRole is allowed without an iam:PassedToService condition")
}
