package rampart.rules.secrets.hardcoded_credential_test

import data.rampart.rules.secrets.hardcoded_credential

# Credentials of the right formats, fake by construction (random characters), assembled here
# so that no whole token sits in the source.
_akid := concat("", ["AKIA", "UJZDE8GXD6NCF10E"])

_aws_secret := concat("", ["El2hpChYgCfrL1spNxny", "VmihA+2O76UMFxFkM+R5"])

_ghp := concat("", ["ghp_", "sMehGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8"])

_github_pat := concat("", ["github_pat_", "rESQedUStPKR0CsTy4Qwb8_DwkNhFdnXsiVpzz63FfkCzJr4i0B3JrTAwR4y9ojfljoQoaF1LlqsajAIxN"])

_glpat := concat("", ["glpat-", "Ku8iS2G8NPRVdD53X83R"])

_slack := concat("", ["xoxb-", "866661760313-7215901092815-Nbe3nNyjOq9wMxEhh2FDEEtf"])

_stripe := concat("", ["sk_", "live_", "jgVvVqE1SkHbn88HxjSI6bWH"])

_google := concat("", ["AIza", "MlHUvTCQCyEZDz-TddJ8HyS5SUkCnD8zRA9"])

_npm := concat("", ["npm_", "N5N1aE6PwZPf1Qh6yYTWmE4lBYOvfZ8UzDzV"])

_jwt := concat(".", [
	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
	"eyJzdWIiOiJkZXBsb3kiLCJpYXQiOjE3MDAwMDAwMDB9",
	"q3V8nZ2kP0yR7tW1xB4mC6dF9gH2jK5lN8pQ1rS3uV0",
])

_pem := concat("\n", [
	concat("", ["-----BEGIN RSA ", "PRIVATE KEY-----"]),
	"MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
	"VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK",
	concat("", ["-----END RSA ", "PRIVATE KEY-----"]),
])

_random := "8fUkkibjL5DZPjN0MEQ7wjJJ"

_paths := {v.path | some v in hardcoded_credential.deny}

_buildspec(vars) := {"version": 0.2, "env": {"variables": vars}, "phases": {"build": {"commands": ["make"]}}}

