# METADATA
# title: Pipeline runs a container image that is not pinned to a digest
# description: |
#   A tag such as `node:20` or `latest` is a movable pointer: whoever can push to the
#   repository (or compromise the registry account) can point it at a different image, and the
#   next pipeline runs that image with the job's secrets. A digest (`@sha256:…`) names exactly
#   one image. Pin job, service and container images by digest and let a bot (Renovate,
#   Dependabot) propose updates as reviewed changes.
#
#   The rule reads GitHub Actions job `container` and `services` images and GitLab CI `image`
#   and `services` (jobs, hidden jobs, `default:` and the deprecated top-level keys, string or
#   `name:` form). It fires when an image has no `@sha256:` digest. A reference built from
#   variables (`$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA`, `${{ matrix.image }}`) cannot be judged and
#   is skipped unless its tag is literally `latest`.
#
#   It also reads the images AWS runs for the pipeline and the service: CodeBuild projects
#   (`AWS::CodeBuild::Project` `Environment.Image`, Terraform `aws_codebuild_project`
#   `environment.image`) and ECS task definitions (`AWS::ECS::TaskDefinition`
#   `ContainerDefinitions[].Image`, Terraform `aws_ecs_task_definition` `container_definitions`
#   written with `jsonencode` or as a JSON string). CodeBuild's AWS-managed images
#   (`aws/codebuild/standard:7.0`, `aws/codebuild/amazonlinux2-x86_64-standard:5.0`, and their
#   `public.ecr.aws/codebuild/` copies) are not reported: CodeBuild only accepts them by name
#   and version, AWS builds, patches and publishes them, and a project cannot pin them by
#   digest. Any other CodeBuild image (Docker Hub, ECR) is. Intrinsic functions
#   (`!Sub ${Repo}:${Tag}`, `!Ref Image`) are not judged.
# related_resources:
#   - ref: https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier
#     description: Pull an image by digest (immutable identifier)
#   - ref: https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idcontainer
#     description: GitHub Actions jobs.<job_id>.container
#   - ref: https://docs.gitlab.com/ee/ci/yaml/#image
#     description: GitLab CI/CD image keyword
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-available.html
#     description: Docker images provided by CodeBuild
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_image
#     description: ECS task definition container image parameter
# custom:
#   id: supply-chain/unpinned-image
#   severity: medium
#   kinds: [github-actions, gitlab-ci, cloudformation, terraform]
#   remediation: >-
#     Pin the image by digest (node:20.18.1@sha256:…), keeping the tag for readers, and update
#     it through reviewed pull requests.
#   threat: >-
#     A retagged or compromised image runs in the pipeline with its secrets and deploy
#     permissions.
package rampart.rules["supply-chain"].unpinned_image

import data.rampart.lib.result
import data.rampart.lib.shell

deny contains result.violation(msg, path) if {
	some path, ref in _images
	is_string(ref)
	not _pinned(ref)
	not _unknown(ref)
	msg := sprintf("image %s %s; pin it by digest (%s@sha256:…) so %s always runs the image that was reviewed", [ref, _why(ref), _repo_tag(ref), _runner(path)])
}

_pinned(ref) if regex.match(`@sha256:[0-9a-fA-F]{64}$`, ref)

# Built from variables: cannot be judged, unless tagged latest.
_unknown(ref) if {
	contains(ref, "$")
	_tag(ref) != "latest"
}

_why(ref) := "has no tag, so it runs whatever latest is today" if {
	_tag(ref) == ""
} else := "uses the latest tag, which moves with every release" if {
	_tag(ref) == "latest"
} else := sprintf("uses tag %s, which can be moved to a different image", [_tag(ref)])

# The tag is after the last colon that follows the last slash (a registry port is not a tag).
_tag(ref) := t if {
	name := split(ref, "@")[0]
	parts := split(name, "/")
	last := parts[count(parts) - 1]
	contains(last, ":")
	t := substring(last, indexof(last, ":") + 1, -1)
} else := ""

_repo_tag(ref) := split(ref, "@")[0]

