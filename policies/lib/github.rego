# METADATA
# description: |
#   Normalises GitHub Actions workflows and action metadata so that the github-actions rules
#   stay short. `input` is one workflow (`on` + `jobs`) or one action (`runs`); see
#   docs/input/github-actions.md. Every helper keeps the exact path of the value it returns,
#   so that a rule can point at the offending token.
package rampart.lib.github

# ---- Shapes and triggers ----------------------------------------------------------------------

is_workflow if is_object(input.jobs)

is_action if is_object(input.runs)

# triggers holds the events that start the workflow, whatever the spelling of `on`:
# "push", ["push", "pull_request"], or {"pull_request": null, "push": {...}}.
triggers contains input.on if is_string(input.on)

triggers contains e if {
	is_array(input.on)
	some e in input.on
	is_string(e)
}

triggers contains e if {
	is_object(input.on)
	some e, _ in input.on
}

# The events whose runs see a pull request's head: the code, branch name, title and body of a
# pull request that may come from a fork.
pull_request_events := {"pull_request", "pull_request_target"}

# privileged_events run with a read/write token and the repository's secrets although they can
# be set off by anyone who can open a pull request.
privileged_events := {"pull_request_target", "workflow_run"}

# ---- Jobs and steps ---------------------------------------------------------------------------

# jobs holds every job of a workflow by its id. (A complete rule: rules look jobs up by id, and
# OPA evaluates a partial rule's whole body again for every key it is asked about.)
jobs := {name: job |
	is_workflow
	some name, job in input.jobs
	is_object(job)
}

# steps holds every step as {"path", "job", "index", "step"}: workflow steps (job is the job
# id) and composite action steps (job is null). path addresses the step itself.
steps contains {"path": ["jobs", name, "steps", i], "job": name, "index": i, "step": s} if {
	some name, job in jobs
	is_array(job.steps)
	some i, s in job.steps
	is_object(s)
}

steps contains {"path": ["runs", "steps", i], "job": null, "index": i, "step": s} if {
	is_action
	is_array(input.runs.steps)
	some i, s in input.runs.steps
	is_object(s)
}

# uses holds every `uses:` string with its path: steps, composite action steps, and jobs that
# call a reusable workflow.
uses[path] := s.step.uses if {
	some s in steps
	is_string(s.step.uses)
	path := array.concat(s.path, ["uses"])
}

uses[["jobs", name, "uses"]] := job.uses if {
	some name, job in jobs
	is_string(job.uses)
}

# runs holds every `run:` script with its path and its step.
runs contains {"path": array.concat(s.path, ["run"]), "script": s.step.run, "step": s} if {
	some s in steps
	is_string(s.step.run)
}

# scripts holds every piece of text GitHub runs as code after expanding its expressions: `run:`
# scripts and the `script` input of actions/github-script. what names it for messages.
scripts contains {"path": r.path, "script": r.script, "step": r.step, "what": "run"} if some r in runs

scripts contains {"path": array.concat(s.path, ["with", "script"]), "script": s.step["with"].script, "step": s, "what": "github-script script"} if {
	some s in steps
	is_string(s.step.uses)
	action_name(s.step.uses) == "actions/github-script"
	is_string(s.step["with"].script)
}

# ---- uses: parsing ----------------------------------------------------------------------------

# parse_uses splits a `uses:` value: {"type": "local"} for ./path, {"type": "docker", "image",
# "digest"} for docker://, and {"type": "repo", "name": "owner/repo/path", "owner", "ref"} for
# everything else (ref is "" when there is no @).
parse_uses(s) := {"type": "local"} if startswith(s, "./")

parse_uses(s) := {"type": "docker", "image": image, "digest": digest} if {
	startswith(s, "docker://")
	image := trim_prefix(s, "docker://")
	digest := _docker_digest(image)
}

