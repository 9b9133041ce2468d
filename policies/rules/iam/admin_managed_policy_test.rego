package rampart.rules.iam.admin_managed_policy_test

import data.rampart.rules.iam.admin_managed_policy

_template(resources) := {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}

_role(arns) := {"Type": "AWS::IAM::Role", "Properties": {
	"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
	"ManagedPolicyArns": arns,
}}

_got := {v.path | some v in admin_managed_policy.deny}

_arns := ["Resources", "BuildRole", "Properties", "ManagedPolicyArns"]

cases := {
	"AdministratorAccess ARN": {
		"input": _template({"BuildRole": _role(["arn:aws:iam::aws:policy/AdministratorAccess"])}),
		"want": {array.concat(_arns, [0])},
	},
	"each admin-level policy": {
		"input": _template({"BuildRole": _role([
			"arn:aws:iam::aws:policy/ReadOnlyAccess",
			"arn:aws:iam::aws:policy/PowerUserAccess",
			"arn:aws-us-gov:iam::aws:policy/IAMFullAccess",
		])}),
		"want": {array.concat(_arns, [1]), array.concat(_arns, [2])},
	},
	"Fn::Sub with the partition": {
		"input": _template({"BuildRole": _role([{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess"}])}),
		"want": {array.concat(_arns, [0])},
	},
	"Fn::Sub with a variable map": {
		"input": _template({"BuildRole": _role([{"Fn::Sub": ["arn:${AWS::Partition}:iam::aws:policy/${Name}", {"Name": "PowerUserAccess"}]}])}),
		"want": {array.concat(_arns, [0])},
	},
	"Fn::Join": {
		"input": _template({"BuildRole": _role([{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/AdministratorAccess"]]}])}),
		"want": {array.concat(_arns, [0])},
	},
	"Ref to a parameter default": {
		"input": object.union(
			_template({"BuildRole": _role([{"Ref": "BuildPolicyArn"}])}),
			{"Parameters": {"BuildPolicyArn": {"Type": "String", "Default": "arn:aws:iam::aws:policy/AdministratorAccess"}}},
		),
		"want": {array.concat(_arns, [0])},
	},
	"user and group": {
		"input": _template({
			"Deployer": {"Type": "AWS::IAM::User", "Properties": {"ManagedPolicyArns": ["arn:aws:iam::aws:policy/IAMFullAccess"]}},
			"Admins": {"Type": "AWS::IAM::Group", "Properties": {"ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}},
		}),
		"want": {
			["Resources", "Deployer", "Properties", "ManagedPolicyArns", 0],
			["Resources", "Admins", "Properties", "ManagedPolicyArns", 0],
		},
	},
	"customer managed policy with the same name": {
		"input": _template({"BuildRole": _role(["arn:aws:iam::123456789012:policy/AdministratorAccess"])}),
		"want": set(),
	},
	"scoped managed policies": {
		"input": _template({"BuildRole": _role([
			"arn:aws:iam::aws:policy/AWSCodeBuildReadOnlyAccess",
			"arn:aws:iam::aws:policy/AdministratorAccess-Amplify",
			{"Ref": "BuildPolicy"},
		])}),
		"want": set(),
	},
	"not a role, user or group": {
		"input": _template({"Set": {"Type": "AWS::SSO::PermissionSet", "Properties": {"ManagedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]}}}),
		"want": set(),
	},
	"no ManagedPolicyArns": {
		"input": _template({"BuildRole": {"Type": "AWS::IAM::Role", "Properties": {}}}),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message if {
	some v in admin_managed_policy.deny with input as _template({"BuildRole": _role(["arn:aws:iam::aws:policy/PowerUserAccess"])})
	startswith(v.msg, `role "BuildRole" gets the AWS managed policy PowerUserAccess, which allows every action outside IAM and Organizations`)
}
