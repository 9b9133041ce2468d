# METADATA
# title: Pipeline runs a script downloaded at build time
# description: |
#   `curl … | sh`, `bash <(curl …)`, `sh -c "$(curl …)"` and PowerShell's `iex (iwr …)` run
#   whatever the server returns at that moment, with the job's credentials and network access.
#   Nobody reviewed that code, it can change between two runs of the same commit, and a
#   compromised host, DNS entry or CDN turns every pipeline that fetches it into the attacker's
#   build machine. Download the script to a file, check it against a pinned checksum or
#   signature, then run the file; better, install the tool from a package with a pinned
#   version.
#
#   The rule reads buildspec commands, GitHub Actions `run:` and GitLab CI scripts. It fires on
#   a downloader (curl, wget writing to stdout, fetch, HTTPie, Invoke-WebRequest,
#   Invoke-RestMethod) whose output is piped into a shell or interpreter that reads its program
#   from standard input (sh, bash, zsh, python, perl, ruby, node, php, pwsh, iex; not `-c`/`-e`
#   code or a script file, which read something else), and on a download inside `$(...)`,
#   backticks or `<(...)` that is the program of a shell (`sh -c`, `bash <(…)`), `eval`,
#   `source` or `.`. Downloading to a file with `curl -o` is not reported.
# related_resources:
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions
#     description: GitHub Actions security hardening
#   - ref: https://docs.gitlab.com/ee/ci/pipeline_security/
#     description: GitLab pipeline security
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/security-best-practices.html
#     description: AWS CodeBuild security best practices
# custom:
#   id: supply-chain/remote-script-execution
#   severity: high
#   kinds: [buildspec, github-actions, gitlab-ci]
#   remediation: >-
#     Download the script to a file, verify it against a pinned checksum (sha256sum -c) or
#     signature, then run the file; or install the tool from a package manager with a pinned
#     version.
#   threat: >-
#     Whoever controls the download server, its DNS or the path to it runs code in the build
#     with the pipeline's secrets and deploy permissions.
package rampart.rules["supply-chain"].remote_script_execution

import data.rampart.lib.result
import data.rampart.lib.shell

# A downloader piped into something that runs standard input.
deny contains result.violation(msg, line.path) if {
	some line in shell.lines
	cmds := shell.parsed[line.path]
	some c in cmds
	c.pipe_out
	_downloads_to_stdout(c)
	some d in cmds
	d.pipeline == c.pipeline
	d.index > c.index
	_runs_stdin(d)
	shown := concat(" | ", [x.text | some x in cmds; x.pipeline == c.pipeline; x.index >= c.index; x.index <= d.index])
	msg := sprintf(
		"%s pipes a downloaded script into %s, which runs whatever the server returns; download it to a file, verify a pinned checksum or signature, then run it",
		[shell.quote(shown), d.name],
	)
}

# A download inside $(...), `...` or <(...) that is the program of a shell, eval or source.
deny contains result.violation(msg, line.path) if {
	some line in shell.lines
	some s in rampart.shell.substitutions(line.text) # the few words that hold one
	c := shell.parsed[line.path][s.index]
	c.words[s.word] in _program_words(c)
	some d in shell.parse(s.text)
	not d.pipe_out
	_downloads_to_stdout(d)
	msg := sprintf(
		"%s runs a downloaded script (%s) with %s; download it to a file, verify a pinned checksum or signature, then run it",
		[shell.quote(c.text), shell.quote(d.text), c.name],
	)
}

# PowerShell: iex (iwr …), iex ((New-Object Net.WebClient).DownloadString(…)), … | iex.
deny contains result.violation(msg, line.path) if {
	some line in shell.lines
	_names_iex(line.text)
	some m in regex.find_n(_pwsh_re, line.text, -1)
	msg := sprintf(
		"%s runs a downloaded script with Invoke-Expression; download it to a file, verify a pinned checksum or signature (Get-FileHash), then run it",
		[shell.quote(m)],
	)
}

