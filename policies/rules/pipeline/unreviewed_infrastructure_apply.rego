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
#
#   In buildspecs, GitHub Actions and GitLab CI it looks for a Terraform (or OpenTofu,
#   Terragrunt) `apply`/`destroy` that does not stop for a person: `-auto-approve` (not
#   `-auto-approve=false`), or a saved plan file (`terraform apply tfplan` never prompts). It
#   fires only for production, that is when the job id, the job `name:`, the GitLab
#   `environment:`, the command itself (`-var-file=prod.tfvars`, `-chdir=envs/prod`), or for a
#   buildspec a `terraform workspace select`/`new` command or an `env.variables` value matches
#   the `production_pattern` setting (`(?i)prod` by default), and only when nothing in the file
#   makes a person look first:
#
#   - GitHub Actions: a job with `environment:` is gated (its required reviewers approve
#     before the job starts); applying a plan saved by an earlier job in a gated job is the
#     recommended pattern.
#   - GitLab CI: a job that runs `when: manual` (on the job, in one of its `rules:`, or in a
#     job it `extends` in the same file) is gated. A protected environment with deployment
#     approvals (GitLab Premium) is a project setting the file does not show, so `environment:`
#     alone is not taken as a gate; suppress the finding with that reason if you use them.
#   - buildspec: the gate, if any, is a CodePipeline Approval action outside the file, given
#     before the build runs, so it cannot have looked at a plan the build makes. The rule fires
#     when the build plans and applies at once: `apply -auto-approve` without a plan file, or a
#     saved plan that the same buildspec produced with `terraform plan`. Applying a plan file
#     that an earlier (reviewed) build produced is fine.
# related_resources:
#   - ref: https://www.devramps.com/docs/features/approvals
#     description: DevRamps approvals (Terraform approval modes)
#   - ref: https://developer.hashicorp.com/terraform/cli/commands/plan
#     description: Terraform plan
#   - ref: https://developer.hashicorp.com/terraform/cli/commands/apply
#     description: Terraform apply (-auto-approve, saved plans)
#   - ref: https://developer.hashicorp.com/terraform/tutorials/automation/automate-terraform
#     description: Running Terraform in automation (plan, review, apply the saved plan)
#   - ref: https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment#required-reviewers
#     description: GitHub environments and required reviewers
#   - ref: https://docs.gitlab.com/ee/ci/jobs/job_control.html#create-a-job-that-must-be-run-manually
#     description: GitLab jobs that must be run manually
# custom:
#   id: pipeline/unreviewed-infrastructure-apply
#   severity: medium
#   kinds: [devramps, buildspec, github-actions, gitlab-ci]
#   remediation: >-
#     Set params.requires_approval on the DEVRAMPS:TERRAFORM:SYNTHESIZE step to
#     DESTRUCTIVE_CHANGES_ONLY (or ALWAYS) so that a person reviews the plan before it is applied.
#     In CI, save the plan (`terraform plan -out tfplan`) in one job, show it, and apply that file
#     in a later job behind an approval: a GitHub `environment:` with required reviewers, a GitLab
#     `when: manual` job, a CodePipeline Manual approval action between the plan and apply builds.
#   threat: >-
#     A change that destroys or exposes infrastructure (or a malicious module) is applied to
#     production with no one reading the plan.
#   settings:
#     production_pattern: "(?i)prod"
package rampart.rules.pipeline.unreviewed_infrastructure_apply

import data.rampart.lib.github
import data.rampart.lib.pipeline
import data.rampart.lib.result
import data.rampart.lib.shell

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

# ---- buildspec, GitHub Actions, GitLab CI -----------------------------------------------------

_tf_tools := {"terraform", "tofu", "terragrunt"}

# _apply(c) describes a Terraform apply/destroy that does not prompt: {"auto": bool, "plan": bool}.
_apply(c) := {"auto": auto, "plan": plan} if {
	c.name in _tf_tools
	a := [shell.unquote(w) | some w in c.argv]
	some i, verb in a
	verb in {"apply", "destroy"}
	_only_options_before(a, i)
	rest := array.slice(a, i + 1, count(a))
	auto := _auto_approve(rest)
	plan := _has_plan_file(rest)
	_non_interactive(auto, plan)
}

_non_interactive(true, _)

_non_interactive(_, true)

# terraform -chdir=x apply, terragrunt run-all apply: everything before the verb is an option
# or run-all.
_only_options_before(a, i) if {
	every w in array.slice(a, 1, i) {
		_pre_verb(w)
	}
}

_pre_verb(w) if startswith(w, "-")

_pre_verb(w) if w in {"run-all", "run", "--all"}

