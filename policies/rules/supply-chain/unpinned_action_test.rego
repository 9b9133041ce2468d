package rampart.rules["supply-chain"].unpinned_action_test

import data.rampart.rules["supply-chain"].unpinned_action as rule

_sha := "11bd71901bbe5b1630ceea73d27597364c9af683"

_wf(steps) := {"on": "push", "permissions": {}, "jobs": {"build": {"runs-on": "ubuntu-24.04", "steps": steps}}}

_got := {v.path | some v in rule.deny}

cases := {
	"tag": {
		"input": _wf([{"uses": "actions/checkout@v4"}]),
		"want": {["jobs", "build", "steps", 0, "uses"]},
	},
	"branch, second step": {
		"input": _wf([{"uses": sprintf("actions/checkout@%s", [_sha])}, {"uses": "some-user/deploy-action@main"}]),
		"want": {["jobs", "build", "steps", 1, "uses"]},
	},
	"short SHA": {
		"input": _wf([{"uses": "actions/setup-go@0c52d54"}]),
		"want": {["jobs", "build", "steps", 0, "uses"]},
	},
	"no ref at all": {
		"input": _wf([{"uses": "actions/checkout"}]),
		"want": {["jobs", "build", "steps", 0, "uses"]},
	},
	"action in a subdirectory": {
		"input": _wf([{"uses": "github/codeql-action/init@v3"}]),
		"want": {["jobs", "build", "steps", 0, "uses"]},
	},
	"docker tag": {
		"input": _wf([{"uses": "docker://alpine:3.20"}]),
		"want": {["jobs", "build", "steps", 0, "uses"]},
	},
	"docker without tag": {
		"input": _wf([{"uses": "docker://ghcr.io/acme/tool"}]),
		"want": {["jobs", "build", "steps", 0, "uses"]},
	},
	"docker malformed digest": {
		"input": _wf([{"uses": "docker://alpine@sha256:abc"}]),
		"want": {["jobs", "build", "steps", 0, "uses"]},
	},
	"reusable workflow on a branch": {
		"input": {"on": "push", "jobs": {"deploy": {"uses": "acme/infra/.github/workflows/deploy.yml@main"}}},
		"want": {["jobs", "deploy", "uses"]},
	},
	"composite action step": {
		"input": {"runs": {"using": "composite", "steps": [{"uses": "actions/cache@v4"}]}},
		"want": {["runs", "steps", 0, "uses"]},
	},
	"full SHA": {
		"input": _wf([{"uses": sprintf("actions/checkout@%s", [_sha])}]),
		"want": set(),
	},
	"full SHA upper case": {
		"input": _wf([{"uses": sprintf("actions/checkout@%s", [upper(_sha)])}]),
		"want": set(),
	},
	"local action": {
		"input": _wf([{"uses": "./.github/actions/setup"}]),
		"want": set(),
	},
	"local reusable workflow": {
		"input": {"on": "push", "jobs": {"deploy": {"uses": "./.github/workflows/deploy.yml"}}},
		"want": set(),
	},
	"docker digest": {
		"input": _wf([{"uses": "docker://alpine@sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a"}]),
		"want": set(),
	},
	"run step": {
		"input": _wf([{"run": "make"}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_exempt_owner if {
	got := _got with input as _wf([{"uses": "Acme/setup@v1"}, {"uses": "other/setup@v1"}])
		with data.rampart.config.unpinned_action_exempt_owners as ["acme"]
	got == {["jobs", "build", "steps", 1, "uses"]}
}

test_message_tag if {
	some v in rule.deny with input as _wf([{"uses": "actions/checkout@v4"}])
	v.msg == `"actions/checkout@v4" is pinned to v4, a tag or branch its owner can move to other code; pin it to a full 40-character commit SHA and keep the version in a comment (actions/checkout@<sha> # v4)`
}

test_message_short_sha if {
	some v in rule.deny with input as _wf([{"uses": "actions/setup-go@0c52d54"}])
	contains(v.msg, "is pinned to the short SHA 0c52d54, which is not a full commit SHA")
	contains(v.msg, "(actions/setup-go@<sha> # <version>)")
}

test_message_no_ref if {
	some v in rule.deny with input as _wf([{"uses": "actions/checkout"}])
	contains(v.msg, `"actions/checkout" has no @ref`)
	contains(v.msg, "(actions/checkout@<sha> # <version>)")
}

test_message_docker if {
	some v in rule.deny with input as _wf([{"uses": "docker://localhost:5000/tool:1.2"}])
	v.msg == `"docker://localhost:5000/tool:1.2" names its image by tag, which can be pushed over; pin it by digest (docker://localhost:5000/tool@sha256:<digest>)`
}
