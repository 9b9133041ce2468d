# METADATA
# title: Password or secret written as a literal in infrastructure code
# description: |
#   A database master password, a secret's value, a cache auth token or an API key written in
#   a template is stored in the repository, in the CloudFormation template and stack events or
#   the Terraform plan, and is visible to everyone who can read any of them. Infrastructure
#   code should reference a secret that lives in a secret store instead: a dynamic reference
#   (`{{resolve:secretsmanager:...}}`), a `NoEcho` parameter, `ManageMasterUserPassword`,
#   `GenerateSecretString`, a `random_password` or `aws_secretsmanager_secret_version`
#   resource, or a sensitive variable with no default.
#
#   The rule fires on a string literal given to a secret-named property (`MasterUserPassword`,
#   `Password`, `SecretString`, `AuthToken`, `OAuthToken`, `SecretToken`, `ClientSecret`, ...,
#   or a Lambda/ECS environment variable named like a secret) of any CloudFormation resource,
#   and on a literal given to a secret-named argument (`password`, `master_password`,
#   `secret_string`, `auth_token`, `token`, ...) of a Terraform resource, module or provider,
#   and to the `value` of a `SecureString` `aws_ssm_parameter`. A Terraform `var.x` or
#   `local.x` whose value is written in the same file counts as the literal it stands for.
#   Empty strings, `{}` and references are not reported; a placeholder such as `changeme` is,
#   because it is what gets deployed.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html
#     description: CloudFormation dynamic references to Secrets Manager
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html
#     description: RDS password management with Secrets Manager
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html#creds
#     description: "CloudFormation best practices: do not embed credentials in your templates"
#   - ref: https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output
#     description: Terraform sensitive variables
# custom:
#   id: secrets/iac-literal-password
#   severity: high
#   sensitive: true
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Reference the secret instead of writing it: `{{resolve:secretsmanager:name:SecretString:key}}`
#     or a NoEcho parameter in CloudFormation (or `ManageMasterUserPassword: true`,
#     `GenerateSecretString`), a `random_password`, `aws_secretsmanager_secret_version` data
#     source or sensitive variable without a default in Terraform; then rotate the value that
#     was committed.
#   threat: >-
#     Anyone who can read the repository, the template, the stack or the plan logs in with the
#     password.
package rampart.rules.secrets.iac_literal_password

import data.rampart.lib.result
import data.rampart.lib.secrets

deny contains result.violation(msg, path) if {
	some rname, res in object.get(input, "Resources", {})
	is_object(res)
	is_object(res.Properties)
	some [sub, value] in _secret_named_strings(res.Properties)
	key := sub[count(sub) - 1]
	_secret_key(key)
	_literal(value)
	path := array.concat(["Resources", rname, "Properties"], sub)
	msg := sprintf(
		"%s of %s (%s) is a literal %s (%s); use a dynamic reference ({{resolve:secretsmanager:...}}) or a NoEcho parameter, and rotate it",
		[key, rname, res.Type, _what(key), secrets.shown(value)],
	)
}

deny contains result.violation(msg, path) if {
	some block in ["resource", "module", "provider"]
	some [sub, value] in _secret_named_strings(object.get(input, block, {}))
	key := sub[count(sub) - 1]
	_secret_key(key)
	_literal(value)
	path := array.concat([block], sub)
	msg := sprintf(
		"%s of %s is a literal %s (%s); use a random_password, a Secrets Manager secret or a sensitive variable without a default, and rotate it",
		[key, _address(block, sub), _what(key), secrets.shown(value)],
	)
}

deny contains result.violation(msg, path) if {
	some name, p in object.get(input, ["resource", "aws_ssm_parameter"], {})
	p.type == "SecureString"
	_literal(p.value)
	path := ["resource", "aws_ssm_parameter", name, "value"]
	msg := sprintf(
		"the SecureString parameter aws_ssm_parameter.%s gets a literal value (%s); set it outside Terraform (lifecycle ignore_changes on value) or from a random_password, and rotate it",
		[name, secrets.shown(p.value)],
	)
}

# _secret_named_strings holds the [path, value] pairs of the non-empty strings inside x whose key
# may be a secret's name (secrets.secret_name_hint; _secret_key decides). The walk is done in Go:
# most of a template's strings are under other keys. (An empty string is never a _literal.)
_secret_named_strings(x) := rampart.walk_strings_matching(x, 1, {"key_pattern": secrets.secret_name_hint})

# False rather than undefined, so that OPA remembers the answer for each key (see
# secrets.secret_name).
_secret_key(key) := true if {
	is_string(key)
	secrets.secret_name(key)
} else := false

_literal(v) if {
	is_string(v)
	not regex.match(`^\s*(\{\s*\})?\s*$`, v)
	not secrets.reference(v)
}

_what(key) := "password" if {
	regex.match(`(?i)passw|pwd|pass$|passphrase`, key)
} else := "token" if {
	regex.match(`(?i)token`, key)
} else := "key" if {
	regex.match(`(?i)key$`, key)
} else := "secret"

# resource "aws_db_instance" "main" -> aws_db_instance.main; module "db" -> module.db.
_address("resource", sub) := concat(".", [sub[0], sub[1]]) if count(sub) > 2

_address("module", sub) := concat(".", ["module", sub[0]]) if count(sub) > 1

_address("provider", sub) := sprintf("provider %q", [sub[0]]) if count(sub) > 1

_address(block, sub) := block if {
	not _addressable(block, sub)
}

_addressable("resource", sub) if count(sub) > 2

_addressable("module", sub) if count(sub) > 1

_addressable("provider", sub) if count(sub) > 1
