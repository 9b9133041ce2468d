package rampart.rules.iam.full_admin_test

import data.rampart.rules.iam.full_admin

_policy(statements) := {"Version": "2012-10-17", "Statement": statements}

# _got renders findings as paths, and key findings as {"key": path}.
_got := {_fmt(v) | some v in full_admin.deny}

_fmt(v) := {"key": v.path} if v.key

_fmt(v) := v.path if not v.key

cases := {
	"star on star": {
		"input": _policy([{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
		"want": {["Statement", 0, "Action"]},
	},
	"star:star in a list on star in a list": {
		"input": _policy([{"Effect": "Allow", "Action": ["s3:GetObject", "*:*"], "Resource": ["arn:aws:s3:::b/*", "*"]}]),
		"want": {["Statement", 0, "Action", 1]},
	},
	"single statement object": {
		"input": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}},
		"want": {["Statement", "Action"]},
	},
	"NotAction on star": {
		"input": _policy([{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]),
		"want": {{"key": ["Statement", 0, "NotAction"]}},
	},
	"star with NotResource": {
		"input": _policy([{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::audit-logs/*"}]),
		"want": {["Statement", 0, "Action"]},
	},
	"third policy of a list": {
		"input": [
			_policy([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]),
			_policy([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]),
			_policy([
				{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
				{"Effect": "Allow", "Action": ["*"], "Resource": "*"},
			]),
		],
		"want": {[2, "Statement", 1, "Action", 0]},
	},
	"with a condition it is still administrator access": {
		"input": _policy([{
			"Effect": "Allow", "Action": "*", "Resource": "*",
			"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
		}]),
		"want": {["Statement", 0, "Action"]},
	},
	"star on a specific resource is wildcard-action, not admin": {
		"input": _policy([{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}]),
		"want": set(),
	},
	"service wildcard on star is not admin": {
		"input": _policy([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]),
		"want": set(),
	},
	"NotAction on a specific resource is allow-not-action, not admin": {
		"input": _policy([{"Effect": "Allow", "NotAction": "s3:DeleteBucket", "Resource": "arn:aws:s3:::b"}]),
		"want": set(),
	},
	"Deny star on star": {
		"input": _policy([{"Effect": "Deny", "Action": "*", "Resource": "*"}]),
		"want": set(),
	},
	"resource-based statement with a Principal": {
		"input": _policy([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "*", "Resource": "*"}]),
		"want": set(),
	},
	"lower-case effect grants nothing": {
		"input": _policy([{"Effect": "allow", "Action": "*", "Resource": "*"}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_quotes_action_and_resource if {
	some v in full_admin.deny with input as _policy([{"Effect": "Allow", "Action": "*:*", "Resource": "*"}])
	contains(v.msg, `Action "*:*" on Resource "*"`)
}

test_message_lists_not_action if {
	some v in full_admin.deny with input as _policy([{"Effect": "Allow", "NotAction": ["organizations:*", "iam:*"], "Resource": "*"}])
	contains(v.msg, "NotAction [iam:*, organizations:*]")
}

test_message_not_resource if {
	some v in full_admin.deny with input as _policy([{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::x"}])
	contains(v.msg, "every resource but those in NotResource")
}
