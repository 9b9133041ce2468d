# METADATA
# title: CodeBuild project runs privileged without building container images
# description: |
#   Privileged mode gives the build container root access to the host's devices, which the
#   Docker daemon needs to build and run images inside CodeBuild. A build that does not use
#   containers gains nothing from it, and a compromised dependency or build script running in
#   it can escape the container's isolation far more easily.
#
#   The rule reads `AWS::CodeBuild::Project` (`Environment.PrivilegedMode`) in CloudFormation
#   and `aws_codebuild_project` (`environment { privileged_mode }`) in Terraform. It only fires
#   when the project's buildspec is inline (`Source.BuildSpec` / `source { buildspec }` holding
#   `phases`), so every command is visible, and nothing in it runs a container tool (`docker`,
#   `docker-compose`, `buildx`, `podman`, `buildah`, `nerdctl`, `finch`, `kaniko`, `dockerd`,
#   `testcontainers`) or something that may run one out of sight: a script of the repository
#   (`./build.sh`, `bash scripts/x`, `*.sh`), a package script or build tool (`npm run`,
#   `npm test`, `npx`, `yarn`, `pnpm`, `make`, `just`, `task`, `mvn`, `gradle`, `sbt`, `bazel`),
#   or a deploy tool that
#   builds images (`cdk`, `sam`, `copilot`, `serverless`, `skaffold`, `pack`, `ko`, `jib`).
#   With a buildspec file from the source (the default, or a file name), the commands cannot
#   be seen and the project is not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/codebuild-project-environment-privileged-check.html
#     description: "AWS Config rule codebuild-project-environment-privileged-check"
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codebuild-project-environment.html
#     description: AWS::CodeBuild::Project Environment (CloudFormation)
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codebuild_project
#     description: aws_codebuild_project (Terraform AWS provider)
# custom:
#   id: supply-chain/privileged-build
#   severity: low
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Set PrivilegedMode: false (CloudFormation) or privileged_mode = false (Terraform); keep it
#     only on projects that build or run container images.
#   threat: >-
#     A malicious dependency or build step escapes the build container through privileged
#     access and reaches the build host.
package rampart.rules["supply-chain"].privileged_build

import data.rampart.lib.aws
import data.rampart.lib.result

deny contains result.violation(msg, ["Resources", name, "Properties", "Environment", "PrivilegedMode"]) if {
	some name, r in aws.cfn["AWS::CodeBuild::Project"]
	p := aws.props(r)
	aws.literal_bool(p.Environment.PrivilegedMode) == true
	_needs_no_containers(aws.text(p.Source.BuildSpec))
	msg := sprintf(
		"CodeBuild project %s runs in privileged mode, but its inline buildspec builds and runs no container images; set PrivilegedMode: false",
		[name],
	)
}

deny contains result.violation(msg, ["resource", "aws_codebuild_project", name, "environment", i, "privileged_mode"]) if {
	some name, r in aws.tf_resources("aws_codebuild_project")
	some i, env in r.environment
	aws.literal_bool(env.privileged_mode) == true
	count(r.source) == 1
	spec := r.source[0].buildspec
	not contains(spec, "${")
	_needs_no_containers(spec)
	msg := sprintf(
		"CodeBuild project %s runs in privileged mode, but its inline buildspec builds and runs no container images; set privileged_mode = false",
		[name],
	)
}

# _needs_no_containers: an inline buildspec (it has phases) with nothing in it that uses, or may
# use, a container engine. Terraform text holding an unknown expression (`${...}`, a file())
# is not judged.
_needs_no_containers(spec) if {
	is_string(spec)
	regex.match(`(^|\n)\s*"?phases"?\s*:`, spec)
	not regex.match(_container_tools, lower(spec))
}

# Words that mean a container engine is, or may be, used: container tools, scripts of the
# repository, task runners and build tools that can build images.
_container_tools := concat("", [
	`(^|[^a-z0-9_-])(`,
	`docker|docker-compose|buildx|podman|buildah|nerdctl|finch|kaniko|executor|dockerd|containerd|testcontainers|img|`,
	`make|just|task|rake|npx|yarn|pnpm|mvn|mvnw|gradle|gradlew|sbt|bazel|bazelisk|earthly|`,
	`cdk|sam|copilot|serverless|sls|skaffold|tilt|pack|ko|jib|bash|sh|zsh|source`,
	`)($|[^a-z0-9_-])|npm\s+(run|run-script|test|t|start|exec)\b|\.sh\b|(^|[\s;&|(])\.\.?/[a-z0-9_]|(^|\s)\.\s`,
])
