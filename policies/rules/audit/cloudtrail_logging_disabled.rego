# METADATA
# title: CloudTrail trail is not logging
# description: |
#   A trail whose logging is stopped records nothing: the bucket, the validation and the
#   encryption around it protect an empty log. CloudFormation requires `IsLogging`, and `false`
#   creates the trail stopped (the first seed runs `aws cloudtrail start-logging` right after
#   creating its trail for this reason); in Terraform, `enable_logging = false` does the same.
#
#   The rule reads `AWS::CloudTrail::Trail` (`IsLogging`) in CloudFormation and `aws_cloudtrail`
#   (`enable_logging`, true when absent) in Terraform. A value given by an intrinsic function or
#   a Terraform expression is not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StartLogging.html
#     description: CloudTrail StartLogging
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html
#     description: AWS::CloudTrail::Trail (CloudFormation)
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
#     description: aws_cloudtrail (Terraform AWS provider)
# custom:
#   id: audit/cloudtrail-logging-disabled
#   severity: high
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Set IsLogging: true (CloudFormation) or remove enable_logging = false (Terraform) so the trail
#     records events.
#   threat: >-
#     API activity, an attacker's included, is not recorded at all.
#   fixable: true
package rampart.rules.audit.cloudtrail_logging_disabled

import data.rampart.lib.pipeline
import data.rampart.lib.result

deny contains result.violation(msg, pipeline.trail_value_path(t, "logging")) if {
	some t in pipeline.trails
	pipeline.trail_setting(t, "logging") == false
	msg := sprintf(
		"trail %s has logging turned off (%s is false), so it records no events; set it to true",
		[t.label, t.names.logging],
	)
}
