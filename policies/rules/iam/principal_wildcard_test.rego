package rampart.rules.iam.principal_wildcard_test

import data.rampart.rules.iam.principal_wildcard

_policy(statements) := {"Version": "2012-10-17", "Statement": statements}

_got := {_fmt(v) | some v in principal_wildcard.deny}

_fmt(v) := {"key": v.path} if v.key

_fmt(v) := v.path if not v.key

_get := {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::artifacts/*"}

cases := {
	"Principal star": {
		"input": _policy([object.union({"Effect": "Allow", "Principal": "*"}, _get)]),
		"want": {["Statement", 0, "Principal"]},
	},
	"AWS star": {
		"input": _policy([object.union({"Effect": "Allow", "Principal": {"AWS": "*"}}, _get)]),
		"want": {["Statement", 0, "Principal", "AWS"]},
	},
	"star inside an AWS list": {
		"input": _policy([object.union({"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:root", "*"]}}, _get)]),
		"want": {["Statement", 0, "Principal", "AWS", 1]},
	},
	"trust policy open to everyone": {
		"input": _policy([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]),
		"want": {["Statement", 0, "Principal", "AWS"]},
	},
	"Allow with NotPrincipal": {
		"input": _policy([object.union({"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:role/blocked"}}, _get)]),
		"want": {{"key": ["Statement", 0, "NotPrincipal"]}},
	},
	"a condition that does not pin the caller": {
		"input": _policy([object.union({"Effect": "Allow", "Principal": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}, _get)]),
		"want": {["Statement", 0, "Principal"]},
	},
	"a negated org condition does not restrict": {
		"input": _policy([object.union({"Effect": "Allow", "Principal": "*", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123"}}}, _get)]),
		"want": {["Statement", 0, "Principal"]},
	},
	"IfExists does not restrict": {
		"input": _policy([object.union({"Effect": "Allow", "Principal": "*", "Condition": {"StringEqualsIfExists": {"aws:SourceAccount": "123456789012"}}}, _get)]),
		"want": {["Statement", 0, "Principal"]},
	},
	"a wildcard org id does not restrict": {
		"input": _policy([object.union({"Effect": "Allow", "Principal": "*", "Condition": {"StringLike": {"aws:PrincipalOrgID": "*"}}}, _get)]),
		"want": {["Statement", 0, "Principal"]},
	},
	"org condition": {
		"input": _policy([object.union({"Effect": "Allow", "Principal": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}, _get)]),
		"want": set(),
	},
	"source ARN for a service": {
		"input": _policy([object.union({"Effect": "Allow", "Principal": {"AWS": "*"}, "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:codepipeline:us-east-1:123456789012:my-pipeline"}}}, _get)]),
		"want": set(),
	},
	"VPC endpoint, key in other case": {
		"input": _policy([object.union({"Effect": "Allow", "Principal": "*", "Condition": {"StringEquals": {"AWS:SOURCEVPCE": "vpce-1a2b3c4d"}}}, _get)]),
		"want": set(),
	},
	"KMS caller account": {
		"input": _policy([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "123456789012", "kms:ViaService": "s3.us-east-1.amazonaws.com"}}}]),
		"want": set(),
	},
	"named principal": {
		"input": _policy([object.union({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ci"}}, _get)]),
		"want": set(),
	},
	"service principal": {
		"input": _policy([{"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}]),
		"want": set(),
	},
	"Deny everyone is the safe use": {
		"input": _policy([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_names_actions if {
	some v in principal_wildcard.deny with input as _policy([object.union({"Effect": "Allow", "Principal": {"AWS": "*"}}, _get)])
	startswith(v.msg, `Principal {"AWS": "*"} allows every principal, in any AWS account, to call "s3:GetObject"`)
}
