package rampart.rules.pipeline.excessive_token_permissions_test

import data.rampart.rules.pipeline.excessive_token_permissions as rule

_job := {"runs-on": "ubuntu-24.04", "steps": [{"run": "make test"}]}

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in rule.deny}

cases := {
	"no permissions anywhere": {
		"input": {"on": "push", "jobs": {"test": _job, "lint": _job}},
		"want": {{"path": ["jobs"], "key": true}},
	},
	"write-all at the top": {
		"input": {"on": ["push", "pull_request"], "permissions": "write-all", "jobs": {"test": _job}},
		"want": {{"path": ["permissions"], "key": false}},
	},
	"write-all on a job under a read-only top": {
		"input": {"on": "push", "permissions": {"contents": "read"}, "jobs": {"test": _job, "release": object.union(_job, {"permissions": "write-all"})}},
		"want": {{"path": ["jobs", "release", "permissions"], "key": false}},
	},
	"one job sets permissions, the other does not": {
		"input": {"on": {"push": null}, "jobs": {"test": _job, "deploy": object.union(_job, {"permissions": {"id-token": "write"}})}},
		"want": {{"path": ["jobs", "test"], "key": true}},
	},
	"reusable-workflow call job without permissions": {
		"input": {"on": "push", "jobs": {"build": object.union(_job, {"permissions": {}}), "deploy": {"uses": "acme/infra/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567"}}},
		"want": {{"path": ["jobs", "deploy"], "key": true}},
	},
	"every job sets permissions": {
		"input": {"on": "push", "jobs": {"test": object.union(_job, {"permissions": {"contents": "read"}}), "lint": object.union(_job, {"permissions": {}})}},
		"want": set(),
	},
	"top-level read-all": {
		"input": {"on": "push", "permissions": "read-all", "jobs": {"test": _job}},
		"want": set(),
	},
	"top-level empty mapping (no scopes)": {
		"input": {"on": "push", "permissions": {}, "jobs": {"test": _job}},
		"want": set(),
	},
	"reusable workflow inherits its caller's permissions": {
		"input": {"on": {"workflow_call": {"secrets": {"token": {"required": true}}}}, "jobs": {"test": _job}},
		"want": set(),
	},
	"reusable workflow with write-all is still reported": {
		"input": {"on": "workflow_call", "permissions": "write-all", "jobs": {"test": _job}},
		"want": {{"path": ["permissions"], "key": false}},
	},
	"reusable and dispatched workflow needs its own": {
		"input": {"on": ["workflow_call", "workflow_dispatch"], "jobs": {"test": _job}},
		"want": {{"path": ["jobs"], "key": true}},
	},
	"composite action has no token of its own": {
		"input": {"name": "Setup", "runs": {"using": "composite", "steps": [{"run": "echo", "shell": "bash"}]}},
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_missing_everywhere if {
	some v in rule.deny with input as {"on": "push", "jobs": {"test": _job}}
	v.msg == "neither the workflow nor any job sets permissions:, so GITHUB_TOKEN gets the repository's default scope (write access to most scopes in older repositories); add permissions: {contents: read} at the top of the workflow and grant more per job"
}

test_message_job_missing if {
	some v in rule.deny with input as {"on": "push", "jobs": {"test": _job, "deploy": object.union(_job, {"permissions": {}})}}
	startswith(v.msg, `job "test" sets no permissions: and the workflow has none at the top`)
}

test_message_write_all_job if {
	some v in rule.deny with input as {"on": "push", "permissions": {}, "jobs": {"release": object.union(_job, {"permissions": "write-all"})}}
	startswith(v.msg, `job "release" sets permissions: write-all, which gives its GITHUB_TOKEN write access to every scope`)
}
