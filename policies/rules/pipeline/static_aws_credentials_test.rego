package rampart.rules.pipeline.static_aws_credentials_test

import data.rampart.rules.pipeline.static_aws_credentials as rule

_got := {v.path | some v in rule.deny}

_wf(job) := {"on": "push", "jobs": {"deploy": job}}

_cfg(w) := _wf({"runs-on": "ubuntu-24.04", "steps": [{"uses": "aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502", "with": w}]})

cases := {
	"buildspec variables": {
		"input": {"version": 0.2, "env": {"variables": {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE"}}, "phases": {"build": {"commands": ["make"]}}},
		"want": {["env", "variables", "AWS_ACCESS_KEY_ID"]},
	},
	"buildspec secrets-manager": {
		"input": {"version": 0.2, "env": {"secrets-manager": {"AWS_ACCESS_KEY_ID": "ci/deployer:id", "AWS_SECRET_ACCESS_KEY": "ci/deployer:secret"}}, "phases": {"build": {"commands": ["make"]}}},
		"want": {["env", "secrets-manager", "AWS_ACCESS_KEY_ID"], ["env", "secrets-manager", "AWS_SECRET_ACCESS_KEY"]},
	},
	"workflow env from secrets": {
		"input": object.union(_wf({"runs-on": "ubuntu-24.04", "steps": [{"run": "aws s3 ls"}]}), {"env": {"AWS_SECRET_ACCESS_KEY": "${{ secrets.AWS_SECRET_ACCESS_KEY }}"}}),
		"want": {["env", "AWS_SECRET_ACCESS_KEY"]},
	},
	"job env": {
		"input": _wf({"runs-on": "ubuntu-24.04", "env": {"AWS_ACCESS_KEY_ID": "${{ secrets.KEY_ID }}"}, "steps": [{"run": "aws s3 ls"}]}),
		"want": {["jobs", "deploy", "env", "AWS_ACCESS_KEY_ID"]},
	},
	"step env": {
		"input": _wf({"runs-on": "ubuntu-24.04", "steps": [{"run": "aws s3 ls", "env": {"AWS_ACCESS_KEY_ID": "${{ secrets.KEY_ID }}"}}]}),
		"want": {["jobs", "deploy", "steps", 0, "env", "AWS_ACCESS_KEY_ID"]},
	},
	"configure-aws-credentials with keys": {
		"input": _cfg({"aws-access-key-id": "${{ secrets.AWS_ACCESS_KEY_ID }}", "aws-secret-access-key": "${{ secrets.AWS_SECRET_ACCESS_KEY }}", "aws-region": "us-east-1"}),
		"want": {["jobs", "deploy", "steps", 0, "with", "aws-access-key-id"], ["jobs", "deploy", "steps", 0, "with", "aws-secret-access-key"]},
	},
	"keys used to assume a role": {
		"input": _cfg({"aws-access-key-id": "${{ secrets.ID }}", "aws-secret-access-key": "${{ secrets.SECRET }}", "role-to-assume": "arn:aws:iam::123456789012:role/deploy"}),
		"want": {["jobs", "deploy", "steps", 0, "with", "aws-access-key-id"], ["jobs", "deploy", "steps", 0, "with", "aws-secret-access-key"]},
	},
	"gitlab global": {"input": {"variables": {"AWS_ACCESS_KEY_ID": "$DEPLOY_KEY_ID"}, "deploy": {"script": ["aws s3 ls"]}}, "want": {["variables", "AWS_ACCESS_KEY_ID"]}},
	"gitlab job value form": {
		"input": {"deploy": {"script": ["aws s3 ls"], "variables": {"AWS_SECRET_ACCESS_KEY": {"value": "$KEY", "description": "x"}}}},
		"want": {["deploy", "variables", "AWS_SECRET_ACCESS_KEY", "value"]},
	},
	# negatives
	"role-to-assume": {"input": _cfg({"role-to-assume": "arn:aws:iam::123456789012:role/deploy", "aws-region": "us-east-1"}), "want": set()},
	"other AWS variables": {
		"input": {"deploy": {"script": ["aws s3 ls"], "variables": {"AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/x", "AWS_WEB_IDENTITY_TOKEN_FILE": "/tmp/t", "AWS_DEFAULT_REGION": "us-east-1"}}},
		"want": set(),
	},
	"a gitlab job named env is not a workflow": {"input": {"env": {"script": ["make"]}, "b": {"script": ["make"]}}, "want": set()},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_masks_literal if {
	some v in rule.deny with input as {"version": 0.2, "env": {"variables": {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE"}}, "phases": {"build": {"commands": ["make"]}}}
	v.msg == "AWS_ACCESS_KEY_ID is set in the pipeline (value AKIA************MPLE): long-lived IAM user keys; use the build's role or OIDC temporary credentials and deactivate the keys"
}

test_message_reference if {
	some v in rule.deny with input as _cfg({"aws-access-key-id": "${{ secrets.AWS_ACCESS_KEY_ID }}"})
	v.msg == "configure-aws-credentials gets aws-access-key-id (${{ secrets.AWS_ACCESS_KEY_ID }}): long-lived IAM user keys; give it role-to-assume with id-token: write (OIDC) instead"
}

# ---- DevRamps ----

_dr(extra) := object.union(
	{"version": "1.0.0", "pipeline": {
		"cloud_provider": "AWS",
		"pipeline_updates_require_approval": "ALWAYS",
		"stages": [{"name": "staging", "account_id": "111111111111", "region": "us-east-1"}],
		"steps": [{"name": "Deploy API", "type": "DEVRAMPS:ECS:DEPLOY", "params": {"cluster_name": "api"}}],
	}},
	extra,
)

devramps_cases := {
	"devramps variables with secret references": {
		"input": _dr({"variables": {"AWS_ACCESS_KEY_ID": "${{ secret(\"AWS_ACCESS_KEY_ID\") }}", "AWS_SECRET_ACCESS_KEY": "${{ stage_secret(\"AWS_SECRET_ACCESS_KEY\") }}"}}),
		"want": {["variables", "AWS_ACCESS_KEY_ID"], ["variables", "AWS_SECRET_ACCESS_KEY"]},
	},
	"devramps variables-only file": {
		"input": {"variables": {"stripe_key": "${{ secret(\"STRIPE_PUBLIC_KEY\") }}", "AWS_SECRET_ACCESS_KEY": "${{ organization.secrets[\"AWS_SECRET\"] }}"}},
		"want": {["variables", "AWS_SECRET_ACCESS_KEY"]},
	},
	"devramps stage vars": {
		"input": _dr({"pipeline": {"stages": [{"name": "production", "vars": {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "replicas": 3}}]}}),
		"want": {["pipeline", "stages", 0, "vars", "AWS_ACCESS_KEY_ID"]},
	},
	"devramps stage_defaults vars": {
		"input": _dr({"pipeline": {"stage_defaults": {"vars": {"AWS_SECRET_ACCESS_KEY": "${{ secret(\"K\") }}"}}}}),
		"want": {["pipeline", "stage_defaults", "vars", "AWS_SECRET_ACCESS_KEY"]},
	},
	"devramps seed variables": {
		"input": {"variables": {"stripe_key": "${{ secret(\"STRIPE_PUBLIC_KEY\") }}", "db_password": "${{ stage_secret(\"DB_PASSWORD\") }}"}},
		"want": set(),
	},
	"devramps other AWS settings": {
		"input": _dr({"variables": {"AWS_REGION": "us-east-1", "db_password": "${{ stage_secret(\"DB_PASSWORD\") }}"}}),
		"want": set(),
	},
}

test_devramps_cases[name] if {
	some name, c in devramps_cases
	got := _got with input as c.input
	got == c.want
}

test_message_devramps_masks_literal if {
	some v in rule.deny with input as _dr({"pipeline": {"stages": [{"name": "production", "vars": {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE"}}]}})
	v.msg == "AWS_ACCESS_KEY_ID is set in the pipeline (value AKIA************MPLE): long-lived IAM user keys; use the role DevRamps assumes through OIDC in each stage's account and deactivate the keys"
}
