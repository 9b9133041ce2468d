package rampart.rules.audit.cloudtrail_unencrypted_test

import data.rampart.rules.audit.cloudtrail_unencrypted

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in cloudtrail_unencrypted.deny}

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
		"input": _cfn(object.remove(_good_cfn, ["KMSKeyId"])),
		"want": {{"path": ["Resources", "Trail"], "key": true}},
	},
	"CloudFormation empty": {
		"input": _cfn(object.union(_good_cfn, {"KMSKeyId": ""})),
		"want": {{"path": ["Resources", "Trail", "Properties", "KMSKeyId"], "key": false}},
	},
	"CloudFormation alias": {
		"input": _cfn(object.union(_good_cfn, {"KMSKeyId": "alias/cloudtrail"})),
		"want": set(),
	},
	"Terraform missing": {
		"input": _tf(object.remove(_good_tf, ["kms_key_id"])),
		"want": {{"path": ["resource", "aws_cloudtrail", "main"], "key": true}},
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message if {
	some v in cloudtrail_unencrypted.deny with input as _cfn({})
	v.msg == "trail Trail has no KMSKeyId, so its logs are readable by anyone who can read the bucket; set KMSKeyId to a customer-managed KMS key"
}
