# METADATA
# title: Pipeline exposes a whole secret instead of the field it needs
# description: |
#   A Secrets Manager secret usually holds several fields (user name, password, host, API
#   keys), and the `get-secret-value` response wraps it with its ARN, version and dates. A job
#   that prints, stores or hands on the whole thing spreads every field to places that need
#   one: the log, an artifact, a script's arguments. Extract the field where it is fetched, as
#   the AWS guidance does: `--query SecretString --output text`, then `jq -r '.password'`.
#
#   The rule reads buildspec commands, GitHub Actions `run:` and GitLab CI scripts, and fires in
#   two cases:
#
#   1. `aws secretsmanager get-secret-value` without `--query` (or `aws ssm get-parameter(s)
#      --with-decryption` without `--query`) whose whole response is printed or written to a
#      file: the command is last in its pipeline, or is piped only through pass-through
#      commands (`tee`, `cat`, `base64`, `jq .`). A pipe into `jq` with a filter counts as
#      extracting a field.
#   2. A variable that holds a whole secret is passed on as a command argument or written to
#      a file: bound from `$(aws secretsmanager get-secret-value …)` with no `--query`, or with
#      `--query SecretString` and no field extraction, or a buildspec `env.secrets-manager`
#      variable with no JSON key (`DB: prod/db` instead of `prod/db:password`). As a
#      SecretString may be a plain value (a token), the last two count only when the same job
#      treats the variable as JSON elsewhere (pipes it into `jq`). Piping it into
#      `jq` (`echo $DB_SECRET | jq -r '.password'`), giving it to `jq` itself, testing it
#      (`[ -n "$DB_SECRET" ]`) and copying it to another variable are fine. Printing it to the
#      log is reported by secrets/secret-echoed.
# related_resources:
#   - ref: https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_cli.html
#     description: Get a Secrets Manager secret value using the AWS CLI
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.secrets-manager
#     description: CodeBuild buildspec env.secrets-manager (secret-id:json-key)
#   - ref: https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-filter.html
#     description: Filtering AWS CLI output with --query
# custom:
#   id: secrets/whole-secret-exposed
#   severity: medium
#   kinds: [buildspec, github-actions, gitlab-ci]
#   remediation: >-
#     Fetch only what the job needs: --query SecretString --output text and jq -r '.field', or
#     a json-key in env.secrets-manager (prod/db:password), and pass that field alone.
#   threat: >-
#     Fields the job never needed (other credentials, hosts, keys) leak through logs, artifacts
#     or the arguments of another program.
package rampart.rules.secrets.whole_secret_exposed

import data.rampart.lib.result
import data.rampart.lib.shell

# 1. The whole get-secret-value response printed or stored.
deny contains result.violation(msg, c.path) if {
	some c in shell.commands
	not c.nested
	_fetch_without_query(c)
	cmds := shell.parsed[c.path]
	rest := [d | some d in cmds; d.pipeline == c.pipeline; d.index > c.index]
	every d in rest {
		_passes_whole(d)
	}
	where := _destination(array.concat([c], rest))
	msg := sprintf(
		"%s %s the whole secret response (every field, with its ARN and versions); add --query SecretString --output text and extract the field the job needs with jq -r '.field'",
		[shell.quote(c.text), where],
	)
}

_fetch_without_query(c) if {
	c.name == "aws"
	shell.unquote(c.argv[1]) == "secretsmanager"
	shell.unquote(c.argv[2]) == "get-secret-value"
	not shell.has_option(c.argv, ["--query"])
}

_fetch_without_query(c) if {
	c.name == "aws"
	shell.unquote(c.argv[1]) == "ssm"
	shell.unquote(c.argv[2]) in {"get-parameter", "get-parameters", "get-parameters-by-path"}
	shell.has_option(c.argv, ["--with-decryption"])
	not shell.has_option(c.argv, ["--query"])
}

_passes_whole(d) if d.name in shell.passthrough

_passes_whole(d) if {
	d.name == "jq"
	_jq_filter(d.argv) in {".", ""}
}

_jq_filter(argv) := f if {
	f := [shell.unquote(w) | some k, w in argv; k > 0; not startswith(w, "-")][0]
} else := ""

_destination(pipeline) := "writes to a file" if {
	shell.writes_file(pipeline[count(pipeline) - 1])
} else := "writes to a file" if {
	some d in pipeline
	d.name == "tee"
	count(d.argv) > 1
} else := "prints to the job log"

# 2. A variable holding a whole secret passed on.
deny contains result.violation(msg, c.path) if {
	some c in shell.commands
	_may_expand_whole(c)
	not c.name in _harmless
	not _printed_echo(c)
	not _into_jq(c)
	not _copy(c)
	some name in shell.command_refs(c)
	source := _whole(c.scope, name)
	msg := sprintf(
		"%s passes the whole secret in $%s (%s) to %s; extract the field it needs (jq -r '.field') and pass only that",
		[shell.quote(c.text), name, source, _to(c)],
	)
}

