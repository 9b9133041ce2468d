package rampart.rules.pipeline.unreviewed_infrastructure_apply_test

import data.rampart.rules.pipeline.unreviewed_infrastructure_apply

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in unreviewed_infrastructure_apply.deny}

_tf(params) := {"name": "Synthesize Infrastructure", "id": "infra", "type": "DEVRAMPS:TERRAFORM:SYNTHESIZE", "params": params}

_doc(steps) := {"version": "1.0.0", "pipeline": {"cloud_provider": "AWS", "pipeline_updates_require_approval": "ALWAYS", "stages": [{"name": "staging"}], "steps": steps}}

_deploy := {"name": "Deploy API", "type": "DEVRAMPS:ECS:DEPLOY", "params": {"cluster_name": "api"}}

cases := {
	"NEVER": {
		"input": _doc([_tf({"requires_approval": "NEVER", "source": "/infrastructure"})]),
		"want": {{"path": ["pipeline", "steps", 0, "params", "requires_approval"], "key": false}},
	},
	"missing requires_approval": {
		"input": _doc([_deploy, _tf({"source": "/infrastructure"})]),
		"want": {{"path": ["pipeline", "steps", 1, "params"], "key": true}},
	},
	"no params": {
		"input": _doc([{"name": "Infra", "type": "DEVRAMPS:TERRAFORM:SYNTHESIZE"}]),
		"want": {{"path": ["pipeline", "steps", 0, "type"], "key": false}},
	},
	"a boolean is not a DevRamps mode": {
		"input": _doc([_tf({"requires_approval": true, "source": "/infrastructure"})]),
		"want": {{"path": ["pipeline", "steps", 0, "params", "requires_approval"], "key": false}},
	},
	"a fragment, as in the seed": {
		"input": [_tf({"source": "/infrastructure"})],
		"want": {{"path": [0, "params"], "key": true}},
	},
	"DESTRUCTIVE_CHANGES_ONLY (the seed)": {
		"input": [_tf({"requires_approval": "DESTRUCTIVE_CHANGES_ONLY", "source": "/infrastructure"})],
		"want": set(),
	},
	"ALWAYS": {
		"input": _doc([_tf({"requires_approval": "ALWAYS", "source": "/infrastructure"}), _deploy]),
		"want": set(),
	},
	"other steps need no requires_approval": {
		"input": _doc([_deploy, {"name": "Bake Period", "type": "DEVRAMPS:APPROVAL:BAKE", "params": {"duration_minutes": 5}}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_never if {
	some v in unreviewed_infrastructure_apply.deny with input as _doc([_tf({"requires_approval": "NEVER"})])
	v.msg == `Terraform step "Synthesize Infrastructure" sets requires_approval to "NEVER", so its plans are applied without review; set it to DESTRUCTIVE_CHANGES_ONLY (or ALWAYS)`
}

test_message_missing if {
	some v in unreviewed_infrastructure_apply.deny with input as _doc([_tf({"source": "/infrastructure"})])
	v.msg == `Terraform step "Synthesize Infrastructure" has no requires_approval, so its plans are applied without review; set requires_approval: DESTRUCTIVE_CHANGES_ONLY (or ALWAYS)`
}
