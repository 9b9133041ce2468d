package rampart.rules["supply-chain"].image_scan_disabled_test

import data.rampart.rules["supply-chain"].image_scan_disabled

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in image_scan_disabled.deny}

_cfn(props) := {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Repo": {"Type": "AWS::ECR::Repository", "Properties": props}}}

_registry(rules) := {"Type": "AWS::ECR::RegistryScanningConfiguration", "Properties": {"ScanType": "ENHANCED", "Rules": rules}}

_tf(repo) := {"resource": {"aws_ecr_repository": {"app": repo}}}

cases := {
	"CloudFormation scan on push": {
		"input": _cfn({"RepositoryName": "app", "ImageScanningConfiguration": {"ScanOnPush": true}}),
		"want": set(),
	},
	"CloudFormation \"true\" as text": {
		"input": _cfn({"ImageScanningConfiguration": {"ScanOnPush": "true"}}),
		"want": set(),
	},
	"CloudFormation missing configuration": {
		"input": _cfn({"RepositoryName": "app"}),
		"want": {{"path": ["Resources", "Repo"], "key": true}},
	},
	"CloudFormation no Properties": {
		"input": {"Resources": {"Repo": {"Type": "AWS::ECR::Repository"}}},
		"want": {{"path": ["Resources", "Repo"], "key": true}},
	},
	"CloudFormation configuration without ScanOnPush": {
		"input": _cfn({"ImageScanningConfiguration": {}}),
		"want": {{"path": ["Resources", "Repo", "Properties", "ImageScanningConfiguration"], "key": true}},
	},
	"CloudFormation ScanOnPush false": {
		"input": _cfn({"ImageScanningConfiguration": {"ScanOnPush": false}}),
		"want": {{"path": ["Resources", "Repo", "Properties", "ImageScanningConfiguration", "ScanOnPush"], "key": false}},
	},
	"CloudFormation ScanOnPush \"false\"": {
		"input": _cfn({"ImageScanningConfiguration": {"ScanOnPush": "false"}}),
		"want": {{"path": ["Resources", "Repo", "Properties", "ImageScanningConfiguration", "ScanOnPush"], "key": false}},
	},
	"CloudFormation ScanOnPush from a parameter is not judged": {
		"input": _cfn({"ImageScanningConfiguration": {"ScanOnPush": {"Ref": "Scan"}}}),
		"want": set(),
	},
	"CloudFormation registry scanning on push for a matching filter": {
		"input": {"Resources": {
			"Repo": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": "team/app"}},
			"Scanning": _registry([{"ScanFrequency": "SCAN_ON_PUSH", "RepositoryFilters": [{"Filter": "team/*", "FilterType": "WILDCARD"}]}]),
		}},
		"want": set(),
	},
	"CloudFormation continuous registry scanning for every repository": {
		"input": {"Resources": {
			"Repo": {"Type": "AWS::ECR::Repository", "Properties": {"ImageScanningConfiguration": {"ScanOnPush": false}}},
			"Scanning": _registry([{"ScanFrequency": "CONTINUOUS_SCAN", "RepositoryFilters": [{"Filter": "*", "FilterType": "WILDCARD"}]}]),
		}},
		"want": set(),
	},
	"CloudFormation registry scanning for other repositories": {
		"input": {"Resources": {
			"Repo": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": "app"}},
			"Scanning": _registry([{"ScanFrequency": "SCAN_ON_PUSH", "RepositoryFilters": [{"Filter": "team/*", "FilterType": "WILDCARD"}]}]),
		}},
		"want": {{"path": ["Resources", "Repo"], "key": true}},
	},
	"CloudFormation manual registry scanning does not scan on push": {
		"input": {"Resources": {
			"Repo": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": "app"}},
			"Scanning": _registry([{"ScanFrequency": "MANUAL", "RepositoryFilters": [{"Filter": "*", "FilterType": "WILDCARD"}]}]),
		}},
		"want": {{"path": ["Resources", "Repo"], "key": true}},
	},
	"CloudFormation registry filter and a generated repository name": {
		"input": {"Resources": {
			"Repo": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": {"Fn::Sub": "${AWS::StackName}-app"}}},
			"Scanning": _registry([{"ScanFrequency": "SCAN_ON_PUSH", "RepositoryFilters": [{"Filter": "prod-*", "FilterType": "WILDCARD"}]}]),
		}},
		"want": {{"path": ["Resources", "Repo"], "key": true}},
	},
	"Terraform scan on push": {
		"input": _tf({"name": "app", "image_scanning_configuration": [{"scan_on_push": true}]}),
		"want": set(),
	},
	"Terraform missing block": {
		"input": _tf({"name": "app"}),
		"want": {{"path": ["resource", "aws_ecr_repository", "app"], "key": true}},
	},
	"Terraform block without scan_on_push": {
		"input": _tf({"name": "app", "image_scanning_configuration": [{}]}),
		"want": {{"path": ["resource", "aws_ecr_repository", "app", "image_scanning_configuration", 0], "key": true}},
	},
	"Terraform scan_on_push false": {
		"input": _tf({"name": "app", "image_scanning_configuration": [{"scan_on_push": false}]}),
		"want": {{"path": ["resource", "aws_ecr_repository", "app", "image_scanning_configuration", 0, "scan_on_push"], "key": false}},
	},
	"Terraform scan_on_push from a variable": {
		"input": _tf({"name": "app", "image_scanning_configuration": [{"scan_on_push": "${var.scan}"}]}),
		"want": set(),
	},
	"Terraform registry scanning": {
		"input": {"resource": {
			"aws_ecr_repository": {"app": {"name": "team/app"}},
			"aws_ecr_registry_scanning_configuration": {"this": {"scan_type": "ENHANCED", "rule": [
				{"scan_frequency": "CONTINUOUS_SCAN", "repository_filter": [{"filter": "team/*", "filter_type": "WILDCARD"}]},
			]}},
		}},
		"want": set(),
	},
	"Terraform registry scanning for other repositories": {
		"input": {"resource": {
			"aws_ecr_repository": {"app": {"name": "app"}},
			"aws_ecr_registry_scanning_configuration": {"this": {"scan_type": "BASIC", "rule": [
				{"scan_frequency": "SCAN_ON_PUSH", "repository_filter": [{"filter": "team/*", "filter_type": "WILDCARD"}]},
			]}},
		}},
		"want": {{"path": ["resource", "aws_ecr_repository", "app"], "key": true}},
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_missing if {
	some v in image_scan_disabled.deny with input as _cfn({})
	v.msg == "ECR repository Repo has no ImageScanningConfiguration, so images pushed to it are not scanned for vulnerabilities; set ImageScanningConfiguration.ScanOnPush: true"
}

test_message_false if {
	some v in image_scan_disabled.deny with input as _cfn({"ImageScanningConfiguration": {"ScanOnPush": "false"}})
	v.msg == "ECR repository Repo turns scan on push off (ScanOnPush: false), so images pushed to it are not scanned for vulnerabilities; set ScanOnPush: true"
}

test_message_terraform if {
	some v in image_scan_disabled.deny with input as _tf({})
	v.msg == "ECR repository app has no image_scanning_configuration, so images pushed to it are not scanned for vulnerabilities; add image_scanning_configuration { scan_on_push = true }"
}
