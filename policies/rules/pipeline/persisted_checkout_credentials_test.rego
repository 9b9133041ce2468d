package rampart.rules.pipeline.persisted_checkout_credentials_test

import data.rampart.rules.pipeline.persisted_checkout_credentials as rule

_co := "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"

_sha := "0123456789abcdef0123456789abcdef01234567"

_wf(steps) := {"on": "push", "permissions": {}, "jobs": {"build": {"runs-on": "ubuntu-24.04", "steps": steps}}}

_uses(i) := ["jobs", "build", "steps", i, "uses"]

_got := {v.path | some v in rule.deny}

cases := {
	"npm ci after checkout": {
		"input": _wf([{"uses": _co}, {"run": "npm ci"}]),
		"want": {_uses(0)},
	},
	"third-party action after checkout": {
		"input": _wf([{"uses": _co, "with": {"fetch-depth": 0}}, {"uses": sprintf("some-user/lint-action@%s", [_sha])}]),
		"want": {_uses(0)},
	},
	"docker action": {
		"input": _wf([{"uses": _co}, {"uses": "docker://ghcr.io/acme/tool@sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a"}]),
		"want": {_uses(0)},
	},
	"make in a multi-line script": {
		"input": _wf([{"uses": _co}, {"run": "set -eu\ncd app && make release\n"}]),
		"want": {_uses(0)},
	},
	"pip install behind sudo": {
		"input": _wf([{"uses": _co}, {"run": "sudo pip install -r requirements.txt"}]),
		"want": {_uses(0)},
	},
	"curl piped into a shell": {
		"input": _wf([{"uses": _co}, {"run": "curl -fsSL https://get.example.com | bash"}]),
		"want": {_uses(0)},
	},
	"persist-credentials: true": {
		"input": _wf([{"uses": _co, "with": {"persist-credentials": true}}, {"run": "./gradlew build"}]),
		"want": {["jobs", "build", "steps", 0, "with", "persist-credentials"]},
	},
	"string true": {
		"input": _wf([{"uses": _co, "with": {"persist-credentials": "true"}}, {"run": "yarn install --frozen-lockfile"}]),
		"want": {_uses(0)},
	},
	"composite action": {
		"input": {"runs": {"using": "composite", "steps": [{"uses": _co}, {"run": "npm test", "shell": "bash"}]}},
		"want": {["runs", "steps", 0, "uses"]},
	},
	"persist-credentials false": {
		"input": _wf([{"uses": _co, "with": {"persist-credentials": false}}, {"run": "npm ci"}]),
		"want": set(),
	},
	"persist-credentials string false": {
		"input": _wf([{"uses": _co, "with": {"persist-credentials": "False"}}, {"run": "npm ci"}]),
		"want": set(),
	},
	"third-party code before the checkout": {
		"input": _wf([{"run": "npm ci"}, {"uses": _co}, {"run": "git push origin HEAD:gh-pages"}]),
		"want": set(),
	},
	"third-party code in another job": {
		"input": {"on": "push", "permissions": {}, "jobs": {"a": {"runs-on": "x", "steps": [{"uses": _co}, {"run": "git tag v1 && git push --tags"}]}, "b": {"runs-on": "x", "steps": [{"run": "npm ci"}]}}},
		"want": set(),
	},
	"only first-party actions and plain commands": {
		"input": _wf([{"uses": _co}, {"uses": sprintf("actions/setup-go@%s", [_sha])}, {"uses": sprintf("github/codeql-action/init@%s", [_sha])}, {"uses": "./.github/actions/local"}, {"run": "go test ./...\necho make it so\ngit push"}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_names_first_step if {
	some v in rule.deny with input as _wf([{"uses": _co}, {"run": "echo hi"}, {"run": "npm ci --ignore-scripts=false && npm test"}, {"uses": sprintf("acme/x@%s", [_sha])}])
	v.msg == "actions/checkout leaves the token in .git/config, and step 3 (npm ci --ignore-scripts=false) later runs third-party code that can read it; set persist-credentials: false on the checkout and give the token only to a step that pushes"
}

test_message_action if {
	some v in rule.deny with input as _wf([{"uses": _co}, {"uses": sprintf("acme/x@%s", [_sha])}])
	contains(v.msg, sprintf("step 2 (acme/x@%s)", [_sha]))
}
