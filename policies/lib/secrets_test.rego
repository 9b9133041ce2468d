package rampart.lib.secrets_test

import data.rampart.lib.secrets

test_mask if {
	secrets.mask(concat("", ["AKIA", "UJZDE8GXD6NCF10E"])) == "AKIA************F10E"
	secrets.mask("AKIAIOSFODNN7EXAMPLE") == "AKIA************MPLE"
	secrets.mask("abcdefghijklmn") == "abcd**********"
	secrets.mask("hunter22") == "hu******"
	secrets.mask("hunter2") == "*******"
	secrets.mask("") == ""
}

test_mask_hides_the_length_of_long_tokens if {
	secrets.mask(concat("", [concat("", ["a" | some _ in numbers.range(1, 60)]), "WXYZ"])) == "aaaa************WXYZ"
}

test_mask_never_shows_more_than_8 if {
	every n in numbers.range(0, 40) {
		s := concat("", [c | some i in numbers.range(1, n); c := substring("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", i, 1)])
		m := secrets.mask(s)
		count([c | some c in split(m, ""); c != "*"]) <= 8
	}
}

test_secret_names if {
	every n in ["DB_PASSWORD", "MasterUserPassword", "GitHubToken", "api-key", "ApiKey", "SSH_PRIVATE_KEY", "db_pass", "CLIENT_SECRET", "AuthToken", "SecretString", "AWS_SECRET_ACCESS_KEY", "DATABASE_DSN", "passwd"] {
		secrets.secret_name(n)
	}
	every n in ["token.actions.githubusercontent.com:sub", "aws:PrincipalTag/token", "AWS_ACCESS_KEY_ID", "SecretArn", "SecretName", "TOKEN_FILE", "PasswordLength", "SecretStringTemplate", "KmsKeyId", "IMAGE_TAG", "BYPASS", "secret_id", "TokenValidityUnits", "ClientToken", "EnableTokenRevocation"] {
		not secrets.secret_name(n)
	}
}

test_references if {
	every v in ["${{ secrets.X }}", "${{ secret(\"DB\") }}", "${DB_PASSWORD}", "$TOKEN", "{{resolve:secretsmanager:db:SecretString:password}}", "${var.password}", "$[[ inputs.token ]]", "$(cat /run/secrets/x)"] {
		secrets.reference(v)
	}
	every v in ["hunter2", "abc$def", "p@ss$"] {
		not secrets.reference(v)
	}
}

test_placeholders if {
	every v in ["changeme", "password", "<your-token>", "xxxxxxxx", "****", "AKIAIOSFODNN7EXAMPLE", "my-secret", "your_api_key_here", "", "TODO", "sk_live_0123456789abcdefghij"] {
		secrets.placeholder(v)
	}
	every v in ["8fUkkibjL5DZPjN0MEQ7wjJJ", "Tr0ub4dor&3"] {
		not secrets.placeholder(v)
	}
}

test_entropy if {
	secrets.entropy("aaaa") == 0
	secrets.entropy("abcd") == 2
	abs(secrets.entropy("aabb") - 1) < 0.000001
	abs(secrets.entropy("abcdefgh") - 3) < 0.000001
	secrets.entropy("8fUkkibjL5DZPjN0MEQ7wjJJ") > 4
}

test_high_entropy if {
	secrets.high_entropy("8fUkkibjL5DZPjN0MEQ7wjJJ")
	every v in ["short9Xq", "prod/database/password", "arn:aws:secretsmanager:eu-west-1:1:secret:x9Z8y7X6w5", "correct horse battery 9", "https://vault.acme.internal/v1", "{\"user\":\"ro\",\"password\":\"x9Qz4-Ab7\"}", "abcdefghijklmnopqrstuvwx", "${{ secrets.DEPLOY_TOKEN }}"] {
		not secrets.high_entropy(v)
	}
}

test_credentials if {
	c := secrets.credentials(sprintf("export GH=%s; export K=%s", [concat("", ["ghp_", "sMehGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8"]), concat("", ["AKIA", "UJZDE8GXD6NCF10E"])]))
	c == {{"name": "GitHub token", "shown": "ghp_************e1f8"}, {"name": "AWS access key ID", "shown": "AKIA************F10E"}}
}

test_credentials_skip_placeholders if {
	count(secrets.credentials("AKIAIOSFODNN7EXAMPLE ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx AKIA0000000000000000")) == 0
}

test_aws_secret_value if {
	s := concat("", ["El2hpChYgCfrL1spNxny", "VmihA+2O76UMFxFkM+R5"])
	secrets.aws_secret_value("AWS_SECRET_ACCESS_KEY", s, [])
	secrets.aws_secret_value("Value", s, [concat("", ["AKIA", "UJZDE8GXD6NCF10E"])])
	not secrets.aws_secret_value("CHECKSUM", s, [])
	not secrets.aws_secret_value("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", [])
	not secrets.aws_secret_value("AWS_SECRET_ACCESS_KEY", "da39a3ee5e6b4b0d3255bfef95601890afd80709", [])
}

