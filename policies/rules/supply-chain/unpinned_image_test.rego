package rampart.rules["supply-chain"].unpinned_image_test

import data.rampart.rules["supply-chain"].unpinned_image as rule

_got := {v.path | some v in rule.deny}

_d := "sha256:22cc8a24397e3c38331a1ca10f5a5b301df266bafd494a471f15f8e5463b6fe0"

_pinned(image) := concat("@", [image, _d])

_wf(job) := {"on": "push", "jobs": {"test": object.union({"runs-on": "ubuntu-24.04", "steps": [{"run": "make"}]}, job)}}

cases := {
	"github container string": {"input": _wf({"container": "node:20"}), "want": {["jobs", "test", "container"]}},
	"github container image": {"input": _wf({"container": {"image": "node", "options": "--cpus 1"}}), "want": {["jobs", "test", "container", "image"]}},
	"github service": {"input": _wf({"services": {"db": {"image": "postgres:latest"}, "cache": {"image": _pinned("redis:7")}}}), "want": {["jobs", "test", "services", "db", "image"]}},
	"gitlab job image": {"input": {"test": {"image": "python:3.12", "script": ["pytest"]}}, "want": {["test", "image"]}},
	"gitlab image name": {"input": {"test": {"image": {"name": "amazon/aws-cli:latest", "entrypoint": [""]}, "script": ["aws s3 ls"]}}, "want": {["test", "image", "name"]}},
	"gitlab default and services": {
		"input": {"default": {"image": "node:20", "services": ["docker:27-dind", {"name": "postgres:16", "alias": "db"}]}, "test": {"script": ["npm test"]}},
		"want": {["default", "image"], ["default", "services", 0], ["default", "services", 1, "name"]},
	},
	"gitlab top-level image": {"input": {"image": "ruby", "test": {"script": ["rake"]}}, "want": {["image"]}},
	"gitlab hidden job": {"input": {".base": {"image": "alpine:3.20"}, "test": {"extends": ".base", "script": ["make"]}}, "want": {[".base", "image"]}},
	"registry port is not a tag": {"input": {"test": {"image": "registry.example.com:5000/team/tool", "script": ["tool"]}}, "want": {["test", "image"]}},
	"variable with latest": {"input": {"test": {"image": "$CI_REGISTRY/tools/builder:latest", "script": ["make"]}}, "want": {["test", "image"]}},
	# negatives
	"pinned": {"input": {"default": {"image": _pinned("node:20.18.1-bookworm"), "services": [_pinned("postgres:16")]}, "test": {"image": {"name": _pinned("amazon/aws-cli")}, "script": ["make"]}}, "want": set()},
	"github pinned": {"input": _wf({"container": {"image": _pinned("node:20")}, "services": {"db": {"image": _pinned("postgres")}}}), "want": set()},
	"variables": {"input": {"test": {"image": "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA", "script": ["make"]}}, "want": set()},
	"github expression": {"input": _wf({"container": "${{ matrix.image }}"}), "want": set()},
}

# ---- CodeBuild projects and ECS task definitions ----

_cfn(resources) := {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}

_cb(image) := {"Type": "AWS::CodeBuild::Project", "Properties": {"Environment": {"Type": "LINUX_CONTAINER", "ComputeType": "BUILD_GENERAL1_SMALL", "Image": image}}}

_td(images) := {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [{"Name": sprintf("c%d", [i]), "Image": img} | some i, img in images]}}

_tf_cb(image) := {"resource": {"aws_codebuild_project": {"build": {"name": "build", "environment": [{"compute_type": "BUILD_GENERAL1_SMALL", "type": "LINUX_CONTAINER", "image": image}]}}}}

_tf_td(defs) := {"resource": {"aws_ecs_task_definition": {"api": {"family": "api", "container_definitions": defs}}}}

