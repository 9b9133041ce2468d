package rampart.lib.github_test

import data.rampart.lib.github

test_triggers if {
	github.triggers == {"push"} with input as {"on": "push", "jobs": {}}
	github.triggers == {"push", "pull_request"} with input as {"on": ["push", "pull_request"], "jobs": {}}
	github.triggers == {"pull_request_target", "workflow_dispatch"} with input as {"on": {"pull_request_target": {"types": ["opened"]}, "workflow_dispatch": null}, "jobs": {}}
	count(github.triggers) == 0 with input as {"runs": {"using": "composite", "steps": []}}
}

test_shapes if {
	github.is_workflow with input as {"on": "push", "jobs": {}}
	not github.is_action with input as {"on": "push", "jobs": {}}
	github.is_action with input as {"runs": {"using": "node20", "main": "index.js"}}
}

test_steps_and_uses if {
	doc := {
		"on": "push",
		"jobs": {
			"a": {"steps": [{"uses": "actions/checkout@v4"}, {"run": "make"}, "not a step"]},
			"b": {"uses": "./.github/workflows/x.yml"},
		},
	}
	paths := {s.path | some s in github.steps} with input as doc
	paths == {["jobs", "a", "steps", 0], ["jobs", "a", "steps", 1]}
	uses := github.uses with input as doc
	uses == {["jobs", "a", "steps", 0, "uses"]: "actions/checkout@v4", ["jobs", "b", "uses"]: "./.github/workflows/x.yml"}
	runs := {r.path | some r in github.runs} with input as doc
	runs == {["jobs", "a", "steps", 1, "run"]}
}

test_composite_steps if {
	doc := {"runs": {"using": "composite", "steps": [{"run": "echo", "shell": "bash"}, {"uses": "actions/cache@v4"}]}}
	{s.path | some s in github.steps} == {["runs", "steps", 0], ["runs", "steps", 1]} with input as doc
	github.uses == {["runs", "steps", 1, "uses"]: "actions/cache@v4"} with input as doc
	{s.job | some s in github.steps} == {null} with input as doc
}

test_parse_uses if {
	github.parse_uses("./local") == {"type": "local"}
	github.parse_uses("docker://alpine:3") == {"type": "docker", "image": "alpine:3", "digest": ""}
	github.parse_uses("docker://alpine@sha256:ab") == {"type": "docker", "image": "alpine@sha256:ab", "digest": "sha256:ab"}
	github.parse_uses("actions/checkout@v4") == {"type": "repo", "name": "actions/checkout", "owner": "actions", "ref": "v4"}
	github.parse_uses("github/codeql-action/init@main") == {"type": "repo", "name": "github/codeql-action/init", "owner": "github", "ref": "main"}
	github.parse_uses("actions/checkout") == {"type": "repo", "name": "actions/checkout", "owner": "actions", "ref": ""}
}

test_action_name if {
	github.action_name("Actions/Checkout@v4") == "actions/checkout"
	github.action_name("github/codeql-action/init@v3") == "github/codeql-action"
	github.action_name("./local") == ""
	github.action_name("docker://alpine") == ""
	github.action_name("single@v1") == ""
}

test_is_commit_sha if {
	github.is_commit_sha("11bd71901bbe5b1630ceea73d27597364c9af683")
	not github.is_commit_sha("11bd719")
	not github.is_commit_sha("v4")
	not github.is_commit_sha("11bd71901bbe5b1630ceea73d27597364c9af683a")
}

test_untrusted_expressions if {
	github.untrusted_expressions("a ${{ github.event.issue.title }} b ${{ github.sha }}") == ["${{ github.event.issue.title }}"]
	github.untrusted_expressions("${{github.head_ref}}") == ["${{ github.head_ref }}"]
	github.untrusted_expressions("${{ toJSON(github.event.pull_request) }}") == ["${{ toJSON(github.event.pull_request) }}"]
	github.untrusted_expressions("${{ github.event.pages[0].page_name }}") == ["${{ github.event.pages[0].page_name }}"]
	github.untrusted_expressions("${{ github.event.commits.*.message }}") == ["${{ github.event.commits.*.message }}"]
	github.untrusted_expressions("${{ github.event.issue.title || github.event.issue.body }}") == ["${{ github.event.issue.title || github.event.issue.body }}"]
	github.untrusted_expressions("${{ github.event.pull_request.head.sha }} ${{ github.event.issue.number }}") == []
	github.untrusted_expressions("${{ 'github.head_ref' }}") == []
	github.untrusted_expressions("github.head_ref without braces") == []
}

test_context_refs if {
	github.context_refs("github.event['issue'][\"x\"] && env.A") == {"github.event.issue.*", "env.a"}
	github.context_refs("contains(github.event.pull_request.labels.*.name, 'ok')") == {"contains", "github.event.pull_request.labels.*.name"}
}

test_step_untrusted_env if {
	doc := {
		"on": "issues",
		"env": {"W": "${{ github.event.issue.body }}", "SAFE": "x"},
		"jobs": {"a": {"env": {"J": "${{ github.head_ref }}"}, "steps": [{"env": {"S": "${{ github.event.issue.title }}", "N": 3}, "run": "x"}]}},
	}
	some s in github.steps with input as doc
	env := github.step_untrusted_env(s) with input as doc
	env == {"W": "${{ github.event.issue.body }}", "J": "${{ github.head_ref }}", "S": "${{ github.event.issue.title }}"}
}

test_as_list if {
	github.as_list("a") == ["a"]
	github.as_list(["a", "b"]) == ["a", "b"]
}

test_quote_list if {
	github.quote_list(["a"]) == "a"
	github.quote_list(["a", "b"]) == "a and b"
	github.quote_list(["a", "b", "c"]) == "a, b and c"
}

test_multiline_expressions if {
	github.multiline_expressions("${{ github.head_ref }} ${{ github.event.issue.body }}") == ["${{ github.event.issue.body }}"]
	github.multiline_expressions("${{ github.event.head_commit.author.name }}") == []
	github.multiline_expressions("${{ toJSON(github.event.head_commit) }}") == ["${{ toJSON(github.event.head_commit) }}"]
}
