# METADATA
# title: Build or audit logs are deleted too soon
# description: |
#   Breaches in CI/CD are often found months later. By then the build logs that show which
#   dependency was fetched or which command ran, and the CloudTrail logs that show what the
#   pipeline's credentials did, must still exist. A log group that expires CodeBuild or
#   pipeline logs after a few days, or a lifecycle rule that deletes trail logs from their
#   bucket within the year, erases the evidence before anyone looks for it.
#
#   The rule reads two things. Log groups (`AWS::Logs::LogGroup` `RetentionInDays`,
#   `aws_cloudwatch_log_group` `retention_in_days`) that hold CodeBuild or pipeline logs: their
#   name contains `/aws/codebuild/` or `codepipeline` (case-insensitive; a `!Sub` name is read
#   as its template), or a CodeBuild project of the same file sends its logs there
#   (`LogsConfig.CloudWatchLogs.GroupName` / `cloudwatch_logs { group_name }` referring to the
#   group). Retention below `min_log_retention_days` (default 90) is reported; no retention
#   means the logs never expire. And lifecycle rules of the bucket a CloudTrail trail of the
#   same file writes to (`S3BucketName` / `s3_bucket_name` resolved by reference or by name):
#   an enabled rule that expires current objects (`ExpirationInDays`, Terraform
#   `expiration { days }` in `aws_s3_bucket_lifecycle_configuration` or a legacy
#   `lifecycle_rule`) sooner than `min_trail_retention_days` (default 365) is reported, unless
#   its prefix or tag filter cannot match the trail's `AWSLogs/` objects. Transitions to cheaper
#   storage classes are fine. A trail bucket defined elsewhere is not seen.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
#     description: Change log data retention in CloudWatch Logs
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
#     description: Security best practices in AWS CloudTrail
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html
#     description: Managing the lifecycle of objects in Amazon S3
# custom:
#   id: audit/short-log-retention
#   severity: medium
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Keep CodeBuild and pipeline log groups for at least min_log_retention_days (90) and trail
#     logs for at least min_trail_retention_days (365); move old trail logs to Glacier with a
#     transition instead of expiring them.
#   threat: >-
#     Evidence of a pipeline compromise is deleted before the compromise is discovered.
#   settings:
#     min_log_retention_days: 90
#     min_trail_retention_days: 365
package rampart.rules.audit.short_log_retention

import data.rampart.lib.aws
import data.rampart.lib.result

min_log_days := n if {
	n := data.rampart.config.min_log_retention_days
	is_number(n)
} else := 90

min_trail_days := n if {
	n := data.rampart.config.min_trail_retention_days
	is_number(n)
} else := 365

# ---- Log groups -------------------------------------------------------------------------------

deny contains result.violation(msg, ["Resources", name, "Properties", "RetentionInDays"]) if {
	some name, r in aws.cfn["AWS::Logs::LogGroup"]
	days := aws.literal_number(aws.props(r).RetentionInDays)
	days < min_log_days
	why := _cfn_pipeline_group(name, r)
	msg := sprintf(
		"log group %s (%s) keeps logs for %v days (RetentionInDays), fewer than the %v days required (min_log_retention_days); set RetentionInDays to %v or more",
		[name, why, days, min_log_days, min_log_days],
	)
}

_cfn_pipeline_group(name, r) := sprintf("named %s", [n]) if {
	n := aws.text(aws.props(r).LogGroupName)
	_pipeline_name(n)
} else := sprintf("CodeBuild project %s logs to it", [p]) if {
	some p, project in aws.cfn["AWS::CodeBuild::Project"]
	name in aws.cfn_resolve(aws.props(project).LogsConfig.CloudWatchLogs.GroupName, "AWS::Logs::LogGroup", "LogGroupName")
}

deny contains result.violation(msg, ["resource", "aws_cloudwatch_log_group", name, "retention_in_days"]) if {
	some name, r in aws.tf_resources("aws_cloudwatch_log_group")
	days := aws.literal_number(r.retention_in_days)
	days > 0 # 0 keeps logs forever
	days < min_log_days
	why := _tf_pipeline_group(name, r)
	msg := sprintf(
		"log group %s (%s) keeps logs for %v days (retention_in_days), fewer than the %v days required (min_log_retention_days); set retention_in_days to %v or more",
		[name, why, days, min_log_days, min_log_days],
	)
}

_tf_pipeline_group(name, r) := sprintf("named %s", [r.name]) if {
	is_string(r.name)
	_pipeline_name(r.name)
} else := sprintf("CodeBuild project %s logs to it", [p]) if {
	some p, project in aws.tf_resources("aws_codebuild_project")
	some logs in project.logs_config
	some cw in logs.cloudwatch_logs
	name in aws.tf_resolve(cw.group_name, "aws_cloudwatch_log_group", "name")
}

