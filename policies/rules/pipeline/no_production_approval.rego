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
#   In GitHub Actions a job is a production job when its id, its `name:` or its `environment:`
#   matches the pattern; the rule fires when such a job deploys and has no `environment:`.
#   GitHub environments are where required reviewers (and wait timers, and branch rules) live:
#   a job that names an environment waits for them, a job without one does not. A job deploys
#   when it runs `terraform`/`tofu apply`, `kubectl apply`/`create`/`replace`/`set image`/
#   `rollout restart`, `helm install`/`upgrade`, `cdk deploy`, `serverless`/`sls deploy`, `sam
#   deploy`, `pulumi up`, `copilot deploy`, `eb deploy`, `aws cloudformation deploy`/
#   `create-stack`/`update-stack`/`execute-change-set`, `aws ecs update-service`, `aws lambda
#   update-function-code`, `aws deploy create-deployment`, or uses a deploy action
#   (`aws-actions/amazon-ecs-deploy-task-definition`, `aws-actions/aws-cloudformation-github-deploy`,
#   `aws-actions/aws-lambda-deploy`, `azure/k8s-deploy`, `azure/webapps-deploy`,
#   `google-github-actions/deploy-cloudrun`). Whether the named environment really has
#   required reviewers is a repository setting the rule cannot see.
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
#   - ref: https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment#required-reviewers
#     description: GitHub environments and required reviewers
# custom:
#   id: pipeline/no-production-approval
#   severity: high
#   kinds: [codepipeline, cloudformation, terraform, devramps, github-actions]
#   remediation: >-
#     Add a manual approval before the production deployment: a CodePipeline action of category
#     Approval (provider Manual) at the start of the production stage or in a stage before it; in
#     DevRamps, an approval step (DEVRAMPS:APPROVAL:BAKE) that runs in the stage before production;
#     in GitHub Actions, `environment: production` on the deploying job, with required reviewers
#     configured on that environment.
#   threat: >-
#     A malicious or mistaken change that reaches the source branch is released to production with
#     no person looking at it.
#   settings:
#     production_pattern: "(?i)prod"
package rampart.rules.pipeline.no_production_approval

import data.rampart.lib.github
import data.rampart.lib.pipeline
import data.rampart.lib.result
import data.rampart.lib.shell

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

# ---- GitHub Actions ---------------------------------------------------------------------------

# A production job that deploys with no environment: nothing waits for a reviewer.
deny contains result.key_violation(msg, ["jobs", job]) if {
	some job, body in github.jobs
	not _has_environment(body)
	_production_job(job, body)
	some what in _gh_deploys(job)
	msg := sprintf(
		"job %q deploys to production (%s) with no environment:, so no reviewer approves it; add environment: production and configure required reviewers on that environment",
		[job, what],
	)
}

_has_environment(body) if object.get(body, "environment", null) != null

_production_job(job, _) if pipeline.is_production(job)

_production_job(_, body) if pipeline.is_production(body.name)

# The first deploy of a job, described for the message.
_gh_deploys(job) := [x |
	whats := array.concat(
		[sprintf("`%s`", [c.text]) |
			some c in shell.commands
			c.kind == "github-actions"
			c.path[0] == "jobs"
			c.path[1] == job
			_deploy_command(c)
		],
		[sprintf("step %s", [github.action_name(s.step.uses)]) |
			some s in github.steps
			s.job == job
			is_string(s.step.uses)
			github.action_name(s.step.uses) in _deploy_actions
		],
	)
	count(whats) > 0
	x := sort(whats)[0]
]

_deploy_actions := {
	"aws-actions/amazon-ecs-deploy-task-definition",
	"aws-actions/aws-cloudformation-github-deploy",
	"aws-actions/aws-lambda-deploy",
	"azure/k8s-deploy",
	"azure/webapps-deploy",
	"google-github-actions/deploy-cloudrun",
	"google-github-actions/deploy-appengine",
}

# _deploy_command holds for a command that changes a live environment.
_deploy_command(c) if {
	a := _tool_argv(c)
	_deploys(a)
}

# npx cdk deploy, pnpm exec / dlx, yarn, bunx: the tool is the next word.
_tool_argv(c) := a if {
	a := [shell.unquote(w) | some w in c.argv]
	not a[0] in _runners
} else := a if {
	full := [shell.unquote(w) | some w in c.argv]
	rest := [w | some i, w in full; i > 0; not startswith(w, "-")]
	a := array.slice(rest, _runner_skip(full[0], rest), count(rest))
}

_runners := {"npx", "bunx", "pnpm", "yarn", "pnpx"}

_runner_skip(_, rest) := 1 if rest[0] in {"exec", "dlx"}

else := 0

_word(a, i) := _base(a[i]) if count(a) > i

else := ""

_base(w) := parts[count(parts) - 1] if parts := split(w, "/")

_deploys(a) if {
	_word(a, 0) in {"terraform", "tofu", "terragrunt"}
	some w in array.slice(a, 1, count(a))
	w in {"apply", "destroy", "run-all"}
}

_deploys(a) if {
	_word(a, 0) in {"kubectl", "oc"}
	some w in array.slice(a, 1, count(a))
	w in {"apply", "create", "replace", "patch", "set", "delete"}
}

_deploys(a) if {
	_word(a, 0) in {"kubectl", "oc"}
	"rollout" in a
	some w in a
	w in {"restart", "undo"}
}

_deploys(a) if {
	_word(a, 0) == "helm"
	some w in array.slice(a, 1, count(a))
	w in {"install", "upgrade", "uninstall", "rollback"}
}

_deploys(a) if {
	_word(a, 0) in {"cdk", "serverless", "sls", "sam", "copilot", "eb", "cdktf"}
	"deploy" in a
}

_deploys(a) if {
	_word(a, 0) == "pulumi"
	some w in a
	w in {"up", "update", "destroy"}
}

_deploys(a) if {
	_word(a, 0) == "aws"
	"cloudformation" in a
	some w in a
	w in {"deploy", "create-stack", "update-stack", "execute-change-set", "delete-stack"}
}

_deploys(a) if {
	_word(a, 0) == "aws"
	"ecs" in a
	some w in a
	w in {"update-service", "deploy"}
}

_deploys(a) if {
	_word(a, 0) == "aws"
	"lambda" in a
	some w in a
	w in {"update-function-code", "update-alias"}
}

_deploys(a) if {
	_word(a, 0) == "aws"
	"deploy" in a
	"create-deployment" in a
}
