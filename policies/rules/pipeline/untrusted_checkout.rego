# METADATA
# title: Privileged workflow checks out pull request code
# description: |
#   `pull_request_target`, `workflow_run` and `issue_comment` workflows run in the context of the
#   base repository: they get its secrets and a token that can write, even when a fork's pull
#   request set them off. That is safe only as long as they never run the pull request's code.
#   Checking out its head (`ref: ${{ github.event.pull_request.head.sha }}`, `github.head_ref`,
#   `refs/pull/N/merge`, the `workflow_run` head SHA or branch, the fork's repository) and then
#   building, testing or even installing dependencies hands those secrets and that token to
#   whoever opened the pull request ("pwn request").
#
#   The finding sits on the `ref` (or `repository`) input of `actions/checkout`, or on a `run:`
#   that fetches the pull request itself (`gh pr checkout`, `git fetch origin pull/N/head`).
#   Checking out the base branch (no `ref`) is not reported.
# related_resources:
#   - ref: https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
#     description: "GitHub Security Lab: preventing pwn requests"
#   - ref: https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request_target
#     description: "Events that trigger workflows: pull_request_target"
#   - ref: https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#workflow_run
#     description: "Events that trigger workflows: workflow_run"
# custom:
#   id: pipeline/untrusted-checkout
#   severity: critical
#   kinds: [github-actions]
#   remediation: >-
#     Build and test pull requests in a `pull_request` workflow, which gets no secrets and a
#     read-only token; if a privileged follow-up is needed, pass results as artifacts to a
#     `workflow_run` workflow that treats them as data and never checks out or runs the pull
#     request's code.
#   threat: >-
#     A fork's pull request runs its own build scripts with the base repository's secrets and a
#     write token, and pushes code, publishes releases or exfiltrates credentials.
package rampart.rules.pipeline.untrusted_checkout

import data.rampart.lib.github
import data.rampart.lib.result

# The privileged events that can run a pull request's code.
_events := {"pull_request_target", "workflow_run", "issue_comment"}

deny contains result.violation(msg, array.concat(s.path, ["with", input_name])) if {
	events := github.triggers & _events
	count(events) > 0
	some s in github.steps
	github.is_checkout(s.step)
	some input_name in ["ref", "repository"]
	value := s.step["with"][input_name]
	is_string(value)
	_is_head(input_name, value)
	not _reported_ref(s, input_name)
	msg := sprintf("this %s workflow checks out %s, the pull request's own code, with the base repository's secrets and GITHUB_TOKEN; build and test pull requests in a pull_request workflow instead, and never run their code here", [
		github.quote_list(sort(events)),
		value,
	])
}

deny contains result.violation(msg, r.path) if {
	events := github.triggers & _events
	count(events) > 0
	some r in github.runs
	regex.match(_fetch_pr, r.script)
	msg := sprintf("this %s workflow fetches the pull request's own code (%s) with the base repository's secrets and GITHUB_TOKEN; build and test pull requests in a pull_request workflow instead, and never run their code here", [
		github.quote_list(sort(events)),
		trim_space(regex.find_n(_fetch_pr, r.script, 1)[0]),
	])
}

# One finding per checkout: on ref when both ref and repository point at the pull request.
_reported_ref(s, "repository") if _is_head("ref", s.step["with"].ref)

_fetch_pr := `(?i)\bgh\s+pr\s+checkout\b[^\n;&|]*|\bgit\s+(?:fetch|pull)\b[^\n;&|]*\bpull/[^/\n]+/(?:head|merge)\b[^\n;&|]*`

_head_contexts := {
	"ref": {
		"github.event.pull_request.head.sha",
		"github.event.pull_request.head.ref",
		"github.event.pull_request.merge_commit_sha",
		"github.head_ref",
		"github.event.workflow_run.head_sha",
		"github.event.workflow_run.head_branch",
		"github.event.workflow_run.head_commit.id",
	},
	"repository": {
		"github.event.pull_request.head.repo.full_name",
		"github.event.workflow_run.head_repository.full_name",
	},
}

_is_head(input_name, value) if {
	some e in github.expressions(value)
	some r in github.context_refs(e)
	r in _head_contexts[input_name]
}

_is_head("ref", value) if regex.match(`(?i)refs/pull/`, value)