# cat <<< "$WHOLE" > file, and the like.
deny contains result.violation(msg, c.path) if {
	some c in shell.commands
	_may_expand_whole(c)
	c.name == "cat"
	not c.printed
	not _into_jq(c)
	some i, w in c.words
	w.text == "<<<"
	w.redir
	some name in shell.refs(c.words[i + 1])
	source := _whole(c.scope, name)
	msg := sprintf(
		"%s passes the whole secret in $%s (%s) to %s; extract the field it needs (jq -r '.field') and pass only that",
		[shell.quote(c.text), name, source, _to(c)],
	)
}

_harmless := {"jq", "[", "[[", "test", "export", "declare", "local", "readonly", "typeset", "unset"}

_printers := {"echo", "printf", "print", "cat"}

# Printing to the log is secrets/secret-echoed's finding.
_printed_echo(c) if {
	c.name in _printers
	c.printed
}

# X=$(echo "$WHOLE") copies it.
_copy(c) if {
	c.nested
	c.name in _printers
	not c.pipe_out
	not shell.writes_file(c)
}

# echo "$WHOLE" | jq -r '.field' extracts a field.
_into_jq(c) if {
	c.name in _printers
	c.pipe_out
	next := shell.parsed[c.path][c.index + 1]
	not c.nested
	next.name == "jq"
}

_into_jq(c) if {
	c.name in _printers
	c.pipe_out
	c.nested
	some d in shell.commands
	d.nested
	d.path == c.path
	d.outer == c.outer
	d.pipeline == c.pipeline
	d.index == c.index + 1
	d.name == "jq"
}

_to(c) := "a file" if {
	c.name in _printers
	shell.writes_file(c)
} else := c.name if {
	not c.name in _printers
} else := "another command"

# _whole(scope, name): where a variable holding a whole secret came from. A response fetched
# without --query is JSON for sure; a SecretString or an env.secrets-manager secret without a
# JSON key may be a plain value (a token), so it counts only when the job itself treats it as
# JSON somewhere (pipes it into jq or gives it to jq).
_whole(scope, name) := sprintf("fetched with %s", [_secret_id(b.value)]) if {
	some b in shell.bindings
	b.scope == scope
	b.name == name
	regex.match(`secretsmanager\s+get-secret-value`, b.value)
	not _narrowed(b.value)
	_json(scope, name, b.value)
} else := sprintf("env.secrets-manager %s without a JSON key", [ref]) if {
	is_object(input.phases)
	ref := input.env["secrets-manager"][name]
	is_string(ref)
	not _has_json_key(ref)
	_parsed_as_json(scope, name)
}

# _whole_names: the only variables _whole can name, bound from get-secret-value or listed in a
# buildspec's env.secrets-manager.
_whole_names contains b.name if {
	some b in shell.bindings
	regex.match(`secretsmanager\s+get-secret-value`, b.value)
}

_whole_names contains name if {
	is_object(input.phases)
	some name, ref in input.env["secrets-manager"]
	is_string(ref)
}

# _may_expand_whole(c): c may expand one of _whole_names. Most commands do not, and looking
# at their text spares shell.command_refs.
_may_expand_whole(c) if {
	some name in _whole_names
	_may_mention(c.text, name)
}

# A variable a command expands is in its text, unless removing a $(...) or `...` from a word
# joined the pieces of its name.
_may_mention(text, name) if contains(text, name)

_may_mention(text, _) if contains(text, "$(")

_may_mention(text, _) if contains(text, "`")

_json(_, _, value) if not contains(value, "--query")

_json(scope, name, _) if _parsed_as_json(scope, name)

_parsed_as_json(scope, name) if {
	some c in shell.commands
	c.scope == scope
	_may_mention(c.text, name)
	name in shell.command_refs(c)
	_json_reader(c)
}

_json_reader(c) if c.name == "jq"

_json_reader(c) if _into_jq(c)

# A fetch narrowed to one field: a --query other than SecretString, or a jq filter.
_narrowed(value) if {
	some m in regex.find_all_string_submatch_n(`--query[= ]+['"]?([^'"\s)]+)`, value, -1)
	m[1] != "SecretString"
}

_narrowed(value) if regex.match(`\|\s*jq\b[^|)]*[.\[][A-Za-z_"]`, value)

_secret_id(value) := sprintf("--secret-id %s", [m[1]]) if {
	m := regex.find_all_string_submatch_n(`--secret-id[= ]+['"]?([^'"\s)]+)`, value, 1)[0]
} else := "get-secret-value"

# secret-id[:json-key[:version-stage[:version-id]]]; an ARN has seven parts of its own.
_has_json_key(ref) if {
	startswith(ref, "arn:")
	parts := split(ref, ":")
	count(parts) > 7
	parts[7] != ""
}

_has_json_key(ref) if {
	not startswith(ref, "arn:")
	parts := split(ref, ":")
	count(parts) > 1
	parts[1] != ""
}
