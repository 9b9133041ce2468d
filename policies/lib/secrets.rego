# METADATA
# description: |
#   Recognises secrets in configuration: literal credentials of known formats (`credentials`),
#   random-looking literals (`entropy`, `high_entropy`), names that say a value is secret
#   (`secret_name`), references to a secret store rather than a value (`reference`), and
#   values that only stand in for one (`placeholder`). `mask` hides a secret before a message
#   quotes it.
#
#   The format patterns are anchored on the vendors' documented prefixes and lengths, so
#   they are precise enough to fire on any string anywhere in a document; placeholders
#   (AWS's documented `AKIAIOSFODNN7EXAMPLE`, anything with `EXAMPLE`, runs of `x` or `*`,
#   `0123456789`) are dropped.
package rampart.lib.secrets

# ---- Masking ---------------------------------------------------------------------------------

# mask hides a secret: 16 characters or more show the first 4 and the last 4
# (AKIAZ7QX4M2N8P5R1T3V -> AKIA************1T3V); 12 to 15 show the first 4; 8 to 11 the
# first 2; shorter values show nothing but their length. At most 12 stars are shown, so a long
# token's length is not given away. No more than 8 characters of a
# secret, and never more than a third of a short one, reach a message.
mask(s) := concat("", [substring(s, 0, 4), _stars(min([count(s) - 8, 12])), substring(s, count(s) - 4, 4)]) if {
	count(s) >= 16
} else := concat("", [substring(s, 0, 4), _stars(min([count(s) - 4, 12]))]) if {
	count(s) >= 12
} else := concat("", [substring(s, 0, 2), _stars(count(s) - 2)]) if {
	count(s) >= 8
} else := _stars(count(s))

_stars(n) := concat("", ["*" | some _ in numbers.range(1, n)]) if n > 0

_stars(n) := "" if n <= 0

# shown quotes any value for a message: a literal masked, as `AKIA************1T3V`, on one
# line (a block scalar's line breaks are shown as spaces).
shown(v) := sprintf("`%s`", [mask(regex.replace(trim_space(v), `\s+`, " "))]) if is_string(v)

shown(v) := sprintf("`%s`", [mask(sprintf("%v", [v]))]) if not is_string(v)

# ---- Secret names ----------------------------------------------------------------------------

_secret_name_re := `(?i)passw(or)?d|passphrase|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key|signing[_-]?key|(^|[_-])pass$|(^|[_-])pwd$|auth[_-]?key|session[_-]?key|connection[_-]?string|(^|[_-])dsn$`

# Names that mention a secret but hold something else: where it is, what it is called, how
# long it is, when it expires.
_not_secret_re := `(?i)(file|path|dir|url|uri|endpoint|arn|name|id|ids|type|region|length|len|header|ttl|expiry|expires|expiration|version|stage|template|policy|policies|rotation|ref|param|parameter|count|enabled|required|hint|prompt|description|label|field|validity|units|selector|mount|location|provider|reset|source|scope|scopes|kms_?key|kms_?key_?id|generate_?string_?key)$`

# secret_name holds for names that say they carry a secret: DB_PASSWORD, GitHubToken,
# api-key, MasterUserPassword; not SECRET_ARN, TOKEN_FILE, PasswordLength or SecretName, and
# not keys with dots, colons, slashes or spaces, which are condition keys, domains or text
# (token.actions.githubusercontent.com:sub), not variable or property names.
#
# False rather than undefined for other names: OPA remembers a function's result for given
# arguments within an evaluation, but not that it was undefined, and rules ask about the same
# few keys for every value of a document.
secret_name(name) := true if {
	is_string(name)
	not regex.match(`[.:/\s]`, name)
	regex.match(_secret_name_re, name)
	not regex.match(_not_secret_re, name)
	not _aws_key_id_name(name)
	not regex.match(`(?i)^client[_-]?token$|idempotency|token[_-]?(issuer|audience)|^(enable|require|use|has)[_-]?`, name)
} else := false

# may_hold_secrets(text) is a cheap test on a whole document's JSON text (json.marshal):
# when it fails, no string of the document has a credential's prefix (credentials), and no
# key or name in it is a secret_name, so rules that look at every string can skip them all.
# Plain substring tests on the lower-cased text, each implied by a pattern: _prefixes_re's
# alternatives, and _secret_name_re's with ^ dropped and $ read as the closing quote of a
# JSON string. (A regular expression over a large document costs far more than these.)
may_hold_secrets(text) if {
	t := lower(text)
	some hint in _secret_hints
	contains(t, hint)
}