cases := {
	"AWS key pair in buildspec env": {
		"input": _buildspec({"AWS_ACCESS_KEY_ID": _akid, "AWS_SECRET_ACCESS_KEY": _aws_secret}),
		"want": {["env", "variables", "AWS_ACCESS_KEY_ID"], ["env", "variables", "AWS_SECRET_ACCESS_KEY"]},
	},
	"AWS secret key beside an access key id under any name": {
		"input": {"Resources": {"K": {"Type": "Custom::Thing", "Properties": {"Id": _akid, "Value": _aws_secret}}}},
		"want": {["Resources", "K", "Properties", "Id"], ["Resources", "K", "Properties", "Value"]},
	},
	"AWS secret key written inline in a command": {
		"input": {"version": 0.2, "phases": {"build": {"commands": [sprintf("aws configure set aws_secret_access_key %s", [_aws_secret]), sprintf("export AWS_SECRET_ACCESS_KEY=%s", [_aws_secret])]}}},
		"want": {["phases", "build", "commands", 1]},
	},
	"40 characters alone are not an AWS secret key": {
		"input": {"jobs": {"b": {"steps": [{"uses": "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"}, {"run": "echo", "env": {"CHECKSUM": _aws_secret}}]}}},
		"want": set(),
	},
	"GitHub tokens in a workflow step": {
		"input": {"on": "push", "jobs": {"b": {"steps": [
			{"run": sprintf("git clone https://x-access-token:%s@github.com/acme/app", [_ghp])},
			{"uses": "acme/release@v1", "with": {"token": _github_pat}},
		]}}},
		"want": {["jobs", "b", "steps", 0, "run"], ["jobs", "b", "steps", 1, "with", "token"]},
	},
	"GitLab, Slack, Stripe, Google and npm tokens in GitLab variables": {
		"input": {"variables": {"GL": _glpat, "SLACK": _slack, "STRIPE": _stripe, "MAPS": _google, "NPMRC": sprintf("//registry.npmjs.org/:_authToken=%s", [_npm])}, "test": {"script": ["make"]}},
		"want": {["variables", "GL"], ["variables", "SLACK"], ["variables", "STRIPE"], ["variables", "MAPS"], ["variables", "NPMRC"]},
	},
	"JWT in a devramps step parameter": {
		"input": {"pipeline": {"steps": [{"name": "Notify", "type": "DEVRAMPS:SCRIPT:RUN", "params": {"headers": {"Authorization": sprintf("Bearer %s", [_jwt])}}}]}},
		"want": {["pipeline", "steps", 0, "params", "headers", "Authorization"]},
	},
	"PEM private key in Terraform": {
		"input": {"resource": {"aws_iam_server_certificate": {"site": {"name": "site", "private_key": _pem}}}},
		"want": {["resource", "aws_iam_server_certificate", "site", "private_key"]},
	},
	"PEM header without a body is documentation": {
		"input": {"resource": {"x": {"y": {"description": concat("", ["Paste the -----BEGIN RSA ", "PRIVATE KEY----- block here"])}}}},
		"want": set(),
	},
	"high-entropy literal under a secret-named key": {
		"input": {"variables": {"DEPLOY_TOKEN": _random}, "deploy": {"script": ["make"]}},
		"want": {["variables", "DEPLOY_TOKEN"]},
	},
	"high-entropy literal in the value of a Name/Value pair": {
		"input": {"Resources": {"P": {"Type": "AWS::CodeBuild::Project", "Properties": {"Environment": {"EnvironmentVariables": [{"Name": "API_KEY", "Value": _random}]}}}}},
		"want": {["Resources", "P", "Properties", "Environment", "EnvironmentVariables", 0, "Value"]},
	},
	"high-entropy literal in GitLab's value form and a CloudFormation default": {
		"input": {"variables": {"API_TOKEN": {"value": _random, "description": "x"}}, "Parameters": {"DbPassword": {"Type": "String", "Default": _random}}},
		"want": {["variables", "API_TOKEN", "value"], ["Parameters", "DbPassword", "Default"]},
	},
	"high-entropy value under a name that is not secret": {
		"input": {"variables": {"IMAGE_DIGEST": _random, "SECRET_ARN": _random}, "b": {"script": ["make"]}},
		"want": set(),
	},
	"words, paths and references under secret-named keys": {
		"input": {
			"variables": {
				"DB_PASSWORD": "${DB_PASSWORD_FROM_VAULT}",
				"API_TOKEN": "$CI_JOB_TOKEN",
				"GH_TOKEN": "${{ secrets.GH_TOKEN }}",
				"SECRET_KEY": "/prod/app/secret-key-parameter",
				"PASSWORD": "{{resolve:secretsmanager:prod/db:SecretString:password}}",
				"CLIENT_SECRET": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci-AbC123",
				"TOKEN": "correct horse battery staple 42",
				"PRIVATE_KEY": "my-service-account-private-key",
			},
			"b": {"script": ["make"]},
		},
		"want": set(),
	},
	"buildspec secrets-manager and parameter-store name the secret": {
		"input": {"version": 0.2, "phases": {"build": {"commands": ["make"]}}, "env": {
			"secrets-manager": {"DB_PASSWORD": "prod/database/Password9x:password"},
			"parameter-store": {"API_KEY": "ci-api-key-v2-x9Qz4"},
		}},
		"want": set(),
	},
	"documented placeholders": {
		"input": _buildspec({
			"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
			"AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			"GITHUB_TOKEN": "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
			"SLACK_TOKEN": "<your-slack-token>",
			"STRIPE_KEY": "sk_live_0123456789abcdefghijklmn",
			"DB_PASSWORD": "changeme",
			"NPM_TOKEN": "npm_************************************",
			"KEY_ID": "AKIA0000000000000000",
		}),
		"want": set(),
	},
	"a credential inside an IAM policy condition": {
		"input": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/key": _akid}}}]},
		"want": {["Statement", 0, "Condition", "StringEquals", "aws:PrincipalTag/key"]},
	},
	"a clean seed-style buildspec": {
		"input": {"version": 0.2, "phases": {"pre_build": {"commands": [
			"export DB_SECRET=$(aws secretsmanager get-secret-value --secret-id prod/database/password --query SecretString --output text)",
			"export DB_PASSWORD=$(echo $DB_SECRET | jq -r '.password')",
		]}}},
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _paths with input as c.input
	got == c.want
}

test_message_masks_and_names_the_format if {
	some v in hardcoded_credential.deny with input as _buildspec({"AWS_ACCESS_KEY_ID": _akid})
	v.msg == "hardcoded AWS access key ID `AKIA************F10E`: revoke it and load it at run time from a secret store (Secrets Manager, CI secrets) instead of writing it in the file"
}

test_message_lists_every_credential_of_a_value if {
	some v in hardcoded_credential.deny with input as _buildspec({"X": sprintf("%s %s", [_ghp, _slack])})
	startswith(v.msg, "hardcoded GitHub token `ghp_************e1f8`, Slack token `xoxb****")
}

test_message_high_entropy if {
	some v in hardcoded_credential.deny with input as _buildspec({"DEPLOY_TOKEN": _random})
	startswith(v.msg, "hardcoded high-entropy value of DEPLOY_TOKEN `8fUk************wjJJ`")
}

test_message_pem_shows_only_the_header if {
	some v in hardcoded_credential.deny with input as _buildspec({"KEY": _pem})
	contains(v.msg, "PEM private key `-----BEGIN RSA PRIVATE KEY-----`")
	not contains(v.msg, "MIIE")
}

# No message ever holds more than 8 characters of any planted secret.
test_messages_never_hold_the_secret if {
	every s in [_akid, _aws_secret, _ghp, _github_pat, _glpat, _slack, _stripe, _google, _npm, _jwt, _random] {
		vs := hardcoded_credential.deny with input as _buildspec({"AWS_SECRET_ACCESS_KEY": _aws_secret, "K": _akid, "TOKEN": s})
		count(vs) > 0
		every v in vs {
			not contains(v.msg, substring(s, 0, 9))
			not contains(v.msg, substring(s, count(s) - 9, 9))
		}
	}
}