_auto_approve(rest) if {
	some w in rest
	regex.match(`^--?auto-approve(=(true|1|t))?$`, lower(w))
}

default _auto_approve(_) := false

# A positional argument after apply is a saved plan; the values of -var x=y, -var-file f,
# -target r (written with a space) are not.
_has_plan_file(rest) if {
	some i, w in rest
	not startswith(w, "-")
	w != ""
	not _option_value(rest, i)
}

_option_value(rest, i) if {
	i > 0
	lower(trim_left(rest[i - 1], "-")) in _valued_options
}

_valued_options := {
	"var", "var-file", "target", "replace", "state", "state-out", "backup", "lock-timeout",
	"parallelism", "chdir", "terragrunt-working-dir", "terragrunt-config", "working-dir", "config",
}

default _has_plan_file(_) := false

_applies contains {"path": c.path, "kind": c.kind, "text": c.text, "how": _apply(c)} if {
	some c in shell.commands
	not c.nested
	_apply(c)
}

# buildspec: plan and apply in one build.
deny contains result.violation(msg, a.path) if {
	some a in _applies
	a.kind == "buildspec"
	_buildspec_production(a.text)
	_same_build_plan(a)
	msg := sprintf(
		"%s applies a Terraform plan that this production build made itself, so nobody reviews it; run terraform plan -out in one build, review it at a CodePipeline Manual approval, and apply that plan file in a later build",
		[shell.quote(a.text)],
	)
}

_same_build_plan(a) if not a.how.plan

_same_build_plan(a) if {
	a.how.plan
	some c in shell.commands
	c.kind == "buildspec"
	c.name in _tf_tools
	"plan" in [shell.unquote(w) | some w in c.argv]
}

_buildspec_production(text) if pipeline.is_production(text)

_buildspec_production(_) if {
	some c in shell.commands
	c.kind == "buildspec"
	c.name in _tf_tools
	argv := [shell.unquote(w) | some w in c.argv]
	"workspace" in argv
	pipeline.is_production(c.text)
}

_buildspec_production(_) if {
	some v in object.get(input, ["env", "variables"], {})
	is_string(v)
	pipeline.is_production(v)
}

# GitHub Actions: a production job with no environment.
deny contains result.violation(msg, a.path) if {
	some a in _applies
	a.kind == "github-actions"
	a.path[0] == "jobs"
	job := a.path[1]
	body := github.jobs[job]
	object.get(body, "environment", null) == null
	_gh_production(job, body, a.text)
	msg := sprintf(
		"%s applies infrastructure changes in production job %q %s, and the job has no environment:, so nobody reviews the plan; apply a saved plan in a job with environment: production and required reviewers",
		[shell.quote(a.text), job, _how(a.how)],
	)
}

_gh_production(job, _, _) if pipeline.is_production(job)

_gh_production(_, body, _) if pipeline.is_production(body.name)

_gh_production(_, _, text) if pipeline.is_production(text)

# GitLab CI: a production job that is not manual. A line of a hidden job counts for the jobs
# that extend it.
deny contains result.violation(msg, a.path) if {
	some a in _applies
	a.kind == "gitlab-ci"
	some job in _gl_effective_jobs(a.path[0])
	body := shell.gitlab_jobs[job]
	not _gl_manual(body)
	_gl_production(job, body, a.text)
	msg := sprintf(
		"%s applies infrastructure changes in production job %q %s and the job is not manual, so nobody reviews the plan; save the plan in an earlier job and apply it in a when: manual job",
		[shell.quote(a.text), job, _how(a.how)],
	)
}

_gl_effective_jobs(name) := {name} if {
	shell.gitlab_jobs[name]
	not startswith(name, ".")
} else := {k |
	some k, body in shell.gitlab_jobs
	not startswith(k, ".")
	name in github.as_list(object.get(body, "extends", []))
}

_how(how) := "with -auto-approve" if how.auto

else := "from a saved plan"

# The job and the jobs it extends in this file (one level).
_gl_bodies(body) := array.concat([body], [b |
	some e in github.as_list(object.get(body, "extends", []))
	b := shell.gitlab_jobs[e]
])

_gl_manual(body) if {
	some b in _gl_bodies(body)
	b.when == "manual"
}

_gl_manual(body) if {
	some b in _gl_bodies(body)
	some r in b.rules
	r.when == "manual"
}

_gl_production(job, _, _) if pipeline.is_production(job)

_gl_production(_, _, text) if pipeline.is_production(text)

_gl_production(_, body, _) if {
	some b in _gl_bodies(body)
	pipeline.is_production(_env_name(b.environment))
}

_env_name(e) := e if is_string(e)

_env_name(e) := e.name if is_object(e)