aws_cases := {
	"cloudformation codebuild image from Docker Hub": {
		"input": _cfn({"Build": _cb("node:20")}),
		"want": {["Resources", "Build", "Properties", "Environment", "Image"]},
	},
	"cloudformation codebuild ECR image with tag": {
		"input": _cfn({"Build": _cb("123456789012.dkr.ecr.eu-west-1.amazonaws.com/build-tools:2024.12")}),
		"want": {["Resources", "Build", "Properties", "Environment", "Image"]},
	},
	"cloudformation codebuild AWS-managed image": {
		"input": _cfn({"Build": _cb("aws/codebuild/amazonlinux2-x86_64-standard:5.0")}),
		"want": set(),
	},
	"cloudformation codebuild AWS-managed image on public ECR": {
		"input": _cfn({"Build": _cb("public.ecr.aws/codebuild/amazonlinux-x86_64-standard:5.0")}),
		"want": set(),
	},
	"cloudformation codebuild pinned": {
		"input": _cfn({"Build": _cb(_pinned("123456789012.dkr.ecr.eu-west-1.amazonaws.com/build-tools"))}),
		"want": set(),
	},
	"cloudformation codebuild Sub is not judged": {
		"input": _cfn({"Build": _cb({"Fn::Sub": "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/tools:1"})}),
		"want": set(),
	},
	"terraform codebuild": {
		"input": _tf_cb("hashicorp/terraform:1.10"),
		"want": {["resource", "aws_codebuild_project", "build", "environment", 0, "image"]},
	},
	"terraform codebuild AWS-managed": {
		"input": _tf_cb("aws/codebuild/standard:7.0"),
		"want": set(),
	},
	"terraform codebuild unknown reference": {
		"input": _tf_cb("${aws_ecr_repository.tools.repository_url}:1.4"),
		"want": set(),
	},
	"cloudformation task definition": {
		"input": _cfn({"Task": _td(["nginx:1.27", _pinned("public.ecr.aws/aws-observability/aws-otel-collector:v0.41.1"), {"Ref": "Image"}])}),
		"want": {["Resources", "Task", "Properties", "ContainerDefinitions", 0, "Image"]},
	},
	"terraform task definition jsonencode": {
		"input": _tf_td([{"name": "api", "image": "${aws_ecr_repository.api.repository_url}:latest"}, {"name": "proxy", "image": _pinned("envoyproxy/envoy:v1.32.2")}, {"name": "app", "image": "${var.image}"}]),
		"want": {["resource", "aws_ecs_task_definition", "api", "container_definitions", 0, "image"]},
	},
	"terraform task definition JSON string": {
		"input": _tf_td(`[{"name": "api", "image": "nginx"}, {"name": "log", "image": "fluent/fluent-bit:3.2"}]`),
		"want": {["resource", "aws_ecs_task_definition", "api", "container_definitions"]},
	},
	"terraform task definition JSON string pinned": {
		"input": _tf_td(sprintf(`[{"name": "api", "image": "%s"}]`, [_pinned("nginx:1.27")])),
		"want": set(),
	},
	"template with an image key elsewhere is not GitLab": {
		"input": {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"PackageType": "Image"}}}, "image": "x"},
		"want": set(),
	},
}

test_aws_cases[name] if {
	some name, c in aws_cases
	got := _got with input as c.input
	got == c.want
}

test_message_codebuild if {
	some v in rule.deny with input as _cfn({"Build": _cb("node:20")})
	v.msg == "image node:20 uses tag 20, which can be moved to a different image; pin it by digest (node:20@sha256:…) so the build project always runs the image that was reviewed"
}

test_message_task_definition if {
	some v in rule.deny with input as _tf_td(`[{"name": "api", "image": "nginx"}]`)
	v.msg == "image nginx has no tag, so it runs whatever latest is today; pin it by digest (nginx@sha256:…) so the task definition always runs the image that was reviewed"
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_tag if {
	some v in rule.deny with input as {"test": {"image": "python:3.12", "script": ["pytest"]}}
	v.msg == "image python:3.12 uses tag 3.12, which can be moved to a different image; pin it by digest (python:3.12@sha256:…) so the pipeline always runs the image that was reviewed"
}

test_message_no_tag if {
	some v in rule.deny with input as {"image": "ruby", "test": {"script": ["rake"]}}
	v.msg == "image ruby has no tag, so it runs whatever latest is today; pin it by digest (ruby@sha256:…) so the pipeline always runs the image that was reviewed"
}

test_message_latest if {
	some v in rule.deny with input as _wf({"container": "node:latest"})
	v.msg == "image node:latest uses the latest tag, which moves with every release; pin it by digest (node:latest@sha256:…) so the pipeline always runs the image that was reviewed"
}
