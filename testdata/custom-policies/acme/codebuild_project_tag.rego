# METADATA
# title: CodeBuild project without Acme's required tags
# description: |
#   Acme attributes build costs, and routes a broken or compromised build to its owners, by the
#   `Project` tag of the CodeBuild project. An untagged project shows up in the bill as nobody's
#   and pages nobody when it misbehaves.
#
#   The rule reads `AWS::CodeBuild::Project` in CloudFormation and `aws_codebuild_project` in
#   Terraform. Tags given by an intrinsic function or a Terraform expression are not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/how-to-tag-project.html
#     description: Tag a project in AWS CodeBuild
# custom:
#   id: acme/codebuild-project-tag
#   severity: medium
#   kinds: [cloudformation, terraform]
#   remediation: Tag the project with every tag in the acme_required_tags setting (Project by default).
#   settings:
#     acme_required_tags: [Project]
package rampart.rules.acme.codebuild_project_tag

import data.acme.lib.tags
import data.rampart.lib.aws
import data.rampart.lib.result

# A project with a Tags list: the finding is on Tags.
deny contains result.key_violation(msg, ["Resources", name, "Properties", "Tags"]) if {
	some name, r in aws.cfn["AWS::CodeBuild::Project"]
	list := aws.props(r).Tags
	is_array(list)
	missing := tags.missing(tags.cfn_keys(list), tags.required)
	count(missing) > 0
	msg := _msg(name, missing)
}

# A project with no Tags at all: the finding is on its logical id.
deny contains result.key_violation(msg, ["Resources", name]) if {
	some name, r in aws.cfn["AWS::CodeBuild::Project"]
	not "Tags" in object.keys(aws.props(r))
	msg := _msg(name, tags.required)
}

deny contains result.key_violation(msg, ["resource", "aws_codebuild_project", name, "tags"]) if {
	some name, r in aws.tf_resources("aws_codebuild_project")
	is_object(r.tags)
	missing := tags.missing(tags.tf_keys(r.tags), tags.required)
	count(missing) > 0
	msg := _msg(name, missing)
}

deny contains result.key_violation(msg, ["resource", "aws_codebuild_project", name]) if {
	some name, r in aws.tf_resources("aws_codebuild_project")
	is_object(r)
	not "tags" in object.keys(r)
	msg := _msg(name, tags.required)
}

_msg(name, missing) := sprintf(
	"CodeBuild project %s has no %s tag%s, so its cost and its incidents reach no owner; add %s",
	[name, concat(", ", missing), _plural(missing), concat(", ", missing)],
)

_plural(l) := "s" if count(l) > 1

else := ""
