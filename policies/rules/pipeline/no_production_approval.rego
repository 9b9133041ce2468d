# METADATA
# title: Production is deployed with no manual approval before it
# description: |
#   A manual approval between staging and production is the last human check on what is about to
#   be released: someone looks at the change and clicks Approve, and CloudTrail records who did.
#   Without it, anything that reaches the pipeline's source branch (a bad merge, a compromised
#   developer account) goes to production automatically.
#
#   A production stage is one whose name matches the `production_pattern` setting (`(?i)prod`
#   by default). In AWS CodePipeline (JSON, `AWS::CodePipeline::Pipeline`, `aws_codepipeline`)
#   the rule fires when such a stage has a `Deploy` action and no `Approval` action runs before
#   it: in an earlier stage, or in the same stage with a lower `runOrder`. In DevRamps, where
#   every stage runs every step, it fires when a production stage runs a step that acts on the
#   account (any step that is not an approval step: Terraform, deploys, scripts, migrations) and
#   no approval step a person can stop runs before it, in an earlier stage or earlier in the
#   production stage. DevRamps has no approval step that only waits for a person: its
#   `DEVRAMPS:APPROVAL:BAKE` pause can be rejected (or approved early) by any member of the
#   organization, and counts; `DEVRAMPS:APPROVAL:TEST` runs tests without a person and does
#   not (pipeline/no-test-gate covers it). A `DEVRAMPS:TERRAFORM:SYNTHESIZE` step with
#   `requires_approval: ALWAYS` waits for a person itself and needs no gate before it. A step a
#   stage lists in `skip` does not run there.
#
#   Deployments that CodePipeline runs through `Build` or `Invoke` actions (a CodeBuild project
#   running `cdk deploy`) are not recognised as deployments.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals.html
#     description: Manage approval actions in CodePipeline
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals-action-add.html
#     description: Add a manual approval action to a stage in CodePipeline
#   - ref: https://www.devramps.com/docs/features/approvals
#     description: DevRamps approvals (Terraform approval, bake time, test gates)
# custom:
#   id: pipeline/no-production-approval
#   severity: high
#   kinds: [codepipeline, cloudformation, terraform, devramps]
#   remediation: >-
#     Add a manual approval before the production deployment: a CodePipeline action of category
#     Approval (provider Manual) at the start of the production stage or in a stage before it; in
#     DevRamps, an approval step (DEVRAMPS:APPROVAL:BAKE) that runs in the stage before production.
#   threat: >-
#     A malicious or mistaken change that reaches the source branch is released to production with
#     no person looking at it.
#   settings:
#     production_pattern: "(?i)prod"
package rampart.rules.pipeline.no_production_approval

import data.rampart.lib.pipeline
import data.rampart.lib.result

# AWS CodePipeline: a Deploy action in a production stage with no Approval action before it.
deny contains result.violation(msg, d.stage.name_path) if {
	some d in pipeline.production_deploys
	not pipeline.has_action_before(d.stage, d.run_order, {"Approval"})
	msg := sprintf(
		"stage %q of pipeline %s deploys to production with no manual approval before it; add an Approval action (provider Manual) before the Deploy action or in an earlier stage",
		[d.stage.name, d.stage.label],
	)
}

# DevRamps: a production stage runs a step that changes the account before any gate.
deny contains result.violation(msg, stage.name_path) if {
	some stage in pipeline.devramps_production_stages
	ungated := {s.index |
		some s in pipeline.changing_steps_in(stage)
		not _plan_always_reviewed(s)
		not _gated(s, stage)
	}
	count(ungated) > 0
	step := pipeline.step_by_index[min(ungated)]
	msg := sprintf(
		"stage %q runs step %q in production with no approval step before it; add an approval step (DEVRAMPS:APPROVAL:BAKE) that runs in the stage before %q",
		[stage.name, step.name, stage.name],
	)
}

# A Terraform step with requires_approval: ALWAYS waits for a person before it applies anything.
_plan_always_reviewed(step) if {
	step.type == "DEVRAMPS:TERRAFORM:SYNTHESIZE"
	step.step.params.requires_approval == "ALWAYS"
}

_gated(_, stage) if {
	some g in pipeline.devramps_steps
	pipeline.is_gate_step(g)
	pipeline.runs_before_stage(g, stage)
}

_gated(step, stage) if {
	some g in pipeline.devramps_steps
	pipeline.is_gate_step(g)
	pipeline.precedes_in_stage(g, step, stage)
}
