# METADATA
# title: Secret parameter or variable is not masked
# description: |
#   A CloudFormation parameter that carries a secret is shown in plain text by the console,
#   `describe-stacks` and stack events unless it is `NoEcho: true`; a Terraform variable or
#   output that carries one is printed by `plan` and `apply` unless it is `sensitive = true`.
#   A default value is worse: the secret is then written in the template or module, in the
#   repository, and used whenever nobody overrides it.
#
#   The rule fires on a secret-named CloudFormation parameter (`DbPassword`, `GitHubToken`,
#   `ApiKey`, ...) without `NoEcho: true`, and on its `Default`; on a secret-named Terraform
#   variable without `sensitive = true`, and on its `default`; and on a secret-named
#   Terraform output without `sensitive = true`. Names that only point at a secret
#   (`DbPasswordSecretArn`, `token_file`) are not secret-named. SSM parameter types
#   (`AWS::SSM::Parameter::Value<String>`) take a parameter name, not a secret, and are left
#   alone. An empty default (`""`) is not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html#parameters-section-structure-properties
#     description: CloudFormation parameter properties (NoEcho)
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html#creds
#     description: "CloudFormation best practices: do not embed credentials in your templates"
#   - ref: https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output
#     description: Terraform sensitive variables
#   - ref: https://developer.hashicorp.com/terraform/language/values/outputs#sensitive-suppressing-values-in-cli-output
#     description: Terraform sensitive outputs
# custom:
#   id: secrets/unmasked-parameter
#   severity: medium
#   sensitive: true
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Mark the parameter `NoEcho: true` (CloudFormation) or the variable or output
#     `sensitive = true` (Terraform), remove any default value, and pass the secret at deploy
#     time or, better, resolve it from Secrets Manager.
#   threat: >-
#     The secret shows up in the console, stack events, CI logs of plan and apply, or the
#     repository itself.
package rampart.rules.secrets.unmasked_parameter

import data.rampart.lib.result
import data.rampart.lib.secrets

deny contains result.key_violation(msg, ["Parameters", name]) if {
	some name, p in object.get(input, "Parameters", {})
	_cfn_secret(name, p)
	not _true(object.get(p, "NoEcho", false))
	msg := sprintf("parameter %s carries a secret but has no NoEcho: true, so the console, describe-stacks and stack events show it; add NoEcho: true", [name])
}

deny contains result.violation(msg, ["Parameters", name, "Default"]) if {
	some name, p in object.get(input, "Parameters", {})
	_cfn_secret(name, p)
	_has_default(p, "Default")
	msg := sprintf("parameter %s carries a secret and has a Default (%s) written in the template; remove the default and pass the value at deploy time or resolve it from Secrets Manager", [name, secrets.shown(p.Default)])
}

deny contains result.key_violation(msg, ["variable", name]) if {
	some name, v in object.get(input, "variable", {})
	secrets.secret_name(name)
	is_object(v)
	not _true(object.get(v, "sensitive", false))
	msg := sprintf("variable %q carries a secret but is not sensitive = true, so plan and apply print it; add sensitive = true", [name])
}

deny contains result.violation(msg, ["variable", name, "default"]) if {
	some name, v in object.get(input, "variable", {})
	secrets.secret_name(name)
	is_object(v)
	_has_default(v, "default")
	msg := sprintf("variable %q carries a secret and has a default (%s) written in the code; remove the default and pass the value at apply time (TF_VAR_%s) or read it from Secrets Manager", [name, secrets.shown(v["default"]), name])
}

deny contains result.key_violation(msg, ["output", name]) if {
	some name, o in object.get(input, "output", {})
	secrets.secret_name(name)
	is_object(o)
	not _true(object.get(o, "sensitive", false))
	msg := sprintf("output %q carries a secret but is not sensitive = true, so apply prints it; add sensitive = true (or do not output it)", [name])
}

_cfn_secret(name, p) if {
	secrets.secret_name(name)
	is_object(p)
	not startswith(sprintf("%v", [object.get(p, "Type", "String")]), "AWS::SSM::Parameter")
}

_true(v) if v == true

_true(v) if {
	is_string(v)
	lower(v) == "true"
}

_has_default(p, key) if {
	d := p[key]
	d != null
	d != ""
}
