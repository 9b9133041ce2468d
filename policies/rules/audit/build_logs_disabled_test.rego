package rampart.rules.audit.build_logs_disabled_test

import data.rampart.rules.audit.build_logs_disabled

_got := {v.path | some v in build_logs_disabled.deny}

_cfn(logs) := {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Build": {"Type": "AWS::CodeBuild::Project", "Properties": {"LogsConfig": logs}}}}

_cfn_path := ["Resources", "Build", "Properties", "LogsConfig", "CloudWatchLogs", "Status"]

_tf(logs) := {"resource": {"aws_codebuild_project": {"build": {"name": "build", "logs_config": [logs]}}}}

_tf_path := ["resource", "aws_codebuild_project", "build", "logs_config", 0, "cloudwatch_logs", 0, "status"]

cases := {
	"CloudFormation CloudWatch disabled, no S3 logs": {"input": _cfn({"CloudWatchLogs": {"Status": "DISABLED"}}), "want": {_cfn_path}},
	"CloudFormation both disabled": {"input": _cfn({"CloudWatchLogs": {"Status": "DISABLED"}, "S3Logs": {"Status": "DISABLED"}}), "want": {_cfn_path}},
	"CloudFormation S3 logs instead": {"input": _cfn({"CloudWatchLogs": {"Status": "DISABLED"}, "S3Logs": {"Status": "ENABLED", "Location": "build-logs/web"}}), "want": set()},
	"CloudFormation S3 status from a condition": {"input": _cfn({"CloudWatchLogs": {"Status": "DISABLED"}, "S3Logs": {"Status": {"Fn::If": ["Prod", "ENABLED", "DISABLED"]}}}), "want": set()},
	"CloudFormation CloudWatch enabled": {"input": _cfn({"CloudWatchLogs": {"Status": "ENABLED", "GroupName": "/aws/codebuild/web"}}), "want": set()},
	"CloudFormation no LogsConfig": {"input": {"Resources": {"Build": {"Type": "AWS::CodeBuild::Project", "Properties": {"Name": "web"}}}}, "want": set()},
	"CloudFormation status from a parameter": {"input": _cfn({"CloudWatchLogs": {"Status": {"Ref": "Logs"}}}), "want": set()},
	"Terraform CloudWatch disabled": {"input": _tf({"cloudwatch_logs": [{"status": "DISABLED"}]}), "want": {_tf_path}},
	"Terraform S3 logs without status are off": {"input": _tf({"cloudwatch_logs": [{"status": "DISABLED"}], "s3_logs": [{"location": "logs/web"}]}), "want": {_tf_path}},
	"Terraform S3 logs enabled": {"input": _tf({"cloudwatch_logs": [{"status": "DISABLED"}], "s3_logs": [{"status": "ENABLED", "location": "logs/web"}]}), "want": set()},
	"Terraform CloudWatch enabled by default": {"input": _tf({"cloudwatch_logs": [{"group_name": "/aws/codebuild/web"}]}), "want": set()},
	"Terraform status from a variable": {"input": _tf({"cloudwatch_logs": [{"status": "${var.logs}"}]}), "want": set()},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_cloudformation if {
	some v in build_logs_disabled.deny with input as _cfn({"CloudWatchLogs": {"Status": "DISABLED"}})
	v.msg == "CodeBuild project Build disables CloudWatch logs (Status: DISABLED) and writes no S3 logs, so nothing records what its builds ran; enable CloudWatch or S3 logs"
}

test_message_terraform if {
	some v in build_logs_disabled.deny with input as _tf({"cloudwatch_logs": [{"status": "DISABLED"}]})
	v.msg == "CodeBuild project build disables CloudWatch logs (status = \"DISABLED\") and writes no S3 logs, so nothing records what its builds ran; enable CloudWatch or S3 logs"
}
