# METADATA
# title: Every secret is handed over instead of the ones needed
# description: |
#   `${{ toJSON(secrets) }}` serialises every secret the workflow can read (repository,
#   organisation and environment secrets) into one value, and `secrets: inherit` gives a
#   reusable workflow all of the caller's secrets. A step or called workflow that is compromised,
#   or that logs its environment, then leaks all of them rather than the one it uses, and
#   reviewers can no longer see which secrets a job depends on. GitHub masks each secret in logs
#   on its own, but not reliably once it is re-encoded inside a JSON blob.
#
#   The finding sits on the string that uses `toJSON(secrets)` (in any `env`, `with`, `run` or
#   `if`), or on the `secrets: inherit` value of a job that calls a reusable workflow.
# related_resources:
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#using-secrets-in-a-workflow
#     description: Using secrets in a workflow
#   - ref: https://docs.github.com/en/actions/sharing-automations/reusing-workflows#passing-inputs-and-secrets-to-a-reusable-workflow
#     description: Passing inputs and secrets to a reusable workflow
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-secrets
#     description: "Security hardening for GitHub Actions: using secrets"
# custom:
#   id: secrets/overexposed-secrets
#   severity: medium
#   kinds: [github-actions]
#   remediation: >-
#     Pass each secret the step or workflow needs by name (`TOKEN: ${{ secrets.DEPLOY_TOKEN }}`,
#     or a `secrets:` mapping on the reusable-workflow call) instead of `toJSON(secrets)` or
#     `secrets: inherit`.
#   threat: >-
#     One compromised step or called workflow leaks every secret of the repository and
#     organisation instead of the one it was given.
package rampart.rules.secrets.overexposed_secrets

import data.rampart.lib.github
import data.rampart.lib.result

_to_json_secrets := `(?i)tojson\s*\(\s*secrets\s*\)`

deny contains result.violation(msg, path) if {
	walk(input, [path, value])
	is_string(value)
	regex.match(_to_json_secrets, value)
	msg := sprintf("%s serialises every secret the workflow can read into one value; pass only the secrets this needs, each by name (NAME: ${{ secrets.NAME }})", [_quoted(value)])
}

deny contains result.violation(msg, ["jobs", name, "secrets"]) if {
	some name, job in github.jobs
	job.secrets == "inherit"
	is_string(job.uses)
	msg := sprintf("job %q passes secrets: inherit, which hands every secret of this workflow to %s; list the secrets it needs under secrets: (name: ${{ secrets.NAME }})", [name, split(job.uses, "@")[0]])
}

# _quoted names the expression that serialises the secrets, or the bare call in an if:.
_quoted(s) := concat(", ", exprs) if {
	exprs := [sprintf("${{ %s }}", [trim_space(e)]) | some e in github.expressions(s); regex.match(_to_json_secrets, e)]
	count(exprs) > 0
} else := "toJSON(secrets)"
