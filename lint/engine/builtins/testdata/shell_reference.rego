# The Rego that split command lines before rampart.shell.parse and
# rampart.shell.substitutions replaced it (policies/lib/shell.rego as of the
# commit that added the built-ins), kept unchanged as the reference the
# built-ins are tested against: the tests run both over every command line
# of the fixtures, the examples and the generated corpus, and
# FuzzShellParse over arbitrary text. Test-only: rampart does not embed it.
package shellref

# ---- Tokens ---------------------------------------------------------------------------------

# One level of nested parentheses inside a command substitution, quotes respected.
_sub := `(?:[^()'"\\]|\\[\s\S]|'[^']*'|"(?:[^"\\]|\\[\s\S])*"|\((?:[^()'"]|'[^']*'|"[^"]*"|\([^()]*\))*\))*`

_dq := concat("", [`"(?:[^"\\$\x60]|\\[\s\S]|\$\(`, _sub, `\)|\x60[^\x60]*\x60|\$)*"?`])

# Alternatives: space, process substitution, redirection, operator, comment, word part.
_token_re := concat("", [
	`([ \t\r]+|\\\r?\n)`,
	`|([<>]\(`, _sub, `\))`,
	`|(&>>?|[0-9]*(?:<<<|<<-?|>>|>&|<&|>\||<>|>|<)(?:[0-9]+-?|-)?)`,
	`|(\n|&&|\|\||;;|\|&|[|;&()])`,
	`|(#[^\n]*)`,
	`|('[^']*'?|\$'(?:[^'\\]|\\[\s\S])*'?|`, _dq,
	`|\x60(?:[^\x60\\]|\\[\s\S])*\x60?|\$\(`, _sub, `\)|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9#?@*!$-]|\\[\s\S]`,
	`|[^\s'"\\|&;<>()$\x60#][^\s'"\\|&;<>()$\x60]*|[\s\S])`,
])

# tokens splits a line into classified tokens {"t": text, "c": sp|part|redir|op}.
tokens(text) := [{"t": t, "c": c} |
	some t in regex.find_n(_token_re, _strip_heredocs(text), -1)
	c := _class(t, substring(t, 0, 1))
	c != "comment"
]

_ops := {"\n", "&&", "||", ";;", "|&", "|", ";", "&", "(", ")"}

