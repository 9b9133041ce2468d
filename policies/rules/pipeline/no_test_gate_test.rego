package rampart.rules.pipeline.no_test_gate_test

import data.rampart.rules.pipeline.no_test_gate

_got := {v.path | some v in no_test_gate.deny}

_step(name, type) := {"name": name, "type": type, "params": {}}

_devramps(stages, steps) := {"version": "1.0.0", "pipeline": {"cloud_provider": "AWS", "pipeline_updates_require_approval": "ALWAYS", "stages": stages, "steps": steps}}

_stages := [{"name": "staging"}, {"name": "production"}]

_deploy := _step("Deploy API", "DEVRAMPS:ECS:DEPLOY")

_test := object.union(_step("Integration Tests", "DEVRAMPS:APPROVAL:TEST"), {"id": "tests"})

_bake := _step("Bake Period", "DEVRAMPS:APPROVAL:BAKE")

_action(name, category, run_order) := {"name": name, "actionTypeId": {"category": category, "owner": "AWS", "provider": "X", "version": "1"}, "runOrder": run_order}

_cp(stages) := {"pipeline": {"name": "app", "stages": stages}}

_prod := {"name": "Production", "actions": [_action("Deploy", "Deploy", 1)]}

cases := {
	# DevRamps
	"DevRamps with no test step": {
		"input": _devramps(_stages, [_deploy, _bake]),
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"DevRamps tests skipped in staging": {
		"input": _devramps([{"name": "staging", "skip": ["tests"]}, {"name": "production"}], [_deploy, _test]),
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"DevRamps production only, tests after the deploy": {
		"input": _devramps([{"name": "production"}], [_deploy, _test]),
		"want": {["pipeline", "stages", 0, "name"]},
	},
	"DevRamps tests after the deploy in staging gate production": {
		"input": _devramps(_stages, [_deploy, _test, _bake]),
		"want": set(),
	},
	"DevRamps production only, tests first": {
		"input": _devramps([{"name": "production"}], [_test, _deploy]),
		"want": set(),
	},
	"DevRamps no production stage": {
		"input": _devramps([{"name": "staging"}], [_deploy]),
		"want": set(),
	},
	# CodePipeline
	"no Test action": {
		"input": _cp([{"name": "Build", "actions": [_action("Build", "Build", 1)]}, _prod]),
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"Test in parallel with the deploy": {
		"input": _cp([{"name": "Production", "actions": [_action("Deploy", "Deploy", 1), _action("Test", "Test", 1)]}]),
		"want": {["pipeline", "stages", 0, "name"]},
	},
	"Test after the production deploy": {
		"input": {"stages": [{"name": "Production", "actions": [_action("Deploy", "Deploy", 1), _action("Smoke", "Test", 2)]}]},
		"want": {["stages", 0, "name"]},
	},
	"Test in an earlier stage": {
		"input": _cp([{"name": "Test", "actions": [_action("Unit", "Test", 1)]}, _prod]),
		"want": set(),
	},
	"Test before the deploy in the production stage": {
		"input": _cp([{"name": "Production", "actions": [_action("Test", "Test", 1), _action("Deploy", "Deploy", 2)]}]),
		"want": set(),
	},
	"Terraform pipeline without tests": {
		"input": {"resource": {"aws_codepipeline": {"app": {"name": "app", "stage": [
			{"name": "Source", "action": [{"name": "Source", "category": "Source"}]},
			{"name": "Prod", "action": [{"name": "Deploy", "category": "Deploy"}]},
		]}}}},
		"want": {["resource", "aws_codepipeline", "app", "stage", 1, "name"]},
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_codepipeline if {
	some v in no_test_gate.deny with input as _cp([_prod])
	v.msg == `stage "Production" of pipeline app deploys to production with no Test action before it; add a Test action (CodeBuild, for instance) in a stage before "Production"`
}

test_message_devramps if {
	some v in no_test_gate.deny with input as _devramps(_stages, [_deploy])
	v.msg == `stage "production" runs step "Deploy API" in production with no test step before it; add a DEVRAMPS:APPROVAL:TEST step that runs in the stage before "production"`
}
