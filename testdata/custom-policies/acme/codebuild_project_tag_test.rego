package rampart.rules.acme.codebuild_project_tag_test

import data.rampart.rules.acme.codebuild_project_tag

_cfn(props) := {"Resources": {"Build": {"Type": "AWS::CodeBuild::Project", "Properties": props}}}

_paths := {v.path | some v in codebuild_project_tag.deny}

test_cfn_project_without_tags_is_reported_on_its_name if {
	_paths == {["Resources", "Build"]} with input as _cfn({"Name": "build"})
}

test_cfn_project_missing_the_tag_is_reported_on_tags if {
	_paths == {["Resources", "Build", "Properties", "Tags"]} with input as _cfn({"Tags": [{"Key": "Team", "Value": "ci"}]})
}

test_cfn_tagged_project_passes if {
	count(codebuild_project_tag.deny) == 0 with input as _cfn({"Tags": [{"Key": "Project", "Value": "storefront"}]})
}

test_cfn_tags_from_an_intrinsic_are_not_judged if {
	count(codebuild_project_tag.deny) == 0 with input as _cfn({"Tags": {"Fn::If": ["IsProd", [], []]}})
}

test_message_names_every_missing_tag if {
	some v in codebuild_project_tag.deny with input as _cfn({"Tags": []})
		with data.rampart.config.acme_required_tags as ["Project", "Owner"]
	v.msg == "CodeBuild project Build has no Project, Owner tags, so its cost and its incidents reach no owner; add Project, Owner"
}

test_terraform_project_missing_the_tag if {
	doc := {"resource": {"aws_codebuild_project": {"build": {"name": "build", "tags": {"Team": "ci"}}}}}
	_paths == {["resource", "aws_codebuild_project", "build", "tags"]} with input as doc
}

test_terraform_project_without_tags if {
	doc := {"resource": {"aws_codebuild_project": {"build": {"name": "build"}}}}
	_paths == {["resource", "aws_codebuild_project", "build"]} with input as doc
}

test_terraform_tags_from_a_variable_are_not_judged if {
	doc := {"resource": {"aws_codebuild_project": {"build": {"name": "build", "tags": "${var.tags}"}}}}
	count(codebuild_project_tag.deny) == 0 with input as doc
}
