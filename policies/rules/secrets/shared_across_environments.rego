# METADATA
# title: Stage-specific secret taken from a pipeline-wide scope
# description: |
#   Database passwords and deploy credentials differ per environment, and the production ones
#   should be readable only while deploying to production. Taken from a pipeline-wide scope,
#   the same secret is handed to every stage: a staging deploy (or a compromised test step)
#   can read the production database password, and rotating it for one environment rotates
#   it for all. The second seed's guidance: "Use environment-scoped secrets so your staging
#   database password isn't available during production deployments, and vice versa".
#
#   The rule fires on a DevRamps `${{ secret("NAME") }}` (or `organization.secrets["NAME"]`)
#   whose name is stage-specific, instead of `stage_secret("NAME")`; and on a GitHub Actions
#   job without `environment:` that reads a stage-specific `secrets.NAME`, which then comes
#   from the repository or organisation rather than from an environment. A name is
#   stage-specific when it matches the `stage_secret_pattern` setting: database names
#   (`DB_*`, `DATABASE_*`, `RDS_*`, `POSTGRES_*`, `MYSQL_*`, `MONGO_*`, `REDIS_*`), deploy
#   credentials (`*_DEPLOY_*`, `DEPLOY_*`) and environment-named secrets (`PROD_*`,
#   `*_PRODUCTION`, `STAGING_*`). Jobs that call a reusable workflow cannot name an
#   environment and are left alone.
# related_resources:
#   - ref: https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment#environment-secrets
#     description: GitHub environment secrets
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions
#     description: Using secrets in GitHub Actions
#   - ref: https://docs.aws.amazon.com/secretsmanager/latest/userguide/best-practices.html
#     description: AWS Secrets Manager best practices (separate secrets per environment)
# custom:
#   id: secrets/shared-across-environments
#   severity: medium
#   kinds: [devramps, github-actions]
#   remediation: >-
#     Scope the secret to the stage that needs it: `${{ stage_secret("NAME") }}` in DevRamps;
#     in GitHub Actions, store it as an environment secret and give the job `environment:`
#     (with required reviewers for production).
#   threat: >-
#     A staging job, or a compromised step in any stage, reads the production database or
#     deploy credentials.
#   settings:
#     stage_secret_pattern: (?i)(^|_)(DB|DATABASE|RDS|POSTGRES|PG|MYSQL|MONGO|MONGODB|REDIS)(_|$)|(^|_)DEPLOY(_|$)|(^|_)(PROD|PRODUCTION|STAGING)(_|$)
package rampart.rules.secrets.shared_across_environments

import data.rampart.lib.result

_default_pattern := `(?i)(^|_)(DB|DATABASE|RDS|POSTGRES|PG|MYSQL|MONGO|MONGODB|REDIS)(_|$)|(^|_)DEPLOY(_|$)|(^|_)(PROD|PRODUCTION|STAGING)(_|$)`

_pattern := p if {
	p := data.rampart.config.stage_secret_pattern
	is_string(p)
	p != ""
} else := _default_pattern

_stage_specific(name) if regex.match(_pattern, name)

# DevRamps: secret("X") and organization.secrets["X"] are organisation-wide.
_org_secret_re := `(?:^|[^A-Za-z0-9_])secret\(\s*["']([^"']+)["']\s*\)|organization\.secrets\[\s*["']([^"']+)["']\s*\]`

deny contains result.violation(msg, path) if {
	_devramps
	walk(input, [path, value])
	is_string(value)
	some m in regex.find_all_string_submatch_n(_org_secret_re, value, -1)
	name := concat("", array.slice(m, 1, 3))
	_stage_specific(name)
	msg := sprintf(
		"%s is a stage-specific secret read from the organization scope, so every stage gets the same value; use ${{ stage_secret(%q) }} and set it per stage",
		[name, name],
	)
}

_devramps if is_object(input.pipeline)

_devramps if {
	is_array(input)
	some s in input
	startswith(object.get(s, "type", ""), "DEVRAMPS:")
}

_devramps if {
	is_object(input.variables)
	not _workflow
}

# A negated built-in call on an undefined value is undefined, not true: test through a rule.
_workflow if is_object(input.jobs)

# GitHub: secrets.X in a job without an environment.
_gh_secret_re := `secrets\.([A-Za-z_][A-Za-z0-9_]*)|secrets\[\s*'([^']+)'\s*\]`

deny contains result.violation(msg, array.concat(["jobs", job], sub)) if {
	some job, body in object.get(input, "jobs", {})
	is_object(body)
	not body.environment
	not body.uses
	walk(body, [sub, value])
	is_string(value)
	names := {n |
		some m in regex.find_all_string_submatch_n(_gh_secret_re, value, -1)
		n := concat("", array.slice(m, 1, 3))
		_stage_specific(n)
	}
	count(names) > 0
	msg := sprintf(
		"job %s reads %s without an environment:, so it gets a repository or organisation secret shared by every stage; store it as an environment secret and give the job environment:",
		[job, concat(", ", [sprintf("secrets.%s", [n]) | some n in sort(names)])],
	)
}
