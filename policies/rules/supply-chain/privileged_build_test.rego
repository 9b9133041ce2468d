package rampart.rules["supply-chain"].privileged_build_test

import data.rampart.rules["supply-chain"].privileged_build

_got := {v.path | some v in privileged_build.deny}

_spec(commands) := concat("\n", array.concat(["version: 0.2", "phases:", "  build:", "    commands:"], [sprintf("      - %s", [c]) | some c in commands]))

_cfn(privileged, buildspec) := {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Project": {"Type": "AWS::CodeBuild::Project", "Properties": {
	"Environment": {"Type": "LINUX_CONTAINER", "Image": "aws/codebuild/standard:7.0", "PrivilegedMode": privileged},
	"Source": {"Type": "CODEPIPELINE", "BuildSpec": buildspec},
}}}}

_cfn_path := ["Resources", "Project", "Properties", "Environment", "PrivilegedMode"]

_tf(privileged, buildspec) := {"resource": {"aws_codebuild_project": {"build": {
	"environment": [{"image": "aws/codebuild/standard:7.0", "privileged_mode": privileged}],
	"source": [{"type": "CODEPIPELINE", "buildspec": buildspec}],
}}}}

_tf_path := ["resource", "aws_codebuild_project", "build", "environment", 0, "privileged_mode"]

cases := {
	"inline buildspec without containers": {"input": _cfn(true, _spec(["npm ci", "npx eslint ."])), "want": set()},
	"inline buildspec running tests only": {"input": _cfn(true, _spec(["pip install -r requirements.txt", "pytest"])), "want": {_cfn_path}},
	"\"true\" as text": {"input": _cfn("true", _spec(["go test ./..."])), "want": {_cfn_path}},
	"Fn::Sub inline buildspec": {"input": _cfn(true, {"Fn::Sub": _spec(["aws s3 sync dist/ s3://${Bucket}/"])}), "want": {_cfn_path}},
	"docker build": {"input": _cfn(true, _spec(["docker build -t app .", "docker push app"])), "want": set()},
	"buildx": {"input": _cfn(true, _spec(["docker buildx build --push ."])), "want": set()},
	"docker compose for integration tests": {"input": _cfn(true, _spec(["docker-compose up -d", "go test ./..."])), "want": set()},
	"podman": {"input": _cfn(true, _spec(["podman build ."])), "want": set()},
	"repository script may build images": {"input": _cfn(true, _spec(["./scripts/release.sh"])), "want": set()},
	"make may build images": {"input": _cfn(true, _spec(["make image"])), "want": set()},
	"npm run may build images": {"input": _cfn(true, _spec(["npm ci", "npm run package"])), "want": set()},
	"cdk bundles container assets": {"input": _cfn(true, _spec(["cdk deploy --require-approval never"])), "want": set()},
	"external buildspec file": {"input": _cfn(true, "buildspec.yml"), "want": set()},
	"buildspec from the source (absent)": {"input": {"Resources": {"Project": {"Type": "AWS::CodeBuild::Project", "Properties": {"Environment": {"PrivilegedMode": true}}}}}, "want": set()},
	"not privileged": {"input": _cfn(false, _spec(["go test ./..."])), "want": set()},
	"privileged from a parameter": {"input": _cfn({"Ref": "Privileged"}, _spec(["go test ./..."])), "want": set()},
	"Terraform inline buildspec without containers": {"input": _tf(true, _spec(["go test ./..."])), "want": {_tf_path}},
	"Terraform docker build": {"input": _tf(true, _spec(["docker build ."])), "want": set()},
	"Terraform buildspec from file()": {"input": _tf(true, "${file(\"buildspec.yml\")}"), "want": set()},
	"Terraform buildspec file name": {"input": _tf(true, "ci/buildspec.yml"), "want": set()},
	"Terraform not privileged": {"input": _tf(false, _spec(["go test ./..."])), "want": set()},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message if {
	some v in privileged_build.deny with input as _cfn(true, _spec(["go test ./..."]))
	v.msg == "CodeBuild project Project runs in privileged mode, but its inline buildspec builds and runs no container images; set PrivilegedMode: false"
}
