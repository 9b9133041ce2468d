# METADATA
# title: Pipeline prints a secret or the whole environment to the job log
# description: |
#   Build logs are kept for months, copied to CloudWatch, S3 and chat notifications, and read by
#   everyone with access to the project. A secret echoed while debugging stays there in plain
#   text; masking only catches the exact registered value, not a variable that was derived,
#   re-encoded or fetched at run time from Secrets Manager or Parameter Store.
#
#   The rule reads buildspec commands, GitHub Actions `run:` and GitLab CI scripts. It fires when
#   `echo`, `printf`, `printenv VAR` or `cat <<< "$VAR"` prints a secret-bearing variable and the
#   output reaches the log (the command is last in its pipeline or is piped only through
#   commands that pass it on, such as `tee` or `base64`, and its output is not redirected to a
#   file). A variable bears a secret when its name says so (PASSWORD, SECRET, TOKEN, API_KEY,
#   PRIVATE_KEY, CREDENTIAL, ACCESS_KEY…; not `*_FILE`, `*_URL`, `*_ARN`, `*_ID`…), when it is
#   bound from `aws secretsmanager get-secret-value` or `aws ssm get-parameter
#   --with-decryption` in the same job or phase set, when it is a buildspec
#   `env.secrets-manager` or `env.parameter-store` variable, or when a GitHub `env:` sets it
#   from `secrets.*`. Piping a secret into another command (`echo "$TOKEN" | docker login
#   --password-stdin`, `echo $DB_SECRET | jq -r .password`) or writing it to a file is not
#   printing it.
#
#   It also fires on commands that dump every variable: `printenv`, a bare `env`, `export -p`,
#   a bare `export` or `set`, `declare -p`, and shell tracing (`set -x`, `set -o xtrace`,
#   `bash -x`), which prints every command with its variables expanded.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.secrets-manager
#     description: CodeBuild buildspec env.secrets-manager
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions
#     description: Using secrets in GitHub Actions
#   - ref: https://docs.gitlab.com/ee/ci/variables/#cicd-variable-security
#     description: GitLab CI/CD variable security
# custom:
#   id: secrets/secret-echoed
#   severity: high
#   kinds: [buildspec, github-actions, gitlab-ci]
#   remediation: >-
#     Do not print secrets or the environment; pass a secret to the command that needs it
#     (through stdin, a file with restricted permissions, or an environment variable) and
#     remove set -x and env dumps from jobs that hold secrets.
#   threat: >-
#     Anyone who can read the build logs, or the log archive, collects working credentials.
package rampart.rules.secrets.secret_echoed

import data.rampart.lib.result
import data.rampart.lib.shell

_printers := {"echo", "printf", "print"}

# echo/printf of a secret-bearing variable.
deny contains result.violation(msg, c.path) if {
	some c in shell.commands
	not c.nested
	c.printed
	c.name in _printers
	not _github_mask(c)
	some name in shell.command_refs(c)
	why := shell.secret_var(c.scope, name)
	msg := sprintf("%s prints $%s to the job log, and %s; do not print it, pass it to the command that needs it", [shell.quote(c.text), name, why])
}

# echo "${{ secrets.X }}" in a GitHub run: the runner substitutes the secret into the script.
deny contains result.violation(msg, c.path) if {
	some c in shell.commands
	not c.nested
	c.printed
	c.name in _printers
	not _github_mask(c)
	some w in array.slice(c.argv, 1, count(c.argv))
	some m in regex.find_all_string_submatch_n(`\$\{\{\s*(secrets\.[A-Za-z0-9_-]+)\s*\}\}`, w, -1)
	msg := sprintf("%s prints %s to the job log, where only GitHub's exact-match masking stands between it and every reader; do not print secrets", [shell.quote(c.text), m[1]])
}

