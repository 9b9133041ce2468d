package rampart.rules.audit.cloudtrail_single_region_test

import data.rampart.rules.audit.cloudtrail_single_region

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in cloudtrail_single_region.deny}

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
		"input": _cfn(object.remove(_good_cfn, ["IsMultiRegionTrail"])),
		"want": {{"path": ["Resources", "Trail"], "key": true}},
	},
	"CloudFormation false": {
		"input": _cfn(object.union(_good_cfn, {"IsMultiRegionTrail": false})),
		"want": {{"path": ["Resources", "Trail", "Properties", "IsMultiRegionTrail"], "key": false}},
	},
	"CloudFormation from a parameter is not judged": {
		"input": _cfn(object.union(_good_cfn, {"IsMultiRegionTrail": {"Ref": "MultiRegion"}})),
		"want": set(),
	},
	"Terraform missing": {
		"input": _tf(object.remove(_good_tf, ["is_multi_region_trail"])),
		"want": {{"path": ["resource", "aws_cloudtrail", "main"], "key": true}},
	},
	"Terraform false": {
		"input": _tf(object.union(_good_tf, {"is_multi_region_trail": false})),
		"want": {{"path": ["resource", "aws_cloudtrail", "main", "is_multi_region_trail"], "key": false}},
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_missing if {
	some v in cloudtrail_single_region.deny with input as _tf({})
	v.msg == "trail main does not set is_multi_region_trail, so it records only the region it is created in; set is_multi_region_trail to true"
}

test_message_false if {
	some v in cloudtrail_single_region.deny with input as _cfn({"IsMultiRegionTrail": "false"})
	v.msg == "trail Trail records only the region it is created in (IsMultiRegionTrail is false); set it to true"
}
