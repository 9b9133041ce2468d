package rampart.rules["supply-chain"].mutable_image_tags_test

import data.rampart.rules["supply-chain"].mutable_image_tags

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in mutable_image_tags.deny}

_cfn(props) := {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Repo": {"Type": "AWS::ECR::Repository", "Properties": props}}}

_tf(repo) := {"resource": {"aws_ecr_repository": {"app": repo}}}

cases := {
	"CloudFormation IMMUTABLE": {"input": _cfn({"ImageTagMutability": "IMMUTABLE"}), "want": set()},
	"CloudFormation IMMUTABLE_WITH_EXCLUSION": {"input": _cfn({"ImageTagMutability": "IMMUTABLE_WITH_EXCLUSION"}), "want": set()},
	"CloudFormation missing": {"input": _cfn({}), "want": {{"path": ["Resources", "Repo"], "key": true}}},
	"CloudFormation no Properties": {"input": {"Resources": {"Repo": {"Type": "AWS::ECR::Repository"}}}, "want": {{"path": ["Resources", "Repo"], "key": true}}},
	"CloudFormation MUTABLE": {
		"input": _cfn({"ImageTagMutability": "MUTABLE"}),
		"want": {{"path": ["Resources", "Repo", "Properties", "ImageTagMutability"], "key": false}},
	},
	"CloudFormation MUTABLE_WITH_EXCLUSION": {
		"input": _cfn({"ImageTagMutability": "MUTABLE_WITH_EXCLUSION"}),
		"want": {{"path": ["Resources", "Repo", "Properties", "ImageTagMutability"], "key": false}},
	},
	"CloudFormation from a parameter": {"input": _cfn({"ImageTagMutability": {"Ref": "Mutability"}}), "want": set()},
	"other resource types": {"input": {"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}, "want": set()},
	"Terraform IMMUTABLE": {"input": _tf({"image_tag_mutability": "IMMUTABLE"}), "want": set()},
	"Terraform missing": {"input": _tf({"name": "app"}), "want": {{"path": ["resource", "aws_ecr_repository", "app"], "key": true}}},
	"Terraform MUTABLE": {
		"input": _tf({"image_tag_mutability": "MUTABLE"}),
		"want": {{"path": ["resource", "aws_ecr_repository", "app", "image_tag_mutability"], "key": false}},
	},
	"Terraform from a variable": {"input": _tf({"image_tag_mutability": "${var.mutability}"}), "want": set()},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_missing if {
	some v in mutable_image_tags.deny with input as _cfn({})
	v.msg == "ECR repository Repo does not set ImageTagMutability, so its tags are MUTABLE and a push can move an existing tag to another image; set ImageTagMutability: IMMUTABLE"
}

test_message_value if {
	some v in mutable_image_tags.deny with input as _tf({"image_tag_mutability": "MUTABLE"})
	v.msg == "ECR repository app has image_tag_mutability \"MUTABLE\", so a push can move an existing tag to another image; set image_tag_mutability = \"IMMUTABLE\""
}
