# METADATA
# title: Attacker-controlled data written to GITHUB_ENV or GITHUB_PATH
# description: |
#   Every line written to the file named by `$GITHUB_ENV` becomes an environment variable of
#   every later step in the job, and every line written to `$GITHUB_PATH` a directory searched
#   before the system's. When the text written comes from an issue or pull request title, a
#   branch name, a comment or a commit message, its author can add a newline and set
#   `NODE_OPTIONS=--require=/tmp/x.js`, `LD_PRELOAD` or `BASH_ENV`, or put a directory of their
#   own first on the PATH, and so run code in every later step, with its secrets. Passing the
#   value through `env:` avoids script injection but not this: the newline still reaches the
#   file.
#
#   The finding sits on the `run:` script when a line that writes to `$GITHUB_ENV` or
#   `$GITHUB_PATH` uses an attacker-controlled expression that can hold a newline (titles,
#   bodies, comments, commit messages, whole event objects: the list of
#   pipeline/script-injection without branch names and author names and e-mails, which git keeps
#   on one line) or an environment variable set from one; a `{ ...; } >> "$GITHUB_ENV"` block
#   counts every line of the script.
# related_resources:
#   - ref: https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#setting-an-environment-variable
#     description: "Workflow commands: setting an environment variable"
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections
#     description: Understanding the risk of script injections
#   - ref: https://securitylab.github.com/resources/github-actions-untrusted-input/
#     description: "GitHub Security Lab: untrusted input in GitHub Actions"
# custom:
#   id: pipeline/environment-file-injection
#   severity: high
#   kinds: [github-actions]
#   remediation: >-
#     Do not export untrusted text through $GITHUB_ENV or $GITHUB_PATH; give it to the steps that
#     need it with their own `env:` (`TITLE: ${{ github.event.issue.title }}`), or validate it
#     first (reject anything with a newline, allow only the characters you expect).
#   threat: >-
#     A crafted title, branch name or comment sets NODE_OPTIONS, LD_PRELOAD, BASH_ENV or PATH for
#     the rest of the job and runs the attacker's code with the job's secrets.
package rampart.rules.pipeline.environment_file_injection

import data.rampart.lib.github
import data.rampart.lib.result

deny contains result.violation(msg, r.path) if {
	some r in github.runs
	regex.match(_env_file, r.script)
	tainted := _tainted(r)
	count(tainted) > 0
	files := sort({upper(m[1]) | some m in regex.find_all_string_submatch_n(_env_file, r.script, -1)})
	msg := sprintf("run writes %s to %s; %s for every later step of the job; pass the value to the steps that need it with env: instead, or reject newlines first", [
		github.quote_list(sort(tainted)),
		github.quote_list([sprintf("$%s", [f]) | some f in files]),
		_effect(files),
	])
}

_env_file := `(?i)(?:\$\{?|\$env:)(GITHUB_ENV|GITHUB_PATH)\b`

_block_write := `(?im)^\s*(?:\}|\)|done|fi)\s*[^\n]*(?:\$\{?|\$env:)(?:GITHUB_ENV|GITHUB_PATH)\b`

# _lines are the lines that count: those that name the file, or all of them for a block write.
_lines(r) := split(r.script, "\n") if regex.match(_block_write, r.script)

_lines(r) := [l | some l in split(r.script, "\n"); regex.match(_env_file, l)] if not regex.match(_block_write, r.script)

_tainted(r) := direct | via_env if {
	lines := _lines(r)
	direct := {e | some l in lines; some e in github.multiline_expressions(l)}
	env := github.step_multiline_env(r.step)
	via_env := {sprintf("$%s (set from %s)", [name, src]) |
		some name, src in env
		some l in lines
		regex.match(sprintf(`(?:\$\{?|\$env:)%s\b`, [name]), l)
	}
}

_effect(["GITHUB_ENV"]) := "a newline in it sets any environment variable (NODE_OPTIONS, LD_PRELOAD, BASH_ENV)"

_effect(["GITHUB_PATH"]) := "its author picks a directory that comes first on PATH"

_effect(["GITHUB_ENV", "GITHUB_PATH"]) := "a newline in it sets any environment variable or PATH entry"
