# METADATA
# title: ECR repository allows image tags to be overwritten
# description: |
#   With mutable tags, anyone who can push to the repository can move `v1.4.2` (or `latest`) to
#   a different image: the pipeline that deploys by tag then ships an image nobody built or
#   scanned, and a rollback to "the old tag" may not be the old image. Immutable tags make a
#   tag name one image for good, so deploys and rollbacks are reproducible. ECR tags are mutable
#   unless the repository says otherwise.
#
#   The rule reads `AWS::ECR::Repository` (`ImageTagMutability`) in CloudFormation and
#   `aws_ecr_repository` (`image_tag_mutability`) in Terraform. `IMMUTABLE` and
#   `IMMUTABLE_WITH_EXCLUSION` (immutable except the tags an exclusion filter names, such as
#   `latest`) pass; an absent setting, `MUTABLE` and `MUTABLE_WITH_EXCLUSION` are reported. A
#   value given by an intrinsic function or a Terraform expression is not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
#     description: Preventing image tags from being overwritten in Amazon ECR
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecr-repository.html
#     description: AWS::ECR::Repository (CloudFormation)
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository
#     description: aws_ecr_repository (Terraform AWS provider)
# custom:
#   id: supply-chain/mutable-image-tags
#   severity: low
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Set ImageTagMutability: IMMUTABLE (CloudFormation) or image_tag_mutability = "IMMUTABLE"
#     (Terraform), and tag each build uniquely (commit SHA, version).
#   threat: >-
#     Someone with push access retags a malicious image under a tag the pipeline deploys.
package rampart.rules["supply-chain"].mutable_image_tags

import data.rampart.lib.aws
import data.rampart.lib.result

_immutable := {"IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"}

deny contains result.key_violation(msg, ["Resources", name]) if {
	some name, r in aws.cfn["AWS::ECR::Repository"]
	object.get(aws.props(r), "ImageTagMutability", null) == null
	msg := sprintf(
		"ECR repository %s does not set ImageTagMutability, so its tags are MUTABLE and a push can move an existing tag to another image; set ImageTagMutability: IMMUTABLE",
		[name],
	)
}

deny contains result.violation(msg, ["Resources", name, "Properties", "ImageTagMutability"]) if {
	some name, r in aws.cfn["AWS::ECR::Repository"]
	v := aws.props(r).ImageTagMutability
	is_string(v)
	not upper(v) in _immutable
	msg := sprintf(
		"ECR repository %s has ImageTagMutability %q, so a push can move an existing tag to another image; set ImageTagMutability: IMMUTABLE",
		[name, v],
	)
}

deny contains result.key_violation(msg, ["resource", "aws_ecr_repository", name]) if {
	some name, r in aws.tf_resources("aws_ecr_repository")
	object.get(r, "image_tag_mutability", null) == null
	msg := sprintf(
		"ECR repository %s does not set image_tag_mutability, so its tags are MUTABLE and a push can move an existing tag to another image; set image_tag_mutability = \"IMMUTABLE\"",
		[name],
	)
}

deny contains result.violation(msg, ["resource", "aws_ecr_repository", name, "image_tag_mutability"]) if {
	some name, r in aws.tf_resources("aws_ecr_repository")
	v := r.image_tag_mutability
	is_string(v)
	not contains(v, "${")
	not upper(v) in _immutable
	msg := sprintf(
		"ECR repository %s has image_tag_mutability %q, so a push can move an existing tag to another image; set image_tag_mutability = \"IMMUTABLE\"",
		[name, v],
	)
}