parse_uses(s) := {"type": "repo", "name": name, "owner": owner, "ref": ref} if {
	not startswith(s, "./")
	not startswith(s, "docker://")
	parts := split(s, "@")
	name := parts[0]
	ref := _ref(parts)
	owner := split(name, "/")[0]
}

_ref(parts) := parts[1] if count(parts) == 2

_ref(parts) := "" if count(parts) != 2

_docker_digest(image) := d if {
	parts := split(image, "@")
	count(parts) == 2
	d := parts[1]
} else := ""

# action_name is the lower-cased owner/repo of a uses: value, without path or ref
# ("actions/checkout" for "actions/checkout@v4"); "" for local and docker actions.
action_name(s) := name if {
	u := parse_uses(s)
	u.type == "repo"
	segs := split(lower(u.name), "/")
	count(segs) >= 2
	name := concat("/", [segs[0], segs[1]])
} else := ""

is_checkout(step) if action_name(step.uses) == "actions/checkout"

# is_commit_sha holds for a full 40-character commit SHA.
is_commit_sha(ref) if regex.match(`^[0-9a-fA-F]{40}$`, ref)

# is_image_digest holds for sha256:<64 hex>.
is_image_digest(d) if regex.match(`^sha256:[0-9a-fA-F]{64}$`, d)

# ---- Attacker-controlled expressions ----------------------------------------------------------

# untrusted_contexts are the context paths whose values anyone who can open an issue, a pull
# request, a discussion or a comment, or push a branch to a fork, chooses. Lower case, array
# indexes written as *. Sources: GitHub's "Security hardening for GitHub Actions" and its
# list of untrusted input.
untrusted_contexts := {
	"github.event.issue.title",
	"github.event.issue.body",
	"github.event.pull_request.title",
	"github.event.pull_request.body",
	"github.event.pull_request.head.ref",
	"github.event.pull_request.head.label",
	"github.event.pull_request.head.repo.default_branch",
	"github.event.pull_request.head.repo.description",
	"github.event.discussion.title",
	"github.event.discussion.body",
	"github.event.comment.body",
	"github.event.review.body",
	"github.event.review_comment.body",
	"github.event.pages.*.page_name",
	"github.event.commits.*.message",
	"github.event.commits.*.author.email",
	"github.event.commits.*.author.name",
	"github.event.commits.*.committer.email",
	"github.event.commits.*.committer.name",
	"github.event.head_commit.message",
	"github.event.head_commit.author.email",
	"github.event.head_commit.author.name",
	"github.event.head_commit.committer.email",
	"github.event.head_commit.committer.name",
	"github.event.workflow_run.head_branch",
	"github.event.workflow_run.display_title",
	"github.event.workflow_run.head_commit.message",
	"github.event.workflow_run.head_commit.author.email",
	"github.event.workflow_run.head_commit.author.name",
	"github.event.workflow_run.pull_requests.*.head.ref",
	"github.head_ref",
}

# _untrusted_objects are the objects that hold untrusted values: toJSON(github.event) or
# ${{ github.event.pull_request }} expands the title and body with the rest.
_untrusted_objects contains concat(".", array.slice(segs, 0, n)) if {
	some c in untrusted_contexts
	segs := split(c, ".")
	some n in numbers.range(1, count(segs) - 1)
}

# expressions holds the text inside every ${{ }} of s.
expressions(s) := [m[1] | some m in regex.find_all_string_submatch_n(`(?s)\$\{\{(.*?)\}\}`, s, -1)]

# context_refs holds the context references of one expression, normalised: lower case,
# github.event['issue']['title'] as github.event.issue.title, [0] and [*] as .*, string literals
# left out.
context_refs(expr) := {m[1] |
	e1 := regex.replace(lower(expr), `\[\s*'([^']*)'\s*\]`, ".$1")
	e2 := regex.replace(e1, `\[[^\]]*\]`, ".*")
	e3 := regex.replace(e2, `'[^']*'`, "''")
	some m in regex.find_all_string_submatch_n(`(?:^|[^a-z0-9_.\-])([a-z_][a-z0-9_\-]*(?:\.[a-z0-9_*\-]+)*)`, e3, -1)
}

