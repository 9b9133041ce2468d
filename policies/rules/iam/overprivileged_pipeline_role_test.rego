package rampart.rules.iam.overprivileged_pipeline_role_test

import data.rampart.rules.iam.overprivileged_pipeline_role

_got := {v.path | some v in overprivileged_pipeline_role.deny}

_trust := {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}]}

_policy(statements) := {"Version": "2012-10-17", "Statement": statements}

_allow(action, resource) := {"Effect": "Allow", "Action": action, "Resource": resource}

_role(props) := {"Type": "AWS::IAM::Role", "Properties": object.union({"AssumeRolePolicyDocument": _trust}, props)}

_inline(statements) := {"Policies": [{"PolicyName": "build", "PolicyDocument": _policy(statements)}]}

_project(role_ref) := {"Type": "AWS::CodeBuild::Project", "Properties": {"ServiceRole": role_ref}}

_getatt := {"Fn::GetAtt": ["BuildRole", "Arn"]}

_cfn(role_props) := {"Resources": {"BuildRole": _role(role_props), "Build": _project(_getatt)}}

_ref := ["Resources", "Build", "Properties", "ServiceRole"]

_tf(resources) := {"resource": object.union(
	{
		"aws_iam_role": {"build": {"name": "web-build", "assume_role_policy": _trust}},
		"aws_codebuild_project": {"web": {"name": "web", "service_role": "${aws_iam_role.build.arn}"}},
	},
	resources,
)}

_tf_ref := ["resource", "aws_codebuild_project", "web", "service_role"]