# input_may_hold_secrets is may_hold_secrets for the document being linted, computed once and
# shared by the rules that read every string.
input_may_hold_secrets if may_hold_secrets(json.marshal(input))

_secret_hints := array.concat(credential_hints, [
	# names: _secret_name_re
	"passw", "passphrase", "token", "apikey", "api_key", "api-key", "privatekey", "private_key",
	"private-key", "credential", "accesskey", "access_key", "access-key", "signingkey",
	"signing_key", "signing-key", `pass"`, `pwd"`, "authkey", "auth_key", "auth-key",
	"sessionkey", "session_key", "session-key", "connectionstring", "connection_string",
	"connection-string", `dsn"`,
])

# credential_hints: every string that credentials(v) reports on holds one of these, ignoring case
# (one per alternative of _prefixes_re, which credentials tests first). A rule that looks at every
# string of a document picks out those with rampart.walk_strings_matching's value_contains: a
# substring test is far cheaper than the pattern.
credential_hints := [
	"akia", "asia", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-",
	"xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-", "hooks.slack.com", "k_live_", "aiza", "npm_",
	"eyj", "private key", "secret",
]

# secret_name_hint is a pattern every secret_name matches (and more): a walk can pick out the
# values whose key may be a secret's name (rampart.walk_strings_matching's key_pattern) without
# asking secret_name about every key.
secret_name_hint := _secret_name_re

# The access key id names the key; its value is judged by its format instead.
_aws_key_id_name(name) if regex.match(`(?i)access_?key_?id$`, name)

# ---- References and placeholders -------------------------------------------------------------

# reference holds for a value that names a secret (or any variable) instead of holding it:
# ${{ secrets.X }}, ${{ secret("X") }}, ${X}, $X, $[[ inputs.x ]], {{resolve:...}},
# Terraform's ${var.x}, %{...}, $(command).
reference(v) if {
	is_string(v)
	regex.match(`\$\{\{.*?\}\}|\$\{[^}]+\}|\$\[\[.*?\]\]|\{\{resolve:|%\{|\$\(|^\s*\$[A-Za-z_][A-Za-z0-9_]*\s*$`, v)
}

# Whole values that stand in for a secret rather than being one.
_placeholder_re := `(?i)^\s*(|changeme|change[-_ ]?me|password|passw0rd|pass|passwd|secret|token|key|apikey|api[-_]key|value|none|null|nil|todo|tbd|fixme|dummy|placeholder|redacted|removed|hidden|masked|test|testing|default|admin|root|postgres|mysql|guest|user|foo|bar|foobar|baz|example|sample|fake|notsecret|not[-_]a[-_]secret|secret123|password123|123456|12345678)\s*$`

# placeholder holds for a value where a real secret is clearly absent: AWS's documented
# examples, anything with EXAMPLE in it, <your-token>, xxxx, ****, ..., changeme, and the
# like.
placeholder(v) if not is_string(v)

placeholder(v) if regex.match(_placeholder_re, v)

placeholder(v) if regex.match(`(?i)example|x{4}|\*{3}|\.\.\.|…|^<[^>]*>$|<[A-Za-z_ -]+>|^\[[^\]]*\]$|(?i)your[-_ ]?(secret|token|password|key|api)|replace[-_ ]?(me|this|with)|insert[-_ ]|(?i)^(my|some|fake|dummy|test|sample)[-_]`, v)

# Runs that no generator produces: 0123456789, ABCDEFGH, 000000 (lower entropy runs are
# caught by the entropy floor of credentials).
placeholder(v) if regex.match(`0123456|1234567|2345678|3456789|(?i)abcdefg|0{6}|1{6}|9{6}`, v)

# ---- Entropy ---------------------------------------------------------------------------------

# entropy is the Shannon entropy of s in bits per character, over the frequencies of its
# characters.
entropy(s) := _entropy(s)

_entropy(s) := _log2(n) - (sum([t | some k in _freq(s); t := k * _log2(k)]) / n) if {
	n := count(s)
	n > 0
}

_freq(s) := {c: strings.count(s, c) | some c in split(s, "")}

