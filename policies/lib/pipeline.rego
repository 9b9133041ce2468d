# METADATA
# description: |
#   Reads pipeline structure for the pipeline/* rules: AWS CodePipeline pipelines (the
#   `codepipeline` JSON with or without the `get-pipeline` wrapper, `AWS::CodePipeline::Pipeline`
#   in CloudFormation, `aws_codepipeline` in Terraform) and DevRamps pipelines (stages, steps and
#   the order they run in). Every fact keeps the exact path of the node it came from, so a rule
#   can point at the offending token. Production stages are the ones whose name matches the
#   `production_pattern` setting. See docs/input/codepipeline.md and docs/input/devramps.md.
package rampart.lib.pipeline

# ---- Settings ---------------------------------------------------------------------------------

default_production_pattern := `(?i)prod`

production_pattern := p if {
	p := data.rampart.config.production_pattern
	is_string(p)
} else := default_production_pattern

# is_production(name): a stage name matches the production pattern.
is_production(name) if {
	is_string(name)
	regex.match(production_pattern, name)
}

# ---- AWS CodePipeline -------------------------------------------------------------------------
#
# The three spellings of a pipeline differ in key names only; _shapes names them, and
# `pipelines` holds each pipeline with its path and shape.

_shapes := {
	"json": {
		"stages": "stages", "name": "name", "actions": "actions",
		"type": "actionTypeId", "category": "category", "provider": "provider", "run_order": "runOrder",
	},
	"cloudformation": {
		"stages": "Stages", "name": "Name", "actions": "Actions",
		"type": "ActionTypeId", "category": "Category", "provider": "Provider", "run_order": "RunOrder",
	},
	"terraform": {
		"stages": "stage", "name": "name", "actions": "action",
		"type": null, "category": "category", "provider": "provider", "run_order": "run_order",
	},
}

# codepipeline_prefix is the path of the pipeline object in a `codepipeline` document:
# ["pipeline"] with the get-pipeline / create-pipeline wrapper, [] for a bare pipeline.
codepipeline_prefix := ["pipeline"] if {
	is_object(input)
	is_object(input.pipeline)
} else := []

# pipelines holds {"path", "value", "shape", "label"}: every pipeline in the document.
pipelines contains {"path": codepipeline_prefix, "value": p, "shape": _shapes.json, "label": _json_label(p)} if {
	is_object(input)
	p := object.get(input, codepipeline_prefix, null)
	is_array(p.stages)
}

pipelines contains {"path": ["Resources", name, "Properties"], "value": r.Properties, "shape": _shapes.cloudformation, "label": _label(r.Properties, "Name", name)} if {
	is_object(input)
	some name, r in input.Resources
	r.Type == "AWS::CodePipeline::Pipeline"
	is_object(r.Properties)
}

pipelines contains {"path": ["resource", "aws_codepipeline", name], "value": r, "shape": _shapes.terraform, "label": _label(r, "name", name)} if {
	is_object(input)
	some name, r in input.resource.aws_codepipeline
	is_object(r)
}

_json_label(p) := _label(p, "name", "pipeline")

# _label: the pipeline's name when it is written as text, else the fallback (its logical name).
_label(obj, key, fallback) := obj[key] if {
	is_string(obj[key])
	not contains(obj[key], "${")
} else := fallback

# stages holds one fact per stage of every pipeline:
#   {"pipeline": path of the pipeline, "label": pipeline name, "index": i, "name": stage name,
#    "path": path of the stage, "name_path": path of its name, "actions": [action facts]}
# and each action fact is {"index", "name", "category", "provider", "run_order", "path"}.
stages contains s if {
	some p in pipelines
	stage_list := p.value[p.shape.stages]
	is_array(stage_list)
	some i, st in stage_list
	is_object(st)
	path := array.concat(p.path, [p.shape.stages, i])
	s := {
		"pipeline": p.path,
		"label": p.label,
		"index": i,
		"name": object.get(st, p.shape.name, ""),
		"path": path,
		"name_path": array.concat(path, [p.shape.name]),
		"actions": _actions(st, p.shape, path),
	}
}

_actions(st, shape, path) := [a |
	some j, act in _list(object.get(st, shape.actions, []))
	is_object(act)
	type := _action_type(act, shape)
	a := {
		"index": j,
		"name": object.get(act, shape.name, ""),
		"category": object.get(type, shape.category, ""),
		"provider": object.get(type, shape.provider, ""),
		"run_order": _run_order(object.get(act, shape.run_order, 1)),
		"path": array.concat(path, [shape.actions, j]),
	}
]

