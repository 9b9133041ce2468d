package rampart.rules.audit.short_log_retention_test

import data.rampart.rules.audit.short_log_retention

_got := {v.path | some v in short_log_retention.deny}

_group(name, days) := {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": name, "RetentionInDays": days}}

_trail(bucket, extra) := {"Type": "AWS::CloudTrail::Trail", "Properties": object.union({"S3BucketName": bucket, "IsLogging": true}, extra)}

_bucket(rules) := {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "acme-audit-logs", "LifecycleConfiguration": {"Rules": rules}}}

_exp_path := ["Resources", "TrailBucket", "Properties", "LifecycleConfiguration", "Rules", 0, "ExpirationInDays"]

_tf_lifecycle(rule) := {"resource": {
	"aws_cloudtrail": {"main": {"name": "main", "s3_bucket_name": "${aws_s3_bucket.trail.id}"}},
	"aws_s3_bucket": {"trail": {"bucket": "acme-audit-logs"}},
	"aws_s3_bucket_lifecycle_configuration": {"trail": {"bucket": "${aws_s3_bucket.trail.id}", "rule": [rule]}},
}}

_tf_exp_path := ["resource", "aws_s3_bucket_lifecycle_configuration", "trail", "rule", 0, "expiration", 0, "days"]

cases := {
	"CodeBuild log group kept 30 days": {
		"input": {"Resources": {"Logs": _group("/aws/codebuild/web", 30)}},
		"want": {["Resources", "Logs", "Properties", "RetentionInDays"]},
	},
	"pipeline log group from Fn::Sub, days as text": {
		"input": {"Resources": {"Logs": _group({"Fn::Sub": "/acme/${AWS::StackName}/CodePipeline"}, "14")}},
		"want": {["Resources", "Logs", "Properties", "RetentionInDays"]},
	},
	"log group a project logs to": {
		"input": {"Resources": {
			"Logs": _group("web-build", 7),
			"Build": {"Type": "AWS::CodeBuild::Project", "Properties": {"LogsConfig": {"CloudWatchLogs": {"Status": "ENABLED", "GroupName": {"Ref": "Logs"}}}}},
		}},
		"want": {["Resources", "Logs", "Properties", "RetentionInDays"]},
	},
	"log group of something else": {"input": {"Resources": {"Logs": _group("/aws/lambda/web", 7)}}, "want": set()},
	"CodeBuild log group kept 90 days": {"input": {"Resources": {"Logs": _group("/aws/codebuild/web", 90)}}, "want": set()},
	"CodeBuild log group kept forever": {"input": {"Resources": {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/aws/codebuild/web"}}}}, "want": set()},
	"retention from a parameter": {"input": {"Resources": {"Logs": _group("/aws/codebuild/web", {"Ref": "Days"})}}, "want": set()},
	"trail bucket expires logs after 90 days": {
		"input": {"Resources": {"Trail": _trail({"Ref": "TrailBucket"}, {}), "TrailBucket": _bucket([{"Id": "expire", "Status": "Enabled", "ExpirationInDays": 90}])}},
		"want": {_exp_path},
	},
	"trail bucket by name": {
		"input": {"Resources": {"Trail": _trail("acme-audit-logs", {}), "TrailBucket": _bucket([{"Status": "Enabled", "ExpirationInDays": "30"}])}},
		"want": {_exp_path},
	},
	"rule prefix covering the trail's key prefix": {
		"input": {"Resources": {"Trail": _trail({"Ref": "TrailBucket"}, {"S3KeyPrefix": "org"}), "TrailBucket": _bucket([{"Status": "Enabled", "Prefix": "org/", "ExpirationInDays": 30}])}},
		"want": {_exp_path},
	},
	"rule for another prefix": {
		"input": {"Resources": {"Trail": _trail({"Ref": "TrailBucket"}, {}), "TrailBucket": _bucket([{"Status": "Enabled", "Prefix": "access-logs/", "ExpirationInDays": 30}])}},
		"want": set(),
	},
	"rule for tagged objects": {
		"input": {"Resources": {"Trail": _trail({"Ref": "TrailBucket"}, {}), "TrailBucket": _bucket([{"Status": "Enabled", "TagFilters": [{"Key": "tmp", "Value": "1"}], "ExpirationInDays": 30}])}},
		"want": set(),
	},
	"disabled rule": {
		"input": {"Resources": {"Trail": _trail({"Ref": "TrailBucket"}, {}), "TrailBucket": _bucket([{"Status": "Disabled", "ExpirationInDays": 30}])}},
		"want": set(),
	},
	"trail bucket keeps logs 7 years": {
		"input": {"Resources": {"Trail": _trail({"Ref": "TrailBucket"}, {}), "TrailBucket": _bucket([{"Status": "Enabled", "ExpirationInDays": 2555, "Transitions": [{"StorageClass": "GLACIER", "TransitionInDays": 90}]}])}},
		"want": set(),
	},
	"bucket no trail writes to": {
		"input": {"Resources": {"Trail": _trail("elsewhere", {}), "TrailBucket": _bucket([{"Status": "Enabled", "ExpirationInDays": 30}])}},
		"want": set(),
	},
	"Terraform CodeBuild log group": {
		"input": {"resource": {"aws_cloudwatch_log_group": {"build": {"name": "/aws/codebuild/web", "retention_in_days": 14}}}},
		"want": {["resource", "aws_cloudwatch_log_group", "build", "retention_in_days"]},
	},
	"Terraform log group a project logs to": {
		"input": {"resource": {
			"aws_cloudwatch_log_group": {"build": {"name": "web", "retention_in_days": 14}},
			"aws_codebuild_project": {"web": {"logs_config": [{"cloudwatch_logs": [{"group_name": "${aws_cloudwatch_log_group.build.name}"}]}]}},
		}},
		"want": {["resource", "aws_cloudwatch_log_group", "build", "retention_in_days"]},
	},
	"Terraform retention 0 keeps logs forever": {
		"input": {"resource": {"aws_cloudwatch_log_group": {"build": {"name": "/aws/codebuild/web", "retention_in_days": 0}}}},
		"want": set(),
	},
	"Terraform trail bucket lifecycle": {
		"input": _tf_lifecycle({"id": "expire", "status": "Enabled", "expiration": [{"days": 30}]}),
		"want": {_tf_exp_path},
	},
	"Terraform lifecycle filter on AWSLogs/": {
		"input": _tf_lifecycle({"id": "expire", "status": "Enabled", "filter": [{"prefix": "AWSLogs/"}], "expiration": [{"days": 30}]}),
		"want": {_tf_exp_path},
	},
	"Terraform lifecycle filter on another prefix": {
		"input": _tf_lifecycle({"id": "expire", "status": "Enabled", "filter": [{"prefix": "tmp/"}], "expiration": [{"days": 30}]}),
		"want": set(),
	},
	"Terraform lifecycle for tagged objects": {
		"input": _tf_lifecycle({"id": "expire", "status": "Enabled", "filter": [{"tag": [{"key": "tmp", "value": "1"}]}], "expiration": [{"days": 30}]}),
		"want": set(),
	},
	"Terraform lifecycle keeping 400 days": {
		"input": _tf_lifecycle({"id": "expire", "status": "Enabled", "expiration": [{"days": 400}]}),
		"want": set(),
	},
	"Terraform legacy lifecycle_rule": {
		"input": {"resource": {
			"aws_cloudtrail": {"main": {"s3_bucket_name": "acme-audit-logs"}},
			"aws_s3_bucket": {"trail": {"bucket": "acme-audit-logs", "lifecycle_rule": [{"enabled": true, "expiration": [{"days": 60}]}]}},
		}},
		"want": {["resource", "aws_s3_bucket", "trail", "lifecycle_rule", 0, "expiration", 0, "days"]},
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_settings if {
	got := _got with input as {"Resources": {"Logs": _group("/aws/codebuild/web", 90)}}
		with data.rampart.config as {"min_log_retention_days": 180, "min_trail_retention_days": 365}
	got == {["Resources", "Logs", "Properties", "RetentionInDays"]}
}

test_message_log_group if {
	some v in short_log_retention.deny with input as {"Resources": {"Logs": _group("/aws/codebuild/web", 30)}}
	v.msg == "log group Logs (named /aws/codebuild/web) keeps logs for 30 days (RetentionInDays), fewer than the 90 days required (min_log_retention_days); set RetentionInDays to 90 or more"
}

test_message_trail if {
	some v in short_log_retention.deny with input as {"Resources": {"Trail": _trail({"Ref": "TrailBucket"}, {}), "TrailBucket": _bucket([{"Id": "expire", "Status": "Enabled", "ExpirationInDays": 90}])}}
	v.msg == "lifecycle rule expire of bucket TrailBucket deletes the logs of trail Trail after 90 days (ExpirationInDays), before the 365 days required (min_trail_retention_days); expire them after 365 days or more, and transition older logs to Glacier instead of deleting them"
}
