# METADATA
# description: |
#   Reads the shell commands of pipelines: buildspec `phases.*.commands`/`finally`, GitHub
#   Actions `run:` (workflow and composite action steps), GitLab CI `script`, `before_script`
#   and `after_script` (jobs, hidden jobs, `default:` and the deprecated top-level keys).
#
#   `lines` enumerates every command line with its exact path and its shell scope; `commands`
#   splits each line into simple commands on `|`, `|&`, `&&`, `||`, `;`, `&`, `(`, `)` and
#   newlines, honouring quotes, `$(...)`, backticks, `${...}` and process substitution, and
#   says for each whether its output is piped on, redirected, or printed to the job log.
#   Simple commands inside `$(...)`, backticks and `<(...)` are listed too (one level deep,
#   `nested: true`). `bindings` tracks `X=...`, `export X=...`, `declare/local/readonly X=...`
#   across the lines of one scope, and `secret_var` says which variables hold secrets.
#
#   Limits (a linter, not a shell): here-document bodies are dropped (their text is data);
#   substitutions nest two parentheses deep and are analysed one level deep; aliases,
#   functions, `eval` strings and `case` patterns are not interpreted; a `#` right after a
#   quote starts a comment; bindings are not ordered within a scope (a variable bound
#   anywhere in a job counts on every line of it); GitLab `default:`/top-level scripts are
#   their own scope.
package rampart.lib.shell

# ---- Command lines ---------------------------------------------------------------------------

# lines contains every command line as {"path", "text", "scope", "kind"}: path addresses the
# scalar, scope names the shell whose variables the line shares.
lines contains {"path": ["phases", phase, key, i], "text": cmd, "scope": _buildspec_scope(["phases", phase, key, i]), "kind": "buildspec"} if {
	_is_buildspec
	some phase, body in input.phases
	is_object(body)
	some key in ["commands", "finally"]
	is_array(body[key])
	some i, cmd in body[key]
	is_string(cmd)
}

lines contains {"path": array.concat(step, ["run"]), "text": s.run, "scope": step, "kind": "github-actions"} if {
	some step, s in _gh_steps
	is_string(s.run)
}

lines contains {"path": array.concat(base, [i]), "text": cmd, "scope": scope, "kind": "gitlab-ci"} if {
	some base, x in _gl_scripts
	scope := x.scope
	list := x.value
	is_array(list)
	some i, cmd in list
	is_string(cmd)
}

lines contains {"path": array.concat(base, [i, j]), "text": cmd, "scope": scope, "kind": "gitlab-ci"} if {
	some base, x in _gl_scripts
	scope := x.scope
	list := x.value
	is_array(list)
	some i, inner in list
	is_array(inner)
	some j, cmd in inner
	is_string(cmd)
}

lines contains {"path": base, "text": x.value, "scope": x.scope, "kind": "gitlab-ci"} if {
	some base, x in _gl_scripts
	is_string(x.value)
}

_is_buildspec if {
	is_object(input.phases)
	input.version
}

# With buildspec version 0.2 every command of every phase runs in one shell; with 0.1 each
# command has its own.
_buildspec_scope(_) := ["phases"] if not _buildspec_v01

_buildspec_scope(path) := path if _buildspec_v01

_buildspec_v01 if sprintf("%v", [input.version]) == "0.1"

# _gh_steps maps the path of every workflow or composite-action step to the step.
_gh_steps[["jobs", job, "steps", i]] := s if {
	is_object(input.jobs)
	some job, body in input.jobs
	is_object(body)
	is_array(body.steps)
	some i, s in body.steps
	is_object(s)
}

_gh_steps[["runs", "steps", i]] := s if {
	is_object(input.runs)
	is_array(input.runs.steps)
	some i, s in input.runs.steps
	is_object(s)
}

# A negated built-in call on an undefined value is undefined, not true: test through a rule.
_top_object(k) if is_object(input[k])

# GitLab keywords that are not jobs at the top level.
gitlab_globals := {
	"default", "include", "stages", "variables", "workflow", "spec",
	"image", "services", "cache", "before_script", "after_script",
}

