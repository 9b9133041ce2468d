package rampart.lib.pipeline_test

import data.rampart.lib.pipeline

_json := {"pipeline": {"name": "app", "stages": [
	{"name": "Source", "actions": [{"name": "S", "actionTypeId": {"category": "Source", "provider": "S3"}}]},
	{"name": "Production", "actions": [
		{"name": "Approve", "actionTypeId": {"category": "Approval", "provider": "Manual"}, "runOrder": 1},
		{"name": "Deploy", "actionTypeId": {"category": "Deploy", "provider": "ECS"}, "runOrder": 2},
	]},
]}}

_cfn := {"Resources": {
	"Pipe": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"Name": "orders", "Stages": [
		{"Name": "Prod", "Actions": [{"Name": "D", "ActionTypeId": {"Category": "Deploy", "Provider": "CloudFormation"}, "RunOrder": "3"}]},
	]}},
	"Named": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"Name": {"Fn::Sub": "${AWS::StackName}-p"}, "Stages": []}},
	"Bucket": {"Type": "AWS::S3::Bucket"},
}}

_tf := {"resource": {"aws_codepipeline": {"app": {"name": "app", "stage": [
	{"name": "Prod", "action": [{"name": "D", "category": "Deploy", "provider": "ECS", "run_order": 2}]},
]}}}}

test_pipelines_json_wrapper if {
	ps := pipeline.pipelines with input as _json
	{[p.path, p.label] | some p in ps} == {[["pipeline"], "app"]}
}

test_pipelines_bare if {
	ps := pipeline.pipelines with input as _json.pipeline
	{[p.path, p.label] | some p in ps} == {[[], "app"]}
}

test_pipelines_cloudformation if {
	ps := pipeline.pipelines with input as _cfn
	{[p.path, p.label] | some p in ps} == {
		[["Resources", "Pipe", "Properties"], "orders"],
		[["Resources", "Named", "Properties"], "Named"], # Fn::Sub is not a name to quote
	}
}

test_pipelines_terraform if {
	ps := pipeline.pipelines with input as _tf
	{[p.path, p.label] | some p in ps} == {[["resource", "aws_codepipeline", "app"], "app"]}
}

test_stages_json if {
	ss := pipeline.stages with input as _json
	some s in ss
	s.name == "Production"
	s.index == 1
	s.name_path == ["pipeline", "stages", 1, "name"]
	s.actions == [
		{"index": 0, "name": "Approve", "category": "Approval", "provider": "Manual", "run_order": 1, "path": ["pipeline", "stages", 1, "actions", 0]},
		{"index": 1, "name": "Deploy", "category": "Deploy", "provider": "ECS", "run_order": 2, "path": ["pipeline", "stages", 1, "actions", 1]},
	]
}

test_stages_cloudformation_run_order_text if {
	ss := pipeline.stages with input as _cfn
	some s in ss
	s.name_path == ["Resources", "Pipe", "Properties", "Stages", 0, "Name"]
	s.actions[0].run_order == 3
	s.actions[0].category == "Deploy"
}

test_stages_terraform if {
	ss := pipeline.stages with input as _tf
	some s in ss
	s.name_path == ["resource", "aws_codepipeline", "app", "stage", 0, "name"]
	s.actions[0].path == ["resource", "aws_codepipeline", "app", "stage", 0, "action", 0]
	s.actions[0].run_order == 2
}

test_action_without_type_or_order if {
	ss := pipeline.stages with input as {"stages": [{"name": "X", "actions": [{"name": "A"}, {"name": "B", "actionTypeId": {"category": "Test"}, "runOrder": "soon"}]}]}
	some s in ss
	[a.category | some a in s.actions] == ["", "Test"]
	[a.run_order | some a in s.actions] == [1, 1]
}

test_production_deploys if {
	ds := pipeline.production_deploys with input as _json
	{[d.stage.name, d.run_order] | some d in ds} == {["Production", 2]}
}

test_has_action_before if {
	some d in pipeline.production_deploys with input as _json
	pipeline.has_action_before(d.stage, d.run_order, {"Approval"}) with input as _json
	not pipeline.has_action_before(d.stage, d.run_order, {"Test"}) with input as _json
	pipeline.has_action_before(d.stage, d.run_order, {"Source"}) with input as _json # an earlier stage
}