test_name_of if {
	doc := {"Env": [{"Name": "DB_PASSWORD", "Value": "x"}], "variables": {"TOKEN": {"value": "y"}}, "Parameters": {"Pw": {"Default": "z"}}}
	secrets.name_of(["Env", 0, "Value"], doc) == "DB_PASSWORD"
	secrets.name_of(["variables", "TOKEN", "value"], doc) == "TOKEN"
	secrets.name_of(["Parameters", "Pw", "Default"], doc) == "Pw"
	secrets.name_of(["variables", "TOKEN"], doc) == "TOKEN"
	not secrets.name_of(["list", 0], {"list": ["a"]})
}

test_word_like if {
	every v in ["registry-pw-2024", "Storefront-2024!", "SuperSecretPass123", "sentry-ci-2024-Q3", "storefront_db_password"] {
		secrets.word_like(v)
		not secrets.high_entropy(v)
	}
	every v in ["8fUkkibjL5DZPjN0MEQ7wjJJ", "staging-api-key-7d3f9Qx2", "Tr0ub4dor&3-storefront"] {
		not secrets.word_like(v)
	}
}

test_shown_is_one_line if {
	secrets.shown("-----BEGIN KEY-----\nabcdefghijklmnop\n-----END KEY-----\n") == "`----************----`"
}

# may_hold_secrets must hold for every document in which a string could be reported: one with
# a secret-named key (at the end of the name too), a known prefix, or a name under Name.
test_may_hold_secrets_for_secret_names_and_prefixes if {
	every doc in [
		{"DB_PASSWORD": "x"},
		{"db_pass": "x"},
		{"Variables": {"MY_PWD": "x"}},
		{"env": [{"Name": "GitHubToken", "Value": "x"}]},
		{"DATABASE_DSN": "x"},
		{"a": concat("", ["AKIA", "UJZDE8GXD6NCF10E"])},
		{"a": "see ghp_abc"},
		{"a": "xoxb-1-2"},
		{"a": "-----BEGIN RSA PRIVATE KEY-----"},
		{"a": "eyJhbGciOi"},
		{"A": "SecretString"},
		{"ConnectionString": "x"},
	] {
		secrets.may_hold_secrets(json.marshal(doc))
	}
}

# And it fails for documents with none of them, so that the rules reading every string skip.
test_may_hold_secrets_false_for_plain_documents if {
	every doc in [
		{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]},
		{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "passage"}}}},
		{"phases": {"build": {"commands": ["npm ci", "npm test"]}}},
	] {
		not secrets.may_hold_secrets(json.marshal(doc))
	}
}

# Every name secret_name accepts is found by may_hold_secrets in a document that uses it.
test_may_hold_secrets_covers_secret_name if {
	every n in ["DB_PASSWORD", "MasterUserPassword", "GitHubToken", "api-key", "ApiKey", "SSH_PRIVATE_KEY", "db_pass", "CLIENT_SECRET", "AuthToken", "SecretString", "AWS_SECRET_ACCESS_KEY", "DATABASE_DSN", "passwd", "x-pwd", "signing_key", "SessionKey", "credentials", "passphrase"] {
		secrets.secret_name(n)
		secrets.may_hold_secrets(json.marshal({n: "v"}))
		secrets.may_hold_secrets(json.marshal([{"Name": n, "Value": "v"}]))
	}
}

# credential_hints must pick out every string that credentials reports on (rules walk only the
# strings that hold one): a credential of each format, and each holds a hint.
test_credential_hints_cover_credentials if {
	examples := [
		concat("", ["key AKIA", "UJZDE8GXD6NCF10E"]),
		concat("", ["ASIA", "Q3HF7Z2KDM4PLX9B"]),
		concat("", ["ghp_", "sMehGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8"]),
		concat("", ["github_pat_", "11AQ7Z0x8Hk2QZr7mWq_Lp4NtYv9uXc3Bd6Fe1Gh5Jk8Mn2Pq7Rs4Tu9Vw3Xy6Za1Bc5De8Fg2Hj7Kl4Mn"]),
		concat("", ["glpat-", "x8Hk2QZr7mWqLp4NtYv9"]),
		concat("", ["xoxb-", "2934861-Z7kq8PmW3rTx"]),
		concat("", ["https://hooks.slack.com/services/", "T0A1B2C3D/B4E5F6G7H/", "x8Hk2QZr7mWqLp4NtYv9uXc3"]),
		concat("", ["sk_live_", "x8Hk2QZr7mWqLp4NtYv9"]),
		concat("", ["AIza", "Sy8Hk2QZr7mWqLp4NtYv9uXc3Bd6Fe1Gh5J"]),
		concat("", ["npm_", "x8Hk2QZr7mWqLp4NtYv9uXc3Bd6Fe1Gh5Jk8"]),
		concat(".", [concat("", ["eyJ", "hbGciOiJIUzI1NiJ9"]), concat("", ["eyJ", "zdWIiOiIxMjM0In0"]), "x8Hk2QZr7mWqLp4NtYv9uXc3"]),
		concat("\n", ["-----BEGIN RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEAx8Hk2QZr7mWqLp4NtYv9uXc3Bd6Fe1Gh5Jk8Mn2Pq7Rs4Tu9"]),
		concat("", ["aws_secret_access_key = ", "x8Hk2QZr7mWqLp4NtYv9uXc3Bd6Fe1Gh5Jk8Mn2P"]),
	]
	every v in examples {
		count(secrets.credentials(v)) > 0
		some h in secrets.credential_hints
		contains(lower(v), h)
	}
}