# gitlab_jobs maps the name of every job (hidden ones too) to its body. (A complete rule: rules
# look jobs up by name, and OPA evaluates a partial rule's whole body again for every key it is
# asked about.)
gitlab_jobs := {name: body |
	not _top_object("phases")
	not _top_object("jobs")
	some name, body in input
	not name in gitlab_globals
	is_object(body)
}

_gl_script_keys := ["before_script", "script", "after_script"]

# _gl_scripts[path] := {"scope", "value"}: each script key of a job, of default:, and the
# deprecated top-level before_script/after_script.
_gl_scripts[[name, key]] := {"scope": [name], "value": body[key]} if {
	some name, body in gitlab_jobs
	some key in _gl_script_keys
	body[key]
}

_gl_scripts[["default", key]] := {"scope": ["default"], "value": input["default"][key]} if {
	not _top_object("phases")
	is_object(input["default"])
	some key in _gl_script_keys
	input["default"][key]
}

_gl_scripts[[key]] := {"scope": ["default"], "value": input[key]} if {
	not _top_object("phases")
	not _top_object("jobs")
	some key in ["before_script", "after_script"]
	input[key]
}

# ---- Simple commands -------------------------------------------------------------------------

# parse splits a command line into its simple commands, in order. Each is
#   {"text", "words", "argv", "name", "assigns", "redirects", "op_before", "op_after",
#    "index", "pipeline", "pipe_in", "pipe_out"}
# words are {"text", "parts", "redir"}; argv holds the words of the command proper (no
# assignments, redirections, keywords or sudo/env/time wrappers); name is argv[0] unquoted
# without its directory. A built-in (lint/engine/builtins/shell.go, docs/custom-policies.md):
# tokenizing every line in Rego was more than half of the evaluation of a pipeline file.
parse(text) := rampart.shell.parse(text)

# One level of nested parentheses inside a command substitution, quotes respected.
_sub := `(?:[^()'"\\]|\\[\s\S]|'[^']*'|"(?:[^"\\]|\\[\s\S])*"|\((?:[^()'"]|'[^']*'|"[^"]*"|\([^()]*\))*\))*`

_assign_re := `^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=`