_pipeline_name(n) if contains(lower(n), "/aws/codebuild/")

_pipeline_name(n) if contains(lower(n), "codepipeline")

# ---- Trail buckets ----------------------------------------------------------------------------

deny contains result.violation(msg, path) if {
	some tb in aws.trail_buckets
	tb.format == "cloudformation"
	bucket := input.Resources[tb.bucket]
	some i, rule in aws.props(bucket).LifecycleConfiguration.Rules
	_enabled(rule.Status)
	days := aws.literal_number(rule.ExpirationInDays)
	days < min_trail_days
	count(object.get(rule, "TagFilters", [])) == 0 # CloudTrail does not tag its log files
	_covers(object.get(rule, "Prefix", null), tb.log_prefix)
	path := ["Resources", tb.bucket, "Properties", "LifecycleConfiguration", "Rules", i, "ExpirationInDays"]
	msg := _trail_msg(_rule_label(rule, "Id", i), tb, days, "ExpirationInDays")
}

deny contains result.violation(msg, path) if {
	some tb in aws.trail_buckets
	tb.format == "terraform"
	some name, cfg in aws.tf_bucket_configs("aws_s3_bucket_lifecycle_configuration", tb.bucket)
	some i, rule in cfg.rule
	_enabled(rule.status)
	_tf_rule_covers(rule, tb.log_prefix)
	some j, exp in rule.expiration
	days := aws.literal_number(exp.days)
	days < min_trail_days
	path := ["resource", "aws_s3_bucket_lifecycle_configuration", name, "rule", i, "expiration", j, "days"]
	msg := _trail_msg(_rule_label(rule, "id", i), tb, days, "expiration days")
}

# A lifecycle_rule block inside aws_s3_bucket (AWS provider v3 and earlier).
deny contains result.violation(msg, path) if {
	some tb in aws.trail_buckets
	tb.format == "terraform"
	bucket := input.resource.aws_s3_bucket[tb.bucket]
	some i, rule in bucket.lifecycle_rule
	aws.literal_bool(rule.enabled) == true
	count(object.get(rule, "tags", {})) == 0
	_covers(object.get(rule, "prefix", null), tb.log_prefix)
	some j, exp in rule.expiration
	days := aws.literal_number(exp.days)
	days < min_trail_days
	path := ["resource", "aws_s3_bucket", tb.bucket, "lifecycle_rule", i, "expiration", j, "days"]
	msg := _trail_msg(_rule_label(rule, "id", i), tb, days, "expiration days")
}

_trail_msg(rule, tb, days, what) := sprintf(
	"lifecycle rule %s of bucket %s deletes the logs of trail %s after %v days (%s), before the %v days required (min_trail_retention_days); expire them after %v days or more, and transition older logs to Glacier instead of deleting them",
	[rule, tb.bucket, tb.trail, days, what, min_trail_days, min_trail_days],
)

_rule_label(rule, key, i) := rule[key] if {
	is_string(rule[key])
} else := sprintf("#%d", [i])

_enabled(v) if {
	is_string(v)
	lower(v) == "enabled"
}

# _tf_rule_covers: the rule's filter can select the trail's log files: no filter, a prefix that
# covers them, and no tag filter. An unreadable filter is not judged.
_tf_rule_covers(rule, log_prefix) if {
	count(object.get(rule, "filter", [])) == 0
	_covers(object.get(rule, "prefix", null), log_prefix)
}

_tf_rule_covers(rule, log_prefix) if {
	some f in rule.filter
	count(object.get(f, "tag", [])) == 0
	count(object.get(f, "and", [])) == 0
	_covers(object.get(f, "prefix", null), log_prefix)
}

_tf_rule_covers(rule, log_prefix) if {
	some f in rule.filter
	some a in f.and
	count(object.get(a, "tags", {})) == 0
	_covers(object.get(a, "prefix", null), log_prefix)
}

# _covers(prefix, log_prefix): a rule with this prefix selects objects under the trail's log
# prefix ("AWSLogs/", or "<S3KeyPrefix>/AWSLogs/").
_covers(null, _)

_covers("", _)

_covers(prefix, log_prefix) if {
	is_string(prefix)
	prefix != ""
	is_string(log_prefix)
	_prefix_overlap(prefix, log_prefix)
}

_prefix_overlap(prefix, log_prefix) if startswith(log_prefix, prefix)

_prefix_overlap(prefix, log_prefix) if startswith(prefix, log_prefix)
