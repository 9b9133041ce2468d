package rampart.rules.pipeline.script_injection_test

import data.rampart.rules.pipeline.script_injection as rule

_wf(on, steps) := {"on": on, "permissions": {}, "jobs": {"triage": {"runs-on": "ubuntu-24.04", "steps": steps}}}

_gs := "actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea"

_got := {v.path | some v in rule.deny}

_run(i) := ["jobs", "triage", "steps", i, "run"]

cases := {
	"issue title in run": {
		"input": _wf("issues", [{"run": `echo "New issue: ${{ github.event.issue.title }}"`}]),
		"want": {_run(0)},
	},
	"pull request body and head ref": {
		"input": _wf("pull_request_target", [{"run": "git checkout ${{ github.head_ref }}"}, {"run": "./notify.sh '${{ github.event.pull_request.body }}'"}]),
		"want": {_run(0), _run(1)},
	},
	"no spaces inside the braces": {
		"input": _wf("issue_comment", [{"run": "echo ${{github.event.comment.body}}"}]),
		"want": {_run(0)},
	},
	"upper case context": {
		"input": _wf("issues", [{"run": "echo ${{ GitHub.Event.Issue.Body }}"}]),
		"want": {_run(0)},
	},
	"index syntax": {
		"input": _wf("pull_request", [{"run": "echo ${{ github.event['pull_request']['title'] }}"}]),
		"want": {_run(0)},
	},
	"commit message by index": {
		"input": _wf("push", [{"run": "echo ${{ github.event.commits[0].message }}"}]),
		"want": {_run(0)},
	},
	"head commit author": {
		"input": _wf("push", [{"run": "git log --author='${{ github.event.head_commit.author.name }}'"}]),
		"want": {_run(0)},
	},
	"whole event serialised": {
		"input": _wf("pull_request_target", [{"run": "echo '${{ toJSON(github.event) }}' > event.json"}]),
		"want": {_run(0)},
	},
	"inside a function": {
		"input": _wf("pull_request", [{"run": "echo ${{ format('{0}', github.event.pull_request.title) }}"}]),
		"want": {_run(0)},
	},
	"multi-line script": {
		"input": _wf("issues", [{"run": "set -eu\necho start\n# ${{ github.event.issue.title }}\necho done\n"}]),
		"want": {_run(0)},
	},
	"workflow_run head branch": {
		"input": _wf("workflow_run", [{"run": "echo ${{ github.event.workflow_run.head_branch }}"}]),
		"want": {_run(0)},
	},
	"env var set from an untrusted expression, then expanded": {
		"input": _wf("issues", [{"env": {"TITLE": "${{ github.event.issue.title }}"}, "run": "echo ${{ env.TITLE }}"}]),
		"want": {_run(0)},
	},
	"job env tainted": {
		"input": {"on": "issues", "permissions": {}, "jobs": {"triage": {"runs-on": "ubuntu-24.04", "env": {"BODY": "${{ github.event.issue.body }}"}, "steps": [{"run": "echo ${{ env.BODY }}"}]}}},
		"want": {_run(0)},
	},
	"github-script": {
		"input": _wf("issue_comment", [{"uses": _gs, "with": {"script": "const body = `${{ github.event.comment.body }}`"}}]),
		"want": {["jobs", "triage", "steps", 0, "with", "script"]},
	},
	"composite action step": {
		"input": {"runs": {"using": "composite", "steps": [{"run": "echo ${{ github.event.pull_request.title }}", "shell": "bash"}]}},
		"want": {["runs", "steps", 0, "run"]},
	},
	"value passed through env and used as a variable": {
		"input": _wf("issues", [{"env": {"TITLE": "${{ github.event.issue.title }}"}, "run": `echo "$TITLE"`}]),
		"want": set(),
	},
	"trusted contexts": {
		"input": _wf("pull_request", [{"run": "echo ${{ github.sha }} ${{ github.event.pull_request.number }} ${{ github.event.pull_request.head.sha }} ${{ github.ref_name }} ${{ inputs.target }} ${{ secrets.TOKEN }}"}]),
		"want": set(),
	},
	"a string literal that looks like a context": {
		"input": _wf("issues", [{"run": "echo ${{ 'github.event.issue.title' }}"}]),
		"want": set(),
	},
	"similar names that are not the context": {
		"input": _wf("issues", [{"run": "echo ${{ steps.github.event.issue.title }} ${{ github.event.issue.title_length }} github.event.issue.title"}]),
		"want": set(),
	},
	"untrusted expression outside the script": {
		"input": _wf("issues", [{"name": "Triage ${{ github.event.issue.title }}", "if": "contains(github.event.issue.title, 'bug')", "run": "echo triage"}]),
		"want": set(),
	},
	"env var set from a trusted expression": {
		"input": _wf("push", [{"env": {"SHA": "${{ github.sha }}"}, "run": "echo ${{ env.SHA }}"}]),
		"want": set(),
	},
	"with.script of another action": {
		"input": _wf("issues", [{"uses": "acme/run-script@0123456789abcdef0123456789abcdef01234567", "with": {"script": "${{ github.event.issue.title }}"}}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_run if {
	some v in rule.deny with input as _wf("issues", [{"run": `echo "${{ github.event.issue.title }}"`}])
	v.msg == `run expands ${{ github.event.issue.title }} into the code it runs, so a crafted value runs as shell code; pass it in through env: and use a double-quoted variable ("$NAME")`
}

test_message_several_sorted_and_unique if {
	some v in rule.deny with input as _wf("pull_request_target", [{"run": "echo ${{ github.head_ref }} ${{ github.event.pull_request.title }} ${{ github.head_ref }}"}])
	startswith(v.msg, "run expands ${{ github.event.pull_request.title }} and ${{ github.head_ref }} into the code it runs")
	contains(v.msg, "pass them in through env:")
}

test_message_env_ref if {
	some v in rule.deny with input as _wf("issues", [{"env": {"TITLE": "${{ github.event.issue.title }}"}, "run": "echo ${{ env.TITLE }}"}])
	v.msg == `run expands ${{ env.TITLE }} (set from ${{ github.event.issue.title }}) into the code it runs, so a crafted value runs as shell code; read "$TITLE" from the environment instead`
}

test_message_github_script if {
	some v in rule.deny with input as _wf("issue_comment", [{"uses": _gs, "with": {"script": "core.info('${{ github.event.comment.body }}')"}}])
	v.msg == "github-script script expands ${{ github.event.comment.body }} into the code it runs, so a crafted value runs as JavaScript; pass it in through env: and read process.env.NAME"
}
