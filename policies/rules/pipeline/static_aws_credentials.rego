# METADATA
# title: Pipeline uses long-lived AWS access keys
# description: |
#   `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` in a pipeline are an IAM user's long-lived
#   keys: they work from anywhere until someone rotates them, they are copied into every job
#   that reads them, and a leaked log, fork or compromised action keeps them usable for months.
#   CodeBuild gets temporary credentials from its service role; GitHub Actions and GitLab CI
#   exchange their OIDC token for a role's temporary credentials (`role-to-assume` with
#   `id-token: write`, GitLab `id_tokens`); DevRamps deploys with the role its bootstrap
#   creates in each account, through OIDC. Storing the keys as secrets hides their value but
#   not their lifetime, so the rule fires whatever the value is.
#
#   It fires on either variable set in a buildspec's `env.variables`, `env.parameter-store` or
#   `env.secrets-manager`, in a workflow's, job's or step's `env`, or in GitLab's global, job or
#   `rules:` `variables`, in DevRamps `variables` and stage `vars` (`stages[].vars`,
#   `stage_defaults.vars`); and on `aws-actions/configure-aws-credentials` given
#   `aws-access-key-id` or `aws-secret-access-key` instead of `role-to-assume` alone.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp
#     description: "IAM best practices: use temporary credentials"
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
#     description: Configuring OpenID Connect in AWS (GitHub Actions)
#   - ref: https://docs.gitlab.com/ee/ci/cloud_services/aws/
#     description: Configure OpenID Connect in AWS to retrieve temporary credentials (GitLab)
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html
#     description: CodeBuild service role
#   - ref: https://www.devramps.com/docs/features/approvals
#     description: DevRamps documentation
# custom:
#   id: pipeline/static-aws-credentials
#   severity: high
#   kinds: [buildspec, github-actions, gitlab-ci, devramps]
#   sensitive: true
#   remediation: >-
#     Remove the access keys and deactivate them in IAM; let CodeBuild use its service role, and
#     give GitHub Actions (role-to-assume with id-token: write) or GitLab CI (id_tokens and
#     assume-role-with-web-identity) an IAM role to assume through OIDC; DevRamps steps already
#     run with the bootstrap role, so drop the keys from its variables.
#   threat: >-
#     Long-lived keys leak through logs, forks and compromised actions and stay valid until
#     someone notices.
package rampart.rules.pipeline.static_aws_credentials

import data.rampart.lib.result
import data.rampart.lib.shell

_names := {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}

deny contains result.violation(msg, array.concat(path, [name])) if {
	some path, vars in _variables
	some name, value in vars
	name in _names
	not is_object(value)
	msg := _var_msg(name, _shown_at(path, value))
}

# GitLab's {value: ..., description: ...} form.
deny contains result.violation(msg, array.concat(path, [name, "value"])) if {
	some path, vars in _variables
	some name, value in vars
	name in _names
	is_object(value)
	msg := _var_msg(name, _shown(value.value))
}

_var_msg(name, shown) := sprintf(
	"%s is set in the pipeline (%s): long-lived IAM user keys; use %s and deactivate the keys",
	[name, shown, _instead],
)

_instead := "the role DevRamps assumes through OIDC in each stage's account" if {
	_devramps
} else := "the build's role or OIDC temporary credentials"

# A buildspec's secrets-manager and parameter-store values name the store, not the secret.
_shown_at(path, value) := sprintf("from Secrets Manager %v", [value]) if {
	path == ["env", "secrets-manager"]
} else := sprintf("from Parameter Store %v", [value]) if {
	path == ["env", "parameter-store"]
} else := _shown(value)

deny contains result.violation(msg, array.concat(step, ["with", key])) if {
	some step, s in _steps
	is_string(s.uses)
	startswith(lower(s.uses), "aws-actions/configure-aws-credentials@")
	is_object(s["with"])
	some key in ["aws-access-key-id", "aws-secret-access-key"]
	s["with"][key]
	msg := sprintf(
		"configure-aws-credentials gets %s (%s): long-lived IAM user keys; give it role-to-assume with id-token: write (OIDC) instead",
		[key, _shown(s["with"][key])],
	)
}

# The value as a message may show it: references as written, literals masked.
_shown(v) := sprintf("%v", [v]) if {
	is_string(v)
	regex.match(`^\s*(\$\{\{.*\}\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)\s*$`, v)
} else := sprintf("value %s", [shell.mask(sprintf("%v", [v]))])

_buildspec if is_object(input.phases)

_workflow if is_object(input.jobs)

_devramps if is_object(input.pipeline)

_devramps if {
	some v in object.get(input, "variables", {})
	is_string(v)
	regex.match(`\$\{\{\s*(stage_)?secret\(|(organization|stage)\.secrets\[`, v)
}

_steps[["jobs", job, "steps", i]] := s if {
	some job, body in input.jobs
	is_object(body)
	is_array(body.steps)
	some i, s in body.steps
	is_object(s)
}

_steps[["runs", "steps", i]] := s if {
	is_array(input.runs.steps)
	some i, s in input.runs.steps
	is_object(s)
}

# Every variables mapping, by path.
_variables[["env", key]] := input.env[key] if {
	_buildspec
	some key in ["variables", "parameter-store", "secrets-manager"]
	is_object(input.env[key])
}

_variables[["env"]] := input.env if {
	_workflow
	is_object(input.env)
}

_variables[["jobs", job, "env"]] := body.env if {
	some job, body in input.jobs
	is_object(body)
	is_object(body.env)
}

_variables[array.concat(step, ["env"])] := s.env if {
	some step, s in _steps
	is_object(s.env)
}

_variables[["variables"]] := input.variables if {
	not _buildspec
	not _workflow
	is_object(input.variables)
}

# DevRamps: stage vars and stage_defaults vars (the top-level variables are read above).
_variables[["pipeline", "stages", i, "vars"]] := st.vars if {
	_devramps
	some i, st in input.pipeline.stages
	is_object(st)
	is_object(st.vars)
}

_variables[["pipeline", "stage_defaults", "vars"]] := input.pipeline.stage_defaults.vars if {
	_devramps
	is_object(input.pipeline.stage_defaults.vars)
}

_variables[[job, "variables"]] := body.variables if {
	not _devramps
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
