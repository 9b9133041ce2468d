package rampart.rules.iam.privilege_escalation_test

import data.rampart.rules.iam.privilege_escalation

_policy(statements) := {"Version": "2012-10-17", "Statement": statements}

_got := {v.path | some v in privilege_escalation.deny}

_pass_any := {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}

cases := {
	"PutRolePolicy on star": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "*"}]),
		"want": {["Statement", 0, "Action"]},
	},
	"each primitive in a list": {
		"input": _policy([{
			"Effect": "Allow",
			"Action": [
				"iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:CreateAccessKey",
				"iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:UpdateAssumeRolePolicy",
				"iam:AddUserToGroup", "iam:GetRole",
			],
			"Resource": "*",
		}]),
		"want": {
			["Statement", 0, "Action", 0], ["Statement", 0, "Action", 1], ["Statement", 0, "Action", 2],
			["Statement", 0, "Action", 3], ["Statement", 0, "Action", 4], ["Statement", 0, "Action", 5],
			["Statement", 0, "Action", 6],
		},
	},
	"wildcard patterns covering primitives": {
		"input": _policy([{"Effect": "Allow", "Action": ["iam:Put*Policy", "iam:Attach*", "iam:*"], "Resource": "*"}]),
		"want": {["Statement", 0, "Action", 0], ["Statement", 0, "Action", 1], ["Statement", 0, "Action", 2]},
	},
	"every role of the account": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "arn:aws:iam::123456789012:role/*"}]),
		"want": {["Statement", 0, "Action"]},
	},
	"every user of every account": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::*:user/*"}]),
		"want": {["Statement", 0, "Action"]},
	},
	"every user, in CloudFormation": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*"}]),
		"want": {["Statement", 0, "Action"]},
	},
	"NotResource": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:CreateLoginProfile", "NotResource": "arn:aws:iam::123456789012:user/root-like"}]),
		"want": {["Statement", 0, "Action"]},
	},
	"one specific role": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "arn:aws:iam::123456789012:role/app-task"}]),
		"want": set(),
	},
	"role path prefix": {
		"input": _policy([{"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "arn:aws:iam::123456789012:role/app/*"}]),
		"want": set(),
	},
	"a permissions boundary condition scopes put and attach": {
		"input": _policy([{
			"Effect": "Allow",
			"Action": ["iam:PutRolePolicy", "iam:AttachRolePolicy"],
			"Resource": "*",
			"Condition": {"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/ci-boundary"}},
		}]),
		"want": set(),
	},
	"a policy ARN condition does not scope inline policies": {
		"input": _policy([{
			"Effect": "Allow",
			"Action": ["iam:AttachRolePolicy", "iam:PutRolePolicy"],
			"Resource": "*",
			"Condition": {"ArnEquals": {"iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
		}]),
		"want": {["Statement", 0, "Action", 1]},
	},
	"lambda:UpdateFunctionCode on every function": {
		"input": _policy([{"Effect": "Allow", "Action": "lambda:UpdateFunctionCode", "Resource": "arn:aws:lambda:*:123456789012:function:*"}]),
		"want": {["Statement", 0, "Action"]},
	},
	"lambda:UpdateFunctionCode on named functions": {
		"input": _policy([{"Effect": "Allow", "Action": "lambda:UpdateFunctionCode", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:my-app-*"}]),
		"want": set(),
	},
	"PassRole on star with lambda:CreateFunction elsewhere": {
		"input": _policy([
			{"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:GetFunction"], "Resource": "arn:aws:lambda:us-east-1:123456789012:function:app"},
			_pass_any,
		]),
		"want": {["Statement", 0, "Action", 0]},
	},
	"PassRole and RunInstances in one statement": {
		"input": _policy([{"Effect": "Allow", "Action": ["ec2:RunInstances", "iam:PassRole"], "Resource": "*"}]),
		"want": {["Statement", 0, "Action", 0]},
	},
	"each pass-role target": {
		"input": _policy([
			{"Effect": "Allow", "Action": ["cloudformation:CreateStack", "codebuild:CreateProject", "glue:CreateDevEndpoint", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"},
			{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/*"},
		]),
		"want": {["Statement", 0, "Action", 0], ["Statement", 0, "Action", 1], ["Statement", 0, "Action", 2]},
	},
	"seed: test stage RunInstances without PassRole is clean": {
		"input": _policy([{
			"Effect": "Allow",
			"Action": ["ec2:RunInstances", "ec2:TerminateInstances", "ec2:DescribeInstances"],
			"Resource": [
				"arn:aws:ec2:us-east-1:123456789012:instance/*",
				"arn:aws:ec2:us-east-1:123456789012:security-group/sg-test-*",
				"arn:aws:ec2:us-east-1:123456789012:network-interface/*",
			],
			"Condition": {"StringEquals": {"ec2:ResourceTag/Environment": "test"}},
		}]),
		"want": set(),
	},
	"PassRole scoped to named roles": {
		"input": _policy([
			{"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"},
			{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app-lambda"},
		]),
		"want": set(),
	},
	"PassRole limited to another service": {
		"input": _policy([
			{"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"},
			{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}},
		]),
		"want": set(),
	},
	"PassRole limited to the same service": {
		"input": _policy([
			{"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"},
			{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com"]}}},
		]),
		"want": {["Statement", 0, "Action"]},
	},
	"PassRole in another policy of a list": {
		"input": [
			_policy([{"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"}]),
			_policy([_pass_any]),
		],
		"want": set(),
	},
	"PassRole in the same policy of a list": {
		"input": [
			_policy([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]),
			_policy([{"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"}, _pass_any]),
		],
		"want": {[1, "Statement", 0, "Action"]},
	},
	"Deny PassRole does not count": {
		"input": _policy([
			{"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"},
			{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"},
		]),
		"want": set(),
	},
	"full admin is left to iam/full-admin": {
		"input": _policy([{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
		"want": set(),
	},
	"read-only iam": {
		"input": _policy([{"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_exact_action if {
	some v in privilege_escalation.deny with input as _policy([{"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "*"}])
	startswith(v.msg, `iam:PutRolePolicy on Resource "*" lets the principal escalate`)
}

test_message_wildcard_names_primitives if {
	some v in privilege_escalation.deny with input as _policy([{"Effect": "Allow", "Action": "iam:Put*Policy", "Resource": "*"}])
	startswith(v.msg, `Action "iam:Put*Policy" (iam:PutGroupPolicy, iam:PutRolePolicy, iam:PutUserPolicy)`)
}

test_message_truncates if {
	some v in privilege_escalation.deny with input as _policy([{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}])
	regex.match(`^Action "iam:\*" \(iam:AddUserToGroup, iam:AttachGroupPolicy, iam:AttachRolePolicy, iam:AttachUserPolicy and [0-9]+ more\)`, v.msg)
}

test_message_pass_role_pair if {
	some v in privilege_escalation.deny with input as _policy([{"Effect": "Allow", "Action": ["ec2:RunInstances", "iam:PassRole"], "Resource": "*"}])
	startswith(v.msg, "ec2:RunInstances together with iam:PassRole on every role")
}

# Action names are case-insensitive: the message names the table's action, and the pair with
# iam:PassRole is found whatever the spelling.
test_message_case_insensitive if {
	some v in privilege_escalation.deny with input as _policy([{"Effect": "Allow", "Action": "IAM:PUTROLEPOLICY", "Resource": "*"}])
	startswith(v.msg, "iam:PutRolePolicy on Resource")
}

test_pass_role_pair_case_insensitive if {
	_got == {["Statement", 0, "Action", 0]} with input as _policy([{"Effect": "Allow", "Action": ["EC2:runinstances", "Iam:PassRole"], "Resource": "*"}])
}
