# METADATA
# title: Pipeline pushes a container image it never scanned for vulnerabilities
# description: |
#   An image pushed to a registry is one `docker pull` (or one ECS/EKS rollout) away from
#   production. Scanning it in the pipeline that builds it, and failing the build on critical
#   findings, is the cheapest place to stop a base image with a known remote-code-execution
#   bug or a dependency that was compromised upstream. ECR's scan on push reports findings
#   but stops nothing: somebody has to read them, or a step has to wait for them.
#
#   The rule reads buildspec commands, GitHub Actions jobs and GitLab CI jobs. It fires on a
#   push of a container image: `docker push`/`docker image push`, `docker buildx build --push`
#   (or `--output type=registry`/`push=true`, also `docker build` and `buildx bake`),
#   `docker compose push`, `podman push`, `buildah push`, `crane push`, the kaniko executor
#   given a `--destination`, and `docker/build-push-action` with `push` not `false`; when no
#   vulnerability scan of an image runs in the same unit of work:
#
#   - buildspec: any command of any phase (a failing scan fails the build, and the pipeline
#     stops before its deploy stage);
#   - GitHub Actions: any step of the same job, or of a job connected to it through `needs:`
#     (a scan job the deploy waits for, or the build job a promotion job waits for);
#   - GitLab CI: any script line of the same job, `default:`/global scripts, any other job of
#     the file (GitLab runs scan jobs in their own stage), an include of GitLab's Container
#     Scanning template or component, or a job named `container_scanning`.
#
#   Scanners: `trivy image`, `grype`, `docker scout cves`, `snyk container test`, `aws ecr
#   start-image-scan`/`describe-image-scan-findings`/`wait image-scan-complete`, and the
#   actions `aquasecurity/trivy-action` (image scans), `anchore/scan-action`,
#   `docker/scout-action`, `snyk/actions/docker`. The order inside a job is not judged: a scan
#   after the push still fails the job before anything after it runs. A scan configured
#   outside the file (ECR enhanced scanning with an EventBridge gate, an admission controller)
#   is not visible to the rule; suppress the finding with that reason.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
#     description: Scan images for software vulnerabilities in Amazon ECR
#   - ref: https://docs.docker.com/build/ci/github-actions/test-before-push/
#     description: Test (and scan) before push with GitHub Actions
#   - ref: https://docs.gitlab.com/ee/user/application_security/container_scanning/
#     description: GitLab Container Scanning
#   - ref: https://github.com/aquasecurity/trivy-action
#     description: aquasecurity/trivy-action
# custom:
#   id: supply-chain/unscanned-image-push
#   severity: medium
#   kinds: [buildspec, github-actions, gitlab-ci]
#   remediation: >-
#     Scan the image before it is pushed or deployed and fail on serious findings: `trivy image
#     --exit-code 1 --severity HIGH,CRITICAL "$IMAGE"`, `grype "$IMAGE" --fail-on high`,
#     aquasecurity/trivy-action, or for ECR `aws ecr wait image-scan-complete` followed by
#     `aws ecr describe-image-scan-findings`; in GitLab, include the Container Scanning template.
#   threat: >-
#     An image with a known exploitable vulnerability or a compromised dependency is published
#     and deployed with nobody told.
package rampart.rules["supply-chain"].unscanned_image_push

import data.rampart.lib.github
import data.rampart.lib.result
import data.rampart.lib.shell

_advice := "scan it first and fail on serious findings (trivy image --exit-code 1 --severity HIGH,CRITICAL, grype --fail-on high, docker scout cves --exit-code, or aws ecr wait image-scan-complete + describe-image-scan-findings)"

# ---- Findings ---------------------------------------------------------------------------------

deny contains result.violation(msg, p.path) if {
	some p in _pushes
	not _scanned(p.unit)
	msg := sprintf("%s pushes a container image that no step of %s scans for vulnerabilities; %s", [p.what, _unit_label(p.unit), _advice])
}

_unit_label(["buildspec"]) := "the buildspec"

_unit_label(["job", job]) := sprintf("job %q (or the jobs it needs or that need it)", [job])

_unit_label(["action"]) := "the action"

_unit_label(["gitlab", job]) := sprintf("job %q or any other job of the file", [job])

# ---- Units of work ----------------------------------------------------------------------------

# _unit(path) names where a command line runs: the buildspec, a GitHub job (or composite
# action), or a GitLab job.
_unit(path) := ["buildspec"] if {
	path[0] == "phases"
} else := ["job", path[1]] if {
	path[0] == "jobs"
} else := ["action"] if {
	path[0] == "runs"
} else := ["gitlab", path[0]]

# ---- Pushes -----------------------------------------------------------------------------------

_pushes contains {"path": c.path, "unit": _unit(c.path), "what": shell.quote(c.text)} if {
	some c in shell.commands
	not c.nested
	_pushes_image(c)
}

_pushes contains {"path": path, "unit": _unit(s.path), "what": sprintf("the %s step", [github.action_name(s.step.uses)])} if {
	some s in github.steps
	is_string(s.step.uses)
	github.action_name(s.step.uses) == "docker/build-push-action"
	some path in _build_push_path(s)
}

_build_push_path(s) := [array.concat(s.path, ["with", "push"])] if {
	v := s.step["with"].push
	not _false(v)
} else := [array.concat(s.path, ["with", "outputs"])] if {
	is_string(s.step["with"].outputs)
	_registry_output(s.step["with"].outputs)
} else := []

_false(v) if v == false

_false(v) if {
	is_string(v)
	lower(trim_space(v)) == "false"
}

