# METADATA
# title: DevRamps pipeline changes take effect without approval
# description: |
#   A pipeline definition decides what is deployed where and with which role, so a change to it is
#   a deployment of its own. DevRamps can hold a change to `pipeline.yaml` until someone approves
#   it: `pipeline_updates_require_approval: ALWAYS` for every change, or
#   `DESTRUCTIVE_CHANGES_ONLY` to let additions through and hold the removal of stages and steps
#   (the approval steps, for instance). With `NEVER`, or with the setting missing, one commit can
#   quietly remove a gate or redirect a deployment.
# related_resources:
#   - ref: https://www.devramps.com/docs/pipelines/overview
#     description: DevRamps pipeline overview (pipeline_updates_require_approval)
#   - ref: https://devramps.com/docs/reference/pipeline-yaml
#     description: DevRamps pipeline YAML reference
# custom:
#   id: pipeline/unapproved-pipeline-changes
#   severity: medium
#   kinds: [devramps]
#   remediation: >-
#     Set pipeline_updates_require_approval to ALWAYS (or at least DESTRUCTIVE_CHANGES_ONLY) under
#     pipeline:.
#   threat: >-
#     A compromised or careless commit alters the pipeline itself (removes an approval step, changes
#     the target account) and the change is applied without review.
package rampart.rules.pipeline.unapproved_pipeline_changes

import data.rampart.lib.result

_reviewed := {"ALWAYS", "DESTRUCTIVE_CHANGES_ONLY"}

deny contains result.key_violation(msg, ["pipeline"]) if {
	is_object(input)
	is_object(input.pipeline)
	not "pipeline_updates_require_approval" in object.keys(input.pipeline)
	msg := "pipeline has no pipeline_updates_require_approval, so changes to the pipeline definition need no approval; set it to ALWAYS (or DESTRUCTIVE_CHANGES_ONLY)"
}

deny contains result.violation(msg, ["pipeline", "pipeline_updates_require_approval"]) if {
	is_object(input)
	value := input.pipeline.pipeline_updates_require_approval
	not value in _reviewed
	msg := sprintf(
		"pipeline_updates_require_approval is %s, so changes to the pipeline definition %s; set it to ALWAYS (or DESTRUCTIVE_CHANGES_ONLY)",
		[_quote(value), _effect(value)],
	)
}

_quote(v) := sprintf("%q", [v]) if is_string(v)

else := sprintf("%v", [v])

_effect(v) := "take effect without approval" if v == "NEVER"

else := "are not held for approval (DevRamps accepts ALWAYS, NEVER or DESTRUCTIVE_CHANGES_ONLY)"
