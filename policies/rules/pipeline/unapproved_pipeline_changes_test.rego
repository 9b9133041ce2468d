package rampart.rules.pipeline.unapproved_pipeline_changes_test

import data.rampart.rules.pipeline.unapproved_pipeline_changes

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in unapproved_pipeline_changes.deny}

_doc(pipeline) := {"version": "1.0.0", "pipeline": object.union({"cloud_provider": "AWS", "stages": [{"name": "staging"}], "steps": []}, pipeline)}

cases := {
	"NEVER": {
		"input": _doc({"pipeline_updates_require_approval": "NEVER"}),
		"want": {{"path": ["pipeline", "pipeline_updates_require_approval"], "key": false}},
	},
	"missing": {
		"input": _doc({}),
		"want": {{"path": ["pipeline"], "key": true}},
	},
	"lower case is not a DevRamps value": {
		"input": _doc({"pipeline_updates_require_approval": "always"}),
		"want": {{"path": ["pipeline", "pipeline_updates_require_approval"], "key": false}},
	},
	"a boolean": {
		"input": _doc({"pipeline_updates_require_approval": true}),
		"want": {{"path": ["pipeline", "pipeline_updates_require_approval"], "key": false}},
	},
	"null": {
		"input": _doc({"pipeline_updates_require_approval": null}),
		"want": {{"path": ["pipeline", "pipeline_updates_require_approval"], "key": false}},
	},
	"ALWAYS": {
		"input": _doc({"pipeline_updates_require_approval": "ALWAYS"}),
		"want": set(),
	},
	"DESTRUCTIVE_CHANGES_ONLY": {
		"input": _doc({"pipeline_updates_require_approval": "DESTRUCTIVE_CHANGES_ONLY"}),
		"want": set(),
	},
	"a variables file has no pipeline": {
		"input": {"variables": {"stripe_key": "${{ secret(\"STRIPE_PUBLIC_KEY\") }}"}},
		"want": set(),
	},
	"a step list fragment has no pipeline": {
		"input": [{"name": "Bake Period", "type": "DEVRAMPS:APPROVAL:BAKE", "params": {"duration_minutes": 5}}],
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_never if {
	some v in unapproved_pipeline_changes.deny with input as _doc({"pipeline_updates_require_approval": "NEVER"})
	v.msg == `pipeline_updates_require_approval is "NEVER", so changes to the pipeline definition take effect without approval; set it to ALWAYS (or DESTRUCTIVE_CHANGES_ONLY)`
}

test_message_unknown if {
	some v in unapproved_pipeline_changes.deny with input as _doc({"pipeline_updates_require_approval": false})
	v.msg == "pipeline_updates_require_approval is false, so changes to the pipeline definition are not held for approval (DevRamps accepts ALWAYS, NEVER or DESTRUCTIVE_CHANGES_ONLY); set it to ALWAYS (or DESTRUCTIVE_CHANGES_ONLY)"
}

test_message_missing if {
	some v in unapproved_pipeline_changes.deny with input as _doc({})
	v.msg == "pipeline has no pipeline_updates_require_approval, so changes to the pipeline definition need no approval; set it to ALWAYS (or DESTRUCTIVE_CHANGES_ONLY)"
}