is_untrusted_ref(r) if r in untrusted_contexts

is_untrusted_ref(r) if r in _untrusted_objects

# untrusted_expressions lists the ${{ }} expressions of s that expand attacker-controlled data,
# as written (trimmed), in order.
untrusted_expressions(s) := [sprintf("${{ %s }}", [trim_space(e)]) |
	some e in expressions(s)
	is_untrusted_expression(e)
]

# is_untrusted_expression holds when the text of one ${{ }} reads attacker-controlled data.
is_untrusted_expression(e) if {
	some r in context_refs(e)
	is_untrusted_ref(r)
}

# single_line_contexts are the untrusted contexts that cannot hold a newline: git forbids
# control characters in branch names and in author names and e-mails.
single_line_contexts := {
	"github.event.pull_request.head.ref",
	"github.event.pull_request.head.label",
	"github.event.pull_request.head.repo.default_branch",
	"github.event.commits.*.author.email",
	"github.event.commits.*.author.name",
	"github.event.commits.*.committer.email",
	"github.event.commits.*.committer.name",
	"github.event.head_commit.author.email",
	"github.event.head_commit.author.name",
	"github.event.head_commit.committer.email",
	"github.event.head_commit.committer.name",
	"github.event.workflow_run.head_branch",
	"github.event.workflow_run.head_commit.author.email",
	"github.event.workflow_run.head_commit.author.name",
	"github.event.workflow_run.pull_requests.*.head.ref",
	"github.head_ref",
}

# multiline_expressions lists the ${{ }} expressions of s that expand attacker-controlled data
# that may hold a newline (titles, bodies, comments, commit messages, whole event objects).
multiline_expressions(s) := [sprintf("${{ %s }}", [trim_space(e)]) |
	some e in expressions(s)
	_is_multiline_expression(e)
]

_is_multiline_expression(e) if {
	some r in context_refs(e)
	is_untrusted_ref(r)
	not r in single_line_contexts
}

# has_expression is a cheap pre-filter: most strings have no ${{ at all.
has_expression(s) if contains(s, "${{")

# ---- Environment ------------------------------------------------------------------------------

# step_untrusted_env maps the environment variables a step sees (workflow, job and step env:;
# a composite action step only its own) whose value expands attacker-controlled data to the
# first such expression: {"TITLE": "${{ github.event.issue.title }}"}. s is an element of steps.
step_untrusted_env(s) := {name: exprs[0] |
	some name, v in _step_env(s)
	is_string(v)
	has_expression(v)
	exprs := untrusted_expressions(v)
	count(exprs) > 0
}

# step_multiline_env is step_untrusted_env restricted to values that may hold a newline.
step_multiline_env(s) := {name: exprs[0] |
	some name, v in _step_env(s)
	is_string(v)
	has_expression(v)
	exprs := multiline_expressions(v)
	count(exprs) > 0
}

_step_env(s) := object.union_n([_env(input), _env(jobs[s.job]), _env(s.step)]) if s.job != null

_step_env(s) := _env(s.step) if s.job == null

_env(x) := e if {
	e := object.get(x, "env", {})
	is_object(e)
} else := {}

# ---- Small helpers ----------------------------------------------------------------------------

# as_list turns a string or a list into a list (runs-on, needs, ...).
as_list(x) := x if is_array(x)

as_list(x) := [x] if not is_array(x)

# quote_list renders names for a message: "a, b and c".
quote_list(xs) := xs[0] if count(xs) == 1

quote_list(xs) := concat(" and ", [concat(", ", array.slice(xs, 0, count(xs) - 1)), xs[count(xs) - 1]]) if count(xs) > 1