_class(t, _f) := "op" if {
	t in _ops
} else := "sp" if {
	_f in {" ", "\t", "\r"}
} else := "sp" if {
	startswith(t, "\\\n")
} else := "sp" if {
	startswith(t, "\\\r")
} else := "comment" if {
	_f == "#"
} else := "redir" if {
	_f in {"<", ">"}
	substring(t, 1, 1) != "("
} else := "redir" if {
	startswith(t, "&>")
} else := "redir" if {
	_f in {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	regex.match(`^[0-9]+[<>]`, t)
} else := "part"

_heredoc_re := `(^|[^<])(<<-?[ \t]*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?)`

# Here-document bodies are data, not commands: drop them, keep the line that opens them.
_strip_heredocs(text) := out if {
	delims := {m[3] | some m in regex.find_all_string_submatch_n(_heredoc_re, text, -1)}
	count(delims) > 0
	alt := concat("|", delims)
	re := sprintf(`(?s)((?:^|[^<])<<-?[ \t]*['"]?(?:%s)['"]?[^\n]*)\n.*?\n[ \t]*(?:%s)[ \t]*(\n|$)`, [alt, alt])
	out := regex.replace(text, re, "${1}${2}")
} else := text

# ---- Simple commands -------------------------------------------------------------------------

_pipe_ops := {"|", "|&"}

# parse splits a command line into its simple commands, in order. Each is
#   {"text", "words", "argv", "name", "assigns", "redirects", "op_before", "op_after",
#    "index", "pipeline", "pipe_in", "pipe_out"}
# words are {"text", "parts", "redir"}; argv holds the words of the command proper (no
# assignments, redirections, keywords or sudo/env/time wrappers); name is argv[0] unquoted
# without its directory.
parse(text) := [object.union(c, {
	"index": i,
	"pipeline": k,
	"pipe_in": _pipe_in(raw, i),
	"pipe_out": c.op_after in _pipe_ops,
}) |
	raw := _raw_commands(text)
	bounds := array.concat([-1], _pipeline_ends(raw))
	some k in numbers.range(0, count(bounds) - 2)
	some i in numbers.range(bounds[k] + 1, bounds[k + 1])
	c := raw[i]
]

# _pipeline_ends: the index of the last command of every pipeline.
_pipeline_ends(raw) := array.concat(ends, [n - 1]) if {
	ends := [j | some j, c in raw; not c.op_after in _pipe_ops]
	n := count(raw)
	n > 0
	raw[n - 1].op_after in _pipe_ops
} else := [j | some j, c in raw; not c.op_after in _pipe_ops]

_pipe_in(raw, i) if raw[i - 1].op_after in _pipe_ops

default _pipe_in(_, _) := false

_raw_commands(text) := [c |
	toks := tokens(text)
	n := count(toks)
	seps := array.concat(array.concat([-1], [i | some i, t in toks; t.c == "op"]), [n])
	some k in numbers.range(0, count(seps) - 2)
	seg := array.slice(toks, seps[k] + 1, seps[k + 1])
	words := _words(seg)
	count(words) > 0
	c := _command(seg, words, _op(toks, seps[k]), _op(toks, seps[k + 1]))
	_not_empty(c) # a bare keyword (fi, done, }) is no command
]

_not_empty(c) if c.argv != []

_not_empty(c) if c.assigns != []

_op(toks, i) := toks[i].t if i >= 0

_op(_, i) := "" if i < 0

_op(toks, i) := "" if i >= count(toks)

_words(seg) := [w |
	b := array.concat(array.concat([-1], [i | some i, t in seg; t.c in {"sp", "redir"}]), [count(seg)])
	some k in numbers.range(0, count(b) - 2)
	some w in _word_and_redir(seg, b[k] + 1, b[k + 1])
]

_word_and_redir(seg, from, to) := array.concat(_word(seg, from, to), _redir(seg, to))

_word(_, from, to) := [] if from >= to

_word(seg, from, to) := [{"text": concat("", parts), "parts": parts, "redir": false}] if {
	from < to
	parts := [t.t | some t in array.slice(seg, from, to)]
}

_redir(seg, i) := [{"text": seg[i].t, "parts": [seg[i].t], "redir": true}] if seg[i].c == "redir"

_redir(seg, i) := [] if not seg[i].c == "redir"

_assign_re := `^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=`

_command(seg, words, before, after) := {
	"text": trim_space(concat("", [t.t | some t in seg])),
	"words": words,
	"assigns": assigns,
	"redirects": redirects,
	"argv": argv,
	"name": _name(argv),
	"op_before": before,
	"op_after": after,
} if {
	# words that are neither redirections nor their targets
	plain := [w |
		some i, w in words
		not w.redir
		not _redir_target(words, i)
	]
	redirects := [{"op": w.text, "target": _target(words, i)} | some i, w in words; w.redir]
	first := _first_not_assign(plain)
	assigns := [w.text | some w in array.slice(plain, 0, first)]
	argv := _strip(_strip(_strip([w.text | some w in array.slice(plain, first, count(plain))])))
}

_redir_target(words, i) if {
	i > 0
	words[i - 1].redir
	not _self_contained(words[i - 1].text)
}

# `2>&1`, `>&2` carry their target in the operator.
_self_contained(op) if regex.match(`[&<>][0-9]+-?$|&-$`, op)

_target(words, i) := "" if {
	_self_contained(words[i].text)
} else := words[i + 1].text if {
	not words[i + 1].redir
} else := ""

_first_not_assign(plain) := min(array.concat(
	[i | some i, w in plain; not regex.match(_assign_re, w.text)],
	[count(plain)],
))

_keywords := {"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "fi", "done", "esac", "time", "nohup", "exec", "command", "builtin"}

_sudo_valued := {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "--user", "--group"}

# _strip removes one leading keyword or wrapper; applied three times.
_strip(a) := array.slice(a, 1, count(a)) if a[0] in _keywords

_strip(a) := array.slice(a, _after_options(a, _sudo_valued), count(a)) if {
	_base(a[0]) in {"sudo", "doas"}
	count(a) > 1
}

# env with arguments runs a command; a bare env (or env with options only) prints them all.
_strip(a) := array.slice(a, _after_env(a), count(a)) if {
	_base(a[0]) == "env"
	_after_env(a) < count(a)
}

_after_env(a) := min(array.concat(
	[i | some i, w in a; i > 0; not startswith(w, "-"); not regex.match(_assign_re, w)],
	[count(a)],
))

_strip(a) := a if {
	not a[0] in _keywords
	not _wrapper(a)
}

_strip(a) := a if count(a) == 0

_wrapper(a) if {
	_base(a[0]) in {"sudo", "doas"}
	count(a) > 1
}

_wrapper(a) if {
	_base(a[0]) == "env"
	_after_env(a) < count(a)
}

# _after_options is the index of the first argument after a wrapper's options.
_after_options(a, valued) := min(array.concat(
	[i |
		some i, w in a
		i > 0
		not startswith(w, "-")
		not a[i - 1] in valued
	],
	[count(a)],
))

_name(argv) := _base(argv[0])

_base(w) := n if {
	parts := split(unquote(w), "/")
	n := parts[count(parts) - 1]
}

_name(argv) := "" if count(argv) == 0

# unquote drops quote characters and backslash escapes from a word (good enough for command
# names, options and package specs).
unquote(w) := w if {
	not contains(w, "'")
	not contains(w, `"`)
	not contains(w, `\`)
} else := regex.replace(regex.replace(w, `^\$'|['"]`, ""), `\\(.)`, "$1")

# ---- Substitutions (the reference for rampart.shell.substitutions) -------------------------

line_substitutions(text) := [{"index": i, "word": j, "text": s} |
	some i, c in parse(text)
	some j, w in c.words
	some s in substitutions(w)
]

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