_action_type(act, shape) := act if shape.type == null

_action_type(act, shape) := t if {
	shape.type != null
	t := act[shape.type]
	is_object(t)
}

_action_type(act, shape) := {} if {
	shape.type != null
	not is_object(object.get(act, shape.type, null))
}

_list(x) := x if is_array(x)

_list(x) := [] if not is_array(x)

# _run_order: runOrder is a number (JSON, Terraform) or may be a string (CloudFormation JSON);
# absent or unreadable means 1, as in CodePipeline.
_run_order(x) := x if is_number(x)

_run_order(x) := to_number(x) if {
	is_string(x)
	regex.match(`^[0-9]+$`, x)
}

_run_order(x) := 1 if {
	not is_number(x)
	not _numeric_string(x)
}

_numeric_string(x) if {
	is_string(x)
	regex.match(`^[0-9]+$`, x)
}

# production_deploys holds {"stage": stage fact, "run_order": first deploy's runOrder} for every
# production stage that has a Deploy action.
production_deploys contains {"stage": s, "run_order": min(orders)} if {
	some s in stages
	is_production(s.name)
	orders := [a.run_order | some a in s.actions; a.category == "Deploy"]
	count(orders) > 0
}

# has_action_before(stage, run_order, categories): an action of one of the categories runs
# before the action at run_order of stage: earlier in the same stage (lower runOrder) or in an
# earlier stage of the same pipeline.
has_action_before(stage, run_order, categories) if {
	some a in stage.actions
	a.category in categories
	a.run_order < run_order
}

has_action_before(stage, _, categories) if {
	some t in stages
	t.pipeline == stage.pipeline
	t.index < stage.index
	some a in t.actions
	a.category in categories
}

# ---- DevRamps ---------------------------------------------------------------------------------
#
# A DevRamps pipeline runs every step in every stage (minus the stage's `skip` list), stages one
# after the other. A document is a mapping with `pipeline:`, or a fragment: a list of steps.

# devramps_prefix is the path of the step list's parent: ["pipeline"] in a full definition, []
# in a fragment (where the steps are the document).
devramps_steps_path := ["pipeline", "steps"] if {
	is_object(input)
	is_object(input.pipeline)
} else := []

# devramps_steps holds {"index", "name", "id", "type", "params", "path", "step"} per step.
devramps_steps contains {
	"index": i,
	"name": object.get(st, "name", ""),
	"id": object.get(st, "id", null),
	"type": object.get(st, "type", ""),
	"path": array.concat(devramps_steps_path, [i]),
	"step": st,
} if {
	steps := _devramps_step_list
	some i, st in steps
	is_object(st)
}

_devramps_step_list := input.pipeline.steps if {
	is_object(input)
	is_array(input.pipeline.steps)
}

_devramps_step_list := input if is_array(input)

# devramps_stages holds {"index", "name", "path", "name_path", "skip"} per stage of a full
# definition.
devramps_stages contains {
	"index": i,
	"name": object.get(st, "name", ""),
	"path": ["pipeline", "stages", i],
	"name_path": ["pipeline", "stages", i, "name"],
	"skip": {x | some x in _list(object.get(st, "skip", []))},
} if {
	is_object(input)
	some i, st in input.pipeline.stages
	is_object(st)
}

# step_runs_in(step, stage): the stage does not skip the step (by name or id).
step_runs_in(step, stage) if {
	not step.name in stage.skip
	not _skipped_by_id(step, stage)
}

_skipped_by_id(step, stage) if {
	step.id != null
	step.id in stage.skip
}

is_approval_step(step) if {
	is_string(step.type)
	startswith(step.type, "DEVRAMPS:APPROVAL:")
}

# is_gate_step: an approval step a person can stop the deployment at. DevRamps documents
# DEVRAMPS:APPROVAL:BAKE (a pause that anyone in the organization can reject or approve early)
# and DEVRAMPS:APPROVAL:TEST (an automated test run, no person involved); any other
# DEVRAMPS:APPROVAL:* type is taken to be a human gate as well.
is_gate_step(step) if {
	is_approval_step(step)
	step.type != "DEVRAMPS:APPROVAL:TEST"
}

