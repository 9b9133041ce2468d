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
