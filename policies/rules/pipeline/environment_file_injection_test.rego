package rampart.rules.pipeline.environment_file_injection_test

import data.rampart.rules.pipeline.environment_file_injection as rule

_wf(steps) := {"on": ["issues", "pull_request_target"], "permissions": {}, "jobs": {"triage": {"runs-on": "ubuntu-24.04", "steps": steps}}}

_run(i) := ["jobs", "triage", "steps", i, "run"]

_got := {v.path | some v in rule.deny}

cases := {
	"expression echoed to GITHUB_ENV": {
		"input": _wf([{"run": `echo "TITLE=${{ github.event.issue.title }}" >> $GITHUB_ENV`}]),
		"want": {_run(0)},
	},
	"braced and quoted file variable": {
		"input": _wf([{"run": `echo "MSG=${{ github.event.head_commit.message }}" >> "${GITHUB_ENV}"`}]),
		"want": {_run(0)},
	},
	"tainted env var through tee": {
		"input": _wf([{"env": {"TITLE": "${{ github.event.pull_request.title }}"}, "run": `echo "PR_TITLE=$TITLE" | tee -a "$GITHUB_ENV"`}]),
		"want": {_run(0)},
	},
	"job env var with braces": {
		"input": {"on": "issues", "permissions": {}, "jobs": {"triage": {"runs-on": "ubuntu-24.04", "env": {"BODY": "${{ github.event.issue.body }}"}, "steps": [{"run": "echo start\necho \"BODY=${BODY}\" >> $GITHUB_ENV"}]}}},
		"want": {_run(0)},
	},
	"GITHUB_PATH": {
		"input": _wf([{"run": `echo "${{ github.event.comment.body }}" >> $GITHUB_PATH`}]),
		"want": {_run(0)},
	},
	"grouped write with a fixed heredoc delimiter": {
		"input": _wf([{"env": {"BODY": "${{ github.event.issue.body }}"}, "run": "{\n  echo 'BODY<<EOF'\n  echo \"$BODY\"\n  echo EOF\n} >> \"$GITHUB_ENV\"\n"}]),
		"want": {_run(0)},
	},
	"PowerShell": {
		"input": _wf([{"shell": "pwsh", "run": `"TITLE=${{ github.event.issue.title }}" | Out-File -FilePath $env:GITHUB_ENV -Append`}]),
		"want": {_run(0)},
	},
	"branch names cannot hold a newline": {
		"input": _wf([{"env": {"REF": "${{ github.event.pull_request.head.ref }}"}, "run": "echo \"BRANCH=${{ github.head_ref }}\" >> $GITHUB_ENV\necho \"R=$REF\" >> $GITHUB_ENV"}]),
		"want": set(),
	},
	"author e-mail cannot hold a newline": {
		"input": _wf([{"run": `echo "EMAIL=${{ github.event.head_commit.author.email }}" >> $GITHUB_ENV`}]),
		"want": set(),
	},
	"whole event serialised": {
		"input": _wf([{"run": `echo "EVENT=${{ toJSON(github.event.pull_request) }}" >> $GITHUB_ENV`}]),
		"want": {_run(0)},
	},
	"trusted value to GITHUB_ENV": {
		"input": _wf([{"run": `echo "SHA=${{ github.sha }}" >> $GITHUB_ENV`}]),
		"want": set(),
	},
	"untrusted value used on another line than the write": {
		"input": _wf([{"env": {"TITLE": "${{ github.event.issue.title }}"}, "run": "echo \"$TITLE\" | ./classify.sh\necho \"STAGE=triage\" >> $GITHUB_ENV"}]),
		"want": set(),
	},
	"untrusted value without env file": {
		"input": _wf([{"env": {"TITLE": "${{ github.event.issue.title }}"}, "run": `./triage.sh "$TITLE"`}]),
		"want": set(),
	},
	"variable with a longer name": {
		"input": _wf([{"env": {"T": "${{ github.event.issue.title }}"}, "run": `echo "X=$TYPE" >> $GITHUB_ENV`}]),
		"want": set(),
	},
	"GITHUB_OUTPUT is not the env file": {
		"input": _wf([{"run": `echo "title=${{ github.event.issue.title }}" >> $GITHUB_OUTPUT`}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_env if {
	some v in rule.deny with input as _wf([{"run": `echo "TITLE=${{ github.event.issue.title }}" >> $GITHUB_ENV`}])
	v.msg == "run writes ${{ github.event.issue.title }} to $GITHUB_ENV; a newline in it sets any environment variable (NODE_OPTIONS, LD_PRELOAD, BASH_ENV) for every later step of the job; pass the value to the steps that need it with env: instead, or reject newlines first"
}

test_message_env_var_and_path if {
	some v in rule.deny with input as _wf([{"env": {"REF": "${{ github.event.pull_request.body }}"}, "run": "echo \"R=$REF\" >> $GITHUB_ENV\necho \"$REF/bin\" >> $GITHUB_PATH"}])
	startswith(v.msg, "run writes $REF (set from ${{ github.event.pull_request.body }}) to $GITHUB_ENV and $GITHUB_PATH; a newline in it sets any environment variable or PATH entry")
}

test_message_path if {
	some v in rule.deny with input as _wf([{"run": `echo "${{ github.event.issue.body }}" >> $GITHUB_PATH`}])
	contains(v.msg, "to $GITHUB_PATH; its author picks a directory that comes first on PATH for every later step of the job")
}
