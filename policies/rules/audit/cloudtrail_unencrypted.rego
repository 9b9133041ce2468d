# METADATA
# title: CloudTrail logs are not encrypted with a KMS key
# description: |
#   Without a KMS key, CloudTrail log files are encrypted with S3-managed keys, and anyone who can
#   read the bucket can read them: who did what, from where, with which role. With a
#   customer-managed KMS key (SSE-KMS), reading a log also needs `kms:Decrypt` on the key, which
#   you grant to the few who investigate, and every use of the key is itself logged. The first
#   seed asks for the logs to be encrypted at rest.
#
#   The rule reads `AWS::CloudTrail::Trail` (`KMSKeyId`) in CloudFormation and `aws_cloudtrail`
#   (`kms_key_id`) in Terraform.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
#     description: Encrypting CloudTrail log files with AWS KMS keys (SSE-KMS)
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html
#     description: AWS::CloudTrail::Trail (CloudFormation)
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
#     description: aws_cloudtrail (Terraform AWS provider)
# custom:
#   id: audit/cloudtrail-unencrypted
#   severity: medium
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Set KMSKeyId (CloudFormation) or kms_key_id (Terraform) to a customer-managed KMS key whose
#     policy lets CloudTrail encrypt and only your investigators decrypt.
#   threat: >-
#     Anyone who can read the log bucket reads the account's whole activity record.
package rampart.rules.audit.cloudtrail_unencrypted

import data.rampart.lib.pipeline
import data.rampart.lib.result

deny contains result.key_violation(msg, t.path) if {
	some t in pipeline.trails
	object.get(t.props, t.names.kms, null) == null
	msg := sprintf(
		"trail %s has no %s, so its logs are readable by anyone who can read the bucket; set %s to a customer-managed KMS key",
		[t.label, t.names.kms, t.names.kms],
	)
}

deny contains result.violation(msg, pipeline.trail_value_path(t, "kms")) if {
	some t in pipeline.trails
	t.props[t.names.kms] == ""
	msg := sprintf(
		"trail %s sets an empty %s, so its logs are not encrypted with KMS; set it to a customer-managed KMS key",
		[t.label, t.names.kms],
	)
}
