# METADATA
# title: Pipeline turns on debug logging
# description: |
#   Debug logging makes the runner print far more than the commands' output: GitLab's
#   `CI_DEBUG_TRACE` traces every command with every variable expanded, masked and protected
#   ones included, and `CI_DEBUG_SERVICES` adds the services' logs; GitHub's
#   `ACTIONS_STEP_DEBUG` and `ACTIONS_RUNNER_DEBUG` add the inputs, environment and internals
#   of every step and action. Anyone who can read the job log then reads the secrets. Switch
#   it on for one manual run when needed, never in the committed pipeline.
#
#   The rule fires on `ACTIONS_STEP_DEBUG`/`ACTIONS_RUNNER_DEBUG` set to true in a workflow's,
#   job's or step's `env`; on `CI_DEBUG_TRACE`/`CI_DEBUG_SERVICES` set to true in GitLab's
#   global, job or `rules:` `variables` (plain or `{value: ...}`); and on any of these names set
#   to true in a buildspec's `env.variables`. True is `true`, `"true"` (any case) or `1`.
# related_resources:
#   - ref: https://docs.gitlab.com/ee/ci/variables/#enable-debug-logging
#     description: GitLab CI/CD debug logging and its security risk
#   - ref: https://docs.github.com/en/actions/monitoring-and-troubleshooting-workflows/troubleshooting-workflows/enabling-debug-logging
#     description: Enabling debug logging in GitHub Actions
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.variables
#     description: CodeBuild buildspec env.variables
# custom:
#   id: secrets/debug-logging
#   severity: medium
#   kinds: [buildspec, github-actions, gitlab-ci]
#   remediation: >-
#     Remove the debug variable from the pipeline; to debug, re-run a single job with debug
#     logging from the UI, in a project or environment without production secrets.
#   threat: >-
#     Secrets and the full environment end up in job logs that many people and systems can
#     read.
package rampart.rules.secrets.debug_logging

import data.rampart.lib.result
import data.rampart.lib.shell

_github_names := {"ACTIONS_STEP_DEBUG", "ACTIONS_RUNNER_DEBUG"}

_gitlab_names := {"CI_DEBUG_TRACE", "CI_DEBUG_SERVICES"}

_effect := {
	"ACTIONS_STEP_DEBUG": "shows the inputs, outputs and environment of every step, values derived from secrets included",
	"ACTIONS_RUNNER_DEBUG": "shows the runner's diagnostic logs, environment included",
	"CI_DEBUG_TRACE": "shows every command with its variables expanded, masked secrets included",
	"CI_DEBUG_SERVICES": "shows the logs of every service container, whatever secrets they print",
}

deny contains result.violation(msg, array.concat(array.concat(path, [name]), value_path)) if {
	some path, vars in _variables
	some name, value in vars
	name in _names
	value_path := _true(value)
	msg := sprintf(
		"%s is %v: the job log then %s; remove it and turn debug logging on only for one manual run",
		[name, _shown(value), _effect[name]],
	)
}

_names := _github_names | _gitlab_names

# Every variables mapping with the path of its values.
# GitHub: the workflow's, each job's and each step's env.
_variables[["env"]] := input.env if {
	is_object(input.jobs)
	is_object(input.env)
}

_variables[["jobs", job, "env"]] := body.env if {
	some job, body in input.jobs
	is_object(body)
	is_object(body.env)
}

_variables[["jobs", job, "steps", i, "env"]] := step.env if {
	some job, body in input.jobs
	is_object(body)
	is_array(body.steps)
	some i, step in body.steps
	is_object(step)
	is_object(step.env)
}

_variables[["runs", "steps", i, "env"]] := step.env if {
	is_array(input.runs.steps)
	some i, step in input.runs.steps
	is_object(step)
	is_object(step.env)
}

# buildspec env.variables.
_variables[["env", "variables"]] := input.env.variables if {
	is_object(input.phases)
	is_object(input.env.variables)
}

# GitLab: global, workflow rules, each job's and each job rule's variables.
_variables[["variables"]] := input.variables if {
	not _buildspec
	not _workflow
	is_object(input.variables)
}

_variables[["workflow", "rules", i, "variables"]] := r.variables if {
	not _workflow
	is_array(input.workflow.rules)
	some i, r in input.workflow.rules
	is_object(r)
	is_object(r.variables)
}

_variables[[job, "variables"]] := body.variables if {
	some job, body in shell.gitlab_jobs
	is_object(body.variables)
}

_variables[[job, "rules", i, "variables"]] := r.variables if {
	some job, body in shell.gitlab_jobs
	is_array(body.rules)
	some i, r in body.rules
	is_object(r)
	is_object(r.variables)
}

_buildspec if is_object(input.phases)

_workflow if is_object(input.jobs)

# _true(value) is the path below the variable to its true value.
_true(value) := [] if _on(value)

_true(value) := ["value"] if {
	is_object(value)
	_on(value.value)
}

_on(v) if lower(sprintf("%v", [v])) in {"true", "1"}

_shown(value) := value.value if is_object(value)

_shown(value) := value if not is_object(value)
