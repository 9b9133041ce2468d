package rampart.rules.secrets.plaintext_secret_variable_test

import data.rampart.rules.secrets.plaintext_secret_variable

_paths := {v.path | some v in plaintext_secret_variable.deny}

_buildspec(env) := {"version": 0.2, "env": env, "phases": {"build": {"commands": ["make"]}}}

_cfn(vars) := {"Resources": {"P": {"Type": "AWS::CodeBuild::Project", "Properties": {"Environment": {"EnvironmentVariables": vars}}}}}

_tf(vars) := {"resource": {"aws_codebuild_project": {"site": {"environment": [{"environment_variable": vars}]}}}}

cases := {
	"buildspec env.variables": {
		"input": _buildspec({"variables": {"DB_PASSWORD": "Sup3rS3cret!", "NODE_ENV": "production", "PORT": 8080}}),
		"want": {["env", "variables", "DB_PASSWORD"]},
	},
	"buildspec secrets-manager and parameter-store are references": {
		"input": _buildspec({
			"variables": {"DB_PASSWORD_PARAM": "/prod/db/password"},
			"secrets-manager": {"DB_PASSWORD": "prod/db:password"},
			"parameter-store": {"API_TOKEN": "/ci/api-token"},
		}),
		"want": set(),
	},
	"AWS keys are left to pipeline/static-aws-credentials": {
		"input": _buildspec({"variables": {"AWS_SECRET_ACCESS_KEY": "abc123def456", "AWS_ACCESS_KEY_ID": "AKIA..."}}),
		"want": set(),
	},
	"github env at workflow, job and step": {
		"input": {"on": "push", "env": {"NPM_TOKEN": "n0t-a-ref-9"}, "jobs": {"b": {
			"env": {"API_KEY": "k3y-v4lue", "GH_TOKEN": "${{ secrets.GH_TOKEN }}"},
			"steps": [{"run": "make", "env": {"SIGNING_KEY": "sign1ng", "DEBUG": "1"}}],
		}}},
		"want": {["env", "NPM_TOKEN"], ["jobs", "b", "env", "API_KEY"], ["jobs", "b", "steps", 0, "env", "SIGNING_KEY"]},
	},
	"github composite action step env": {
		"input": {"runs": {"using": "composite", "steps": [{"run": "x", "shell": "bash", "env": {"CLIENT_SECRET": "s3cr3t-value"}}]}},
		"want": {["runs", "steps", 0, "env", "CLIENT_SECRET"]},
	},
	"gitlab global, job, value form and rules variables": {
		"input": {
			"variables": {"SONAR_TOKEN": "squ_1f2e3d", "REGISTRY_PASSWORD": {"value": "r3g1stry", "description": "x"}, "GIT_DEPTH": 20},
			"deploy": {"script": ["make"], "variables": {"DEPLOY_TOKEN": "$CI_DEPLOY_TOKEN", "SLACK_WEBHOOK_SECRET": "w3bh00k"}, "rules": [{"if": "$X", "variables": {"API_KEY": "rul3key"}}]},
		},
		"want": {["variables", "SONAR_TOKEN"], ["variables", "REGISTRY_PASSWORD", "value"], ["deploy", "variables", "SLACK_WEBHOOK_SECRET"], ["deploy", "rules", 0, "variables", "API_KEY"]},
	},
	"service container passwords and placeholders": {
		"input": {"test": {"script": ["make"], "services": ["postgres:16"], "variables": {"POSTGRES_PASSWORD": "postgres", "MYSQL_ROOT_PASSWORD": "root", "API_TOKEN": "<set-in-settings>", "SECRET_KEY": "changeme", "APP_SECRET": ""}}},
		"want": set(),
	},
	"devramps variables": {
		"input": {"pipeline": {"steps": []}, "variables": {
			"stripe_key": "${{ secret(\"STRIPE_PUBLIC_KEY\") }}",
			"db_password": "${{ stage_secret(\"DB_PASSWORD\") }}",
			"api_token": "t0ken-l1teral",
		}},
		"want": {["variables", "api_token"]},
	},
	"devramps variables fragment (seed)": {
		"input": {"variables": {"stripe_key": "${{ secret(\"STRIPE_PUBLIC_KEY\") }}", "db_password": "${{ stage_secret(\"DB_PASSWORD\") }}"}},
		"want": set(),
	},
	"cloudformation PLAINTEXT and untyped variables": {
		"input": _cfn([
			{"Name": "DB_PASSWORD", "Type": "PLAINTEXT", "Value": "pl41n"},
			{"Name": "API_TOKEN", "Value": "untyp3d"},
			{"Name": "NPM_TOKEN", "Type": "SECRETS_MANAGER", "Value": "ci/npm:token"},
			{"Name": "SONAR_TOKEN", "Type": "PARAMETER_STORE", "Value": "/ci/sonar"},
			{"Name": "GH_TOKEN", "Type": "PLAINTEXT", "Value": {"Ref": "GitHubToken"}},
			{"Name": "STAGE", "Value": "prod"},
		]),
		"want": {
			["Resources", "P", "Properties", "Environment", "EnvironmentVariables", 0, "Value"],
			["Resources", "P", "Properties", "Environment", "EnvironmentVariables", 1, "Value"],
		},
	},
	"terraform environment_variable blocks": {
		"input": _tf([
			{"name": "DEPLOY_TOKEN", "type": "PLAINTEXT", "value": "d3pl0y"},
			{"name": "DB_PASSWORD", "value": "untyp3d"},
			{"name": "NPM_TOKEN", "type": "SECRETS_MANAGER", "value": "ci/npm:token"},
			{"name": "API_KEY", "value": "${var.api_key}"},
		]),
		"want": {
			["resource", "aws_codebuild_project", "site", "environment", 0, "environment_variable", 0, "value"],
			["resource", "aws_codebuild_project", "site", "environment", 0, "environment_variable", 1, "value"],
		},
	},
}

test_cases[name] if {
	some name, c in cases
	got := _paths with input as c.input
	got == c.want
}

test_message_masks_the_value if {
	some v in plaintext_secret_variable.deny with input as _buildspec({"variables": {"DB_PASSWORD": "Sup3rS3cretPassw0rd"}})
	v.msg == "DB_PASSWORD holds a plaintext value (`Sup3***********w0rd`) although its name says it is a secret; reference a secret store instead (env.secrets-manager or env.parameter-store) and rotate the value"
}

test_message_short_value_fully_masked if {
	some v in plaintext_secret_variable.deny with input as {"on": "push", "jobs": {"b": {"env": {"API_KEY": "k3y-v4l"}, "steps": [{"run": "x"}]}}}
	contains(v.msg, "(`*******`)")
	contains(v.msg, "${{ secrets.NAME }}")
}

test_message_cloudformation if {
	some v in plaintext_secret_variable.deny with input as _cfn([{"Name": "DB_PASSWORD", "Value": "pl41n-text"}])
	contains(v.msg, "(`pl********`)")
	contains(v.msg, "Type: SECRETS_MANAGER or PARAMETER_STORE")
}