_runner(path) := "the build project" if {
	path[1] == "aws_codebuild_project"
} else := "the build project" if {
	input.Resources[path[1]].Type == "AWS::CodeBuild::Project"
} else := "the task definition" if {
	path[1] == "aws_ecs_task_definition"
} else := "the task definition" if {
	input.Resources[path[1]].Type == "AWS::ECS::TaskDefinition"
} else := "the pipeline"

_workflow if is_object(input.jobs)

_template if is_object(input.Resources)

_template if is_object(input.resource)

# ---- CodeBuild projects and ECS task definitions ----

# AWS-managed CodeBuild images: versioned by AWS, not addressable by digest in a project.
_aws_managed(ref) if startswith(ref, "aws/codebuild/")

_aws_managed(ref) if startswith(ref, "public.ecr.aws/codebuild/")

_images[["Resources", name, "Properties", "Environment", "Image"]] := ref if {
	some name, r in input.Resources
	r.Type == "AWS::CodeBuild::Project"
	ref := r.Properties.Environment.Image
	is_string(ref)
	not _aws_managed(ref)
}

_images[["resource", "aws_codebuild_project", name, "environment", i, "image"]] := ref if {
	some name, r in input.resource.aws_codebuild_project
	some i, env in r.environment
	ref := env.image
	is_string(ref)
	not _aws_managed(ref)
}

_images[["Resources", name, "Properties", "ContainerDefinitions", i, "Image"]] := c.Image if {
	some name, r in input.Resources
	r.Type == "AWS::ECS::TaskDefinition"
	some i, c in r.Properties.ContainerDefinitions
	is_object(c)
}

# container_definitions = jsonencode([...]) arrives as the list.
_images[["resource", "aws_ecs_task_definition", name, "container_definitions", i, "image"]] := c.image if {
	some name, r in input.resource.aws_ecs_task_definition
	is_array(r.container_definitions)
	some i, c in r.container_definitions
	is_object(c)
}

# A JSON string (heredoc): the finding sits on the string.
_images[["resource", "aws_ecs_task_definition", name, "container_definitions"]] := bad[0] if {
	some name, r in input.resource.aws_ecs_task_definition
	is_string(r.container_definitions)
	json.is_valid(r.container_definitions)
	defs := json.unmarshal(r.container_definitions)
	is_array(defs)
	bad := sort([c.image |
		some c in defs
		is_object(c)
		is_string(c.image)
		not _pinned(c.image)
		not _unknown(c.image)
	])
	count(bad) > 0
}

# ---- GitHub Actions ----

_images[["jobs", job, "container"]] := body.container if {
	some job, body in input.jobs
	is_object(body)
	is_string(body.container)
}

_images[["jobs", job, "container", "image"]] := body.container.image if {
	some job, body in input.jobs
	is_object(body)
	is_object(body.container)
}

_images[["jobs", job, "services", name, "image"]] := svc.image if {
	some job, body in input.jobs
	is_object(body)
	is_object(body.services)
	some name, svc in body.services
	is_object(svc)
}

# ---- GitLab CI ----

# Holders of image/services: jobs, default:, and the top level (deprecated globals).
_holders[[name]] := body if {
	not _template
	some name, body in shell.gitlab_jobs
}

_holders[["default"]] := input["default"] if {
	not _workflow
	not _template
	is_object(input["default"])
}

_holders[[]] := input if {
	not _workflow
	not _template
}

_images[array.concat(p, ["image"])] := h.image if {
	some p, h in _holders
	is_string(h.image)
}

_images[array.concat(p, ["image", "name"])] := h.image.name if {
	some p, h in _holders
	is_object(h.image)
}

_images[array.concat(p, ["services", i])] := svc if {
	some p, h in _holders
	is_array(h.services)
	some i, svc in h.services
	is_string(svc)
}

_images[array.concat(p, ["services", i, "name"])] := svc.name if {
	some p, h in _holders
	is_array(h.services)
	some i, svc in h.services
	is_object(svc)
}
