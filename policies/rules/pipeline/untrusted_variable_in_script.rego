# METADATA
# title: GitLab job expands a user-controlled variable unsafely in its script
# description: |
#   Commit messages, merge request titles and descriptions, tag messages and branch names are
#   written by whoever pushes a commit or opens a merge request. Expanded unquoted in a script
#   (`git tag $CI_COMMIT_TITLE`), the value is split into words and glob-expanded, so its text
#   becomes extra arguments and options of the command (`--upload-pack=…`, `-o /etc/…`); handed
#   to `eval`, `sh -c` or `bash -c` it is parsed as shell code and runs with the job's
#   variables, tokens and deploy access.
#
#   The rule fires when one of these predefined variables is expanded outside double quotes in
#   a command's arguments or redirections (`echo $CI_COMMIT_MESSAGE`, `${CI_COMMIT_BRANCH}`),
#   and, quoted or not, when it is part of the code given to `eval` or to `sh`/`bash`/`zsh -c`
#   (a single-quoted `-c` program that reads the variable itself is fine). Variables:
#   `CI_COMMIT_MESSAGE`, `CI_COMMIT_TITLE`, `CI_COMMIT_DESCRIPTION`, `CI_COMMIT_TAG_MESSAGE`,
#   `CI_COMMIT_AUTHOR`, `CI_COMMIT_REF_NAME`, `CI_COMMIT_BRANCH`, `CI_COMMIT_TAG`,
#   `CI_MERGE_REQUEST_TITLE`, `CI_MERGE_REQUEST_DESCRIPTION`,
#   `CI_MERGE_REQUEST_SOURCE_BRANCH_NAME` and `CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME`.
#   `CI_COMMIT_REF_SLUG` is sanitised by GitLab and not reported; assignments (`X=$CI_COMMIT_TITLE`)
#   and `[[ … ]]` tests do not split words and are not reported either.
# related_resources:
#   - ref: https://docs.gitlab.com/ee/ci/variables/predefined_variables.html
#     description: GitLab predefined CI/CD variables
#   - ref: https://docs.gitlab.com/ee/ci/pipeline_security/
#     description: GitLab pipeline security
#   - ref: https://www.gnu.org/software/bash/manual/html_node/Word-Splitting.html
#     description: Bash word splitting
# custom:
#   id: pipeline/untrusted-variable-in-script
#   severity: medium
#   kinds: [gitlab-ci]
#   remediation: >-
#     Quote the variable ("$CI_COMMIT_MESSAGE"), put -- before it where the command takes
#     options, and never pass it to eval or into the code of sh -c.
#   threat: >-
#     Anyone who can push a branch or open a merge request injects arguments or shell commands
#     into the job and reaches its secrets.
package rampart.rules.pipeline.untrusted_variable_in_script

import data.rampart.lib.result
import data.rampart.lib.shell

untrusted := {
	"CI_COMMIT_MESSAGE", "CI_COMMIT_TITLE", "CI_COMMIT_DESCRIPTION", "CI_COMMIT_TAG_MESSAGE",
	"CI_COMMIT_AUTHOR", "CI_COMMIT_REF_NAME", "CI_COMMIT_BRANCH", "CI_COMMIT_TAG",
	"CI_MERGE_REQUEST_TITLE", "CI_MERGE_REQUEST_DESCRIPTION",
	"CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
}

# Unquoted expansion in arguments and redirections.
deny contains result.violation(msg, c.path) if {
	some c in shell.commands
	_may_expand_untrusted(c.text)
	not c.name in {"[[", "case"}
	some w in c.words
	some p in w.parts
	name := _unquoted_ref(p)
	name in untrusted
	not w.text in c.assigns
	not _declared(c, w)
	not w in _code_words(c)
	msg := sprintf(
		"%s expands $%s unquoted: its text, which whoever pushes or opens a merge request controls, is split into words and glob-expanded into extra arguments; quote it (\"$%s\")",
		[shell.quote(c.text), name, name],
	)
}

# Code for eval and sh -c.
deny contains result.violation(msg, c.path) if {
	some c in shell.commands
	_may_expand_untrusted(c.text)
	some w in _code_words(c)
	some p in w.parts
	not startswith(p, "'")
	some name in shell.refs({"parts": [p]})
	name in untrusted
	msg := sprintf(
		"%s hands $%s to %s, which runs it as shell code: whoever pushes or opens a merge request can run commands in this job; pass it as data (an environment variable read inside single quotes) instead",
		[shell.quote(c.text), name, c.name],
	)
}

# Every untrusted name starts with CI_, and a variable a command expands is in its text, unless
# removing a $(...) or `...` from a word joined the pieces of its name: most commands can be
# passed over on their text alone.
_may_expand_untrusted(text) if contains(text, "CI_")

_may_expand_untrusted(text) if contains(text, "$(")

_may_expand_untrusted(text) if contains(text, "`")

# export X=$CI_COMMIT_TITLE assigns without splitting words.
_declared(c, w) if {
	c.name in {"export", "declare", "local", "readonly", "typeset"}
	regex.match(`^[A-Za-z_][A-Za-z0-9_]*=`, w.text)
}

_unquoted_ref(p) := m[1] if {
	startswith(p, "$")
	not startswith(p, "$(")
	m := regex.find_all_string_submatch_n(`^\$\{?([A-Za-z_][A-Za-z0-9_]*)`, p, 1)[0]
}

_code_words(c) := [w | some k, w in c.words; k > 0; w.text in c.argv] if c.name == "eval"

_code_words(c) := [c.words[k + 1] |
	some k, w in c.words
	regex.match(`^-[A-Za-z]*c$`, shell.unquote(w.text))
] if c.name in {"sh", "bash", "zsh", "dash", "ksh"}

_code_words(c) := [] if not c.name in {"eval", "sh", "bash", "zsh", "dash", "ksh"}
