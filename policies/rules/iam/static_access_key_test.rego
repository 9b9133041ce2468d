package rampart.rules.iam.static_access_key_test

import data.rampart.rules.iam.static_access_key

_template(resources) := {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}

_got := {v.path | some v in static_access_key.deny}

cases := {
	"access key": {
		"input": _template({"DeployKey": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": {"Ref": "DeployUser"}}}}),
		"want": {["Resources", "DeployKey", "Type"]},
	},
	"access key without properties": {
		"input": _template({"K1": {"Type": "AWS::IAM::AccessKey"}, "K2": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "ci", "Status": "Inactive"}}}),
		"want": {["Resources", "K1", "Type"], ["Resources", "K2", "Type"]},
	},
	"user without a key": {
		"input": _template({"DeployUser": {"Type": "AWS::IAM::User", "Properties": {"UserName": "ci"}}}),
		"want": set(),
	},
	"no resources": {
		"input": {"AWSTemplateFormatVersion": "2010-09-09"},
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_names_user if {
	some v in static_access_key.deny with input as _template({"DeployKey": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": {"Ref": "DeployUser"}}}})
	startswith(v.msg, `"DeployKey" creates a long-lived access key for user "DeployUser"; use an IAM role`)
}

test_message_without_user if {
	some v in static_access_key.deny with input as _template({"K": {"Type": "AWS::IAM::AccessKey"}})
	startswith(v.msg, `"K" creates a long-lived access key; use`)
}

# ---- Terraform -----------------------------------------------------------------------------

tf_cases := {
	"aws_iam_access_key": {
		"input": {"resource": {"aws_iam_access_key": {"deploy": {"user": "${aws_iam_user.deploy.name}"}}}},
		"want": {["resource", "aws_iam_access_key", "deploy"]},
	},
	"several keys, with and without pgp_key": {
		"input": {"resource": {"aws_iam_access_key": {
			"a": {"user": "ci"},
			"b": {"user": "ci", "pgp_key": "keybase:ops", "status": "Inactive"},
		}}},
		"want": {["resource", "aws_iam_access_key", "a"], ["resource", "aws_iam_access_key", "b"]},
	},
	"user and login profile without a key": {
		"input": {"resource": {
			"aws_iam_user": {"ci": {"name": "ci"}},
			"aws_iam_user_ssh_key": {"ci": {"username": "ci", "encoding": "SSH", "public_key": "ssh-ed25519 AAAA"}},
		}},
		"want": set(),
	},
	"data source of a key": {
		"input": {"data": {"aws_iam_access_keys": {"ci": {"user": "ci"}}}},
		"want": set(),
	},
}

test_tf_cases[name] if {
	some name, c in tf_cases
	got := _got with input as c.input
	got == c.want
}

test_tf_key_violation if {
	some v in static_access_key.deny with input as {"resource": {"aws_iam_access_key": {"deploy": {"user": "ci"}}}}
	v.key == true
}

test_tf_message_reference_user if {
	some v in static_access_key.deny with input as {"resource": {"aws_iam_access_key": {"deploy": {"user": "${aws_iam_user.deploy.name}"}}}}
	v.msg == "aws_iam_access_key \"deploy\" creates a long-lived access key for user aws_iam_user.deploy.name, and its secret is kept in plain text in the Terraform state; use an IAM role with temporary credentials (a service role, or OIDC federation for external CI/CD) instead"
}

test_tf_message_pgp_key if {
	some v in static_access_key.deny with input as {"resource": {"aws_iam_access_key": {"k": {"user": "ci", "pgp_key": "keybase:ops"}}}}
	startswith(v.msg, `aws_iam_access_key "k" creates a long-lived access key for user "ci"; use`)
}
