package rampart.rules.pipeline.self_hosted_runner_on_pull_request_test

import data.rampart.rules.pipeline.self_hosted_runner_on_pull_request as rule

_wf(on, runs_on) := {"on": on, "permissions": {}, "jobs": {"test": {"runs-on": runs_on, "steps": [{"run": "make test"}]}}}

_got := {v.path | some v in rule.deny}

cases := {
	"string label": {
		"input": _wf("pull_request", "self-hosted"),
		"want": {["jobs", "test", "runs-on"]},
	},
	"list of labels": {
		"input": _wf(["push", "pull_request"], ["self-hosted", "linux", "x64"]),
		"want": {["jobs", "test", "runs-on", 0]},
	},
	"label in another case": {
		"input": _wf({"pull_request_target": {"types": ["opened"]}}, ["linux", "Self-Hosted"]),
		"want": {["jobs", "test", "runs-on", 1]},
	},
	"group with labels": {
		"input": _wf({"pull_request": null}, {"group": "ci", "labels": ["self-hosted", "gpu"]}),
		"want": {["jobs", "test", "runs-on", "labels", 0]},
	},
	"group with a single label": {
		"input": _wf("pull_request", {"group": "ci", "labels": "self-hosted"}),
		"want": {["jobs", "test", "runs-on", "labels"]},
	},
	"matrix value": {
		"input": {"on": "pull_request", "jobs": {"test": {"runs-on": "${{ matrix.runner }}", "strategy": {"matrix": {"runner": ["ubuntu-24.04", "self-hosted"]}}, "steps": []}}},
		"want": {["jobs", "test", "runs-on"]},
	},
	"matrix include of a label list": {
		"input": {"on": "pull_request", "jobs": {"test": {"runs-on": "${{matrix.os}}", "strategy": {"matrix": {"include": [{"os": "ubuntu-24.04"}, {"os": ["self-hosted", "arm64"]}]}}, "steps": []}}},
		"want": {["jobs", "test", "runs-on"]},
	},
	"self-hosted on push only": {
		"input": _wf(["push", "workflow_dispatch"], ["self-hosted", "linux"]),
		"want": set(),
	},
	"GitHub-hosted on pull request": {
		"input": _wf("pull_request", "ubuntu-24.04"),
		"want": set(),
	},
	"runner group without labels": {
		"input": _wf("pull_request", {"group": "large-runners"}),
		"want": set(),
	},
	"matrix without self-hosted": {
		"input": {"on": "pull_request", "jobs": {"test": {"runs-on": "${{ matrix.os }}", "strategy": {"matrix": {"os": ["ubuntu-24.04", "macos-14"]}}, "steps": []}}},
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message if {
	some v in rule.deny with input as _wf(["pull_request_target", "pull_request", "push"], "self-hosted")
	v.msg == `job "test" runs on a self-hosted runner although the workflow runs on pull_request and pull_request_target, so a pull request from a fork runs its code on your machine; run pull request jobs on GitHub-hosted runners and keep self-hosted ones for trusted branches`
}
