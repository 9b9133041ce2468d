# METADATA
# title: CloudTrail trail records one region only
# description: |
#   A single-region trail records API calls in the region it was created in and nothing else; an
#   attacker who works in another region (launching instances, creating roles through a regional
#   endpoint) leaves no trace in it. A multi-region trail also picks up regions AWS adds later.
#   The first seed creates its trail with `--is-multi-region-trail`; trails are single-region
#   unless set.
#
#   The rule reads `AWS::CloudTrail::Trail` (`IsMultiRegionTrail`) in CloudFormation and
#   `aws_cloudtrail` (`is_multi_region_trail`) in Terraform. A value given by an intrinsic
#   function or a Terraform expression is not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-regional-and-global-services
#     description: CloudTrail concepts (trails that apply to all Regions)
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html
#     description: AWS::CloudTrail::Trail (CloudFormation)
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
#     description: aws_cloudtrail (Terraform AWS provider)
# custom:
#   id: audit/cloudtrail-single-region
#   severity: medium
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Set IsMultiRegionTrail: true (CloudFormation) or is_multi_region_trail = true (Terraform) on
#     the trail.
#   threat: >-
#     Activity in the regions the trail does not cover is never recorded.
#   fixable: true
package rampart.rules.audit.cloudtrail_single_region

import data.rampart.lib.pipeline
import data.rampart.lib.result

deny contains result.key_violation(msg, t.path) if {
	some t in pipeline.trails
	pipeline.trail_setting(t, "multi_region") == "missing"
	msg := sprintf(
		"trail %s does not set %s, so it records only the region it is created in; set %s to true",
		[t.label, t.names.multi_region, t.names.multi_region],
	)
}

deny contains result.violation(msg, pipeline.trail_value_path(t, "multi_region")) if {
	some t in pipeline.trails
	pipeline.trail_setting(t, "multi_region") == false
	msg := sprintf(
		"trail %s records only the region it is created in (%s is false); set it to true",
		[t.label, t.names.multi_region],
	)
}
