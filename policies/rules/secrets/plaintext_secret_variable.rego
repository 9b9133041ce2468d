# METADATA
# title: Secret-named variable holds a plaintext value
# description: |
#   A variable whose name says it carries a secret (`DB_PASSWORD`, `API_TOKEN`, `NPM_AUTH_KEY`,
#   `CLIENT_SECRET`, ...) but whose value is written in the pipeline is a secret in plain text:
#   it is in the repository and its history, shown in the CodeBuild console and API
#   (`PLAINTEXT` variables), and not masked in job logs, because only values that come from a
#   secret store are masked.
#
#   The rule reads buildspec `env.variables`, GitHub Actions `env` (workflow, job, step and
#   composite action steps), GitLab CI `variables` (global, job and `rules:`), DevRamps
#   `variables`, CloudFormation `AWS::CodeBuild::Project` `EnvironmentVariables` of type
#   `PLAINTEXT` (the default) and Terraform `aws_codebuild_project` `environment_variable`
#   blocks of type `PLAINTEXT` (the default). A value that refers to a secret store or
#   another variable is fine: buildspec `secrets-manager`/`parameter-store`, `${{ secrets.X }}`,
#   DevRamps `secret(...)`/`stage_secret(...)`, `$VAR`, `${VAR}`, CodeBuild types
#   `SECRETS_MANAGER`/`PARAMETER_STORE`. Placeholders (`changeme`, `<token>`, empty values)
#   and the throwaway passwords of CI service containers (`postgres`, `root`, `test`) are not
#   reported. `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` are left to
#   `pipeline/static-aws-credentials`.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.secrets-manager
#     description: CodeBuild buildspec env.secrets-manager and env.parameter-store
#   - ref: https://docs.aws.amazon.com/codebuild/latest/APIReference/API_EnvironmentVariable.html
#     description: CodeBuild EnvironmentVariable types (PLAINTEXT, PARAMETER_STORE, SECRETS_MANAGER)
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions
#     description: Using secrets in GitHub Actions
#   - ref: https://docs.gitlab.com/ee/ci/variables/#cicd-variable-security
#     description: GitLab CI/CD variable security (masked and protected variables)
# custom:
#   id: secrets/plaintext-secret-variable
#   severity: high
#   sensitive: true
#   kinds: [buildspec, github-actions, gitlab-ci, devramps, cloudformation, terraform]
#   remediation: >-
#     Store the value in a secret store and reference it: buildspec `env.secrets-manager` or
#     `env.parameter-store`, CodeBuild `Type: SECRETS_MANAGER`/`PARAMETER_STORE`,
#     `${{ secrets.NAME }}` in GitHub Actions, a masked and protected CI/CD variable in GitLab,
#     `${{ secret("NAME") }}`/`${{ stage_secret("NAME") }}` in DevRamps; then rotate the
#     value that was committed.
#   threat: >-
#     Anyone with read access to the repository, the CodeBuild project or the job log reads
#     the secret.
package rampart.rules.secrets.plaintext_secret_variable

import data.rampart.lib.result
import data.rampart.lib.secrets
import data.rampart.lib.shell

deny contains result.violation(msg, path) if {
	some path, pair in _literals
	[name, value] := pair
	msg := sprintf(
		"%s holds a plaintext value (%s) although its name says it is a secret; reference a secret store instead (%s) and rotate the value",
		[name, secrets.shown(value), _instead(path)],
	)
}

_instead(_) := "env.secrets-manager or env.parameter-store" if {
	_buildspec
} else := "${{ secrets.NAME }}" if {
	_workflow
} else := "Type: SECRETS_MANAGER or PARAMETER_STORE" if {
	input.Resources
} else := `type = "SECRETS_MANAGER" or "PARAMETER_STORE"` if {
	input.resource
} else := `${{ secret("NAME") }} or ${{ stage_secret("NAME") }}` if {
	_devramps
} else := "a masked, protected CI/CD variable set in the project settings"

# _literals[path] := [name, value] for every secret-named variable given a literal.
_literals[path] := [name, value] if {
	some base, vars in _variables
	some name, v in vars
	not is_object(v)
	path := array.concat(base, [name])
	value := v
	_bad(name, value)
}

# GitLab's {value: ..., description: ...} form.
_literals[path] := [name, value] if {
	some base, vars in _variables
	some name, v in vars
	is_object(v)
	path := array.concat(base, [name, "value"])
	value := v.value
	_bad(name, value)
}

_literals[path] := [name, value] if {
	some rname, res in object.get(input, "Resources", {})
	is_object(res)
	res.Type == "AWS::CodeBuild::Project"
	some i, ev in object.get(res, ["Properties", "Environment", "EnvironmentVariables"], [])
	upper(object.get(ev, "Type", "PLAINTEXT")) == "PLAINTEXT"
	name := ev.Name
	value := ev.Value
	path := ["Resources", rname, "Properties", "Environment", "EnvironmentVariables", i, "Value"]
	_bad(name, value)
}

_literals[path] := [name, value] if {
	some pname, project in object.get(input, ["resource", "aws_codebuild_project"], {})
	some i, env in object.get(project, "environment", [])
	some j, ev in object.get(env, "environment_variable", [])
	upper(object.get(ev, "type", "PLAINTEXT")) == "PLAINTEXT"
	name := ev.name
	value := ev.value
	path := ["resource", "aws_codebuild_project", pname, "environment", i, "environment_variable", j, "value"]
	_bad(name, value)
}

_bad(name, value) if {
	is_string(name)
	secrets.secret_name(name)
	not upper(name) in {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
	_literal(value)
}

_literal(v) if is_number(v)

_literal(v) if {
	is_string(v)
	not secrets.reference(v)
	not secrets.placeholder(v)
}

_buildspec if is_object(input.phases)

_workflow if is_object(input.jobs)

_workflow if is_object(input.runs)

_devramps if is_object(input.pipeline)

_template if is_object(input.Resources)

_template if is_object(input.resource)

_gitlab if {
	not _buildspec
	not _workflow
	not _devramps
	not _template
}

_devramps if {
	some v in object.get(input, "variables", {})
	is_string(v)
	regex.match(`\$\{\{\s*(stage_)?secret\(|(organization|stage)\.secrets\[`, v)
}

# Every variables mapping, by path.
_variables[["env", "variables"]] := input.env.variables if {
	_buildspec
	is_object(input.env.variables)
}

_variables[["env"]] := input.env if {
	_workflow
	is_object(input.env)
}

_variables[["jobs", job, "env"]] := body.env if {
	_workflow
	some job, body in input.jobs
	is_object(body)
	is_object(body.env)
}

_variables[array.concat(step, ["env"])] := s.env if {
	_workflow
	some step, s in _steps
	is_object(s.env)
}

# GitLab's global variables, and DevRamps' variables.
_variables[["variables"]] := input.variables if {
	not _buildspec
	not _workflow
	not _template
	is_object(input.variables)
}

_variables[[job, "variables"]] := body.variables if {
	_gitlab
	some job, body in shell.gitlab_jobs
	is_object(body.variables)
}

_variables[[job, "rules", i, "variables"]] := r.variables if {
	_gitlab
	some job, body in shell.gitlab_jobs
	is_array(body.rules)
	some i, r in body.rules
	is_object(r)
	is_object(r.variables)
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
