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

# ---- Terraform -----------------------------------------------------------------------------

_tf(resources) := {"resource": resources}

_tf_role := {"name": "build", "assume_role_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "codebuild.amazonaws.com"}}]}}

tf_cases := {
	"role attachment, literal ARN": {
		"input": _tf({"aws_iam_role_policy_attachment": {"admin": {"role": "${aws_iam_role.build.name}", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}}}),
		"want": {["resource", "aws_iam_role_policy_attachment", "admin", "policy_arn"]},
	},
	"partition left as an interpolation": {
		"input": _tf({"aws_iam_role_policy_attachment": {"admin": {"role": "build", "policy_arn": "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"}}}),
		"want": {["resource", "aws_iam_role_policy_attachment", "admin", "policy_arn"]},
	},
	"user, group and exclusive policy attachments": {
		"input": _tf({
			"aws_iam_user_policy_attachment": {"ci": {"user": "ci", "policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}},
			"aws_iam_group_policy_attachment": {"ops": {"group": "ops", "policy_arn": "arn:aws-us-gov:iam::aws:policy/PowerUserAccess"}},
			"aws_iam_policy_attachment": {"admins": {"name": "admins", "roles": ["a", "b"], "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}},
			"aws_iam_role_policy_attachments_exclusive": {"build": {"role_name": "build", "policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"]}},
		}),
		"want": {
			["resource", "aws_iam_user_policy_attachment", "ci", "policy_arn"],
			["resource", "aws_iam_group_policy_attachment", "ops", "policy_arn"],
			["resource", "aws_iam_policy_attachment", "admins", "policy_arn"],
			["resource", "aws_iam_role_policy_attachments_exclusive", "build", "policy_arns", 1],
		},
	},
	"managed_policy_arns of a role": {
		"input": _tf({"aws_iam_role": {"build": object.union(_tf_role, {"managed_policy_arns": [
			"arn:aws:iam::aws:policy/AWSCodeBuildDeveloperAccess",
			"arn:aws:iam::aws:policy/PowerUserAccess",
			"${aws_iam_policy.build.arn}",
		]})}}),
		"want": {["resource", "aws_iam_role", "build", "managed_policy_arns", 1]},
	},
	"data aws_iam_policy by name or arn": {
		"input": {
			"data": {"aws_iam_policy": {
				"admin": {"name": "AdministratorAccess"},
				"power": {"arn": "arn:aws:iam::aws:policy/PowerUserAccess"},
				"mine": {"name": "AdministratorAccess", "path_prefix": "/team/"},
				"readonly": {"name": "ReadOnlyAccess"},
			}},
			"resource": {"aws_iam_role_policy_attachment": {
				"a": {"role": "r", "policy_arn": "${data.aws_iam_policy.admin.arn}"},
				"b": {"role": "r", "policy_arn": "${data.aws_iam_policy.power.arn}"},
				"c": {"role": "r", "policy_arn": "${data.aws_iam_policy.mine.arn}"},
				"d": {"role": "r", "policy_arn": "${data.aws_iam_policy.readonly.arn}"},
				"e": {"role": "r", "policy_arn": "${data.aws_iam_policy.elsewhere.arn}"},
			}},
		},
		"want": {
			["resource", "aws_iam_role_policy_attachment", "a", "policy_arn"],
			["resource", "aws_iam_role_policy_attachment", "b", "policy_arn"],
		},
	},
	"customer managed and scoped policies": {
		"input": _tf({
			"aws_iam_role_policy_attachment": {
				"own": {"role": "r", "policy_arn": "arn:aws:iam::123456789012:policy/AdministratorAccess"},
				"amplify": {"role": "r", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess-Amplify"},
				"ref": {"role": "r", "policy_arn": "${aws_iam_policy.build.arn}"},
				"var": {"role": "r", "policy_arn": "${var.policy_arn}"},
			},
			"aws_iam_role": {"build": object.union(_tf_role, {"managed_policy_arns": ["${aws_iam_policy.build.arn}"]})},
		}),
		"want": set(),
	},
	"not an attachment": {
		"input": _tf({"aws_ssoadmin_managed_policy_attachment": {"admin": {"managed_policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}}}),
		"want": set(),
	},
}

test_tf_cases[name] if {
	some name, c in tf_cases
	got := _got with input as c.input
	got == c.want
}

test_tf_message_role_reference if {
	some v in admin_managed_policy.deny with input as _tf({"aws_iam_role_policy_attachment": {"admin": {"role": "${aws_iam_role.build.name}", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}}})
	startswith(v.msg, `aws_iam_role_policy_attachment "admin" attaches the AWS managed policy AdministratorAccess to role aws_iam_role.build.name, which allows every action`)
}

test_tf_message_literal_and_missing_target if {
	msgs := {v.msg | some v in admin_managed_policy.deny} with input as _tf({
		"aws_iam_user_policy_attachment": {"ci": {"user": "ci", "policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}},
		"aws_iam_group_policy_attachment": {"ops": {"policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}},
		"aws_iam_policy_attachment": {"all": {"policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}},
	})
	some a in msgs
	startswith(a, `aws_iam_user_policy_attachment "ci" attaches the AWS managed policy IAMFullAccess to user "ci", which lets`)
	some b in msgs
	startswith(b, `aws_iam_group_policy_attachment "ops" attaches the AWS managed policy IAMFullAccess to the group, which`)
	some c in msgs
	startswith(c, `aws_iam_policy_attachment "all" attaches the AWS managed policy IAMFullAccess to its roles, users and groups, which`)
}

test_tf_message_managed_policy_arns if {
	some v in admin_managed_policy.deny with input as _tf({"aws_iam_role": {"build": object.union(_tf_role, {"managed_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]})}})
	startswith(v.msg, `role "build" gets the AWS managed policy AdministratorAccess, which allows every action on every resource`)
}
