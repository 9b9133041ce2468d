package rampart.rules.iam.allow_not_action_test

import data.rampart.rules.iam.allow_not_action

_policy(statements) := {"Version": "2012-10-17", "Statement": statements}

_got := {{"path": v.path, "key": v.key} | some v in allow_not_action.deny}

cases := {
	"NotAction on a specific resource": {
		"input": _policy([{"Effect": "Allow", "NotAction": ["s3:DeleteBucket", "s3:PutBucketPolicy"], "Resource": "arn:aws:s3:::artifacts"}]),
		"want": {{"path": ["Statement", 0, "NotAction"], "key": true}},
	},
	"NotResource": {
		"input": _policy([{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secrets/*"}]),
		"want": {{"path": ["Statement", 0, "NotResource"], "key": true}},
	},
	"both in a resource-based policy": {
		"input": _policy([{
			"Effect": "Allow",
			"Principal": {"AWS": "arn:aws:iam::123456789012:role/ci"},
			"NotAction": "s3:DeleteObject",
			"NotResource": "arn:aws:s3:::b/keep/*",
		}]),
		"want": {
			{"path": ["Statement", 0, "NotAction"], "key": true},
			{"path": ["Statement", 0, "NotResource"], "key": true},
		},
	},
	"single statement in the second policy of a list": {
		"input": [
			_policy([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]),
			{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b/*"}},
		],
		"want": {{"path": [1, "Statement", "NotAction"], "key": true}},
	},
	"NotAction on star is left to iam/full-admin": {
		"input": _policy([{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]),
		"want": set(),
	},
	"star with NotResource is left to iam/full-admin": {
		"input": _policy([{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::audit/*"}]),
		"want": set(),
	},
	"Deny with NotAction is the safe use": {
		"input": _policy([{"Effect": "Deny", "NotAction": ["iam:ChangePassword", "sts:GetSessionToken"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]),
		"want": set(),
	},
	"Action and Resource": {
		"input": _policy([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_quotes_excluded_actions if {
	some v in allow_not_action.deny with input as _policy([{"Effect": "Allow", "NotAction": ["s3:PutBucketPolicy", "s3:DeleteBucket"], "Resource": "arn:aws:s3:::b"}])
	contains(v.msg, "Allow with NotAction [s3:DeleteBucket, s3:PutBucketPolicy] grants every action of every service except those listed; use Action")
}

test_message_not_resource if {
	some v in allow_not_action.deny with input as _policy([{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secrets/*"}])
	contains(v.msg, "Allow with NotResource [arn:aws:s3:::secrets/*] grants the actions on every resource except those listed; use Resource")
}
