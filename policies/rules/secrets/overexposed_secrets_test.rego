package rampart.rules.secrets.overexposed_secrets_test

import data.rampart.rules.secrets.overexposed_secrets as rule

_call := "acme/infra/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567"

_wf(jobs) := {"on": "push", "permissions": {}, "jobs": jobs}

_job(steps) := {"runs-on": "ubuntu-24.04", "steps": steps}

_got := {v.path | some v in rule.deny}

cases := {
	"toJSON(secrets) in a step env": {
		"input": _wf({"build": _job([{"run": "./build.sh", "env": {"ALL": "${{ toJSON(secrets) }}"}}])}),
		"want": {["jobs", "build", "steps", 0, "env", "ALL"]},
	},
	"toJSON(secrets) in with": {
		"input": _wf({"build": _job([{"uses": "acme/act@0123456789abcdef0123456789abcdef01234567", "with": {"secrets": "${{toJSON(secrets)}}"}}])}),
		"want": {["jobs", "build", "steps", 0, "with", "secrets"]},
	},
	"toJSON(secrets) in run, odd spacing and case": {
		"input": _wf({"build": _job([{"run": "echo '${{ ToJson( secrets ) }}' > s.json"}])}),
		"want": {["jobs", "build", "steps", 0, "run"]},
	},
	"toJSON(secrets) in workflow env": {
		"input": object.union(_wf({"build": _job([{"run": "make"}])}), {"env": {"SECRETS": "${{ toJSON(secrets) }}"}}),
		"want": {["env", "SECRETS"]},
	},
	"toJSON(secrets) in an if": {
		"input": _wf({"build": _job([{"if": "contains(toJSON(secrets), 'AWS')", "run": "make"}])}),
		"want": {["jobs", "build", "steps", 0, "if"]},
	},
	"secrets: inherit": {
		"input": _wf({"deploy": {"uses": _call, "secrets": "inherit"}}),
		"want": {["jobs", "deploy", "secrets"]},
	},
	"secrets: inherit to a local workflow": {
		"input": _wf({"deploy": {"uses": "./.github/workflows/deploy.yml", "secrets": "inherit"}}),
		"want": {["jobs", "deploy", "secrets"]},
	},
	"named secrets": {
		"input": _wf({"deploy": {"uses": _call, "secrets": {"token": "${{ secrets.DEPLOY_TOKEN }}"}}, "build": _job([{"run": "make", "env": {"T": "${{ secrets.T }}"}}])}),
		"want": set(),
	},
	"toJSON of another context": {
		"input": _wf({"build": _job([{"run": "echo '${{ toJSON(github.event.inputs) }}' '${{ toJSON(secrets.ONE) }}' '${{ toJSON(steps) }}'"}])}),
		"want": set(),
	},
	"the word secrets as data": {
		"input": _wf({"build": _job([{"name": "Check secrets", "run": "echo 'secrets: inherit' && echo tojson secrets"}])}),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_to_json if {
	some v in rule.deny with input as _wf({"build": _job([{"run": "./b.sh", "env": {"ALL": "prefix ${{ toJSON(secrets) }}"}}])})
	v.msg == "${{ toJSON(secrets) }} serialises every secret the workflow can read into one value; pass only the secrets this needs, each by name (NAME: ${{ secrets.NAME }})"
}

test_message_if if {
	some v in rule.deny with input as _wf({"build": _job([{"if": "toJSON(secrets) != '{}'", "run": "make"}])})
	startswith(v.msg, "toJSON(secrets) serialises every secret")
}

test_message_inherit if {
	some v in rule.deny with input as _wf({"deploy": {"uses": _call, "secrets": "inherit"}})
	v.msg == sprintf("job \"deploy\" passes secrets: inherit, which hands every secret of this workflow to %s; list the secrets it needs under secrets: (name: ${{ secrets.NAME }})", [split(_call, "@")[0]])
}
