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
