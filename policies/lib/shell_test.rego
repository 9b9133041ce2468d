package rampart.lib.shell_test

import data.rampart.lib.shell

_names(text) := [c.name | some c in shell.parse(text)]

# ---- splitting ----

split_cases := {
	"pipes and lists": {"text": "a x | b && c || d; e & f", "want": ["a", "b", "c", "d", "e", "f"]},
	"quoted operators stay": {"text": `echo "a | b; c" 'd && e' | grep x`, "want": ["echo", "grep"]},
	"substitution is one word": {"text": `X=$(curl -s a | jq -r .b) make`, "want": ["make"]},
	"newlines of a block": {"text": "set -e\nnpm ci\n\nnpm test\n", "want": ["set", "npm", "npm"]},
	"continuation lines": {"text": "docker build \\\n  -t app \\\n  .", "want": ["docker"]},
	"comment": {"text": "make # | sh; rm -rf /", "want": ["make"]},
	"hash inside a word": {"text": "echo a#b | sh", "want": ["echo", "sh"]},
	"subshell and group": {"text": "(cd app && make) || { echo failed; exit 1; }", "want": ["cd", "make", "echo", "exit"]},
	"keywords": {"text": "if curl -s x | sh; then echo ok; fi", "want": ["curl", "sh", "echo"]},
	"wrappers": {"text": "sudo -E -u root env A=1 time bash x.sh", "want": ["bash"]},
	"bare env is a command": {"text": "env | sort", "want": ["env", "sort"]},
	"heredoc body dropped": {"text": "cat <<'EOF' > f.sh\ncurl x | sh\nEOF\nmake", "want": ["cat", "make"]},
	"here-string kept": {"text": `cat <<< "$X"`, "want": ["cat"]},
	"path of the command": {"text": "/usr/bin/env python3 x.py", "want": ["python3"]},
	"assignment only": {"text": "X=1 Y=2", "want": [""]},
}

test_split[name] if {
	some name, c in split_cases
	_names(c.text) == c.want
}

test_pipeline_flags if {
	cmds := shell.parse("curl -s u | tee f | sh; make")
	[[c.pipeline, c.pipe_in, c.pipe_out] | some c in cmds] == [[0, false, true], [0, true, true], [0, true, false], [1, false, false]]
}

test_pipeline_across_newline if {
	cmds := shell.parse("curl -s u |\n  sh\nmake")
	[c.pipeline | some c in cmds] == [0, 0, 1]
}

test_words_and_redirects if {
	[c] := shell.parse(`FOO=1 echo "a b" 'c' >>out.txt 2>&1`)
	c.assigns == ["FOO=1"]
	c.argv == ["echo", `"a b"`, "'c'"]
	c.redirects == [{"op": ">>", "target": "out.txt"}, {"op": "2>&1", "target": ""}]
	shell.writes_file(c)
}

test_stderr_is_not_a_file if {
	[c] := shell.parse(`echo "$X" >&2`)
	not shell.writes_file(c)
}

test_process_substitution_is_an_argument if {
	[c] := shell.parse("bash <(curl -s u)")
	c.argv == ["bash", "<(curl -s u)"]
	shell.substitutions(c.words[1]) == ["curl -s u"]
}

test_substitutions_in_double_quotes if {
	c := shell.parse(`sh -c "$(curl -fsSL "https://x")" && echo`)[0]
	shell.substitutions(c.words[2]) == [`curl -fsSL "https://x"`]
}

test_refs if {
	[c] := shell.parse(`echo $A "${B}" "${C:-x}" '$D' "$(echo $E)" ${#F} \$G`)
	shell.command_refs(c) == {"A", "B", "C"}
}

test_has_option if {
	shell.has_option(["curl", "-fsSLo", "x"], ["-o"])
	shell.has_option(["npm", "ci", "--prefix=app"], ["--prefix"])
	not shell.has_option(["curl", "--proto", "=https"], ["-o"])
}

# ---- lines of each kind ----

test_buildspec_lines if {
	doc := {"version": 0.2, "phases": {"build": {"commands": ["a", "b"], "finally": ["c"]}, "post_build": null}}
	ls := {[l.path, l.scope] | some l in shell.lines} with input as doc
	ls == {
		[["phases", "build", "commands", 0], ["phases"]],
		[["phases", "build", "commands", 1], ["phases"]],
		[["phases", "build", "finally", 0], ["phases"]],
	}
}

test_buildspec_v01_scope_per_command if {
	doc := {"version": 0.1, "phases": {"build": {"commands": ["a"]}}}
	ls := {l.scope | some l in shell.lines} with input as doc
	ls == {["phases", "build", "commands", 0]}
}

test_github_lines if {
	doc := {"on": "push", "jobs": {"b": {"steps": [{"uses": "x@v"}, {"run": "make"}]}}}
	ls := {[l.path, l.scope] | some l in shell.lines} with input as doc
	ls == {[["jobs", "b", "steps", 1, "run"], ["jobs", "b", "steps", 1]]}
}

