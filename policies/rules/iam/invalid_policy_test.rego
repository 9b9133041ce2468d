package rampart.rules.iam.invalid_policy_test

import data.rampart.rules.iam.invalid_policy

_policy(statements) := {"Version": "2012-10-17", "Statement": statements}

_ok := {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}

_trust := {"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}

_got := {_fmt(v) | some v in invalid_policy.deny}

_fmt(v) := {"key": v.path} if v.key

_fmt(v) := v.path if not v.key

cases := {
	"valid identity policy": {"input": _policy([_ok]), "want": set()},
	"valid trust policy": {"input": _policy([_trust]), "want": set()},
	"valid policy list": {"input": [_policy([_ok]), _policy([_ok])], "want": set()},
	"valid single statement object": {"input": {"Version": "2012-10-17", "Statement": _ok}, "want": set()},
	"valid bucket policy": {
		"input": _policy([
			{"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ci"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
			{"Sid": "TLS", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
		]),
		"want": set(),
	},
	"valid CloudFormation intrinsics": {
		"input": _policy([{"Effect": "Allow", "Action": {"Fn::Sub": "${Service}:GetObject"}, "Resource": {"Fn::GetAtt": ["Bucket", "Arn"]}}]),
		"want": set(),
	},
	"valid CloudFormation placeholders": {
		"input": _policy([{"Effect": "${Effect}", "Action": ["s3:${Verb}", "${Service}:GetObject"], "Resource": "arn:${AWS::Partition}:s3:::${Bucket}/*"}]),
		"want": set(),
	},
	"placeholder does not hide a malformed action": {
		"input": _policy([object.union(_ok, {"Action": "s3.${Verb}"})]),
		"want": {["Statement", 0, "Action"]},
	},
	# Version
	"missing Version": {
		"input": {"Statement": [_ok]},
		"want": {{"key": ["Statement"]}},
	},
	"old Version": {
		"input": {"Version": "2008-10-17", "Statement": [_ok]},
		"want": {["Version"]},
	},
	"made-up Version": {
		"input": {"Version": "2020-01-01", "Statement": [_ok]},
		"want": {["Version"]},
	},
	"Version as a number": {
		"input": {"Version": 2012, "Statement": [_ok]},
		"want": {["Version"]},
	},
	"missing Version in the second policy of a list": {
		"input": [_policy([_ok]), {"Statement": [_ok]}],
		"want": {{"key": [1, "Statement"]}},
	},
	# Statement
	"missing Statement": {
		"input": {"Version": "2012-10-17"},
		"want": {{"key": ["Version"]}},
	},
	"missing everything": {
		"input": {"Id": "x"},
		"want": {[]},
	},
	"empty Statement": {
		"input": _policy([]),
		"want": {["Statement"]},
	},
	"Statement is a string": {
		"input": {"Version": "2012-10-17", "Statement": "Allow everything"},
		"want": {["Statement"]},
	},
	"statement is not an object": {
		"input": _policy([_ok, "s3:GetObject"]),
		"want": {["Statement", 1]},
	},
	# Effect
	"missing Effect": {
		"input": _policy([{"Action": "s3:GetObject", "Resource": "*"}]),
		"want": {["Statement", 0]},
	},
	"lower-case Effect": {
		"input": _policy([object.union(_ok, {"Effect": "allow"})]),
		"want": {["Statement", 0, "Effect"]},
	},
	"unknown Effect": {
		"input": _policy([_ok, object.union(_ok, {"Effect": "Permit"})]),
		"want": {["Statement", 1, "Effect"]},
	},
	# Action
	"no Action or NotAction": {
		"input": _policy([{"Effect": "Allow", "Resource": "*"}]),
		"want": {["Statement", 0]},
	},
	"empty Action": {
		"input": _policy([object.union(_ok, {"Action": []})]),
		"want": {["Statement", 0, "Action"]},
	},
	"both Action and NotAction": {
		"input": _policy([object.union(_ok, {"NotAction": "s3:DeleteObject"})]),
		"want": {{"key": ["Statement", 0, "NotAction"]}},
	},
	"both Resource and NotResource": {
		"input": _policy([object.union(_ok, {"NotResource": "arn:aws:s3:::c/*"})]),
		"want": {{"key": ["Statement", 0, "NotResource"]}},
	},
	"both Principal and NotPrincipal": {
		"input": _policy([object.union(_trust, {"NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}})]),
		"want": {{"key": ["Statement", 0, "NotPrincipal"]}},
	},
	"malformed action names": {
		"input": _policy([object.union(_ok, {"Action": ["s3:GetObject", "s3.PutObject", "GetObject", "s3:Get Object", "s3:", 42, "ecr-public:*", "execute-api:Invoke", "s3:Get?bject"]})]),
		"want": {
			["Statement", 0, "Action", 1], ["Statement", 0, "Action", 2], ["Statement", 0, "Action", 3],
			["Statement", 0, "Action", 4], ["Statement", 0, "Action", 5],
		},
	},
	"malformed NotAction name": {
		"input": _policy([{"Effect": "Deny", "NotAction": "iam", "Resource": "*"}]),
		"want": {["Statement", 0, "NotAction"]},
	},
	# Sid
	"duplicate Sid": {
		"input": _policy([
			object.union(_ok, {"Sid": "Read"}),
			object.union(_ok, {"Sid": "Write"}),
			object.union(_ok, {"Sid": "Read"}),
			object.union(_ok, {"Sid": "Read"}),
		]),
		"want": {["Statement", 2, "Sid"], ["Statement", 3, "Sid"]},
	},
	"same Sid in two policies of a list": {
		"input": [_policy([object.union(_ok, {"Sid": "Read"})]), _policy([object.union(_ok, {"Sid": "Read"})])],
		"want": set(),
	},
	# Policy type
	"Principal in an identity policy": {
		"input": _policy([_ok, _ok, object.union(_ok, {"Principal": {"AWS": "arn:aws:iam::123456789012:role/ci"}})]),
		"want": {{"key": ["Statement", 2, "Principal"]}},
	},
	"a tie counts as an identity policy": {
		"input": _policy([_ok, object.union(_ok, {"Principal": "*"})]),
		"want": {{"key": ["Statement", 1, "Principal"]}},
	},
	"statement without Principal in a resource-based policy": {
		"input": _policy([
			object.union(_ok, {"Principal": {"AWS": "arn:aws:iam::123456789012:role/a"}}),
			object.union(_ok, {"Principal": {"AWS": "arn:aws:iam::123456789012:role/b"}}),
			_ok,
		]),
		"want": {["Statement", 2]},
	},
	"identity statement without Resource": {
		"input": _policy([{"Effect": "Allow", "Action": "s3:ListAllMyBuckets"}]),
		"want": {["Statement", 0]},
	},
	"Resource in a trust policy": {
		"input": _policy([object.union(_trust, {"Resource": "*"})]),
		"want": {{"key": ["Statement", 0, "Resource"]}},
	},
	"Resource is fine in a resource-based policy": {
		"input": _policy([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ci"}, "Action": "kms:Decrypt", "Resource": "*"}]),
		"want": set(),
	},
	"DevRamps seed trust policy": {
		"input": _policy([{
			"Effect": "Allow",
			"Principal": {"Federated": "arn:aws:iam::oidc-provider/devramps.com"},
			"Action": "sts:AssumeRoleWithWebIdentity",
			"Condition": {"StringEquals": {"devramps.com:org": "your-org", "devramps.com:pipeline": "your-pipeline"}},
		}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

_all_msgs := {v.msg | some v in invalid_policy.deny}

_msgs(policy) := msgs if {
	msgs := _all_msgs with input as policy
}

test_message_version if {
	some m in _msgs({"Version": "2008-10-17", "Statement": [_ok]})
	startswith(m, `Version "2008-10-17" is the old policy language`)
}

test_message_effect if {
	some m in _msgs(_policy([object.union(_ok, {"Effect": "allow"})]))
	m == `Effect "allow" is not valid: use "Allow" or "Deny" (the value is case-sensitive)`
}

test_message_action if {
	some m in _msgs(_policy([object.union(_ok, {"Action": "s3.GetObject"})]))
	startswith(m, `Action "s3.GetObject" is not a valid action`)
}

test_message_sid if {
	some m in _msgs(_policy([object.union(_ok, {"Sid": "A"}), object.union(_ok, {"Sid": "A"})]))
	startswith(m, `Sid "A" is already used by an earlier statement`)
}

test_message_number_action if {
	some m in _msgs(_policy([object.union(_ok, {"Action": 42})]))
	startswith(m, "Action 42 is not a valid action")
}
