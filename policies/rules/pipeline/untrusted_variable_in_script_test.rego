package rampart.rules.pipeline.untrusted_variable_in_script_test

import data.rampart.rules.pipeline.untrusted_variable_in_script as rule

_gl(script) := {"job": {"script": script}}

_got := {v.path | some v in rule.deny}

_p(i) := ["job", "script", i]

cases := {
	"unquoted message": {"input": _gl(["echo $CI_COMMIT_MESSAGE"]), "want": {_p(0)}},
	"unquoted braces": {"input": _gl(["git tag ${CI_COMMIT_TITLE} HEAD"]), "want": {_p(0)}},
	"unquoted inside a word": {"input": _gl(["docker build -t app:$CI_COMMIT_REF_NAME ."]), "want": {_p(0)}},
	"unquoted in a redirection": {"input": _gl([`echo "ok" > notes-$CI_COMMIT_BRANCH.txt`]), "want": {_p(0)}},
	"unquoted in a substitution": {"input": _gl([`X="$(echo $CI_MERGE_REQUEST_TITLE | tr a-z A-Z)"`]), "want": {_p(0)}},
	"eval quoted": {"input": _gl([`eval "echo $CI_MERGE_REQUEST_DESCRIPTION"`]), "want": {_p(0)}},
	"bash -c double quoted": {"input": _gl([`bash -c "notify $CI_COMMIT_TAG_MESSAGE"`]), "want": {_p(0)}},
	"sh -ec unquoted": {"input": _gl(["sh -ec notify-$CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"]), "want": {_p(0)}},
	"before_script of default": {"input": {"default": {"before_script": ["echo Building $CI_COMMIT_REF_NAME"]}, "job": {"script": ["make"]}}, "want": {["default", "before_script", 0]}},
	"script as a string": {"input": {"job": {"script": "curl -d $CI_COMMIT_DESCRIPTION https://hooks.example.com"}}, "want": {["job", "script"]}},
	# negatives
	"double quoted": {"input": _gl([`echo "$CI_COMMIT_MESSAGE"`, `git tag "${CI_COMMIT_TAG}"`]), "want": set()},
	"single quoted": {"input": _gl([`echo '$CI_COMMIT_MESSAGE'`]), "want": set()},
	"sh -c single quoted reads the variable": {"input": _gl([`sh -c 'echo "$CI_COMMIT_MESSAGE"'`]), "want": set()},
	"assignment": {"input": _gl(["TITLE=$CI_COMMIT_TITLE", "export BRANCH=$CI_COMMIT_BRANCH"]), "want": set()},
	"double bracket test": {"input": _gl([`[[ $CI_COMMIT_BRANCH == main ]] && make deploy`]), "want": set()},
	"sanitised slug and trusted variables": {"input": _gl(["docker build -t app:$CI_COMMIT_REF_SLUG -t app:$CI_COMMIT_SHORT_SHA ."]), "want": set()},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_unquoted if {
	some v in rule.deny with input as _gl(["git tag $CI_COMMIT_TITLE"])
	v.msg == "`git tag $CI_COMMIT_TITLE` expands $CI_COMMIT_TITLE unquoted: its text, which whoever pushes or opens a merge request controls, is split into words and glob-expanded into extra arguments; quote it (\"$CI_COMMIT_TITLE\")"
}

test_message_eval if {
	v := [v | some v in rule.deny with input as _gl([`eval "deploy $CI_MERGE_REQUEST_TITLE"`])]
	count(v) == 1
	v[0].msg == "`eval \"deploy $CI_MERGE_REQUEST_TITLE\"` hands $CI_MERGE_REQUEST_TITLE to eval, which runs it as shell code: whoever pushes or opens a merge request can run commands in this job; pass it as data (an environment variable read inside single quotes) instead"
}