cases := {
	"AdministratorAccess": {
		"input": _cfn({"ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}),
		"want": {_ref},
	},
	"PowerUserAccess through Fn::Sub": {
		"input": _cfn({"ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess"}]}),
		"want": {_ref},
	},
	"other managed policies": {
		"input": _cfn({"ManagedPolicyArns": ["arn:aws:iam::aws:policy/AWSCodeBuildDeveloperAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"]}),
		"want": set(),
	},
	"star action on a specific resource": {
		"input": _cfn(_inline([_allow("*", "arn:aws:s3:::artifacts/*")])),
		"want": {_ref},
	},
	"iam:* on a specific role": {
		"input": _cfn(_inline([_allow(["s3:GetObject", "iam:*"], "arn:aws:iam::123456789012:role/app")])),
		"want": {_ref},
	},
	"sts:* on every role": {
		"input": _cfn(_inline([_allow("sts:*", "*")])),
		"want": {_ref},
	},
	"sts:* on one role": {
		"input": _cfn(_inline([_allow("sts:*", "arn:aws:iam::123456789012:role/deploy")])),
		"want": set(),
	},
	"s3:* is left to iam/wildcard-action": {
		"input": _cfn(_inline([_allow("s3:*", "*")])),
		"want": set(),
	},
	"PassRole on star": {
		"input": _cfn(_inline([_allow("iam:PassRole", "*")])),
		"want": {_ref},
	},
	"PassRole on every role of the account (Fn::Sub)": {
		"input": _cfn(_inline([_allow("iam:PassRole", {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"})])),
		"want": {_ref},
	},
	"PassRole on one role": {
		"input": _cfn(_inline([_allow("iam:PassRole", {"Fn::GetAtt": ["AppRole", "Arn"]})])),
		"want": set(),
	},
	"iam:Put* wildcard": {
		"input": _cfn(_inline([_allow("iam:Put*", "*")])),
		"want": {_ref},
	},
	"CreatePolicyVersion": {
		"input": _cfn(_inline([_allow(["iam:GetPolicy", "iam:CreatePolicyVersion"], "*")])),
		"want": {_ref},
	},
	"NotAction on every resource": {
		"input": _cfn(_inline([{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}])),
		"want": {_ref},
	},
	"Deny is not a grant": {
		"input": _cfn(_inline([{"Effect": "Deny", "Action": "*", "Resource": "*"}])),
		"want": set(),
	},
	"least privilege": {
		"input": _cfn(_inline([
			_allow(["logs:CreateLogStream", "logs:PutLogEvents"], "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/codebuild/web:*"),
			_allow("ecr:GetAuthorizationToken", "*"),
		])),
		"want": set(),
	},
	"policy document as JSON text": {
		"input": _cfn({"Policies": [{"PolicyName": "build", "PolicyDocument": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:AttachRolePolicy\", \"Resource\": \"*\"}]}"}]}),
		"want": {_ref},
	},
	"AWS::IAM::Policy attached to the role": {
		"input": {"Resources": {
			"BuildRole": _role({}),
			"Extra": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "extra", "Roles": [{"Ref": "BuildRole"}], "PolicyDocument": _policy([_allow("iam:PassRole", "*")])}},
			"Build": _project(_getatt),
		}},
		"want": {_ref},
	},
	"customer managed policy in ManagedPolicyArns": {
		"input": {"Resources": {
			"BuildRole": _role({"ManagedPolicyArns": [{"Ref": "Admin"}]}),
			"Admin": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": _policy([_allow("*", "*")])}},
			"Build": _project(_getatt),
		}},
		"want": {_ref},
	},
	"role by literal ARN": {
		"input": {"Resources": {
			"BuildRole": _role(object.union({"RoleName": "web-build"}, _inline([_allow("iam:PassRole", "*")]))),
			"Build": _project("arn:aws:iam::123456789012:role/web-build"),
		}},
		"want": {_ref},
	},
	"role by Ref": {
		"input": {"Resources": {"BuildRole": _role(_inline([_allow("iam:PassRole", "*")])), "Build": _project({"Ref": "BuildRole"})}},
		"want": {_ref},
	},
	"role from another stack": {
		"input": {"Resources": {"BuildRole": _role(_inline([_allow("iam:PassRole", "*")])), "Build": _project({"Fn::ImportValue": "build-role-arn"})}},
		"want": set(),
	},
	"admin role no pipeline uses": {
		"input": {"Resources": {"BuildRole": _role({"ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"]})}},
		"want": set(),
	},
	"CodePipeline role": {
		"input": {"Resources": {
			"PipelineRole": _role({"ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}),
			"Pipeline": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"RoleArn": {"Fn::GetAtt": "PipelineRole.Arn"}, "Stages": []}},
		}},
		"want": {["Resources", "Pipeline", "Properties", "RoleArn"]},
	},
	"Terraform jsonencode inline policy": {
		"input": _tf({"aws_iam_role": {"build": {"inline_policy": [{"name": "build", "policy": _policy([_allow("iam:PassRole", "*")])}]}}}),
		"want": {_tf_ref},
	},
	"Terraform heredoc role policy": {
		"input": _tf({"aws_iam_role_policy": {"build": {"role": "${aws_iam_role.build.id}", "policy": "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}"}}}),
		"want": {_tf_ref},
	},
	"Terraform policy document data source": {
		"input": object.union(
			_tf({"aws_iam_role_policy": {"build": {"role": "${aws_iam_role.build.name}", "policy": "${data.aws_iam_policy_document.build.json}"}}}),
			{"data": {"aws_iam_policy_document": {"build": {"statement": [{"actions": ["iam:PutRolePolicy"], "resources": ["*"]}]}}}},
		),
		"want": {_tf_ref},
	},
	"Terraform scoped policy document data source": {
		"input": object.union(
			_tf({"aws_iam_role_policy": {"build": {"role": "${aws_iam_role.build.name}", "policy": "${data.aws_iam_policy_document.build.json}"}}}),
			{"data": {"aws_iam_policy_document": {"build": {"statement": [{"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::artifacts/*"]}]}}}},
		),
		"want": set(),
	},
	"Terraform AdministratorAccess attachment": {
		"input": _tf({"aws_iam_role_policy_attachment": {"admin": {"role": "${aws_iam_role.build.name}", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}}}),
		"want": {_tf_ref},
	},
	"Terraform data aws_iam_policy lookup": {
		"input": object.union(
			_tf({"aws_iam_role_policy_attachment": {"admin": {"role": "${aws_iam_role.build.name}", "policy_arn": "${data.aws_iam_policy.power.arn}"}}}),
			{"data": {"aws_iam_policy": {"power": {"name": "PowerUserAccess"}}}},
		),
		"want": {_tf_ref},
	},
	"Terraform customer managed policy attachment": {
		"input": _tf({
			"aws_iam_policy": {"deploy": {"name": "deploy", "policy": _policy([_allow("iam:CreatePolicyVersion", "*")])}},
			"aws_iam_role_policy_attachment": {"deploy": {"role": "${aws_iam_role.build.name}", "policy_arn": "${aws_iam_policy.deploy.arn}"}},
		}),
		"want": {_tf_ref},
	},
	"Terraform managed_policy_arns": {
		"input": _tf({"aws_iam_role": {"build": {"managed_policy_arns": ["arn:aws:iam::aws:policy/IAMFullAccess"]}}}),
		"want": {_tf_ref},
	},
	"Terraform attachment to another role": {
		"input": _tf({
			"aws_iam_role": {"other": {"name": "other"}},
			"aws_iam_role_policy_attachment": {"admin": {"role": "${aws_iam_role.other.name}", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}},
		}),
		"want": set(),
	},
	"Terraform pipeline role by ARN": {
		"input": {"resource": {
			"aws_iam_role": {"pipeline": {"name": "web-pipeline", "managed_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}},
			"aws_codepipeline": {"web": {"name": "web", "role_arn": "arn:aws:iam::123456789012:role/web-pipeline"}},
		}},
		"want": {["resource", "aws_codepipeline", "web", "role_arn"]},
	},
	"Terraform role from a variable": {
		"input": {"resource": {
			"aws_iam_role": {"build": {"name": "web-build", "managed_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}},
			"aws_codebuild_project": {"web": {"service_role": "${var.role_arn}"}},
		}},
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_names_role_grant_and_path if {
	doc := _cfn({"Policies": [{"PolicyName": "build", "PolicyDocument": _policy([
		_allow(["s3:GetObject"], "arn:aws:s3:::artifacts/*"),
		_allow("iam:PassRole", "*"),
	])}]})
	some v in overprivileged_pipeline_role.deny with input as doc
	v.msg == "CodeBuild project Build runs as role BuildRole, and BuildRole's policy build grants iam:PassRole on * (Resources.BuildRole.Properties.Policies[0].PolicyDocument.Statement[1].Action); anything the build runs gets these rights: give the role only the actions and resources it needs"
}

test_message_most_powerful_first if {
	doc := _cfn({
		"ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"],
		"Policies": [{"PolicyName": "build", "PolicyDocument": _policy([_allow(["iam:PassRole", "iam:PutRolePolicy"], "*")])}],
	})
	some v in overprivileged_pipeline_role.deny with input as doc
	v.msg == "CodeBuild project Build runs as role BuildRole, and BuildRole's AWS managed policy AdministratorAccess grants every action on every resource (Resources.BuildRole.Properties.ManagedPolicyArns[0]), and 2 more grants; anything the build runs gets these rights: give the role only the actions and resources it needs"
}

test_message_wildcard_pattern if {
	some v in overprivileged_pipeline_role.deny with input as _tf({"aws_iam_role": {"build": {"inline_policy": [{"name": "ci", "policy": _policy([_allow("iam:Attach*", "*")])}]}}})
	contains(v.msg, "and build's inline policy ci grants iam:Attach* (iam:AttachGroupPolicy, iam:AttachRolePolicy, iam:AttachUserPolicy) on * (resource.aws_iam_role.build.inline_policy[0].policy.Statement[0].Action);")
}

# A Terraform module view: the project, the role and its policy in three files. The message names
# the role's file and the grant's file; a single file's view names neither.
_module := {
	"resource": {
		"aws_iam_role": {"build": {"name": "web-build", "assume_role_policy": _trust}},
		"aws_codebuild_project": {"web": {"name": "web", "service_role": "${aws_iam_role.build.arn}"}},
		"aws_iam_role_policy_attachment": {"admin": {"role": "${aws_iam_role.build.name}", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}},
	},
	"rampart:files": {"resource": {
		"aws_iam_role": {"build": "iam.tf"},
		"aws_codebuild_project": {"web": "build.tf"},
		"aws_iam_role_policy_attachment": {"admin": "policies.tf"},
	}},
}

test_module_message_names_both_files if {
	some v in overprivileged_pipeline_role.deny with input as _module
	v.path == _tf_ref
	contains(v.msg, "runs as role build (defined in iam.tf)")
	contains(v.msg, "(policies.tf: resource.aws_iam_role_policy_attachment.admin.policy_arn)")
}

test_single_file_message_names_no_file if {
	m := json.remove(_module, ["rampart:files"])
	some v in overprivileged_pipeline_role.deny with input as m
	not contains(v.msg, ".tf")
	contains(v.msg, "runs as role build, and build's AWS managed policy AdministratorAccess")
}