# unquote drops quote characters and backslash escapes from a word (good enough for command
# names, options and package specs).
unquote(w) := w if {
	not contains(w, "'")
	not contains(w, `"`)
	not contains(w, `\`)
} else := regex.replace(regex.replace(w, `^\$'|['"]`, ""), `\\(.)`, "$1")

# ---- Every command of the document -----------------------------------------------------------

# parsed maps the path of every line to parse(text), computed once per document. (A complete
# rule: a partial rule's body runs again for every path looked up, over every line.)
parsed := {line.path: parse(line.text) | some line in lines}

# commands contains every simple command of every line, with the line's path, text and scope,
# "nested": false, and "printed" when its output reaches the job log (last of its pipeline or
# piped only through pass-through commands such as tee or base64, stdout not redirected to a
# file). Commands inside $(...), backticks and <(...) of a top-level command come with
# "nested": true and "printed": false.
commands contains object.union(c, {
	"path": line.path,
	"line": line.text,
	"scope": line.scope,
	"kind": line.kind,
	"nested": false,
	"printed": _reaches_log(cmds, c),
}) if {
	some line in lines
	cmds := parsed[line.path]
	some c in cmds
}

commands contains object.union(c, {
	"path": line.path,
	"line": line.text,
	"scope": line.scope,
	"kind": line.kind,
	"nested": true,
	"printed": false,
	"outer": parsed[line.path][s.index].text,
}) if {
	some line in lines
	some s in rampart.shell.substitutions(line.text) # substitutions(w) of every word, in Go
	some c in parse(s.text)
}

# substitutions lists the command texts inside $(...), backticks and <(...)/>(...) of a word.
substitutions(w) := [s |
	some p in w.parts
	some s in _subs_of_part(p)
]

_subs_of_part(p) := [substring(p, 2, count(p) - 3)] if {
	regex.match(`^[$<>]\(`, p)
	not startswith(p, "$((")
	endswith(p, ")")
}

_subs_of_part(p) := [substring(p, 1, count(p) - 2)] if {
	startswith(p, "`")
	endswith(p, "`")
	count(p) > 1
}

_subs_of_part(p) := [substring(m, 2, count(m) - 3) | some m in regex.find_n(concat("", [`\$\(`, _sub, `\)`]), p, -1)] if {
	startswith(p, `"`)
}

_subs_of_part(p) := [] if {
	not regex.match(`^[$<>]\(|^\x60|^"`, p)
}

_subs_of_part(p) := [] if startswith(p, "$((")

# Commands that pass their input through to their output, whole or encoded.
passthrough := {"cat", "tee", "base64", "xxd", "od", "hexdump", "rev", "sort", "uniq", "fold", "nl", "column", "less", "more"}

_reaches_log(_, c) if {
	not writes_file(c)
	not c.pipe_out
}

_reaches_log(cmds, c) if {
	c.pipe_out
	rest := [d | some d in cmds; d.pipeline == c.pipeline; d.index > c.index]
	every d in rest {
		d.name in passthrough
	}
	last := rest[count(rest) - 1]
	not last.pipe_out
	not writes_file(last)
}

default _reaches_log(_, _) := false

# writes_file holds when a command's standard output goes to a file (not the log).
writes_file(c) if {
	some r in c.redirects
	regex.match(`^(1?>>?|1?>\||&>>?)$`, r.op)
	not unquote(r.target) in {"/dev/stdout", "/dev/stderr", "/dev/tty"}
}

# args_after(argv, i): the words of argv from index i on.
args_after(argv, i) := array.slice(argv, i, count(argv))

# has_option(argv, opts): argv has one of the options, alone or as --opt=value; short options
# may be combined (-fsSL has -s).
has_option(argv, opts) if {
	some w in argv
	u := unquote(w)
	some o in opts
	_option_match(u, o)
}

_option_match(u, o) if u == o

_option_match(u, o) if {
	startswith(o, "--")
	startswith(u, concat("", [o, "="]))
}

_option_match(u, o) if {
	count(o) == 2
	startswith(o, "-")
	regex.match(`^-[A-Za-z0-9]+$`, u)
	not startswith(u, "--")
	contains(substring(u, 1, -1), substring(o, 1, 1))
}

# ---- Variables -------------------------------------------------------------------------------

# refs lists the variables a word expands ($X, ${X}, ${X:-...}), outside single quotes and
# outside nested command substitutions.
refs(w) := {m[1] |
	some p in w.parts
	contains(p, "$") # most parts expand nothing: skip the patterns
	not startswith(p, "'")
	not regex.match(`^[$<>]\(|^\x60`, p)
	clean := regex.replace(p, concat("", [`\$\(`, _sub, `\)|\x60[^\x60]*\x60`]), "")
	some m in regex.find_all_string_submatch_n(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`, clean, -1)
}

# command_refs: the variables expanded in a command's arguments (not in the assignments
# before it, nor in redirections).
command_refs(c) := {r |
	some w in c.words
	not w.redir
	not w.text in c.assigns
	some r in refs(w)
}

_declarers := {"export", "declare", "local", "readonly", "typeset"}

# bindings contains {"scope", "name", "value", "path"} for every assignment of a top-level
# command: X=..., X=... cmd, export/declare/local/readonly/typeset X=...
# (The top-level commands are parsed[line.path]: going through commands would build and
# visit every command's union with its line.)
bindings contains {"scope": line.scope, "name": name, "value": value, "path": line.path} if {
	some line in lines
	some c in parsed[line.path]
	some a in c.assigns
	[name, value] := _split_assign(a)
}

bindings contains {"scope": line.scope, "name": name, "value": value, "path": line.path} if {
	some line in lines
	some c in parsed[line.path]
	c.name in _declarers
	some a in array.slice(c.argv, 1, count(c.argv))
	regex.match(_assign_re, a)
	[name, value] := _split_assign(a)
}

_split_assign(a) := [name, value] if {
	i := indexof(a, "=")
	name := trim_suffix(substring(a, 0, i), "+")
	value := substring(a, i + 1, -1)
}

# secret_name holds for variable names that say they carry a secret.
secret_name(name) if {
	regex.match(`(?i)passw(or)?d|passphrase|secret|token|api_?key|private_?key|credential|access_?key|signing_?key|(^|_)pass$|(^|_)pwd$|auth_?key|session_?key`, name)
	not regex.match(`(?i)_(file|path|dir|url|uri|endpoint|arn|name|id|type|region|length|len|header|ttl|expiry|expires|expiration|version|stage)$`, name)
}

# Values that fetch a secret: Secrets Manager, SSM parameters decrypted, and a few vaults.
secret_fetch(value) if regex.match(`secretsmanager\s+get-secret-value`, value)

secret_fetch(value) if {
	regex.match(`ssm\s+get-parameters?(-by-path)?\b`, value)
	contains(value, "--with-decryption")
}

secret_fetch(value) if regex.match(`\bvault\s+(kv\s+get|read)\b|\bgcloud\s+secrets\s+versions\s+access\b|\baz\s+keyvault\s+secret\s+show\b`, value)

# secret_var(scope, name) is the reason a variable holds a secret in a scope, or undefined.
secret_var(scope, name) := "its name says it holds a secret" if {
	secret_name(name)
} else := "it is bound from a secret store" if {
	some b in bindings
	b.scope == scope
	b.name == name
	secret_fetch(b.value)
} else := "it is a Secrets Manager secret (env.secrets-manager)" if {
	_is_buildspec
	is_object(input.env["secrets-manager"])
	input.env["secrets-manager"][name]
} else := "it is a Parameter Store parameter (env.parameter-store)" if {
	_is_buildspec
	is_object(input.env["parameter-store"])
	input.env["parameter-store"][name]
} else := "it is set from a GitHub secret" if {
	some env in _gh_envs(scope)
	is_string(env[name])
	regex.match(`\$\{\{[^}]*\bsecrets\.`, env[name])
}

# The env mappings a GitHub step sees: the workflow's, its job's and its own.
_gh_envs(scope) := [e |
	some x in [input, object.get(input, ["jobs", scope[1]], {}), object.get(input, scope, {})]
	e := object.get(x, "env", {})
	is_object(e)
] if scope[0] == "jobs"

_gh_envs(scope) := [e |
	e := object.get(input, array.concat(scope, ["env"]), {})
	is_object(e)
] if scope[0] == "runs"

# ---- Messages --------------------------------------------------------------------------------

# mask shows the first 4 characters of a secret and hides the rest (at most the last 4 shown
# for long values): AKIAIOSFODNN7EXAMPLE -> AKIA************MPLE.
mask(s) := concat("", [substring(s, 0, 4), _stars(count(s) - 8), substring(s, count(s) - 4, 4)]) if {
	count(s) >= 16
} else := concat("", [substring(s, 0, 4), _stars(count(s) - 4)]) if {
	count(s) > 4
} else := _stars(count(s))

_stars(n) := concat("", array.slice(["*" | some _ in numbers.range(0, n)], 0, n))

# Literal credentials that may sit in a command line (a URL's password, tokens of known
# formats, an Authorization header).
_credential_re := `(?:AKIA|ASIA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20}|xox[abposr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{10,}|://[^/\s:@'"]+:[^/\s@'"$]+@|(?i:bearer|token|basic)\s+[A-Za-z0-9._~+/=-]{16,}`

# redact masks literal credentials in a command before a message quotes it.
redact(s) := strings.replace_n({m: _mask_match(m) | some m in regex.find_n(_credential_re, s, -1)}, s)

_mask_match(m) := concat("", [pre, mask(substring(m, count(pre), (count(m) - count(pre)) - 1)), "@"]) if {
	startswith(m, "://")
	pre := regex.find_n(`^://[^:]+:`, m, 1)[0]
} else := concat("", [pre, mask(substring(m, count(pre), -1))]) if {
	pre := regex.find_n(`^(?i:bearer|token|basic)\s+`, m, 1)[0]
} else := mask(m)

# quote shows a command in a message: credentials masked, long text cut at 120 characters,
# newlines shown as "; ".
quote(s) := sprintf("`%s`", [_cut(regex.replace(trim_space(redact(s)), `\s*\n\s*`, "; "))])

_cut(s) := s if count(s) <= 120

_cut(s) := concat("", [substring(s, 0, 117), "..."]) if count(s) > 120
