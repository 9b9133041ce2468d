# METADATA
# title: Pull request workflow runs on a self-hosted runner
# description: |
#   A workflow started by `pull_request` or `pull_request_target` runs code that the pull
#   request's author controls (its build scripts, tests and dependencies), and for a public
#   repository that author can be anyone with a fork. On a self-hosted runner that code runs on
#   your machine: unless the runner is ephemeral it can leave a backdoor for the next job (and the
#   next job's secrets), and it can reach whatever network and cloud credentials the machine has.
#   GitHub advises against self-hosted runners for public repositories for this reason.
#
#   The finding sits on the `self-hosted` label of the job's `runs-on` (a string, a list, the
#   `labels` of a runner group, or a `${{ matrix.* }}` value whose matrix lists it). A job that
#   only names a runner `group` is not reported: groups also serve GitHub-hosted larger runners.
#   Private repositories that do not run workflows from forks may suppress the finding.
# related_resources:
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#hardening-for-self-hosted-runners
#     description: Hardening for self-hosted runners
#   - ref: https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security
#     description: Self-hosted runner security
#   - ref: https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-workflow-runs/approving-workflow-runs-from-public-forks
#     description: Approving workflow runs from public forks
# custom:
#   id: pipeline/self-hosted-runner-on-pull-request
#   severity: medium
#   kinds: [github-actions]
#   remediation: >-
#     Run pull request jobs on GitHub-hosted runners; keep self-hosted runners for workflows on
#     trusted branches (push, workflow_dispatch), and make them ephemeral (`--ephemeral`,
#     just-in-time runners) and isolated from production networks.
#   threat: >-
#     A pull request from a fork runs code on the organisation's runner, persists on it, and
#     steals later jobs' secrets or reaches internal networks.
package rampart.rules.pipeline.self_hosted_runner_on_pull_request

import data.rampart.lib.github
import data.rampart.lib.result

deny contains result.violation(msg, path) if {
	events := github.triggers & github.pull_request_events
	count(events) > 0
	some name, job in github.jobs
	some rel in _self_hosted(job)
	path := array.concat(["jobs", name, "runs-on"], rel)
	msg := sprintf("job %q runs on a self-hosted runner although the workflow runs on %s, so a pull request from a fork runs its code on your machine; run pull request jobs on GitHub-hosted runners and keep self-hosted ones for trusted branches", [name, github.quote_list(sort(events))])
}

# _self_hosted holds the paths, relative to runs-on, of each self-hosted label.
_self_hosted(job) := {rel |
	some rel, label in _labels(job["runs-on"])
	_is_self_hosted(job, label)
}

_labels(r) := {[]: r} if is_string(r)

_labels(r) := {[i]: l | some i, l in r} if is_array(r)

_labels(r) := {["labels"]: r.labels} if {
	is_object(r)
	is_string(r.labels)
}

_labels(r) := {["labels", i]: l | some i, l in r.labels} if {
	is_object(r)
	is_array(r.labels)
}

_is_self_hosted(_, label) if {
	is_string(label)
	lower(trim_space(label)) == "self-hosted"
}

# ${{ matrix.os }} whose matrix values (or include: entries) name self-hosted.
_is_self_hosted(job, label) if {
	is_string(label)
	m := regex.find_all_string_submatch_n(`^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$`, trim_space(label), 1)[0]
	some v in _matrix_values(job.strategy.matrix, m[1])
	some l in github.as_list(v)
	is_string(l)
	lower(trim_space(l)) == "self-hosted"
}

_matrix_values(matrix, key) := array.concat(
	[v | is_array(matrix[key]); some v in matrix[key]],
	[e[key] | is_array(matrix.include); some e in matrix.include; is_object(e); e[key]],
)
