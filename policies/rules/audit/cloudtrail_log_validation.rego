# METADATA
# title: CloudTrail log file validation is off
# description: |
#   With log file validation, CloudTrail delivers a signed digest file every hour that lets you
#   prove the log files were not changed or deleted after delivery (`aws cloudtrail
#   validate-logs`). Without it, someone who gains write access to the log bucket can edit or
#   remove the record of what they did, and no one can tell. The first seed enables it with
#   `--enable-log-file-validation`; it is off unless set.
#
#   The rule reads `AWS::CloudTrail::Trail` (`EnableLogFileValidation`) in CloudFormation and
#   `aws_cloudtrail` (`enable_log_file_validation`) in Terraform. A value given by an intrinsic
#   function or a Terraform expression is not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
#     description: Validating CloudTrail log file integrity
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html
#     description: AWS::CloudTrail::Trail (CloudFormation)
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
#     description: aws_cloudtrail (Terraform AWS provider)
# custom:
#   id: audit/cloudtrail-log-validation
#   severity: high
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Set EnableLogFileValidation: true (CloudFormation) or enable_log_file_validation = true
#     (Terraform) on the trail.
#   threat: >-
#     An intruder with access to the log bucket edits or deletes the log files that record their
#     actions, and the tampering cannot be detected.
#   fixable: true
package rampart.rules.audit.cloudtrail_log_validation

import data.rampart.lib.pipeline
import data.rampart.lib.result

deny contains result.key_violation(msg, t.path) if {
	some t in pipeline.trails
	pipeline.trail_setting(t, "validation") == "missing"
	msg := sprintf(
		"trail %s does not set %s, so log file validation is off and tampering with its logs goes unnoticed; set %s to true",
		[t.label, t.names.validation, t.names.validation],
	)
}

deny contains result.violation(msg, pipeline.trail_value_path(t, "validation")) if {
	some t in pipeline.trails
	pipeline.trail_setting(t, "validation") == false
	msg := sprintf(
		"trail %s turns log file validation off (%s is false), so tampering with its logs goes unnoticed; set it to true",
		[t.label, t.names.validation],
	)
}
