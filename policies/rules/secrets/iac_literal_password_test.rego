package rampart.rules.secrets.iac_literal_password_test

import data.rampart.rules.secrets.iac_literal_password

_paths := {v.path | some v in iac_literal_password.deny}

_res(type, props) := {"Resources": {"R": {"Type": type, "Properties": props}}}

cases := {
	"RDS MasterUserPassword literal": {
		"input": _res("AWS::RDS::DBInstance", {"MasterUsername": "admin", "MasterUserPassword": "hunter2-prod"}),
		"want": {["Resources", "R", "Properties", "MasterUserPassword"]},
	},
	"dynamic reference, Ref and Sub of a dynamic reference": {
		"input": {"Resources": {
			"A": {"Type": "AWS::RDS::DBInstance", "Properties": {"MasterUserPassword": "{{resolve:secretsmanager:prod/db:SecretString:password}}"}},
			"B": {"Type": "AWS::RDS::DBInstance", "Properties": {"MasterUserPassword": {"Ref": "DbPassword"}}},
			"C": {"Type": "AWS::RDS::DBCluster", "Properties": {"MasterUserPassword": {"Fn::Sub": "{{resolve:secretsmanager:${DbSecret}:SecretString:password}}"}}},
			"D": {"Type": "AWS::RDS::DBCluster", "Properties": {"ManageMasterUserPassword": true}},
		}},
		"want": set(),
	},
	"SecretString, AuthToken and nested Password": {
		"input": {"Resources": {
			"S": {"Type": "AWS::SecretsManager::Secret", "Properties": {"SecretString": "{\"password\":\"p4ss\"}"}},
			"E": {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": {"AuthToken": "redis-auth-token-1"}},
			"M": {"Type": "AWS::AmazonMQ::Broker", "Properties": {"Users": [{"Username": "app", "Password": "mq-password-1"}]}},
		}},
		"want": {["Resources", "S", "Properties", "SecretString"], ["Resources", "E", "Properties", "AuthToken"], ["Resources", "M", "Properties", "Users", 0, "Password"]},
	},
	"GenerateSecretString and empty placeholders": {
		"input": {"Resources": {
			"S": {"Type": "AWS::SecretsManager::Secret", "Properties": {"GenerateSecretString": {"SecretStringTemplate": "{\"username\":\"app\"}", "GenerateStringKey": "password", "PasswordLength": 32}}},
			"T": {"Type": "AWS::SecretsManager::Secret", "Properties": {"SecretString": "{}"}},
			"U": {"Type": "AWS::Cognito::UserPool", "Properties": {"Policies": {"PasswordPolicy": {"MinimumLength": 12}}}},
		}},
		"want": set(),
	},
	"CodePipeline OAuthToken and Lambda environment": {
		"input": {"Resources": {
			"P": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"Stages": [{"Name": "Source", "Actions": [{"Name": "Src", "Configuration": {"OAuthToken": "gh-oauth-literal"}}]}]}},
			"F": {"Type": "AWS::Lambda::Function", "Properties": {"Environment": {"Variables": {"API_KEY": "lit3ral-key", "TABLE": "orders"}}}},
		}},
		"want": {["Resources", "P", "Properties", "Stages", 0, "Actions", 0, "Configuration", "OAuthToken"], ["Resources", "F", "Properties", "Environment", "Variables", "API_KEY"]},
	},
	"terraform resource, module and provider literals": {
		"input": {
			"resource": {"aws_db_instance": {"main": {"username": "admin", "password": "hunter2-prod"}}, "aws_secretsmanager_secret_version": {"v": {"secret_string": {"username": "app", "password": "p4ss-literal"}}}},
			"module": {"db": {"source": "./db", "master_password": "m0dule-pw"}},
			"provider": {"github": [{"owner": "acme", "token": "gh-literal-token"}]},
		},
		"want": {
			["resource", "aws_db_instance", "main", "password"],
			["resource", "aws_secretsmanager_secret_version", "v", "secret_string", "password"],
			["module", "db", "master_password"],
			["provider", "github", 0, "token"],
		},
	},
	"terraform references": {
		"input": {
			"resource": {
				"aws_db_instance": {"main": {"password": "${random_password.db.result}", "manage_master_user_password": true}},
				"aws_secretsmanager_secret_version": {"v": {"secret_id": "${aws_secretsmanager_secret.db.id}", "secret_string": "${random_password.db.result}"}},
				"aws_iam_user_login_profile": {"u": {"user": "ci", "password_reset_required": true}},
			},
			"provider": {"github": [{"token": "${var.github_token}"}]},
		},
		"want": set(),
	},
	"terraform SecureString parameter": {
		"input": {"resource": {"aws_ssm_parameter": {
			"db": {"name": "/prod/db/password", "type": "SecureString", "value": "ssm-literal-pw"},
			"ok": {"name": "/prod/db/password", "type": "SecureString", "value": "${random_password.db.result}"},
			"plain": {"name": "/prod/app/region", "type": "String", "value": "eu-west-1"},
		}}},
		"want": {["resource", "aws_ssm_parameter", "db", "value"]},
	},
}

test_cases[name] if {
	some name, c in cases
	got := _paths with input as c.input
	got == c.want
}

test_message_cloudformation if {
	some v in iac_literal_password.deny with input as _res("AWS::RDS::DBInstance", {"MasterUserPassword": "hunter2-production"})
	v.msg == "MasterUserPassword of R (AWS::RDS::DBInstance) is a literal password (`hunt**********tion`); use a dynamic reference ({{resolve:secretsmanager:...}}) or a NoEcho parameter, and rotate it"
}

test_message_terraform if {
	some v in iac_literal_password.deny with input as {"resource": {"aws_elasticache_replication_group": {"r": {"auth_token": "redis-token-literal"}}}}
	v.msg == "auth_token of aws_elasticache_replication_group.r is a literal token (`redi***********eral`); use a random_password, a Secrets Manager secret or a sensitive variable without a default, and rotate it"
}

test_message_short_password_is_fully_masked if {
	some v in iac_literal_password.deny with input as {"module": {"db": {"password": "pw1"}}}
	contains(v.msg, "(`***`)")
	contains(v.msg, "of module.db")
}