_p2 := [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]

_ln2 := 0.6931471805599453

# log2 of a positive integer below 2^16: the whole part from a table, the rest from the
# series ln(m) = 2 atanh(z) = 2 (z + z^3/3 + z^5/5 + ...), z = (m-1)/(m+1) <= 1/3 for m in
# [1, 2); six terms are exact to 1e-7.
_log2(x) := k + (_ln(x / _p2[k]) / _ln2) if {
	k := count([p | some p in _p2; p <= x]) - 1
}

_ln(m) := (2 * z) * (1 + (z2 * ((1 / 3) + (z2 * ((1 / 5) + (z2 * ((1 / 7) + (z2 * ((1 / 9) + (z2 / 11)))))))))) if {
	z := (m - 1) / (m + 1)
	z2 := z * z
}

# Shannon entropy threshold (bits per character) and length for a literal under a
# secret-named key to count as a real credential. Random base64 or alphanumeric strings of
# 16 characters or more score 3.5-5; words, paths and phrases score less.
entropy_threshold := 3.5

min_secret_length := 16

max_secret_length := 256

# high_entropy holds for a single-token literal of 16 to 256 characters (no spaces, quotes,
# brackets: not text, JSON or markup), with letters and digits, not made of words and short
# numbers, whose entropy is at least the threshold; words,
# paths, URLs, ARNs and references are not secrets.
high_entropy(v) if {
	is_string(v)
	n := count(v)
	n >= min_secret_length
	n <= max_secret_length
	not regex.match(`[\s"'{}\[\]<>()]`, v)
	not reference(v)
	not placeholder(v)
	not regex.match(`^(arn:|/|\.{0,2}/|[a-z][a-z0-9+.-]*://[^:@/]+(/|$)|[a-z][a-z0-9+.-]*://[^@]*$)`, v)
	regex.match(`[A-Za-z]`, v)
	regex.match(`[0-9]`, v)
	not word_like(v)
	_entropy(v) >= entropy_threshold
}

# word_like holds for a value made of words and short numbers, such as registry-pw-2024 or
# SuperSecretPass123: chosen by a person, not generated. Short strings of distinct letters
# score high entropy whatever they are, so this is what tells a password from a key. (Such
# values are still reported as plaintext secrets by the rules that look at secret-named
# variables.)
word_like(v) if {
	every seg in regex.split(`[-_.:/@+=,;]+`, v) {
		regex.match(`^([A-Za-z]+[0-9]{0,4}|[0-9]+|.{0,3})[!?#$%&*]?$`, seg)
	}
}

# ---- Credential formats ----------------------------------------------------------------------

# The known formats: name shown in messages, the pattern of the token, and the leading text
# that is not secret (kept unmasked in messages).
formats := [
	{"name": "AWS access key ID", "re": `\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`},
	{"name": "GitHub token", "re": `\bgh[pousr]_[A-Za-z0-9]{36}\b`},
	{"name": "GitHub fine-grained personal access token", "re": `\bgithub_pat_[A-Za-z0-9_]{82}\b`},
	{"name": "GitLab personal access token", "re": `\bglpat-[A-Za-z0-9_-]{20}\b`},
	{"name": "Slack token", "re": `\bxox[baprs]-[0-9A-Za-z]{6,}-[0-9A-Za-z-]{8,}\b`},
	{"name": "Slack webhook URL", "re": `hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,}`, "keep": "hooks.slack.com/services/"},
	{"name": "Stripe live key", "re": `\b[rs]k_live_[0-9A-Za-z]{16,}\b`},
	{"name": "Google API key", "re": `\bAIza[0-9A-Za-z_-]{35}\b`},
	{"name": "npm token", "re": `\bnpm_[A-Za-z0-9]{36}\b`},
	{"name": "JSON Web Token", "re": `\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}`},
]

_pem_re := `-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----`

# The body of a real key follows its header; a header alone is documentation.
_pem_with_body_re := `-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,200}?[A-Za-z0-9+/]{32}`

# An AWS secret access key: 40 base64 characters, next to its name in the same text.
_aws_secret_inline_re := `(?i)(?:aws)?[_-]?secret[_-]?(?:access)?[_-]?key["']?\s*[=:]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`

_aws_secret_value_re := `^[A-Za-z0-9/+]{40}$`

