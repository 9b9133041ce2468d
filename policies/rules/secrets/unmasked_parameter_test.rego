package rampart.rules.secrets.unmasked_parameter_test

import data.rampart.rules.secrets.unmasked_parameter

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in unmasked_parameter.deny}

cases := {
	"CloudFormation secret parameter without NoEcho": {
		"input": {"Parameters": {"DbPassword": {"Type": "String"}, "Stage": {"Type": "String", "Default": "prod"}}},
		"want": {{"path": ["Parameters", "DbPassword"], "key": true}},
	},
	"NoEcho false and a default": {
		"input": {"Parameters": {"GitHubToken": {"Type": "String", "NoEcho": "false", "Default": "gh-token-literal"}}},
		"want": {{"path": ["Parameters", "GitHubToken"], "key": true}, {"path": ["Parameters", "GitHubToken", "Default"], "key": false}},
	},
	"NoEcho with a default": {
		"input": {"Parameters": {"ApiKey": {"Type": "String", "NoEcho": true, "Default": "api-key-literal"}}},
		"want": {{"path": ["Parameters", "ApiKey", "Default"], "key": false}},
	},
	"NoEcho as a string, empty default, SSM type and pointer names": {
		"input": {"Parameters": {
			"DbPassword": {"Type": "String", "NoEcho": "true", "Default": ""},
			"SlackToken": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/ci/slack-token"},
			"DbPasswordSecretArn": {"Type": "String", "Default": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"},
			"TokenTtl": {"Type": "Number", "Default": 3600},
		}},
		"want": set(),
	},
	"Terraform variable without sensitive, with a default": {
		"input": {"variable": {"db_password": {"type": "string", "default": "tf-default-pw"}, "region": {"default": "eu-west-1"}}},
		"want": {{"path": ["variable", "db_password"], "key": true}, {"path": ["variable", "db_password", "default"], "key": false}},
	},
	"Terraform sensitive variable with a default": {
		"input": {"variable": {"api_token": {"type": "string", "sensitive": true, "default": "tf-default-token"}}},
		"want": {{"path": ["variable", "api_token", "default"], "key": false}},
	},
	"Terraform sensitive variable without a default": {
		"input": {"variable": {"api_token": {"type": "string", "sensitive": true}, "token_file": {"default": "/run/token"}}},
		"want": set(),
	},
	"Terraform outputs": {
		"input": {"output": {
			"db_password": {"value": "${random_password.db.result}"},
			"admin_token": {"value": "${x.y}", "sensitive": true},
			"db_password_secret_arn": {"value": "${aws_secretsmanager_secret.db.arn}"},
		}},
		"want": {{"path": ["output", "db_password"], "key": true}},
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_no_echo if {
	some v in unmasked_parameter.deny with input as {"Parameters": {"DbPassword": {"Type": "String"}}}
	v.msg == "parameter DbPassword carries a secret but has no NoEcho: true, so the console, describe-stacks and stack events show it; add NoEcho: true"
}

test_message_default_is_masked if {
	some v in unmasked_parameter.deny with input as {"variable": {"db_password": {"sensitive": true, "default": "tf-default-password"}}}
	v.msg == "variable \"db_password\" carries a secret and has a default (`tf-d***********word`) written in the code; remove the default and pass the value at apply time (TF_VAR_db_password) or read it from Secrets Manager"
}

test_message_output if {
	some v in unmasked_parameter.deny with input as {"output": {"db_password": {"value": "x"}}}
	contains(v.msg, "output \"db_password\" carries a secret but is not sensitive = true")
}
