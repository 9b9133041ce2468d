package rampart.lib.aws_test

import data.rampart.lib.aws

test_literal_number if {
	aws.literal_number(90) == 90
	aws.literal_number("365") == 365
	not aws.literal_number({"Ref": "Days"})
	not aws.literal_number("${var.days}")
}

test_text if {
	aws.text("a") == "a"
	aws.text({"Fn::Sub": "${AWS::StackName}-x"}) == "${AWS::StackName}-x"
	aws.text({"Fn::Sub": ["${A}-x", {"A": "b"}]}) == "${A}-x"
	not aws.text({"Ref": "X"})
	aws.known_text("a") == "a"
	not aws.known_text({"Fn::Sub": "${AWS::StackName}-x"})
}

test_path_text if {
	aws.path_text(["Resources", "BuildRole", "Properties", "Policies", 0, "PolicyDocument"]) == "Resources.BuildRole.Properties.Policies[0].PolicyDocument"
	aws.path_text([]) == ""
}

test_cfn_target if {
	aws.cfn_target({"Ref": "Role"}) == "Role"
	aws.cfn_target({"Fn::GetAtt": ["Role", "Arn"]}) == "Role"
	aws.cfn_target({"Fn::GetAtt": "Role.Arn"}) == "Role"
	aws.cfn_target({"Fn::Sub": "${Role.Arn}"}) == "Role"
	not aws.cfn_target({"Fn::Sub": "arn:aws:iam::1:role/${Role}"})
	not aws.cfn_target("Role")
}

_template := {"Resources": {
	"Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "ci-build"}},
	"Other": {"Type": "AWS::IAM::Role"},
	"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "audit-logs"}},
	"Param": {"Type": "AWS::SSM::Parameter"},
}}

test_cfn_resolve if {
	r := aws.cfn_resolve({"Fn::GetAtt": ["Role", "Arn"]}, "AWS::IAM::Role", "RoleName") with input as _template
	r == {"Role"}
	by_arn := aws.cfn_resolve("arn:aws:iam::123456789012:role/ci-build", "AWS::IAM::Role", "RoleName") with input as _template
	by_arn == {"Role"}
	by_path := aws.cfn_resolve("arn:aws:iam::123456789012:role/ci/ci-build", "AWS::IAM::Role", "RoleName") with input as _template
	by_path == {"Role"}
	by_name := aws.cfn_resolve("audit-logs", "AWS::S3::Bucket", "BucketName") with input as _template
	by_name == {"Bucket"}
	none := aws.cfn_resolve("arn:aws:iam::123456789012:role/other", "AWS::IAM::Role", "RoleName") with input as _template
	none == set()
	not aws.cfn_resolve({"Ref": "Param"}, "AWS::IAM::Role", "RoleName") with input as _template
}

_tf := {"resource": {
	"aws_iam_role": {"build": {"name": "ci-build"}, "deploy": {"name": "${var.deploy}"}},
	"aws_s3_bucket": {"trail": {"bucket": "audit-logs"}},
	"aws_s3_bucket_versioning": {"trail": {"bucket": "${aws_s3_bucket.trail.id}"}, "named": {"bucket": "audit-logs"}, "other": {"bucket": "x"}},
}}

test_tf_refs if {
	aws.tf_refs("${aws_iam_role.build.arn}", "aws_iam_role") == {"build"}
	aws.tf_refs("arn:aws:iam::1:role/${aws_iam_role.build.name}", "aws_iam_role") == {"build"}
	aws.tf_refs("${var.x ? aws_iam_role.a.arn : aws_iam_role.b.arn}", "aws_iam_role") == {"a", "b"}
	aws.tf_refs("${data.aws_iam_role.build.arn}", "aws_iam_role") == set()
	aws.tf_refs("${data.aws_iam_policy.admin.arn}", "data.aws_iam_policy") == {"admin"}
}

test_tf_resolve if {
	r := aws.tf_resolve("${aws_iam_role.build.arn}", "aws_iam_role", "name") with input as _tf
	r == {"build"}
	by_arn := aws.tf_resolve("arn:aws:iam::123456789012:role/ci-build", "aws_iam_role", "name") with input as _tf
	by_arn == {"build"}
	c := aws.tf_bucket_configs("aws_s3_bucket_versioning", "trail") with input as _tf
	object.keys(c) == {"trail", "named"}
}

test_is_true if {
	aws.is_true(true)
	aws.is_true("True")
	not aws.is_true(false)
	not aws.is_true(null)
	not aws.is_true({"Ref": "X"})
}

test_project_roles if {
	doc := {"Resources": {
		"Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "ci-build"}},
		"Build": {"Type": "AWS::CodeBuild::Project", "Properties": {"ServiceRole": "arn:aws:iam::123456789012:role/ci-build"}},
		"Pipe": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"RoleArn": {"Fn::GetAtt": ["Role", "Arn"]}}},
		"Elsewhere": {"Type": "AWS::CodeBuild::Project", "Properties": {"ServiceRole": {"Fn::ImportValue": "role"}}},
	}}
	prs := aws.project_roles with input as doc
	{[p.what, p.name, p.role] | some p in prs} == {["CodeBuild project", "Build", "Role"], ["pipeline", "Pipe", "Role"]}
}

test_role_grants if {
	doc := {"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {
		"ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/IAMFullAccess"],
		"Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": {"Effect": "Allow", "Action": ["s3:GetObject", "iam:Attach*"], "Resource": "*"}}}],
	}}}}
	gs := aws.role_grants("Role") with input as doc
	{[g.rank, aws.path_text(g.path), g.what] | some g in gs} == {
		[0, "Resources.Role.Properties.ManagedPolicyArns[1]", "AWS managed policy IAMFullAccess grants every IAM action"],
		[3, "Resources.Role.Properties.Policies[0].PolicyDocument.Statement.Action[1]", "policy p grants iam:Attach* (iam:AttachGroupPolicy, iam:AttachRolePolicy, iam:AttachUserPolicy) on *"],
	}
}

test_role_grants_trust_and_resource_policies_ignored if {
	doc := {"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {
		"Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}}],
	}}}}
	gs := aws.role_grants("Role") with input as doc
	gs == set()
}

test_trail_buckets if {
	doc := {"Resources": {
		"T": {"Type": "AWS::CloudTrail::Trail", "Properties": {"S3BucketName": {"Ref": "B"}, "S3KeyPrefix": "org/"}},
		"U": {"Type": "AWS::CloudTrail::Trail", "Properties": {"S3BucketName": "audit", "S3KeyPrefix": {"Ref": "Prefix"}}},
		"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "audit"}},
	}}
	tbs := aws.trail_buckets with input as doc
	{[t.trail, t.bucket, t.log_prefix] | some t in tbs} == {["T", "B", "org/AWSLogs/"], ["U", "B", null]}
}

test_trail_buckets_terraform if {
	doc := {"resource": {
		"aws_cloudtrail": {"main": {"s3_bucket_name": "${aws_s3_bucket.trail.id}"}},
		"aws_s3_bucket": {"trail": {"bucket": "audit"}},
	}}
	tbs := aws.trail_buckets with input as doc
	{[t.trail, t.bucket, t.bucket_path, t.log_prefix] | some t in tbs} == {["main", "trail", ["resource", "aws_s3_bucket", "trail"], "AWSLogs/"]}
}
