package rampart.rules.pipeline.untrusted_checkout_test

import data.rampart.rules.pipeline.untrusted_checkout as rule

_co := "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"

_wf(on, steps) := {"on": on, "permissions": {}, "jobs": {"build": {"runs-on": "ubuntu-24.04", "steps": steps}}}

_checkout(w) := {"uses": _co, "with": w}

_ref(i) := ["jobs", "build", "steps", i, "with", "ref"]

_got := {v.path | some v in rule.deny}

cases := {
	"pull_request_target, head sha": {
		"input": _wf("pull_request_target", [_checkout({"ref": "${{ github.event.pull_request.head.sha }}"}), {"run": "npm ci && npm test"}]),
		"want": {_ref(0)},
	},
	"pull_request_target, head_ref in a mapping trigger": {
		"input": _wf({"pull_request_target": {"types": ["labeled"]}}, [_checkout({"ref": "${{ github.head_ref }}"})]),
		"want": {_ref(0)},
	},
	"merge ref": {
		"input": _wf(["pull_request_target"], [_checkout({"ref": "refs/pull/${{ github.event.pull_request.number }}/merge"})]),
		"want": {_ref(0)},
	},
	"workflow_run head sha, second step": {
		"input": _wf({"workflow_run": {"workflows": ["CI"], "types": ["completed"]}}, [{"run": "echo"}, _checkout({"ref": "${{ github.event.workflow_run.head_sha }}"})]),
		"want": {_ref(1)},
	},
	"fork repository only": {
		"input": _wf("pull_request_target", [_checkout({"repository": "${{ github.event.pull_request.head.repo.full_name }}"})]),
		"want": {["jobs", "build", "steps", 0, "with", "repository"]},
	},
	"fork repository and head ref: one finding on ref": {
		"input": _wf("pull_request_target", [_checkout({"repository": "${{ github.event.pull_request.head.repo.full_name }}", "ref": "${{ github.event.pull_request.head.ref }}"})]),
		"want": {_ref(0)},
	},
	"issue_comment checks out the pull request": {
		"input": _wf("issue_comment", [_checkout({"ref": "refs/pull/${{ github.event.issue.number }}/head"})]),
		"want": {_ref(0)},
	},
	"gh pr checkout": {
		"input": _wf("issue_comment", [_checkout({}), {"run": "gh pr checkout ${{ github.event.issue.number }}\nmake test"}]),
		"want": {["jobs", "build", "steps", 1, "run"]},
	},
	"git fetch of the pull ref": {
		"input": _wf("pull_request_target", [{"run": "git fetch origin pull/${{ github.event.number }}/head:pr && git checkout pr"}]),
		"want": {["jobs", "build", "steps", 0, "run"]},
	},
	"index syntax": {
		"input": _wf("pull_request_target", [_checkout({"ref": "${{ github.event['pull_request']['head']['sha'] }}"})]),
		"want": {_ref(0)},
	},
	"pull_request (unprivileged) with head sha": {
		"input": _wf("pull_request", [_checkout({"ref": "${{ github.event.pull_request.head.sha }}"})]),
		"want": set(),
	},
	"pull_request_target checking out the base": {
		"input": _wf("pull_request_target", [_checkout({"persist-credentials": false}), {"run": "./label.sh"}]),
		"want": set(),
	},
	"pull_request_target with an explicit base ref": {
		"input": _wf("pull_request_target", [_checkout({"ref": "${{ github.event.pull_request.base.sha }}"})]),
		"want": set(),
	},
	"workflow_run checking out the default branch": {
		"input": _wf("workflow_run", [_checkout({"ref": "main"})]),
		"want": set(),
	},
	"another action with a ref input": {
		"input": _wf("pull_request_target", [{"uses": "acme/diff@0123456789abcdef0123456789abcdef01234567", "with": {"ref": "${{ github.event.pull_request.head.sha }}"}}]),
		"want": set(),
	},
	"gh pr commands that do not check out": {
		"input": _wf("pull_request_target", [{"run": "gh pr comment ${{ github.event.number }} --body ok\ngh pr view --json files"}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_checkout if {
	some v in rule.deny with input as _wf(["pull_request_target", "push"], [_checkout({"ref": "${{ github.event.pull_request.head.sha }}"})])
	v.msg == "this pull_request_target workflow checks out ${{ github.event.pull_request.head.sha }}, the pull request's own code, with the base repository's secrets and GITHUB_TOKEN; build and test pull requests in a pull_request workflow instead, and never run their code here"
}

test_message_run if {
	some v in rule.deny with input as _wf("issue_comment", [{"run": "gh pr checkout 42 && make"}])
	startswith(v.msg, "this issue_comment workflow fetches the pull request's own code (gh pr checkout 42) with")
}