_registry_output(s) if regex.match(`type=registry|push=true`, s)

_argv(c) := [shell.unquote(w) | some w in c.argv]

# docker push, docker image push, podman push, buildah push, crane push
_pushes_image(c) if {
	c.name in {"docker", "podman", "buildah", "crane", "nerdctl"}
	a := _argv(c)
	_sub(a, 1) == "push"
}

_pushes_image(c) if {
	c.name in {"docker", "podman", "nerdctl"}
	a := _argv(c)
	_sub(a, 1) == "image"
	_sub(a, 2) == "push"
}

# docker compose push / docker-compose push
_pushes_image(c) if {
	c.name == "docker"
	a := _argv(c)
	_sub(a, 1) == "compose"
	"push" in a
}

_pushes_image(c) if {
	c.name == "docker-compose"
	"push" in _argv(c)
}

# docker buildx build --push, docker build --push (buildx is the default builder), buildx bake
_pushes_image(c) if {
	c.name in {"docker", "podman"}
	a := _argv(c)
	_builds(a)
	_build_pushes(a)
}

_pushes_image(c) if {
	c.name == "docker-buildx"
	a := _argv(c)
	_sub(a, 1) in {"build", "bake"}
	_build_pushes(a)
}

# kaniko: /kaniko/executor --destination registry/image:tag
_pushes_image(c) if {
	c.name == "executor"
	_has_destination(_argv(c))
	not shell.has_option(_argv(c), ["--no-push"])
}

_has_destination(a) if shell.has_option(a, ["--destination", "-d"])

# The subcommand at position i, skipping nothing: argv[i] or "".
_sub(a, i) := a[i] if count(a) > i

else := ""

_builds(a) if a[1] in {"build", "buildx"}

_build_pushes(a) if shell.has_option(a, ["--push"])

_build_pushes(a) if {
	some i, w in a
	w in {"--output", "-o"}
	_registry_output(a[i + 1])
}

_build_pushes(a) if {
	some w in a
	startswith(w, "--output=")
	_registry_output(w)
}

_build_pushes(a) if {
	some w in a
	startswith(w, "--set=")
	contains(w, "output=type=registry")
}

# ---- Scans ------------------------------------------------------------------------------------

_scan_units contains _unit(c.path) if {
	some c in shell.commands
	_scans_image(c)
}

_scan_units contains _unit(s.path) if {
	some s in github.steps
	is_string(s.step.uses)
	_scan_action(s.step)
}

_scans_image(c) if {
	c.name == "trivy"
	some w in _argv(c)
	w in {"image", "i"}
}

_scans_image(c) if c.name == "grype"

_scans_image(c) if {
	c.name in {"docker", "docker-scout"}
	a := _argv(c)
	"scout" in a
	"cves" in a
}

_scans_image(c) if {
	c.name == "docker-scout"
	"cves" in _argv(c)
}

_scans_image(c) if {
	c.name == "snyk"
	a := _argv(c)
	_sub(a, 1) == "container"
	_sub(a, 2) == "test"
}

_scans_image(c) if {
	c.name == "aws"
	a := _argv(c)
	"ecr" in a
	some w in a
	w in {"start-image-scan", "describe-image-scan-findings", "image-scan-complete"}
}

# A scanner run from its image: docker run aquasec/trivy image …, docker run anchore/grype …
_scans_image(c) if {
	c.name in {"docker", "podman"}
	a := _argv(c)
	"run" in a
	some w in a
	regex.match(`(^|/)(aquasec/trivy|anchore/grype|docker/scout-cli)(:|@|$)`, w)
}

_scan_action(step) if {
	github.action_name(step.uses) == "aquasecurity/trivy-action"
	lower(object.get(object.get(step, "with", {}), "scan-type", "image")) == "image"
}

_scan_action(step) if github.action_name(step.uses) in {"anchore/scan-action", "docker/scout-action"}

_scan_action(step) if startswith(lower(step.uses), "snyk/actions/docker")

# _scanned(unit): a scan covers the pushes of the unit.
_scanned(unit) if unit in _scan_units

# GitHub: a scan in a job linked to this one through needs:, either way.
_scanned(["job", job]) if {
	some other in _linked[job]
	["job", other] in _scan_units
}

# GitLab: a scan anywhere in the file, GitLab's template or component, or its job.
_scanned(["gitlab", _]) if {
	some u in _scan_units
	u[0] == "gitlab"
}

_scanned(["gitlab", _]) if _gitlab_container_scanning

_gitlab_container_scanning if shell.gitlab_jobs.container_scanning

_gitlab_container_scanning if {
	some inc in _includes
	some v in _include_refs(inc)
	regex.match(`(?i)container[-_]scanning|Auto-DevOps\.gitlab-ci\.yml`, v)
}

_includes := input.include if is_array(input.include)

else := [input.include] if input.include

else := []

_include_refs(inc) := [inc] if is_string(inc)

_include_refs(inc) := [v |
	some k in ["template", "component", "project", "file", "local", "remote"]
	v := inc[k]
	is_string(v)
] if is_object(inc)

# ---- GitHub job graph -------------------------------------------------------------------------

_needs[job] := {n | some n in github.as_list(object.get(body, "needs", [])); is_string(n)} if {
	some job, body in github.jobs
}

_needed_by[job] := {j | some j, ns in _needs; job in ns} if some job, _ in github.jobs

_linked[job] := graph.reachable(_needs, {job}) | graph.reachable(_needed_by, {job}) if some job, _ in github.jobs
