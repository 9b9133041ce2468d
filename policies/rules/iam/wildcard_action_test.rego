package rampart.rules.iam.wildcard_action_test

import data.rampart.rules.iam.wildcard_action

_policy(statements) := {"Version": "2012-10-17", "Statement": statements}

_got := {v.path | some v in wildcard_action.deny}

cases := {
	"service wildcard": {
		"input": _policy([{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::artifacts/*"}]),
		"want": {["Statement", 0, "Action"]},
	},
	"each wildcard in a list": {
		"input": _policy([{"Effect": "Allow", "Action": ["ecr:*", "s3:GetObject", "logs:*"], "Resource": "arn:aws:s3:::b/*"}]),
		"want": {["Statement", 0, "Action", 0], ["Statement", 0, "Action", 2]},
	},
	"star on a specific resource": {
		"input": _policy([{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}]),
		"want": {["Statement", 0, "Action"]},
	},
	"service wildcard on star": {
		"input": _policy([{"Effect": "Allow", "Action": ["iam:*"], "Resource": "*"}]),
		"want": {["Statement", 0, "Action", 0]},
	},
	"resource-based policy": {
		"input": _policy([{
			"Effect": "Allow",
			"Principal": {"AWS": "arn:aws:iam::111122223333:role/deploy"},
			"Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
		}]),
		"want": {["Statement", 0, "Action"]},
	},
	"policy list": {
		"input": [
			_policy([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]),
			_policy([{"Effect": "Allow", "Action": ["s3:*"], "Resource": "arn:aws:s3:::b/*"}]),
		],
		"want": {[1, "Statement", 0, "Action", 0]},
	},
	"full admin is left to iam/full-admin": {
		"input": _policy([{"Effect": "Allow", "Action": ["*", "s3:*"], "Resource": "*"}]),
		"want": set(),
	},
	"partial wildcards are not reported": {
		"input": _policy([{"Effect": "Allow", "Action": ["s3:Get*", "ec2:Describe*", "iam:Put*Policy"], "Resource": "arn:aws:s3:::b/*"}]),
		"want": set(),
	},
	"Deny with a wildcard": {
		"input": _policy([{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::audit/*"}]),
		"want": set(),
	},
	"NotAction is not Action": {
		"input": _policy([{"Effect": "Allow", "NotAction": "s3:*", "Resource": "arn:aws:s3:::b"}]),
		"want": set(),
	},
	"default KMS key policy delegates to IAM": {
		"input": _policy([{
			"Sid": "Enable IAM User Permissions",
			"Effect": "Allow",
			"Principal": {"AWS": "arn:aws:iam::111122223333:root"},
			"Action": "kms:*",
			"Resource": "*",
		}]),
		"want": set(),
	},
	"default KMS key policy in CloudFormation": {
		"input": _policy([{
			"Effect": "Allow",
			"Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
			"Action": "kms:*",
			"Resource": "*",
		}]),
		"want": set(),
	},
	"default KMS key policy embedded in CloudFormation": {
		"input": _policy([{
			"Effect": "Allow",
			"Principal": {"AWS": ["arn:${AWS::Partition}:iam::${AWS::AccountId}:root", "${AWS::AccountId}"]},
			"Action": "kms:*",
			"Resource": "*",
		}]),
		"want": set(),
	},
	"kms wildcard for a role is reported": {
		"input": _policy([{
			"Effect": "Allow",
			"Principal": {"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/ci"]},
			"Action": "kms:*",
			"Resource": "*",
		}]),
		"want": {["Statement", 0, "Action"]},
	},
	"intrinsic action": {
		"input": _policy([{"Effect": "Allow", "Action": {"Fn::Sub": "${Service}:*"}, "Resource": "arn:aws:s3:::b"}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_names_service if {
	some v in wildcard_action.deny with input as _policy([{"Effect": "Allow", "Action": "ecr:*", "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/app"}])
	contains(v.msg, `Action "ecr:*" grants every ecr action`)
}

test_message_every_service if {
	some v in wildcard_action.deny with input as _policy([{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b"}])
	contains(v.msg, "every action of every AWS service")
}
