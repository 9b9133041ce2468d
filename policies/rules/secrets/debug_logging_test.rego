package rampart.rules.secrets.debug_logging_test

import data.rampart.rules.secrets.debug_logging as rule

_got := {v.path | some v in rule.deny}

_wf(extra) := object.union({"on": "push", "jobs": {"b": {"runs-on": "ubuntu-24.04", "steps": [{"run": "make"}]}}}, extra)

cases := {
	"github workflow env": {"input": _wf({"env": {"ACTIONS_STEP_DEBUG": true}}), "want": {["env", "ACTIONS_STEP_DEBUG"]}},
	"github job env string": {
		"input": _wf({"jobs": {"b": {"runs-on": "ubuntu-24.04", "env": {"ACTIONS_RUNNER_DEBUG": "TRUE"}, "steps": [{"run": "make"}]}}}),
		"want": {["jobs", "b", "env", "ACTIONS_RUNNER_DEBUG"]},
	},
	"github step env": {
		"input": _wf({"jobs": {"b": {"runs-on": "ubuntu-24.04", "steps": [{"run": "make", "env": {"ACTIONS_STEP_DEBUG": "true"}}]}}}),
		"want": {["jobs", "b", "steps", 0, "env", "ACTIONS_STEP_DEBUG"]},
	},
	"composite action step": {
		"input": {"runs": {"using": "composite", "steps": [{"run": "make", "shell": "bash", "env": {"ACTIONS_STEP_DEBUG": true}}]}},
		"want": {["runs", "steps", 0, "env", "ACTIONS_STEP_DEBUG"]},
	},
	"gitlab global": {"input": {"variables": {"CI_DEBUG_TRACE": "true"}, "b": {"script": ["make"]}}, "want": {["variables", "CI_DEBUG_TRACE"]}},
	"gitlab job value form": {
		"input": {"b": {"script": ["make"], "variables": {"CI_DEBUG_SERVICES": {"value": "true", "description": "x"}}}},
		"want": {["b", "variables", "CI_DEBUG_SERVICES", "value"]},
	},
	"gitlab job rule": {
		"input": {"b": {"script": ["make"], "rules": [{"if": "$CI_COMMIT_TAG", "variables": {"CI_DEBUG_TRACE": true}}]}},
		"want": {["b", "rules", 0, "variables", "CI_DEBUG_TRACE"]},
	},
	"gitlab workflow rule": {
		"input": {"workflow": {"rules": [{"if": "$X", "variables": {"CI_DEBUG_TRACE": "1"}}]}, "b": {"script": ["make"]}},
		"want": {["workflow", "rules", 0, "variables", "CI_DEBUG_TRACE"]},
	},
	"buildspec": {"input": {"version": 0.2, "env": {"variables": {"CI_DEBUG_TRACE": "true", "ACTIONS_STEP_DEBUG": "true"}}, "phases": {"build": {"commands": ["make"]}}}, "want": {["env", "variables", "CI_DEBUG_TRACE"], ["env", "variables", "ACTIONS_STEP_DEBUG"]}},
	# negatives
	"false": {"input": _wf({"env": {"ACTIONS_STEP_DEBUG": false, "ACTIONS_RUNNER_DEBUG": "false"}}), "want": set()},
	"from a variable": {"input": _wf({"env": {"ACTIONS_STEP_DEBUG": "${{ vars.DEBUG }}"}}), "want": set()},
	"other names": {"input": {"variables": {"DEBUG": "true", "CI_DEBUG": "true"}, "b": {"script": ["make"]}}, "want": set()},
	"gitlab false": {"input": {"b": {"script": ["make"], "variables": {"CI_DEBUG_TRACE": "false"}}}, "want": set()},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message if {
	some v in rule.deny with input as {"variables": {"CI_DEBUG_TRACE": "true"}, "b": {"script": ["make"]}}
	v.msg == "CI_DEBUG_TRACE is true: the job log then shows every command with its variables expanded, masked secrets included; remove it and turn debug logging on only for one manual run"
}
