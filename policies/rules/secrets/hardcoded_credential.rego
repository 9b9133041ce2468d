# METADATA
# title: Credential written in the file
# description: |
#   A credential committed to a repository is readable by everyone who can clone it, stays in
#   the Git history after it is deleted, and is copied into build logs, forks, caches and
#   artifacts. Secret scanners and attackers harvest public and leaked repositories for these
#   formats within minutes. The only fix is to revoke the credential and to load it at run
#   time from a secret store.
#
#   The rule reads every string of the document, wherever it is, and fires on:
#
#   - tokens of known formats: AWS access key IDs (`AKIA`/`ASIA` + 16) and secret access keys
#     (40 characters under an `aws_secret_access_key`-like name, beside an access key ID, or
#     written `aws_secret_access_key=...` in text), GitHub tokens (`ghp_`, `gho_`, `ghu_`,
#     `ghs_`, `ghr_`, `github_pat_`), GitLab personal access tokens (`glpat-`), Slack tokens
#     (`xoxb-`, `xoxp-`, ...) and webhook URLs, Stripe live keys (`sk_live_`, `rk_live_`),
#     Google API keys (`AIza`), npm tokens (`npm_`), JSON Web Tokens, and PEM private keys
#     with a body;
#   - a random-looking literal under a secret-named key (`password`, `secret`, `token`,
#     `api_key`, `private_key`, `credential`, ...): one word of 16 to 256 characters, with
#     letters and digits, whose Shannon entropy is at least 3.5 bits per character.
#
#   Placeholders are left alone: AWS's documented `AKIAIOSFODNN7EXAMPLE` and anything with
#   `EXAMPLE` in it, `xxxx`, `****`, `<your-token>`, `changeme`, and references
#   (`${{ secrets.X }}`, `${X}`, `$X`, `{{resolve:...}}`, `!Ref`, Terraform's `${var.x}`).
#   Messages show the credential masked (`AKIA************1T3V`).
# related_resources:
#   - ref: https://docs.aws.amazon.com/secretsmanager/latest/userguide/hardcoded.html
#     description: Move hardcoded secrets to AWS Secrets Manager
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#securing_access-keys
#     description: Protect IAM access keys
#   - ref: https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns
#     description: GitHub secret scanning patterns
#   - ref: https://docs.gitlab.com/ee/security/token_overview.html
#     description: GitLab token overview (prefixes and revocation)
# custom:
#   id: secrets/hardcoded-credential
#   severity: critical
#   sensitive: true
#   kinds: [iam-policy, cloudformation, terraform, buildspec, github-actions, gitlab-ci, codepipeline, codecommit-approval-rule, devramps]
#   remediation: >-
#     Revoke the credential now (it is in the Git history), then store the new one in a secret
#     store (AWS Secrets Manager, Parameter Store, GitHub or GitLab CI secrets, DevRamps
#     secrets) and reference it (`{{resolve:secretsmanager:...}}`, `${{ secrets.X }}`,
#     `env.secrets-manager`) instead of writing it in the file.
#   threat: >-
#     Anyone who can read the repository, a fork, a log or an artifact uses the credential.
package rampart.rules.secrets.hardcoded_credential

import data.rampart.lib.result
import data.rampart.lib.secrets

deny contains result.violation(msg, path) if {
	# Every credential format is 20 characters or more, and a secret-named literal at least
	# min_secret_length: most strings of a document are shorter. Of the others, only those that
	# _candidates picks out can be reported. The walk (in Go) leaves out the rest.
	some [path, value] in rampart.walk_strings_matching(input, secrets.min_secret_length, _candidates)
	found := secrets.credentials(value) | _named(path, value)
	count(found) > 0
	msg := sprintf(
		"hardcoded %s: revoke it and load it at run time from a secret store (Secrets Manager, CI secrets) instead of writing it in the file",
		[secrets.describe(found)],
	)
}

# A whole value that is a secret by its name: an AWS secret access key, or a random-looking
# literal under a secret-named key.
_named(path, value) := {{"name": "AWS secret access key", "shown": secrets.mask(value)}} if {
	secrets.aws_secret_candidate(value)
	name := secrets.name_of(path, input)
	secrets.aws_secret_value(name, value, _siblings(path))
	not _names_a_store(path)
} else := {{"name": sprintf("high-entropy value of %s", [name]), "shown": secrets.mask(value)}} if {
	count(value) >= secrets.min_secret_length
	_may_be_named(path) # cheap test first: a value's name is mostly its key, and few keys name a secret
	name := secrets.name_of(path, input)
	secrets.secret_name(name)
	secrets.high_entropy(value)
	count(secrets.credentials(value)) == 0
	not _names_a_store(path)
} else := set()

# _candidates selects the strings that can be reported: those with a credential's prefix (what
# secrets.credentials tests first), with the shape of an AWS secret access key (_named's first
# case), or with a key that _may_be_named accepts (its second case).
_candidates := {
	"value_contains": secrets.credential_hints,
	"value_pattern": secrets.aws_secret_hint,
	"key_pattern": sprintf("^(?:Value|value|Default|default)$|(?:%s)", [secrets.secret_name_hint]),
}

# _may_be_named: the name secrets.name_of gives the value at path can be a secret name. It is
# the last key, unless that key is Value or Default, whose name is found elsewhere.
_may_be_named(path) if path[count(path) - 1] in {"Value", "value", "Default", "default"}

_may_be_named(path) if secrets.secret_name(path[count(path) - 1])

_siblings(path) := [v |
	count(path) > 0
	parent := object.get(input, array.slice(path, 0, count(path) - 1), null)
	is_object(parent)
	some v in parent
]

# A buildspec's env.secrets-manager and env.parameter-store values name a secret, they do not
# hold one.
_names_a_store(path) if {
	count(path) == 3
	path[0] == "env"
	path[1] in {"secrets-manager", "parameter-store"}
	is_object(input.phases)
}
