# METADATA
# title: Infrastructure changes are applied without a plan review
# description: |
#   A Terraform plan is the last chance to see that a change replaces a database, opens a security
#   group or deletes a bucket before it happens. DevRamps shows the plan and waits for approval
#   when a `DEVRAMPS:TERRAFORM:SYNTHESIZE` step sets `params.requires_approval` to `ALWAYS` (every
#   change) or `DESTRUCTIVE_CHANGES_ONLY` (changes that modify or destroy existing resources;
#   additions apply automatically). With `NEVER`, or without the parameter, every plan is applied
#   unseen, in every stage, production included.
#
#   The rule reads DevRamps pipelines and step-list fragments.
# related_resources:
#   - ref: https://www.devramps.com/docs/features/approvals
#     description: DevRamps approvals (Terraform approval modes)
#   - ref: https://developer.hashicorp.com/terraform/cli/commands/plan
#     description: Terraform plan
# custom:
#   id: pipeline/unreviewed-infrastructure-apply
#   severity: medium
#   kinds: [devramps]
#   remediation: >-
#     Set params.requires_approval on the DEVRAMPS:TERRAFORM:SYNTHESIZE step to
#     DESTRUCTIVE_CHANGES_ONLY (or ALWAYS) so that a person reviews the plan before it is applied.
#   threat: >-
#     A change that destroys or exposes infrastructure (or a malicious module) is applied to
#     production with no one reading the plan.
package rampart.rules.pipeline.unreviewed_infrastructure_apply

import data.rampart.lib.pipeline
import data.rampart.lib.result

_reviewed := {"ALWAYS", "DESTRUCTIVE_CHANGES_ONLY"}

_terraform_steps contains s if {
	some s in pipeline.devramps_steps
	s.type == "DEVRAMPS:TERRAFORM:SYNTHESIZE"
}

# no params at all: point at the step's type
deny contains result.violation(msg, array.concat(s.path, ["type"])) if {
	some s in _terraform_steps
	not is_object(object.get(s.step, "params", null))
	msg := sprintf(
		"Terraform step %q has no params.requires_approval, so its plans are applied without review; set requires_approval: DESTRUCTIVE_CHANGES_ONLY (or ALWAYS)",
		[s.name],
	)
}

deny contains result.key_violation(msg, array.concat(s.path, ["params"])) if {
	some s in _terraform_steps
	is_object(s.step.params)
	not "requires_approval" in object.keys(s.step.params)
	msg := sprintf(
		"Terraform step %q has no requires_approval, so its plans are applied without review; set requires_approval: DESTRUCTIVE_CHANGES_ONLY (or ALWAYS)",
		[s.name],
	)
}

deny contains result.violation(msg, array.concat(s.path, ["params", "requires_approval"])) if {
	some s in _terraform_steps
	value := s.step.params.requires_approval
	not value in _reviewed
	msg := sprintf(
		"Terraform step %q sets requires_approval to %s, so its plans are applied without review; set it to DESTRUCTIVE_CHANGES_ONLY (or ALWAYS)",
		[s.name, _quote(value)],
	)
}

_quote(v) := sprintf("%q", [v]) if is_string(v)

else := sprintf("%v", [v])
