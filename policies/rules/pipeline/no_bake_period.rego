# METADATA
# title: Production is promoted with no bake period after the previous stage
# description: |
#   Many faults show only under real traffic, minutes after a deployment: memory leaks, error
#   rates, a dependency that falls over. A bake period after deploying to the stage before
#   production (staging, or the previous region) gives alarms and people the time to see them
#   before the change is promoted to production.
#
#   DevRamps: the rule fires when a production stage (its name matches the `production_pattern`
#   setting) follows another stage and no `DEVRAMPS:APPROVAL:BAKE` step runs after a deployment
#   step in the previous stage, or at the start of the production stage, before its first
#   deployment step (a step a stage lists in `skip` does not run there).
#
#   AWS CodePipeline has no bake action. A production stage with a `Deploy` action after an
#   earlier stage that deploys counts as baked when, between that deployment and the production
#   one, the pipeline waits: a stage condition (`onSuccess` of a stage or `beforeEntry` of the
#   next one) with a `CloudWatchAlarm` rule and a `WaitTime`, or a manual `Approval` action,
#   which holds the promotion until a person has looked.
# related_resources:
#   - ref: https://www.devramps.com/docs/features/approvals
#     description: DevRamps approvals (bake time)
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-conditions.html
#     description: Configure conditions for a stage (CodePipeline)
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/rule-reference-CloudWatchAlarm.html
#     description: CloudWatchAlarm rule (WaitTime)
# custom:
#   id: pipeline/no-bake-period
#   severity: low
#   kinds: [devramps, codepipeline, cloudformation, terraform]
#   remediation: >-
#     Wait and watch before promoting to production: in DevRamps, add a DEVRAMPS:APPROVAL:BAKE step
#     after the deployment steps; in CodePipeline, add an onSuccess condition with a
#     CloudWatchAlarm rule and a WaitTime to the stage before production (or a manual approval).
#   threat: >-
#     A faulty release reaches production before the symptoms it causes in the previous stage
#     have had time to show.
#   settings:
#     production_pattern: "(?i)prod"
package rampart.rules.pipeline.no_bake_period

import data.rampart.lib.pipeline
import data.rampart.lib.result

# ---- DevRamps ---------------------------------------------------------------------------------

deny contains result.violation(msg, stage.name_path) if {
	some stage in pipeline.devramps_production_stages
	some prev in pipeline.devramps_stages
	prev.index == stage.index - 1
	changing := pipeline.changing_steps_in(stage)
	count(changing) > 0
	not _baked_after(prev)
	not _baked_before_all(stage, changing)
	msg := sprintf(
		"stage %q is deployed right after stage %q with no bake period; add a DEVRAMPS:APPROVAL:BAKE step after the deployment steps so problems in %q show before production",
		[stage.name, prev.name, prev.name],
	)
}

_bakes contains s if {
	some s in pipeline.devramps_steps
	s.type == "DEVRAMPS:APPROVAL:BAKE"
}

# a bake that runs after a deployment step of the previous stage
_baked_after(prev) if {
	some b in _bakes
	pipeline.step_runs_in(b, prev)
	some c in pipeline.changing_steps_in(prev)
	c.index in pipeline.step_predecessors[b.index]
}

# a bake at the start of the production stage, before every deployment step
_baked_before_all(stage, changing) if {
	some b in _bakes
	every c in changing {
		pipeline.precedes_in_stage(b, c, stage)
	}
}

# ---- AWS CodePipeline -------------------------------------------------------------------------

deny contains result.violation(msg, d.stage.name_path) if {
	some d in pipeline.production_deploys
	earlier := [t.index |
		some t in pipeline.stages
		t.pipeline == d.stage.pipeline
		t.index < d.stage.index
		some a in t.actions
		a.category == "Deploy"
	]
	count(earlier) > 0
	last := max(earlier)
	not _waits(d, last)
	prev := [t.name | some t in pipeline.stages; t.pipeline == d.stage.pipeline; t.index == last][0]
	msg := sprintf(
		"stage %q of pipeline %s is promoted right after stage %q deploys, with no bake period; add an onSuccess condition with a CloudWatchAlarm rule and a WaitTime to %q (or a manual approval)",
		[d.stage.name, d.stage.label, prev, prev],
	)
}

# an Approval action between the last earlier deployment and the production deployment
_waits(d, last) if {
	some t in pipeline.stages
	t.pipeline == d.stage.pipeline
	t.index > last
	t.index < d.stage.index
	some a in t.actions
	a.category == "Approval"
}

_waits(d, _) if {
	some a in d.stage.actions
	a.category == "Approval"
	a.run_order < d.run_order
}

# an alarm with a wait time on the way: onSuccess of a stage from the last deployment on, or
# beforeEntry of a stage after it, up to production
_waits(d, last) if {
	some t in pipeline.stages
	t.pipeline == d.stage.pipeline
	t.index >= last
	t.index <= d.stage.index
	stage := object.get(input, t.path, {})
	some key in _condition_keys
	_alarm_wait(object.get(stage, key, null))
}

_condition_keys := {"onSuccess", "beforeEntry", "OnSuccess", "BeforeEntry", "on_success", "before_entry"}

# _alarm_wait(conditions): a rule under it watches a CloudWatch alarm for a WaitTime above 0.
_alarm_wait(conditions) if {
	walk(conditions, [_, node])
	is_object(node)
	_provider(node) == "CloudWatchAlarm"
	some ck in ["configuration", "Configuration"]
	wait := node[ck].WaitTime
	_minutes(wait) > 0
}

_provider(rule) := p if {
	some k in ["ruleTypeId", "RuleTypeId"]
	p := rule[k].provider
} else := p if {
	some k in ["ruleTypeId", "RuleTypeId"]
	p := rule[k].Provider
} else := p if {
	p := rule.rule_type_id[_].provider
}

_minutes(x) := x if is_number(x)

_minutes(x) := to_number(x) if {
	is_string(x)
	regex.match(`^[0-9]+$`, x)
}
