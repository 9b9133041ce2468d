# METADATA
# title: Checkout keeps the token in .git/config in a job that runs third-party code
# description: |
#   `actions/checkout` writes the job's `GITHUB_TOKEN` (or the token it was given) into
#   `.git/config` so that later `git push` works, and leaves it there for the rest of the job
#   unless `persist-credentials: false` is set. Every later step can read it, including code the
#   job did not write: a third-party action, a package's install script, a Makefile target. A
#   compromised dependency then takes the token (and, with it, whatever it may write) without
#   touching the environment or the secrets.
#
#   The rule reports a checkout whose `persist-credentials` is not `false` when a later step of
#   the same job runs third-party code, which it defines as either
#   - a `uses:` of an action outside the `actions` and `github` organisations (including
#     `docker://` images; local `./` actions are the repository's own code), or
#   - a `run:` that installs or runs dependencies or build tooling: npm (ci, install, run,
#     test, exec...), npx, yarn, pnpm, bun, pip/pipx/poetry/uv, bundle/gem, cargo, composer,
#     Maven and Gradle (and their wrappers), make, `docker build/run/compose`, `go generate/run`,
#     or a downloaded script piped into a shell.
#   The finding sits on the checkout's `uses` value (or on `persist-credentials: true`) and names
#   the first such step.
# related_resources:
#   - ref: https://github.com/actions/checkout#usage
#     description: "actions/checkout: persist-credentials"
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions
#     description: "Security hardening for GitHub Actions: using third-party actions"
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication
#     description: Automatic token authentication
# custom:
#   id: pipeline/persisted-checkout-credentials
#   severity: low
#   kinds: [github-actions]
#   remediation: >-
#     Add `persist-credentials: false` under the checkout's `with:`; a step that must push gets the
#     token explicitly (`git push https://x-access-token:${GH_TOKEN}@github.com/...` with
#     `GH_TOKEN: ${{ github.token }}` in that step's env).
#   threat: >-
#     A malicious action or dependency reads the token from .git/config and pushes code or
#     tampers with the repository.
#   fixable: true
package rampart.rules.pipeline.persisted_checkout_credentials

import data.rampart.lib.github
import data.rampart.lib.result

deny contains result.violation(msg, _where(co)) if {
	some co in github.steps
	github.is_checkout(co.step)
	not _disabled(co.step)
	later := sort([[l.index, what] |
		some l in github.steps
		l.job == co.job
		l.index > co.index
		what := _third_party(l.step)
	])
	count(later) > 0
	first := later[0]
	msg := sprintf("actions/checkout leaves the token in .git/config, and step %d (%s) later runs third-party code that can read it; set persist-credentials: false on the checkout and give the token only to a step that pushes", [first[0] + 1, first[1]])
}

# persist-credentials: false, as a boolean or the string an action input really is.
_disabled(step) if step["with"]["persist-credentials"] == false

_disabled(step) if {
	is_string(step["with"]["persist-credentials"])
	lower(trim_space(step["with"]["persist-credentials"])) == "false"
}

_where(co) := array.concat(co.path, ["with", "persist-credentials"]) if _persist(co.step) == true

_where(co) := array.concat(co.path, ["uses"]) if _persist(co.step) != true

_persist(step) := object.get(step, ["with", "persist-credentials"], null)

_third_party(step) := step.uses if {
	is_string(step.uses)
	u := github.parse_uses(step.uses)
	u.type == "repo"
	not lower(u.owner) in {"actions", "github"}
}

_third_party(step) := step.uses if {
	is_string(step.uses)
	github.parse_uses(step.uses).type == "docker"
}

_third_party(step) := trim_space(regex.find_n(_runs_code, step.run, 1)[0]) if {
	not is_string(object.get(step, "uses", null))
	is_string(step.run)
	regex.match(_runs_code, step.run)
}

# A command at the start of a line or after ; & | ( (optionally behind sudo), that installs or
# runs dependencies or build tooling.
_runs_code := concat("", [
	`(?im)(?:^|[;&|(])\s*(?:sudo\s+)?(?:`,
	`npm\s+(?:ci|install|i|add|run|run-script|test|t|exec|x|start|rebuild|publish|pack)\b`,
	`|npx\s|yarn\b|pnpm\s+(?:install|i|add|run|test|exec|dlx)\b|bunx?\s`,
	`|pip3?\s+install\b|python3?\s+-m\s+pip\s+install\b|pipx\s+(?:install|run)\b|poetry\s+(?:install|run)\b|uvx\s|uv\s+(?:sync|run|pip\s+install|tool\s+run)\b`,
	`|bundle\s+(?:install|exec)\b|gem\s+install\b|cargo\s+(?:build|test|run|install)\b|composer\s+(?:install|update|require)\b`,
	`|mvn\b|\./mvnw\b|gradle\b|\./gradlew\b|make\b|docker\s+(?:build|run|compose)\b|docker-compose\b|go\s+(?:generate|run)\b`,
	`|(?:curl|wget)\b[^\n|]*\|\s*(?:sudo\s+)?(?:ba|z)?sh\b`,
	`)[^\n;&|]*`,
])