_pwsh_re := `(?i)\b(?:iex|invoke-expression)\s*\(*\s*(?:iwr|irm|invoke-webrequest|invoke-restmethod|\(?\s*new-object\s+(?:system\.)?net\.webclient\s*\)\s*\.\s*downloadstring)\b[^;\n]*|(?i)\(?\s*new-object\s+(?:system\.)?net\.webclient\s*\)\s*\.\s*downloadstring\s*\([^)]*\)\s*\|\s*(?:iex|invoke-expression)\b`

# Both forms name iex or Invoke-Expression: a cheap test spares most lines the expression.
# ("invoke-expre": lower() folds like (?i) on those letters, not on the long s of "ſ".)
_names_iex(text) if contains(lower(text), "iex")

_names_iex(text) if contains(lower(text), "invoke-expre")

_downloaders := {"curl", "wget", "fetch", "http", "https", "iwr", "irm", "invoke-webrequest", "invoke-restmethod"}

_downloads_to_stdout(c) if {
	lower(c.name) in _downloaders
	lower(c.name) != "wget"
	not shell.has_option(c.argv, ["-o", "-O", "--output", "--remote-name", "--remote-name-all", "-OutFile"])
	not shell.writes_file(c)
}

_downloads_to_stdout(c) if {
	c.name == "wget"
	regex.match(`(^|\s)(-[A-Za-z]*O\s*-|--output-document[= ]-|-[A-Za-z]*O\s*/dev/stdout)(\s|$)`, concat(" ", [shell.unquote(w) | some w in c.argv]))
	not shell.writes_file(c)
}

# Interpreters and the options that give them their program as an argument instead.
_code_options := {
	"sh": ["-c"], "bash": ["-c"], "zsh": ["-c"], "dash": ["-c"], "ksh": ["-c"], "ash": ["-c"], "fish": ["-c", "--command"],
	"python": ["-c", "-m"], "perl": ["-e", "-E"], "ruby": ["-e"], "node": ["-e", "-p", "--eval", "--print"],
	"php": ["-r"], "pwsh": ["-c", "-Command", "-command", "-f", "-File", "-file"],
	"powershell": ["-c", "-Command", "-command", "-f", "-File", "-file"],
}

_interpreter(name) := "python" if regex.match(`^python[0-9.]*$`, name)

_interpreter(name) := name if {
	not regex.match(`^python[0-9.]*$`, name)
	_code_options[name]
}

_stdin_names := {"-", "/dev/stdin"}

# d runs its standard input as a program.
_runs_stdin(d) if lower(d.name) in {"iex", "invoke-expression"}

_runs_stdin(d) if {
	d.name in {"source", "."}
	shell.unquote(d.argv[1]) in _stdin_names
}

_runs_stdin(d) if {
	i := _interpreter(d.name)
	not shell.has_option(d.argv, _code_options[i])
	_program_from_stdin(i, d.argv)
}

_positional(argv) := [shell.unquote(w) | some k, w in argv; k > 0; not startswith(w, "-")]

_program_from_stdin(_, argv) if count(_positional(argv)) == 0

_program_from_stdin(_, argv) if _positional(argv)[0] in _stdin_names

# sh -s reads the program from stdin and takes the arguments as positional parameters.
_program_from_stdin(i, argv) if {
	i in {"sh", "bash", "zsh", "dash", "ksh", "ash"}
	shell.has_option(argv, ["-s"])
}

# The words of c that are the program it runs: the argument of -c, the first operand of a
# shell or interpreter, and every argument of eval, source and `.`.
_program_words(c) := [w |
	some k, w in c.words
	k > 0
	not w.redir
	w.text in array.slice(c.argv, 1, count(c.argv))
] if c.name in {"eval", "source", "."}

_program_words(c) := [w |
	_interpreter(c.name)
	first := [w | some k, w in c.words; not w.redir; k > 0; not startswith(w.text, "-"); w.text in array.slice(c.argv, 1, count(c.argv))]
	some w in array.slice(first, 0, 1)
] if not c.name in {"eval", "source", "."}