# changes_environment: every step that is not an approval step acts on the stage's account
# (Terraform, deploys, scripts, migrations, custom steps).
changes_environment(step) if not is_approval_step(step)

# _step_deps[i] is the set of step indices step i waits for directly: its goes_after (by name
# or id), or the step listed before it.
_step_refs contains [s.name, s.index] if some s in devramps_steps

_step_refs contains [s.id, s.index] if {
	some s in devramps_steps
	is_string(s.id)
}

_step_deps[s.index] := {j | some r in s.step.goes_after; some [ref, j] in _step_refs; ref == r} if {
	some s in devramps_steps
	is_array(s.step.goes_after)
}

# (object.get: `not is_array(x.missing)` is undefined, not true)
_step_deps[s.index] := {j | j := s.index - 1; j >= 0} if {
	some s in devramps_steps
	not is_array(object.get(s.step, "goes_after", null))
}

# step_predecessors[i]: the indices of every step that finishes before step i starts in a stage.
# (Complete rules: rules look these up by index, and OPA evaluates a partial rule's whole body
# again for every key it is asked about.)
step_predecessors := {i: graph.reachable(_step_deps, deps) | some i, deps in _step_deps}

# step_by_index[i]: the step fact of index i.
step_by_index := {s.index: s | some s in devramps_steps}

# stage_changes(stage): the steps that change the environment in the stage.
changing_steps_in(stage) := {s | some s in devramps_steps; changes_environment(s); step_runs_in(s, stage)}

# runs_before_stage(step, stage): step runs in a stage before this one.
runs_before_stage(step, stage) if {
	some t in devramps_stages
	t.index < stage.index
	step_runs_in(step, t)
}

# precedes_in_stage(g, s, stage): step g runs and finishes before step s starts in stage.
precedes_in_stage(g, s, stage) if {
	step_runs_in(g, stage)
	g.index in step_predecessors[s.index]
}

# production_stages: devramps stages whose name matches the production pattern.
devramps_production_stages contains t if {
	some t in devramps_stages
	is_production(t.name)
}

# ---- AWS CloudTrail ---------------------------------------------------------------------------
#
# trails holds every trail of a CloudFormation template (`AWS::CloudTrail::Trail`) or a Terraform
# file (`aws_cloudtrail`): {"path": the resource (its key names the trail), "props": its
# properties, "props_path", "label", "names": the property names in that format}.

_trail_names := {
	"cloudformation": {
		"validation": "EnableLogFileValidation", "multi_region": "IsMultiRegionTrail",
		"logging": "IsLogging", "kms": "KMSKeyId",
	},
	"terraform": {
		"validation": "enable_log_file_validation", "multi_region": "is_multi_region_trail",
		"logging": "enable_logging", "kms": "kms_key_id",
	},
}

trails contains {
	"path": ["Resources", name],
	"props": props,
	"props_path": ["Resources", name, "Properties"],
	"label": name,
	"names": _trail_names.cloudformation,
} if {
	is_object(input)
	some name, r in input.Resources
	r.Type == "AWS::CloudTrail::Trail"
	props := object.get(r, "Properties", {})
	is_object(props)
}

trails contains {
	"path": ["resource", "aws_cloudtrail", name],
	"props": r,
	"props_path": ["resource", "aws_cloudtrail", name],
	"label": name,
	"names": _trail_names.terraform,
} if {
	is_object(input)
	some name, r in input.resource.aws_cloudtrail
	is_object(r)
}

# literal_bool(v): true or false when v is a boolean or its text ("true", "False"); undefined for
# an intrinsic function or an unknown Terraform expression, which a rule must not judge.
literal_bool(v) := v if is_boolean(v)

literal_bool(v) if {
	is_string(v)
	lower(v) == "true"
}

literal_bool(v) := false if {
	is_string(v)
	lower(v) == "false"
}

# trail_setting(trail, setting) is "missing" (absent or null), or the literal boolean (undefined
# when unknown).
trail_setting(trail, setting) := "missing" if {
	object.get(trail.props, trail.names[setting], null) == null
} else := b if {
	b := literal_bool(trail.props[trail.names[setting]])
}

# trail_value_path(trail, setting): the path of the setting's value.
trail_value_path(trail, setting) := array.concat(trail.props_path, [trail.names[setting]])