test_gitlab_lines if {
	doc := {
		"default": {"before_script": ["d"]},
		"before_script": "g",
		"variables": {"A": "1"},
		"job": {"before_script": [["n1", "n2"]], "script": "s", "after_script": ["a", {"!reference": [".x", "script"]}]},
	}
	ls := {[l.path, l.scope] | some l in shell.lines} with input as doc
	ls == {
		[["default", "before_script", 0], ["default"]],
		[["before_script"], ["default"]],
		[["job", "before_script", 0, 0], ["job"]],
		[["job", "before_script", 0, 1], ["job"]],
		[["job", "script"], ["job"]],
		[["job", "after_script", 0], ["job"]],
	}
}

# ---- printed, nested, bindings ----

_doc(cmds) := {"version": 0.2, "phases": {"build": {"commands": cmds}}}

test_printed if {
	got := {[c.text, c.nested, c.printed] | some c in shell.commands} with input as _doc([
		`echo "$A" | base64`,
		`echo "$B" | docker login --password-stdin`,
		`echo "$C" > f`,
		`X=$(echo "$D" | jq -r .p)`,
	])
	got == {
		[`echo "$A"`, false, true],
		["base64", false, true],
		[`echo "$B"`, false, false],
		["docker login --password-stdin", false, true],
		[`echo "$C" > f`, false, false],
		[`X=$(echo "$D" | jq -r .p)`, false, true],
		[`echo "$D"`, true, false],
		["jq -r .p", true, false],
	}
}

test_bindings if {
	got := {[b.name, b.value] | some b in shell.bindings} with input as _doc([
		"export A=$(aws secretsmanager get-secret-value --secret-id x)",
		"B=1 make",
		"declare -r C=2",
		"make D=3",
	])
	got == {
		["A", "$(aws secretsmanager get-secret-value --secret-id x)"],
		["B", "1"],
		["C", "2"],
	}
}

test_secret_var_sources if {
	doc := {
		"version": 0.2,
		"env": {"secrets-manager": {"DB": "prod/db:password"}, "parameter-store": {"HOST": "/ci/host"}},
		"phases": {"build": {"commands": [
			"CREDS=$(aws ssm get-parameter --name /x --with-decryption --query Parameter.Value --output text)",
			"PLAIN=$(aws ssm get-parameter --name /x --query Parameter.Value --output text)",
		]}},
	}
	shell.secret_var(["phases"], "DB") with input as doc
	shell.secret_var(["phases"], "HOST") with input as doc
	shell.secret_var(["phases"], "CREDS") with input as doc
	not shell.secret_var(["phases"], "PLAIN") with input as doc
	shell.secret_var(["phases"], "NPM_TOKEN") with input as doc
}

test_secret_var_github_env if {
	doc := {"on": "push", "env": {"W": "${{ secrets.W }}"}, "jobs": {"b": {
		"env": {"J": "${{ secrets.J }}", "PLAIN": "x"},
		"steps": [{"run": "x", "env": {"S": "${{secrets.S}}"}}, {"run": "y"}],
	}}}
	shell.secret_var(["jobs", "b", "steps", 0], "W") with input as doc
	shell.secret_var(["jobs", "b", "steps", 0], "J") with input as doc
	shell.secret_var(["jobs", "b", "steps", 0], "S") with input as doc
	not shell.secret_var(["jobs", "b", "steps", 1], "S") with input as doc
	not shell.secret_var(["jobs", "b", "steps", 0], "PLAIN") with input as doc
}

test_secret_names if {
	every n in ["DB_PASSWORD", "GITHUB_TOKEN", "NPM_TOKEN", "API_KEY", "AWS_SECRET_ACCESS_KEY", "SSH_PRIVATE_KEY", "db_pass", "CREDENTIALS"] {
		shell.secret_name(n)
	}
	every n in ["AWS_ACCESS_KEY_ID", "TOKEN_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "SECRET_ARN", "SECRET_NAME", "IMAGE_TAG", "PASSWORD_LENGTH", "BYPASS"] {
		not shell.secret_name(n)
	}
}

# ---- messages ----

test_mask if {
	shell.mask("AKIAIOSFODNN7EXAMPLE") == "AKIA************MPLE"
	shell.mask("hunter2") == "hunt***"
	shell.mask("abc") == "***"
}

test_redact if {
	shell.redact("curl -u x https://bob:s3cr3tpassword@h/x -H 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz'") == "curl -u x https://bob:s3cr**********@h/x -H 'Authorization: Bearer abcd******************wxyz'"
	shell.redact("echo ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") == "echo ghp_********************************aaaa"
}

test_quote_cuts_and_joins if {
	shell.quote("a\n  b") == "`a; b`"
	count(shell.quote(concat("", ["x" | some _ in numbers.range(1, 200)]))) == 122
}
