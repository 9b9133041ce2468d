package rampart.rules.pipeline.no_bake_period_test

import data.rampart.rules.pipeline.no_bake_period

_got := {v.path | some v in no_bake_period.deny}

_step(name, type) := {"name": name, "type": type, "params": {}}

_devramps(stages, steps) := {"version": "1.0.0", "pipeline": {"cloud_provider": "AWS", "pipeline_updates_require_approval": "ALWAYS", "stages": stages, "steps": steps}}

_stages := [{"name": "staging"}, {"name": "production"}]

_deploy := _step("Deploy API", "DEVRAMPS:ECS:DEPLOY")

_bake := object.union(_step("Bake Period", "DEVRAMPS:APPROVAL:BAKE"), {"id": "bake"})

_action(name, category, run_order) := {"name": name, "actionTypeId": {"category": category, "owner": "AWS", "provider": "X", "version": "1"}, "runOrder": run_order}

_cp(stages) := {"pipeline": {"name": "app", "stages": stages}}

_staging := {"name": "Staging", "actions": [_action("Deploy", "Deploy", 1)]}

_prod := {"name": "Production", "actions": [_action("Deploy", "Deploy", 1)]}

_alarm(wait) := {"conditions": [{"result": "ROLLBACK", "rules": [{
	"name": "Healthy",
	"ruleTypeId": {"category": "Rule", "owner": "AWS", "provider": "CloudWatchAlarm", "version": "1"},
	"configuration": {"AlarmName": "staging-5xx", "WaitTime": wait},
}]}]}

cases := {
	# DevRamps
	"DevRamps with no bake step": {
		"input": _devramps(_stages, [_deploy, _step("Integration Tests", "DEVRAMPS:APPROVAL:TEST")]),
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"DevRamps bake skipped by the previous stage": {
		"input": _devramps([{"name": "staging", "skip": ["bake"]}, {"name": "production"}], [_deploy, _bake]),
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"DevRamps bake listed before the deploy runs before it in staging, not after": {
		"input": _devramps([{"name": "staging"}, {"name": "production", "skip": ["Bake Period"]}], [_bake, _deploy]),
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"DevRamps production after production": {
		"input": _devramps([{"name": "prod-us"}, {"name": "prod-eu"}], [_deploy]),
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"DevRamps bake after the deploy": {
		"input": _devramps(_stages, [_deploy, _bake]),
		"want": set(),
	},
	"DevRamps bake before the deploy runs at the start of production": {
		"input": _devramps(_stages, [_bake, _deploy]),
		"want": set(),
	},
	"DevRamps production as the first stage": {
		"input": _devramps([{"name": "production"}, {"name": "dr"}], [_deploy]),
		"want": set(),
	},
	"DevRamps a fragment has no stages": {
		"input": [_deploy],
		"want": set(),
	},
	# CodePipeline
	"staging then production, nothing in between": {
		"input": _cp([_staging, _prod]),
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"an alarm with no wait time checks at once": {
		"input": _cp([object.union(_staging, {"onSuccess": _alarm("0")}), _prod]),
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"an approval before staging does not wait after it": {
		"input": _cp([{"name": "Approve", "actions": [_action("Approve", "Approval", 1)]}, _staging, _prod]),
		"want": {["pipeline", "stages", 2, "name"]},
	},
	"onSuccess alarm with a wait time on staging": {
		"input": _cp([object.union(_staging, {"onSuccess": _alarm("30")}), _prod]),
		"want": set(),
	},
	"beforeEntry alarm with a wait time on production": {
		"input": _cp([_staging, object.union(_prod, {"beforeEntry": _alarm(15)})]),
		"want": set(),
	},
	"manual approval at the start of production": {
		"input": _cp([_staging, {"name": "Production", "actions": [_action("Approve", "Approval", 1), _action("Deploy", "Deploy", 2)]}]),
		"want": set(),
	},
	"approval stage between staging and production": {
		"input": _cp([_staging, {"name": "Approve", "actions": [_action("Approve", "Approval", 1)]}, _prod]),
		"want": set(),
	},
	"production is the first deployment": {
		"input": _cp([{"name": "Source", "actions": [_action("Source", "Source", 1)]}, _prod]),
		"want": set(),
	},
	"CloudFormation alarm wait": {
		"input": {"Resources": {"P": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"Stages": [
			{"Name": "Staging", "Actions": [{"Name": "D", "ActionTypeId": {"Category": "Deploy"}}], "OnSuccess": {"Conditions": [{"Result": "ROLLBACK", "Rules": [{"Name": "Healthy", "RuleTypeId": {"Category": "Rule", "Owner": "AWS", "Provider": "CloudWatchAlarm", "Version": "1"}, "Configuration": {"AlarmName": "a", "WaitTime": "20"}}]}]}},
			{"Name": "Production", "Actions": [{"Name": "D", "ActionTypeId": {"Category": "Deploy"}}]},
		]}}}},
		"want": set(),
	},
	"CloudFormation no wait": {
		"input": {"Resources": {"P": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"Stages": [
			{"Name": "Staging", "Actions": [{"Name": "D", "ActionTypeId": {"Category": "Deploy"}}]},
			{"Name": "Production", "Actions": [{"Name": "D", "ActionTypeId": {"Category": "Deploy"}}]},
		]}}}},
		"want": {["Resources", "P", "Properties", "Stages", 1, "Name"]},
	},
	"Terraform alarm wait": {
		"input": {"resource": {"aws_codepipeline": {"app": {"stage": [
			{"name": "Staging", "action": [{"name": "D", "category": "Deploy"}], "on_success": [{"condition": [{"result": "ROLLBACK", "rule": [{"name": "Healthy", "rule_type_id": [{"category": "Rule", "provider": "CloudWatchAlarm"}], "configuration": {"AlarmName": "a", "WaitTime": "20"}}]}]}]},
			{"name": "Production", "action": [{"name": "D", "category": "Deploy"}]},
		]}}}},
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_devramps if {
	some v in no_bake_period.deny with input as _devramps(_stages, [_deploy])
	v.msg == `stage "production" is deployed right after stage "staging" with no bake period; add a DEVRAMPS:APPROVAL:BAKE step after the deployment steps so problems in "staging" show before production`
}

test_message_codepipeline if {
	some v in no_bake_period.deny with input as _cp([_staging, _prod])
	v.msg == `stage "Production" of pipeline app is promoted right after stage "Staging" deploys, with no bake period; add an onSuccess condition with a CloudWatchAlarm rule and a WaitTime to "Staging" (or a manual approval)`
}
