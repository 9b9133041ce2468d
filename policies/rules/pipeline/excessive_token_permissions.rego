# METADATA
# title: Workflow token has the default or write-all permissions
# description: |
#   Every job gets a `GITHUB_TOKEN`. Without a `permissions:` block its scope is the repository's
#   default, which is write access to contents, packages, issues, pull requests, actions and more
#   in repositories and organisations created before February 2023 (and wherever an admin kept
#   that setting); `permissions: write-all` asks for all of it explicitly. A step that is
#   compromised (a poisoned action or dependency, a script injection) can then push code, publish
#   packages, approve pull requests or rewrite releases with that token. Declare the scopes each
#   workflow needs, `contents: read` at the top and more on the one job that needs it.
#
#   The finding sits on the `jobs` key when neither the workflow nor any job sets `permissions:`,
#   on a job's key when other jobs set theirs but this one does not, and on the value of a
#   `write-all`. A reusable workflow (`on: workflow_call` only) without `permissions:` is not
#   reported: it runs with the permissions its caller grants.
# related_resources:
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#modifying-the-permissions-for-the-github_token
#     description: Modifying the permissions for the GITHUB_TOKEN
#   - ref: https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#permissions
#     description: "Workflow syntax: permissions"
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-secrets
#     description: Security hardening for GitHub Actions
# custom:
#   id: pipeline/excessive-token-permissions
#   severity: medium
#   kinds: [github-actions]
#   remediation: >-
#     Add `permissions: {contents: read}` at the top of the workflow and grant further scopes
#     (`id-token: write`, `packages: write`, ...) only on the jobs that need them; never use
#     `write-all`.
#   threat: >-
#     A compromised step uses an over-scoped GITHUB_TOKEN to push to the repository, publish
#     packages or tamper with releases and other workflows.
#   fixable: true
package rampart.rules.pipeline.excessive_token_permissions

import data.rampart.lib.github
import data.rampart.lib.result

deny contains result.violation(msg, ["permissions"]) if {
	input.permissions == "write-all"
	msg := "permissions: write-all gives every job's GITHUB_TOKEN write access to every scope; declare only what the workflow needs, e.g. permissions: {contents: read}, and grant more on the job that needs it"
}

deny contains result.violation(msg, ["jobs", name, "permissions"]) if {
	some name, job in github.jobs
	job.permissions == "write-all"
	msg := sprintf("job %q sets permissions: write-all, which gives its GITHUB_TOKEN write access to every scope; list the scopes the job needs, e.g. {contents: read, id-token: write}", [name])
}

# No permissions anywhere: one finding on the jobs key.
deny contains result.key_violation(msg, ["jobs"]) if {
	_checked
	count(_with_permissions) == 0
	msg := "neither the workflow nor any job sets permissions:, so GITHUB_TOKEN gets the repository's default scope (write access to most scopes in older repositories); add permissions: {contents: read} at the top of the workflow and grant more per job"
}

# Some jobs set their own permissions, these do not.
deny contains result.key_violation(msg, ["jobs", name]) if {
	_checked
	count(_with_permissions) > 0
	some name, job in github.jobs
	not "permissions" in object.keys(job)
	msg := sprintf("job %q sets no permissions: and the workflow has none at the top, so its GITHUB_TOKEN gets the repository's default scope; give the job a permissions: block (e.g. {contents: read}) or add one at the top of the workflow", [name])
}

# _checked: a workflow without top-level permissions that is not only a reusable workflow.
_checked if {
	github.is_workflow
	not "permissions" in object.keys(input)
	not _reusable_only
}

_reusable_only if github.triggers == {"workflow_call"}

_with_permissions contains name if {
	some name, job in github.jobs
	"permissions" in object.keys(job)
}
