package rampart.rules.audit.cloudtrail_log_validation_test

import data.rampart.rules.audit.cloudtrail_log_validation

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in cloudtrail_log_validation.deny}

_cfn(props) := {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": object.union({"IsLogging": true, "S3BucketName": "audit-logs"}, props)}}}

_tf(body) := {"resource": {"aws_cloudtrail": {"main": object.union({"name": "main", "s3_bucket_name": "audit-logs"}, body)}}}

_good_cfn := {"EnableLogFileValidation": true, "IsMultiRegionTrail": true, "KMSKeyId": {"Ref": "TrailKey"}}

_good_tf := {"enable_log_file_validation": true, "is_multi_region_trail": true, "kms_key_id": "${aws_kms_key.trail.arn}"}

cases := {
	"CloudFormation trail with every setting": {
		"input": _cfn(_good_cfn),
		"want": set(),
	},
	"Terraform trail with every setting": {
		"input": _tf(_good_tf),
		"want": set(),
	},
	"other resources": {
		"input": {"Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "audit-logs"}}}},
		"want": set(),
	},
	"CloudFormation missing": {
		"input": _cfn(object.remove(_good_cfn, ["EnableLogFileValidation"])),
		"want": {{"path": ["Resources", "Trail"], "key": true}},
	},
	"CloudFormation false": {
		"input": _cfn(object.union(_good_cfn, {"EnableLogFileValidation": false})),
		"want": {{"path": ["Resources", "Trail", "Properties", "EnableLogFileValidation"], "key": false}},
	},
	"CloudFormation \"false\" as text (JSON templates)": {
		"input": _cfn(object.union(_good_cfn, {"EnableLogFileValidation": "false"})),
		"want": {{"path": ["Resources", "Trail", "Properties", "EnableLogFileValidation"], "key": false}},
	},
	"CloudFormation null is missing": {
		"input": _cfn(object.union(_good_cfn, {"EnableLogFileValidation": null})),
		"want": {{"path": ["Resources", "Trail"], "key": true}},
	},
	"CloudFormation no Properties": {
		"input": {"Resources": {"Trail": {"Type": "AWS::CloudTrail::Trail"}}},
		"want": {{"path": ["Resources", "Trail"], "key": true}},
	},
	"CloudFormation from a condition is not judged": {
		"input": _cfn(object.union(_good_cfn, {"EnableLogFileValidation": {"Fn::If": ["IsProd", true, false]}})),
		"want": set(),
	},
	"CloudFormation \"True\" as text": {
		"input": _cfn(object.union(_good_cfn, {"EnableLogFileValidation": "True"})),
		"want": set(),
	},
	"Terraform missing": {
		"input": _tf(object.remove(_good_tf, ["enable_log_file_validation"])),
		"want": {{"path": ["resource", "aws_cloudtrail", "main"], "key": true}},
	},
	"Terraform false": {
		"input": _tf(object.union(_good_tf, {"enable_log_file_validation": false})),
		"want": {{"path": ["resource", "aws_cloudtrail", "main", "enable_log_file_validation"], "key": false}},
	},
	"Terraform from a variable is not judged": {
		"input": _tf(object.union(_good_tf, {"enable_log_file_validation": "${var.validate}"})),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_missing if {
	some v in cloudtrail_log_validation.deny with input as _cfn({})
	v.msg == "trail Trail does not set EnableLogFileValidation, so log file validation is off and tampering with its logs goes unnoticed; set EnableLogFileValidation to true"
}

test_message_false if {
	some v in cloudtrail_log_validation.deny with input as _tf({"enable_log_file_validation": false})
	v.msg == "trail main turns log file validation off (enable_log_file_validation is false), so tampering with its logs goes unnoticed; set it to true"
}
