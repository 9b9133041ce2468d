package rampart.rules["supply-chain"].unscanned_image_push_test

import data.rampart.rules["supply-chain"].unscanned_image_push as rule

_bs(phases) := {"version": 0.2, "phases": phases}

_bs_build(cmds) := _bs({"build": {"commands": cmds}})

_gh(jobs) := {"on": "push", "jobs": jobs}

_job(steps) := {"runs-on": "ubuntu-24.04", "steps": steps}

_gh1(steps) := _gh({"build": _job(steps)})

_bpa(w) := {"uses": "docker/build-push-action@v6", "with": w}

_got := {v.path | some v in rule.deny}

cases := {
	# buildspec
	"buildspec docker push": {
		"input": _bs_build(["docker build -t $REPO:$TAG .", "docker push $REPO:$TAG"]),
		"want": {["phases", "build", "commands", 1]},
	},
	"buildspec push in post_build": {
		"input": _bs({"build": {"commands": ["docker build -t $IMAGE ."]}, "post_build": {"commands": ["docker push $IMAGE", "printf '[]' > imagedefinitions.json"]}}),
		"want": {["phases", "post_build", "commands", 0]},
	},
	"buildspec buildx --push": {
		"input": _bs_build(["docker buildx build --platform linux/arm64 -t $IMAGE --push ."]),
		"want": {["phases", "build", "commands", 0]},
	},
	"buildspec buildx --output type=registry": {
		"input": _bs_build(["docker buildx build -t $IMAGE --output type=registry ."]),
		"want": {["phases", "build", "commands", 0]},
	},
	"buildspec docker image push with sudo": {
		"input": _bs_build(["sudo docker image push $IMAGE"]),
		"want": {["phases", "build", "commands", 0]},
	},
	"buildspec podman and buildah": {
		"input": _bs_build(["podman push $IMAGE", "buildah push $IMAGE docker://$IMAGE"]),
		"want": {["phases", "build", "commands", 0], ["phases", "build", "commands", 1]},
	},
	"buildspec push after && ": {
		"input": _bs_build(["docker tag app $IMAGE && docker push $IMAGE"]),
		"want": {["phases", "build", "commands", 0]},
	},
	"buildspec scan in pre_build counts": {
		"input": _bs({"build": {"commands": ["docker build -t $IMAGE .", "trivy image --exit-code 1 --severity CRITICAL $IMAGE"]}, "post_build": {"commands": ["docker push $IMAGE"]}}),
		"want": set(),
	},
	"buildspec ECR scan findings count": {
		"input": _bs_build(["docker push $IMAGE", "aws ecr wait image-scan-complete --repository-name app --image-id imageTag=$TAG", "aws ecr describe-image-scan-findings --repository-name app --image-id imageTag=$TAG"]),
		"want": set(),
	},
	"buildspec grype": {
		"input": _bs_build(["grype $IMAGE --fail-on high", "docker push $IMAGE"]),
		"want": set(),
	},
	"buildspec docker scout cves": {
		"input": _bs_build(["docker scout cves --exit-code --only-severity critical $IMAGE", "docker push $IMAGE"]),
		"want": set(),
	},
	"buildspec snyk container test": {
		"input": _bs_build(["snyk container test $IMAGE --severity-threshold=high", "docker push $IMAGE"]),
		"want": set(),
	},
	"buildspec trivy from its image": {
		"input": _bs_build(["docker run --rm -v /var/run/docker.sock:/var/run/docker.sock aquasec/trivy:0.58.1 image $IMAGE", "docker push $IMAGE"]),
		"want": set(),
	},
	"buildspec trivy fs is not an image scan": {
		"input": _bs_build(["trivy fs --exit-code 1 .", "docker push $IMAGE"]),
		"want": {["phases", "build", "commands", 1]},
	},
	"buildspec build without push": {
		"input": _bs_build(["docker build -t app .", "docker run --rm app npm test"]),
		"want": set(),
	},
	"buildspec docker pull and login": {
		"input": _bs_build(["aws ecr get-login-password | docker login --username AWS --password-stdin $REGISTRY", "docker pull $IMAGE"]),
		"want": set(),
	},
	"echo of a push is not a push": {
		"input": _bs_build([`echo "run docker push $IMAGE"`]),
		"want": set(),
	},
	# GitHub Actions
	"workflow run docker push": {
		"input": _gh1([{"uses": "actions/checkout@v4"}, {"run": "docker build -t $IMAGE .\ndocker push $IMAGE"}]),
		"want": {["jobs", "build", "steps", 1, "run"]},
	},
	"workflow build-push-action push true": {
		"input": _gh1([_bpa({"push": true, "tags": "ghcr.io/o/app:1"})]),
		"want": {["jobs", "build", "steps", 0, "with", "push"]},
	},
	"workflow build-push-action push expression": {
		"input": _gh1([_bpa({"push": "${{ github.event_name != 'pull_request' }}", "tags": "ghcr.io/o/app:1"})]),
		"want": {["jobs", "build", "steps", 0, "with", "push"]},
	},
	"workflow build-push-action outputs registry": {
		"input": _gh1([_bpa({"outputs": "type=image,name=ghcr.io/o/app,push=true"})]),
		"want": {["jobs", "build", "steps", 0, "with", "outputs"]},
	},
	"workflow build-push-action push false": {
		"input": _gh1([_bpa({"push": false, "load": true, "tags": "app:test"})]),
		"want": set(),
	},
	"workflow build-push-action no push": {
		"input": _gh1([_bpa({"tags": "app:test"})]),
		"want": set(),
	},
	"workflow trivy-action before push": {
		"input": _gh1([
			_bpa({"load": true, "tags": "app:test"}),
			{"uses": "aquasecurity/trivy-action@0.28.0", "with": {"image-ref": "app:test", "exit-code": "1"}},
			_bpa({"push": true, "tags": "ghcr.io/o/app:1"}),
		]),
		"want": set(),
	},
	"workflow trivy-action fs scan does not count": {
		"input": _gh1([
			{"uses": "aquasecurity/trivy-action@0.28.0", "with": {"scan-type": "fs", "scan-ref": "."}},
			_bpa({"push": true, "tags": "ghcr.io/o/app:1"}),
		]),
		"want": {["jobs", "build", "steps", 1, "with", "push"]},
	},
	"workflow anchore scan-action": {
		"input": _gh1([{"uses": "anchore/scan-action@v6", "with": {"image": "app:test"}}, {"run": "docker push ghcr.io/o/app:1"}]),
		"want": set(),
	},
	"workflow scan in a job that needs the build": {
		"input": _gh({
			"build": _job([_bpa({"push": true, "tags": "ghcr.io/o/app:1"})]),
			"scan": object.union(_job([{"uses": "docker/scout-action@v1", "with": {"command": "cves", "image": "ghcr.io/o/app:1"}}]), {"needs": "build"}),
			"deploy": object.union(_job([{"run": "kubectl apply -f k8s/"}]), {"needs": ["scan"]}),
		}),
		"want": set(),
	},
	"workflow scan in an unrelated job": {
		"input": _gh({
			"build": _job([_bpa({"push": true, "tags": "ghcr.io/o/app:1"})]),
			"audit": _job([{"run": "trivy image ghcr.io/o/app:main"}]),
		}),
		"want": {["jobs", "build", "steps", 0, "with", "push"]},
	},
	"composite action push": {
		"input": {"runs": {"using": "composite", "steps": [{"run": "docker push $IMAGE", "shell": "bash"}]}},
		"want": {["runs", "steps", 0, "run"]},
	},
	# GitLab CI
	"gitlab kaniko": {
		"input": {"build": {"image": {"name": "gcr.io/kaniko-project/executor:debug", "entrypoint": [""]}, "script": ["/kaniko/executor --context $CI_PROJECT_DIR --destination $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"]}},
		"want": {["build", "script", 0]},
	},
	"gitlab kaniko --no-push": {
		"input": {"build": {"script": ["/kaniko/executor --context . --destination $IMAGE --no-push"]}},
		"want": set(),
	},
	"gitlab docker push": {
		"input": {"build": {"script": ["docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .", "docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"]}},
		"want": {["build", "script", 1]},
	},
	"gitlab container scanning template": {
		"input": {"include": [{"template": "Jobs/Container-Scanning.gitlab-ci.yml"}], "build": {"script": ["docker push $IMAGE"]}},
		"want": set(),
	},
	"gitlab container scanning template as a string": {
		"input": {"include": {"template": "Security/Container-Scanning.gitlab-ci.yml"}, "build": {"script": ["docker push $IMAGE"]}},
		"want": set(),
	},
	"gitlab container scanning component": {
		"input": {"include": [{"component": "$CI_SERVER_FQDN/components/container-scanning/container-scanning@6"}], "build": {"script": ["docker push $IMAGE"]}},
		"want": set(),
	},
	"gitlab container_scanning job": {
		"input": {"container_scanning": {"variables": {"CS_IMAGE": "$IMAGE"}}, "build": {"script": ["docker push $IMAGE"]}},
		"want": set(),
	},
	"gitlab scan job in the file": {
		"input": {"build": {"stage": "build", "script": ["docker push $IMAGE"]}, "scan": {"stage": "test", "script": ["trivy image --exit-code 1 $IMAGE"]}},
		"want": set(),
	},
	"gitlab other include does not count": {
		"input": {"include": [{"template": "Jobs/SAST.gitlab-ci.yml"}], "build": {"script": ["docker push $IMAGE"]}},
		"want": {["build", "script", 0]},
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_buildspec if {
	some v in rule.deny with input as _bs_build(["docker push $REPO:$TAG"])
	v.msg == "`docker push $REPO:$TAG` pushes a container image that no step of the buildspec scans for vulnerabilities; scan it first and fail on serious findings (trivy image --exit-code 1 --severity HIGH,CRITICAL, grype --fail-on high, docker scout cves --exit-code, or aws ecr wait image-scan-complete + describe-image-scan-findings)"
}

test_message_action if {
	some v in rule.deny with input as _gh1([_bpa({"push": true})])
	startswith(v.msg, "the docker/build-push-action step pushes a container image that no step of job \"build\" (or the jobs it needs or that need it) scans")
}

test_message_masks_credentials if {
	some v in rule.deny with input as _bs_build(["docker push https://ci:hunter2hunter2@registry.example.com/app"])
	not contains(v.msg, "hunter2hunter2")
}