# cat <<< "$SECRET"
deny contains result.violation(msg, c.path) if {
	some c in shell.commands
	not c.nested
	c.printed
	c.name == "cat"
	some i, w in c.words
	w.redir
	w.text == "<<<"
	some name in shell.refs(c.words[i + 1])
	why := shell.secret_var(c.scope, name)
	msg := sprintf("%s prints $%s to the job log, and %s; do not print it, pass it to the command that needs it", [shell.quote(c.text), name, why])
}

# printenv SECRET
deny contains result.violation(msg, c.path) if {
	some c in shell.commands
	not c.nested
	c.printed
	c.name == "printenv"
	some w in array.slice(c.argv, 1, count(c.argv))
	name := shell.unquote(w)
	why := shell.secret_var(c.scope, name)
	msg := sprintf("%s prints $%s to the job log, and %s; do not print it, pass it to the command that needs it", [shell.quote(c.text), name, why])
}

# Dumps of every variable, and shell tracing.
deny contains result.violation(msg, c.path) if {
	some c in shell.commands
	not c.nested
	what := _dump(c)
	_output_reaches_log(c)
	msg := sprintf("%s %s, secrets included, to the job log; print only the values you need", [shell.quote(c.text), what])
}

deny contains result.violation(msg, c.path) if {
	some c in shell.commands
	not c.nested
	what := _trace(c)
	msg := sprintf("%s %s, so every secret a command uses is printed to the job log; remove it from jobs that hold secrets", [shell.quote(c.text), what])
}

# GitHub's workflow command that registers a value for masking: printing it is the point.
_github_mask(c) if {
	some w in c.argv
	startswith(shell.unquote(w), "::add-mask::")
}

_options_only(c) if {
	every w in array.slice(c.argv, 1, count(c.argv)) {
		startswith(w, "-")
	}
}

_dump(c) := "prints every environment variable" if {
	c.name in {"printenv", "env"}
	_options_only(c)
}

_dump(c) := "prints every exported variable" if {
	c.name == "export"
	_options_only(c)
}

_dump(c) := "prints every shell variable" if {
	c.name == "set"
	count(c.argv) == 1
}

_dump(c) := "prints every shell variable" if {
	c.name in {"declare", "typeset"}
	_options_only(c)
	shell.has_option(c.argv, ["-p"])
}

_dump(c) := "prints every shell variable" if {
	c.name in {"declare", "typeset"}
	count(c.argv) == 1
}

# The dump's pipeline ends in the log: not in a file, not in a quiet grep.
_output_reaches_log(c) if {
	last := max([d.index | some d in shell.parsed[c.path]; d.pipeline == c.pipeline])
	l := shell.parsed[c.path][last]
	not shell.writes_file(l)
	not _quiet(l)
}

_quiet(l) if {
	l.name in {"grep", "egrep", "fgrep"}
	shell.has_option(l.argv, ["-q", "--quiet", "--silent", "-c", "--count", "-l"])
}

_quiet(l) if l.name in {"wc", "true"}

_trace(c) := "turns on shell tracing (xtrace)" if {
	c.name == "set"
	some w in array.slice(c.argv, 1, count(c.argv))
	regex.match(`^-[A-Za-z]*x[A-Za-z]*$`, shell.unquote(w))
}

_trace(c) := "turns on shell tracing (xtrace)" if {
	c.name == "set"
	some i, w in c.argv
	w == "-o"
	shell.unquote(c.argv[i + 1]) == "xtrace"
}

_trace(c) := "runs a script with shell tracing (-x)" if {
	c.name in {"sh", "bash", "zsh", "dash", "ksh"}
	some w in _leading_options(c.argv)
	regex.match(`^-[A-Za-z]*x[A-Za-z]*$`, shell.unquote(w))
}

# The options of a command before its first operand.
_leading_options(argv) := array.slice(argv, 1, first) if {
	first := min(array.concat([i | some i, w in argv; i > 0; not startswith(w, "-")], [count(argv)]))
}