test_is_production_default_and_setting if {
	pipeline.is_production("Production")
	pipeline.is_production("eu-PROD-1")
	not pipeline.is_production("staging")
	not pipeline.is_production(7)
	pipeline.is_production("live") with data.rampart.config.production_pattern as `^live$`
	not pipeline.is_production("prod") with data.rampart.config.production_pattern as `^live$`
}

_dr := {"pipeline": {
	"stages": [{"name": "staging", "skip": ["bake"]}, {"name": "production"}],
	"steps": [
		{"name": "Infra", "id": "infra", "type": "DEVRAMPS:TERRAFORM:SYNTHESIZE"},
		{"name": "Deploy", "type": "DEVRAMPS:ECS:DEPLOY"},
		{"name": "Tests", "type": "DEVRAMPS:APPROVAL:TEST"},
		{"name": "Migrate", "type": "DEVRAMPS:DATABASE:MIGRATE", "goes_after": ["infra"]},
		{"name": "Bake", "id": "bake", "type": "DEVRAMPS:APPROVAL:BAKE"},
	],
}}

test_devramps_steps_and_stages if {
	steps := pipeline.devramps_steps with input as _dr
	count(steps) == 5
	some s in steps
	s.name == "Migrate"
	s.path == ["pipeline", "steps", 3]
	stages := pipeline.devramps_stages with input as _dr
	{[t.name, t.name_path] | some t in stages} == {["staging", ["pipeline", "stages", 0, "name"]], ["production", ["pipeline", "stages", 1, "name"]]}
	{t.name | some t in pipeline.devramps_production_stages} == {"production"} with input as _dr
}

test_devramps_fragment if {
	steps := pipeline.devramps_steps with input as [{"name": "Bake", "type": "DEVRAMPS:APPROVAL:BAKE"}]
	{s.path | some s in steps} == {[0]}
	count(pipeline.devramps_stages) == 0 with input as [{"name": "Bake", "type": "DEVRAMPS:APPROVAL:BAKE"}]
}

test_step_order if {
	preds := pipeline.step_predecessors with input as _dr
	preds[0] == set()
	preds[2] == {0, 1}
	preds[3] == {0} # goes_after: [infra] only
	preds[4] == {0, 3} # waits for the step listed before it, Migrate, and what Migrate waits for
}

test_skip_by_id_and_name if {
	steps := pipeline.step_by_index with input as _dr
	stages := {t.name: t | some t in pipeline.devramps_stages} with input as _dr
	not pipeline.step_runs_in(steps[4], stages.staging)
	pipeline.step_runs_in(steps[4], stages.production)
	pipeline.step_runs_in(steps[1], stages.staging)
}

test_step_kinds if {
	pipeline.is_gate_step({"type": "DEVRAMPS:APPROVAL:BAKE"})
	pipeline.is_gate_step({"type": "DEVRAMPS:APPROVAL:MANUAL"})
	not pipeline.is_gate_step({"type": "DEVRAMPS:APPROVAL:TEST"})
	pipeline.is_approval_step({"type": "DEVRAMPS:APPROVAL:TEST"})
	pipeline.changes_environment({"type": "DEVRAMPS:ECS:DEPLOY"})
	pipeline.changes_environment({"type": 42})
	not pipeline.changes_environment({"type": "DEVRAMPS:APPROVAL:BAKE"})
}

test_literal_bool if {
	pipeline.literal_bool(true) == true
	pipeline.literal_bool("False") == false
	pipeline.literal_bool("TRUE") == true
	not pipeline.literal_bool({"Ref": "X"})
	not pipeline.literal_bool("${var.x}")
}

test_trails if {
	doc := {"Resources": {"T": {"Type": "AWS::CloudTrail::Trail", "Properties": {"IsLogging": "false", "IsMultiRegionTrail": {"Ref": "P"}}}}}
	ts := pipeline.trails with input as doc
	some t in ts
	t.path == ["Resources", "T"]
	pipeline.trail_setting(t, "logging") == false
	pipeline.trail_setting(t, "validation") == "missing"
	not pipeline.trail_setting(t, "multi_region")
	pipeline.trail_value_path(t, "logging") == ["Resources", "T", "Properties", "IsLogging"]
}

test_trails_terraform if {
	ts := pipeline.trails with input as {"resource": {"aws_cloudtrail": {"main": {"enable_logging": true}}}}
	some t in ts
	t.path == ["resource", "aws_cloudtrail", "main"]
	pipeline.trail_setting(t, "logging") == true
	pipeline.trail_value_path(t, "kms") == ["resource", "aws_cloudtrail", "main", "kms_key_id"]
}