# aws_secret_hint is a pattern every aws_secret_candidate matches.
aws_secret_hint := _aws_secret_value_re

_aws_secret_name_re := `(?i)(aws)?[_-]?secret[_-]?(access)?[_-]?key$`

# credentials(v) is the set of {"name", "shown"} for the credentials of known formats in a
# string: the vendor's name and the token masked. Placeholders are left out. One cheap scan
# for the formats' prefixes decides whether the patterns are tried at all: most strings of a
# document hold none.
credentials(v) := _credentials(v) if {
	regex.match(_prefixes_re, v)
} else := set()

_prefixes_re := `AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[baprs]-|hooks\.slack\.com|k_live_|AIza|npm_|eyJ|PRIVATE KEY|(?i)secret`

_credentials(v) := (_format_matches(v) | _pem(v)) | _aws_secret_inline(v)

# The formats' patterns are tried only on a string with one of their prefixes: "secret" lets
# secretsmanager:GetSecretValue through the first scan, and a pattern costs a scan each.
_format_matches(v) := {c |
	some f in formats
	some m in regex.find_n(f.re, v, -1)
	not placeholder(m)
	_entropy(m) >= 3
	keep := object.get(f, "keep", "")
	c := {"name": f.name, "shown": concat("", [keep, mask(substring(m, count(keep), -1))])}
} if {
	regex.match(_format_prefixes_re, v)
} else := set()

_format_prefixes_re := `AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[baprs]-|hooks\.slack\.com|k_live_|AIza|npm_|eyJ`

_pem(v) := {{"name": "PEM private key", "shown": regex.find_n(_pem_re, v, 1)[0]} |
	regex.match(_pem_with_body_re, v)
	not placeholder_pem(v)
}

# A PEM whose body says it is an example, or is elided.
placeholder_pem(v) if regex.match(`(?i)example|\.\.\.|…|x{8}`, v)

_aws_secret_inline(v) := {{"name": "AWS secret access key", "shown": mask(m[1])} |
	regex.match(`(?i)secret`, v) # the pattern needs it; a plain scan is cheaper
	some m in regex.find_all_string_submatch_n(_aws_secret_inline_re, v, -1)
	aws_secret_candidate(m[1])
}

# aws_secret_candidate holds for a 40-character value with the shape of a real AWS secret
# access key: mixed case and digits, random-looking, no placeholder.
aws_secret_candidate(s) if {
	regex.match(_aws_secret_value_re, s)
	regex.match(`[a-z]`, s)
	regex.match(`[A-Z]`, s)
	regex.match(`[0-9]`, s)
	not placeholder(s)
	_entropy(s) >= 4
}

# aws_secret_value holds for a whole value that is an AWS secret access key: a candidate under
# a name that says so, or beside an access key ID (in the same object).
aws_secret_value(name, s, siblings) if {
	is_string(s)
	aws_secret_candidate(s)
	_aws_secret_context(name, siblings)
}

_aws_secret_context(name, _) if {
	is_string(name)
	regex.match(_aws_secret_name_re, name)
}

_aws_secret_context(_, siblings) if {
	some x in siblings
	is_string(x)
	regex.match(`^(?:AKIA|ASIA)[A-Z0-9]{16}$`, x)
	not placeholder(x)
}

# describe joins credentials into message text: "GitHub token `ghp_****...XYZ0`".
describe(creds) := concat(", ", sort([sprintf("%s `%s`", [c.name, c.shown]) | some c in creds]))

# ---- Paths -----------------------------------------------------------------------------------

# name_of(path, doc) is the name a value is known by: its key; for the value of a
# {Name, Value} pair (CloudFormation and Terraform environment variables) the pair's name;
# for GitLab's {value: ...} and a parameter's or variable's default, the key above.
name_of(path, doc) := n if {
	count(path) >= 2
	path[count(path) - 1] in {"Value", "value"}
	parent := object.get(doc, array.slice(path, 0, count(path) - 1), {})
	is_object(parent)
	some k in ["Name", "name"]
	n := parent[k]
	is_string(n)
} else := n if {
	count(path) >= 2
	path[count(path) - 1] in {"Value", "value", "Default", "default"}
	n := path[count(path) - 2]
	is_string(n)
} else := n if {
	count(path) >= 1
	n := path[count(path) - 1]
	is_string(n)
}
