# METADATA
# title: Production is deployed with no test gate before it
# description: |
#   An automated test gate stops a release that breaks the build's promises before it reaches
#   production: if the tests fail, the deployment stops, with no one having to notice.
#
#   A production stage is one whose name matches the `production_pattern` setting. In AWS
#   CodePipeline (JSON, `AWS::CodePipeline::Pipeline`, `aws_codepipeline`) the rule fires when a
#   production stage has a `Deploy` action and no action of category `Test` runs before it: in an
#   earlier stage, or in the same stage with a lower `runOrder`. Tests run by a `Build` action are
#   not recognised: put them in a `Test` action so the pipeline shows them as a gate. In DevRamps
#   it fires when a production stage runs a step that acts on the account (any step that is not
#   an approval step) and no `DEVRAMPS:APPROVAL:TEST` step runs before it, in an earlier stage or
#   earlier in the production stage (a step a stage lists in `skip` does not run there).
# related_resources:
#   - ref: https://www.devramps.com/docs/features/approvals
#     description: DevRamps approvals (automated test gates)
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html
#     description: CodePipeline pipeline structure reference (action categories)
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html
#     description: CodeBuild build and test action reference
# custom:
#   id: pipeline/no-test-gate
#   severity: low
#   kinds: [devramps, codepipeline, cloudformation, terraform]
#   remediation: >-
#     Run automated tests before production: a CodePipeline Test action (CodeBuild, for instance)
#     in a stage before production, or a DEVRAMPS:APPROVAL:TEST step after the deployment steps so
#     that it gates the next stage.
#   threat: >-
#     A release that fails its own tests (or was never tested) is deployed to production.
#   settings:
#     production_pattern: "(?i)prod"
package rampart.rules.pipeline.no_test_gate

import data.rampart.lib.pipeline
import data.rampart.lib.result

deny contains result.violation(msg, d.stage.name_path) if {
	some d in pipeline.production_deploys
	not pipeline.has_action_before(d.stage, d.run_order, {"Test"})
	msg := sprintf(
		"stage %q of pipeline %s deploys to production with no Test action before it; add a Test action (CodeBuild, for instance) in a stage before %q",
		[d.stage.name, d.stage.label, d.stage.name],
	)
}

deny contains result.violation(msg, stage.name_path) if {
	some stage in pipeline.devramps_production_stages
	untested := {s.index | some s in pipeline.changing_steps_in(stage); not _tested(s, stage)}
	count(untested) > 0
	step := pipeline.step_by_index[min(untested)]
	msg := sprintf(
		"stage %q runs step %q in production with no test step before it; add a DEVRAMPS:APPROVAL:TEST step that runs in the stage before %q",
		[stage.name, step.name, stage.name],
	)
}

_tests contains s if {
	some s in pipeline.devramps_steps
	s.type == "DEVRAMPS:APPROVAL:TEST"
}

_tested(_, stage) if {
	some t in _tests
	pipeline.runs_before_stage(t, stage)
}

_tested(step, stage) if {
	some t in _tests
	pipeline.precedes_in_stage(t, step, stage)
}
