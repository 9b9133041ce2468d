package rampart.rules.audit.cloudtrail_logging_disabled_test

import data.rampart.rules.audit.cloudtrail_logging_disabled

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in cloudtrail_logging_disabled.deny}

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
	"CloudFormation false": {
		"input": _cfn(object.union(_good_cfn, {"IsLogging": false})),
		"want": {{"path": ["Resources", "Trail", "Properties", "IsLogging"], "key": false}},
	},
	"CloudFormation \"false\" as text": {
		"input": _cfn(object.union(_good_cfn, {"IsLogging": "false"})),
		"want": {{"path": ["Resources", "Trail", "Properties", "IsLogging"], "key": false}},
	},
	"CloudFormation missing is a template error, not judged here": {
		"input": {"Resources": {"Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": _good_cfn}}},
		"want": set(),
	},
	"Terraform false": {
		"input": _tf(object.union(_good_tf, {"enable_logging": false})),
		"want": {{"path": ["resource", "aws_cloudtrail", "main", "enable_logging"], "key": false}},
	},
	"Terraform absent means logging": {
		"input": _tf(_good_tf),
		"want": set(),
	},
	"Terraform true": {
		"input": _tf(object.union(_good_tf, {"enable_logging": true})),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message if {
	some v in cloudtrail_logging_disabled.deny with input as _cfn({"IsLogging": false})
	v.msg == "trail Trail has logging turned off (IsLogging is false), so it records no events; set it to true"
}
