package rampart.rules.audit.log_bucket_unprotected_test

import data.rampart.rules.audit.log_bucket_unprotected

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in log_bucket_unprotected.deny}

_trail := {"Type": "AWS::CloudTrail::Trail", "Properties": {"S3BucketName": {"Ref": "TrailBucket"}, "IsLogging": true}}

_pab := {"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true}

_good_props := {"VersioningConfiguration": {"Status": "Enabled"}, "PublicAccessBlockConfiguration": _pab}

_cfn(props) := {"Resources": {"Trail": _trail, "TrailBucket": {"Type": "AWS::S3::Bucket", "Properties": props}}}

_tf_pab := {"bucket": "${aws_s3_bucket.trail.id}", "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}

_tf_versioning := {"bucket": "${aws_s3_bucket.trail.id}", "versioning_configuration": [{"status": "Enabled", "mfa_delete": "Enabled"}]}

_tf(resources) := {"resource": object.union(
	{
		"aws_cloudtrail": {"main": {"s3_bucket_name": "${aws_s3_bucket.trail.id}"}},
		"aws_s3_bucket": {"trail": {"bucket": "acme-audit-logs"}},
	},
	resources,
)}

cases := {
	"CloudFormation protected bucket": {"input": _cfn(_good_props), "want": set()},
	"CloudFormation bucket with nothing": {
		"input": _cfn({"BucketName": "acme-audit-logs"}),
		"want": {{"path": ["Resources", "TrailBucket"], "key": true}},
	},
	"CloudFormation bucket without Properties": {
		"input": {"Resources": {"Trail": _trail, "TrailBucket": {"Type": "AWS::S3::Bucket"}}},
		"want": {{"path": ["Resources", "TrailBucket"], "key": true}},
	},
	"CloudFormation Object Lock implies versioning": {
		"input": _cfn({"ObjectLockEnabled": true, "PublicAccessBlockConfiguration": _pab}),
		"want": set(),
	},
	"CloudFormation versioning suspended": {
		"input": _cfn(object.union(_good_props, {"VersioningConfiguration": {"Status": "Suspended"}})),
		"want": {{"path": ["Resources", "TrailBucket", "Properties", "VersioningConfiguration", "Status"], "key": false}},
	},
	"CloudFormation public access block with a setting off and one unset": {
		"input": _cfn({"VersioningConfiguration": {"Status": "Enabled"}, "PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "BlockPublicPolicy": "false", "IgnorePublicAcls": true}}),
		"want": {
			{"path": ["Resources", "TrailBucket", "Properties", "PublicAccessBlockConfiguration", "BlockPublicPolicy"], "key": false},
			{"path": ["Resources", "TrailBucket", "Properties", "PublicAccessBlockConfiguration"], "key": true},
		},
	},
	"CloudFormation settings from parameters are not judged": {
		"input": _cfn({"VersioningConfiguration": {"Status": {"Ref": "Versioning"}}, "PublicAccessBlockConfiguration": object.union(_pab, {"BlockPublicPolicy": {"Ref": "Block"}})}),
		"want": set(),
	},
	"CloudFormation bucket of no trail": {
		"input": {"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}},
		"want": set(),
	},
	"CloudFormation trail writing to a bucket elsewhere": {
		"input": {"Resources": {"Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {"S3BucketName": "central-audit"}}, "Bucket": {"Type": "AWS::S3::Bucket"}}},
		"want": set(),
	},
	"Terraform protected bucket": {
		"input": _tf({"aws_s3_bucket_versioning": {"trail": _tf_versioning}, "aws_s3_bucket_public_access_block": {"trail": _tf_pab}}),
		"want": set(),
	},
	"Terraform bucket with nothing": {
		"input": _tf({}),
		"want": {{"path": ["resource", "aws_s3_bucket", "trail"], "key": true}},
	},
	"Terraform account-level public access block": {
		"input": _tf({"aws_s3_bucket_versioning": {"trail": _tf_versioning}, "aws_s3_account_public_access_block": {"this": object.remove(_tf_pab, ["bucket"])}}),
		"want": set(),
	},
	"Terraform versioning without MFA delete": {
		"input": _tf({"aws_s3_bucket_versioning": {"trail": {"bucket": "${aws_s3_bucket.trail.id}", "versioning_configuration": [{"status": "Enabled"}]}}, "aws_s3_bucket_public_access_block": {"trail": _tf_pab}}),
		"want": {{"path": ["resource", "aws_s3_bucket_versioning", "trail", "versioning_configuration", 0], "key": true}},
	},
	"Terraform MFA delete Disabled": {
		"input": _tf({"aws_s3_bucket_versioning": {"trail": {"bucket": "${aws_s3_bucket.trail.id}", "versioning_configuration": [{"status": "Enabled", "mfa_delete": "Disabled"}]}}, "aws_s3_bucket_public_access_block": {"trail": _tf_pab}}),
		"want": {{"path": ["resource", "aws_s3_bucket_versioning", "trail", "versioning_configuration", 0, "mfa_delete"], "key": false}},
	},
	"Terraform Object Lock instead of MFA delete": {
		"input": {"resource": {
			"aws_cloudtrail": {"main": {"s3_bucket_name": "${aws_s3_bucket.trail.id}"}},
			"aws_s3_bucket": {"trail": {"bucket": "acme-audit-logs", "object_lock_enabled": true}},
			"aws_s3_bucket_versioning": {"trail": {"bucket": "${aws_s3_bucket.trail.id}", "versioning_configuration": [{"status": "Enabled"}]}},
			"aws_s3_bucket_public_access_block": {"trail": _tf_pab},
		}},
		"want": set(),
	},
	"Terraform versioning suspended": {
		"input": _tf({"aws_s3_bucket_versioning": {"trail": {"bucket": "${aws_s3_bucket.trail.id}", "versioning_configuration": [{"status": "Suspended"}]}}, "aws_s3_bucket_public_access_block": {"trail": _tf_pab}}),
		"want": {{"path": ["resource", "aws_s3_bucket_versioning", "trail", "versioning_configuration", 0, "status"], "key": false}},
	},
	"Terraform public access block incomplete": {
		"input": _tf({"aws_s3_bucket_versioning": {"trail": _tf_versioning}, "aws_s3_bucket_public_access_block": {"trail": {"bucket": "acme-audit-logs", "block_public_acls": true, "block_public_policy": false}}}),
		"want": {
			{"path": ["resource", "aws_s3_bucket_public_access_block", "trail", "block_public_policy"], "key": false},
			{"path": ["resource", "aws_s3_bucket_public_access_block", "trail"], "key": true},
		},
	},
	"Terraform legacy versioning block": {
		"input": _tf({"aws_s3_bucket": {"trail": {"bucket": "acme-audit-logs", "versioning": [{"enabled": true, "mfa_delete": true}]}}, "aws_s3_bucket_public_access_block": {"trail": _tf_pab}}),
		"want": set(),
	},
	"Terraform legacy versioning off": {
		"input": _tf({"aws_s3_bucket": {"trail": {"bucket": "acme-audit-logs", "versioning": [{"enabled": false}]}}, "aws_s3_bucket_public_access_block": {"trail": _tf_pab}}),
		"want": {{"path": ["resource", "aws_s3_bucket", "trail", "versioning", 0, "enabled"], "key": false}},
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_missing if {
	some v in log_bucket_unprotected.deny with input as _cfn({})
	v.msg == "bucket TrailBucket, where trail Trail writes its logs, has no versioning and no public access block, so the logs can be deleted or exposed; set VersioningConfiguration.Status: Enabled; set PublicAccessBlockConfiguration with all four settings true"
}

test_message_two_trails if {
	doc := {"Resources": {"Trail": _trail, "Other": _trail, "TrailBucket": {"Type": "AWS::S3::Bucket", "Properties": {"PublicAccessBlockConfiguration": _pab}}}}
	some v in log_bucket_unprotected.deny with input as doc
	v.msg == "bucket TrailBucket, where trails Other, Trail writes its logs, has no versioning, so the logs can be deleted or exposed; set VersioningConfiguration.Status: Enabled"
}

test_message_mfa if {
	some v in log_bucket_unprotected.deny with input as _tf({"aws_s3_bucket_versioning": {"trail": {"bucket": "${aws_s3_bucket.trail.id}", "versioning_configuration": [{"status": "Enabled"}]}}, "aws_s3_bucket_public_access_block": {"trail": _tf_pab}})
	v.msg == "bucket trail, where trail main writes its logs, is versioned without MFA delete, so anyone with the bucket's credentials can delete log versions; set mfa_delete = \"Enabled\" (or use S3 Object Lock)"
}
