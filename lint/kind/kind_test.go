package kind_test

import (
	"slices"
	"testing"

	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/source"
)

// parse reads src as the file name would be read by the linter and returns
// the value of each document.
func parse(t *testing.T, name, src string) []any {
	t.Helper()
	docs, err := source.Parse(name, []byte(src), source.FormatOf(name, []byte(src)), source.Limits{})
	if err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	var out []any
	for _, d := range docs {
		out = append(out, d.Value)
	}
	return out
}

func TestFromName(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"main.tf", kind.Terraform},
		{"infra/modules/vpc/VARIABLES.TF", kind.Terraform},
		{"main.tf.json", ""},
		{".github/workflows/ci.yml", kind.GitHubActions},
		{".github/workflows/release.yaml", kind.GitHubActions},
		{"/home/me/src/app/.github/workflows/ci.yml", kind.GitHubActions},
		{"services/api/.github/workflows/ci.yml", kind.GitHubActions},
		{`.github/workflows/notes.md`, ""},
		{".github/workflows/sub/ci.yml", ""}, // GitHub reads only the directory itself
		{".github/dependabot.yml", ""},
		{"workflows/ci.yml", ""},
		{".github/ISSUE_TEMPLATE/bug.yml", ""},
		{"buildspec.yml", kind.Buildspec},
		{"ci/buildspec.yaml", kind.Buildspec},
		{"buildspec-deploy.yml", kind.Buildspec},
		{"BuildSpec_test.yml", kind.Buildspec},
		{"buildspec.json", ""},
		{"my-buildspec.yml", ""},
		{".gitlab-ci.yml", kind.GitLabCI},
		{"sub/project/.gitlab-ci.yaml", kind.GitLabCI},
		{".gitlab/ci/deploy.gitlab-ci.yml", kind.GitLabCI},
		{"templates/docker.gitlab-ci.yml", kind.GitLabCI},
		{".gitlab/ci/deploy.yml", ""}, // content decides
		{"gitlab-ci.yml.bak", ""},
		{".devramps/my-api/pipeline.yaml", kind.DevRamps},
		{"repo/.devramps/frontend/pipeline.yml", kind.DevRamps},
		{"pipeline.yaml", ""},
		{".devramps/pipeline.yaml", ""},
		{".devramps/my-api/aws_additional_iam_policies.yaml", kind.IAMPolicy},
		{"aws_additional_iam_policies.yml", kind.IAMPolicy},
		{"action.yml", ""}, // name and content together, in Detect
		{"config.yml", ""},
		{"package.json", ""},
		{"", ""},
	} {
		if got := kind.FromName(tc.path); got != tc.want {
			t.Errorf("FromName(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

// Realistic documents, reused by the tests below.
const (
	buildspecYAML = `version: 0.2
env:
  shell: bash
  variables:
    NODE_ENV: production
  secrets-manager:
    DB_PASSWORD: prod/database/password:password
phases:
  install:
    runtime-versions:
      nodejs: 20
    commands:
      - npm ci
  build:
    commands:
      - npm test
artifacts:
  files:
    - '**/*'
  base-directory: dist
`
	buildspecBatch = `version: 0.2
batch:
  fast-fail: true
  build-list:
    - identifier: linux
      buildspec: buildspec-linux.yml
`
	buildspecJSON = `{"version": "0.2", "phases": {"build": {"commands": ["make"]}}}`

	workflowYAML = `name: CI
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - run: make test
`
	reusableWorkflow = `on:
  workflow_call:
    inputs:
      env:
        type: string
jobs:
  deploy:
    uses: acme/infra/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567
    with:
      env: ${{ inputs.env }}
`
	compositeAction = `name: Setup
description: Install the toolchain
runs:
  using: composite
  steps:
    - run: ./install.sh
      shell: bash
`
	dockerAction = `name: Lint
runs:
  using: docker
  image: Dockerfile
`

	gitlabYAML = `stages: [build, test, deploy]
variables:
  GIT_DEPTH: "20"
.node: &node
  image: node:20-bookworm
  before_script:
    - npm ci
build:
  <<: *node
  stage: build
  script:
    - npm run build
deploy:
  stage: deploy
  script:
    - !reference [.node, before_script]
    - ./deploy.sh
  environment: production
`
	gitlabMinimal = `test:
  script: make test
`
	gitlabIncludeOnly = `include:
  - local: /ci/build.yml
  - project: acme/ci-templates
    ref: v1.4.0
    file: /templates/deploy.yml
`
	gitlabWorkflowOnly = `workflow:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
`
	gitlabExtendsOnly = `.base:
  tags: [docker]
unit:
  extends: .base
`
	gitlabTrigger = `downstream:
  stage: deploy
  trigger:
    project: acme/deployer
    strategy: depend
`
	gitlabPhasesJob = `version:
  script: ./print-version.sh
phases:
  stage: build
  script: ./phases.sh
`

	pipelineJSON = `{
  "pipeline": {
    "name": "app",
    "roleArn": "arn:aws:iam::123456789012:role/service-role/AWSCodePipelineServiceRole-app",
    "artifactStore": {"type": "S3", "location": "codepipeline-us-east-1-123456789012"},
    "stages": [
      {"name": "Source", "actions": [{"name": "Source", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "CodeStarSourceConnection", "version": "1"}, "runOrder": 1, "configuration": {}, "outputArtifacts": [{"name": "SourceArtifact"}]}]}
    ],
    "version": 3
  },
  "metadata": {"pipelineArn": "arn:aws:codepipeline:us-east-1:123456789012:app"}
}`
	barePipelineJSON = `{"name": "app", "roleArn": "arn:aws:iam::123456789012:role/p", "stages": [
  {"name": "Build", "actions": [{"name": "Build", "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"}}]}]}`

	approvalRuleJSON = `{
  "Version": "2018-11-08",
  "DestinationReferences": ["refs/heads/main"],
  "Statements": [{"Type": "Approvers", "NumberOfApprovalsNeeded": 2, "ApprovalPoolMembers": ["arn:aws:sts::123456789012:assumed-role/CodeCommitReview/*"]}]
}`
	approvalRuleSeed = `{
    "Version": "2020-01-01",
    "DestinationReferences": ["refs/heads/main"],
    "Statements": [{
      "Type": "Approvals",
      "NumberOfApprovalsNeeded": 2,
      "ApprovalPoolMembers": ["arn:aws:iam::123456789012:user/team-lead"]
    }]
  }`

	devrampsYAML = `version: "1.0.0"
pipeline:
  cloud_provider: AWS
  pipeline_updates_require_approval: ALWAYS
  stages:
    - name: staging
      account_id: "111111111111"
      region: us-east-1
  steps:
    - name: Synthesize Infrastructure
      type: DEVRAMPS:TERRAFORM:SYNTHESIZE
      params:
        requires_approval: DESTRUCTIVE_CHANGES_ONLY
        source: /infrastructure
  artifacts:
    API Image:
      type: DEVRAMPS:DOCKER:BUILD
      params:
        dockerfile: /Dockerfile
`
	devrampsSeedApproval  = "pipeline:\n  pipeline_updates_require_approval: ALWAYS\n"
	devrampsSeedVariables = `variables:
  # Available everywhere
  stripe_key: ${{ secret("STRIPE_PUBLIC_KEY") }}
  # Only available in this stage
  db_password: ${{ stage_secret("DB_PASSWORD") }}
`
	devrampsSeedSteps = `- name: Bake Period
  type: DEVRAMPS:APPROVAL:BAKE
  params:
    duration_minutes: 5
`

	cfnYAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Project:
    Type: AWS::CodeBuild::Project
    Properties:
      ServiceRole: !GetAtt BuildRole.Arn
      Source:
        Type: CODEPIPELINE
        BuildSpec: |
          version: 0.2
          phases:
            build:
              commands: [make]
`
	cfnNoVersion = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
`
	samYAML = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
`
	samList = `Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
`
	cfnJSON       = `{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}}}}`
	cfnWithPhases = `AWSTemplateFormatVersion: "2010-09-09"
version: 0.2
phases:
  build: {}
`

	policyJSON     = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`
	policyListYAML = `- Version: "2012-10-17"
  Statement:
    - Effect: Allow
      Action: [s3:GetObject]
      Resource: "arn:aws:s3:::my-deploy-bucket/*"
`

	// Negatives: formats that share keys with the kinds above.
	configYAML = `server:
  port: 8080
  host: 0.0.0.0
database:
  url: postgres://localhost/app
logging:
  level: info
`
	packageJSON = `{"name": "app", "version": "1.0.0", "scripts": {"build": "tsc", "test": "jest"}, "dependencies": {"express": "^4.19.0"}}`
	k8sYAML     = `apiVersion: v1
kind: ConfigMap
metadata:
  name: jobs
data:
  script: |
    #!/bin/sh
    echo hi
  image: busybox
---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
        - name: migrate
          image: app:1.2.3
          command: ["./migrate"]
      restartPolicy: Never
`
	composeYAML = `version: "3.9"
include:
  - ./infra/compose.db.yaml
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
  worker:
    build: .
    command: ./worker
    extends:
      file: common.yml
      service: base
`
	openAPIYAML = `openapi: 3.0.3
info:
  title: Jobs API
  version: 1.0.0
paths:
  /jobs:
    get:
      responses:
        "200":
          description: ok
components:
  schemas:
    Job:
      type: object
      properties:
        script:
          type: string
`
	jsonSchema = `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"script": {"type": "string"}, "stage": {"type": "string"}}}`
	circleCI   = `version: 2.1
jobs:
  build:
    docker:
      - image: cimg/go:1.22
    steps:
      - checkout
      - run: go test ./...
workflows:
  main:
    jobs: [build]
`
	travisYAML = `language: go
stages: [test, deploy]
script:
  - go test ./...
jobs:
  include:
    - stage: deploy
      script: ./deploy.sh
`
	azureYAML = `trigger:
  branches:
    include: [main]
pool:
  vmImage: ubuntu-latest
variables:
  buildConfiguration: Release
stages:
  - stage: Build
    jobs:
      - job: Build
        steps:
          - script: dotnet build
`
	harnessYAML = `pipeline:
  name: build
  identifier: build
  stages:
    - stage:
        name: ci
        type: CI
`
	tsconfigJSON = `{"extends": "./tsconfig.base.json", "compilerOptions": {"strict": true}}`
	profilesYAML = `production:
  extends: base
  debug: false
`
	ansibleYAML = `- hosts: all
  tasks:
    - name: run
      script: ./setup.sh
`
	githubLikeNoOn = `jobs:
  test:
    runs-on: ubuntu-latest
    steps: [{run: make}]
`
	emptyPhases = `version: 0.2
phases:
  deploy:
    commands: [x]
`
	notApproval = `{"Version": "2018-11-08", "Statements": [{"Type": "Reviewers"}]}`
)

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name, path, src string
		want            []string // one kind per document
	}{
		// buildspec
		{"buildspec by name", "buildspec.yml", buildspecYAML, []string{kind.Buildspec}},
		{"buildspec by content", "ci/build.yml", buildspecYAML, []string{kind.Buildspec}},
		{"batch buildspec", "ci/batch.yml", buildspecBatch, []string{kind.Buildspec}},
		{"JSON buildspec", "spec.json", buildspecJSON, []string{kind.Buildspec}},
		{"unknown phases only", "x.yml", emptyPhases, []string{""}},
		{"buildspec name wins over content", "buildspec-notes.yml", configYAML, []string{kind.Buildspec}},

		// github-actions
		{"workflow by name", ".github/workflows/ci.yml", configYAML, []string{kind.GitHubActions}},
		{"workflow by content", "ci.yml", workflowYAML, []string{kind.GitHubActions}},
		{"reusable workflow", "templates/deploy.yml", reusableWorkflow, []string{kind.GitHubActions}},
		{"composite action", ".github/actions/setup/action.yml", compositeAction, []string{kind.GitHubActions}},
		{"docker action", "action.yaml", dockerAction, []string{kind.GitHubActions}},
		{"action content, other name", "setup.yml", compositeAction, []string{""}},
		{"action.yml without runs", "action.yml", configYAML, []string{""}},
		{"jobs without on is CircleCI-like", "x.yml", githubLikeNoOn, []string{""}},
		{"CircleCI", ".circleci/config.yml", circleCI, []string{""}},

		// gitlab-ci
		{"gitlab by name", ".gitlab-ci.yml", gitlabMinimal, []string{kind.GitLabCI}},
		{"gitlab by content", "ci/jobs.yml", gitlabYAML, []string{kind.GitLabCI}},
		{"gitlab minimal by content", "ci/test.yml", gitlabMinimal, []string{kind.GitLabCI}},
		{"gitlab include only", ".gitlab/ci/all.yml", gitlabIncludeOnly, []string{kind.GitLabCI}},
		{"gitlab workflow only", "ci/wf.yml", gitlabWorkflowOnly, []string{kind.GitLabCI}},
		{"gitlab extends hidden job", "ci/unit.yml", gitlabExtendsOnly, []string{kind.GitLabCI}},
		{"gitlab trigger", "ci/down.yml", gitlabTrigger, []string{kind.GitLabCI}},
		{"gitlab jobs named version and phases", "ci/odd.yml", gitlabPhasesJob, []string{kind.GitLabCI}},
		{"gitlab component with spec header", "templates/build.gitlab-ci.yml", "spec:\n  inputs:\n    stage:\n      default: test\n---\nbuild:\n  stage: $[[ inputs.stage ]]\n  script: make\n", []string{kind.GitLabCI, kind.GitLabCI}},

		// codepipeline
		{"get-pipeline output", "pipeline.json", pipelineJSON, []string{kind.CodePipeline}},
		{"bare pipeline", "p.json", barePipelineJSON, []string{kind.CodePipeline}},

		// codecommit-approval-rule
		{"approval rule template", "rule.json", approvalRuleJSON, []string{kind.CodeCommitApprovalRule}},
		{"approval rule of the seed", "require-two-approvals.json", approvalRuleSeed, []string{kind.CodeCommitApprovalRule}},
		{"statements of another type", "x.json", notApproval, []string{""}},

		// devramps
		{"devramps by name", ".devramps/api/pipeline.yaml", configYAML, []string{kind.DevRamps}},
		{"devramps by content", "deploy/pipeline.yaml", devrampsYAML, []string{kind.DevRamps}},
		{"devramps seed approval", "p.yaml", devrampsSeedApproval, []string{kind.DevRamps}},
		{"devramps seed variables", "vars.yaml", devrampsSeedVariables, []string{kind.DevRamps}},
		{"devramps seed steps", "steps.yaml", devrampsSeedSteps, []string{kind.DevRamps}},
		{"devramps additional policies", ".devramps/api/aws_additional_iam_policies.yaml", policyListYAML, []string{kind.IAMPolicy}},
		{"Harness pipeline", "harness.yaml", harnessYAML, []string{""}},

		// cloudformation, iam-policy, terraform
		{"cloudformation with a buildspec inside", "stack.yaml", cfnYAML, []string{kind.CloudFormation}},
		{"cloudformation without version", "stack.yaml", cfnNoVersion, []string{kind.CloudFormation}},
		{"SAM", "template.yaml", samYAML, []string{kind.CloudFormation}},
		{"SAM transform list", "template.yaml", samList, []string{kind.CloudFormation}},
		{"cloudformation JSON", "stack.json", cfnJSON, []string{kind.CloudFormation}},
		{"cloudformation wins over phases", "stack.yaml", cfnWithPhases, []string{kind.CloudFormation}},
		{"policy", "policy.json", policyJSON, []string{kind.IAMPolicy}},
		{"policy list", "policies.yaml", policyListYAML, []string{kind.IAMPolicy}},

		// negatives
		{"random config", "config.yml", configYAML, []string{""}},
		{"package.json", "package.json", packageJSON, []string{""}},
		{"Kubernetes manifests", "k8s/jobs.yaml", k8sYAML, []string{"", ""}},
		{"docker-compose", "docker-compose.yml", composeYAML, []string{""}},
		{"OpenAPI", "openapi.yaml", openAPIYAML, []string{""}},
		{"JSON schema", "schema.json", jsonSchema, []string{""}},
		{"Travis", ".travis.yml", travisYAML, []string{""}},
		{"Azure Pipelines", "azure-pipelines.yml", azureYAML, []string{""}},
		{"tsconfig", "tsconfig.json", tsconfigJSON, []string{""}},
		{"profiles with extends of an unknown name", "profiles.yml", profilesYAML, []string{""}},
		{"Ansible playbook", "site.yml", ansibleYAML, []string{""}},
		{"empty list", "x.json", "[]", []string{""}},
		{"scalar", "x.yaml", "hello\n", []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vals := parse(t, tc.path, tc.src)
			if len(vals) != len(tc.want) {
				t.Fatalf("%d documents, want %d", len(vals), len(tc.want))
			}
			for i, v := range vals {
				if got := kind.Detect(tc.path, v); got != tc.want[i] {
					t.Errorf("Detect(%q) document %d = %q, want %q", tc.path, i, got, tc.want[i])
				}
			}
		})
	}
}

// Every realistic document of a kind that has no name of its own must be
// recognised by content alone, whatever its file is called.
func TestFromValueIgnoresName(t *testing.T) {
	for want, srcs := range map[string][]string{
		kind.Buildspec:              {buildspecYAML, buildspecBatch},
		kind.GitHubActions:          {workflowYAML, reusableWorkflow},
		kind.GitLabCI:               {gitlabYAML, gitlabMinimal, gitlabIncludeOnly},
		kind.CodePipeline:           {pipelineJSON, barePipelineJSON},
		kind.CodeCommitApprovalRule: {approvalRuleJSON, approvalRuleSeed},
		kind.DevRamps:               {devrampsYAML, devrampsSeedVariables},
		kind.CloudFormation:         {cfnYAML, samYAML, cfnJSON},
		kind.IAMPolicy:              {policyJSON, policyListYAML},
	} {
		for _, src := range srcs {
			for _, v := range parse(t, "x.yaml", src) {
				if got := kind.FromValue(v); got != want {
					t.Errorf("FromValue = %q, want %q for:\n%s", got, want, src)
				}
			}
		}
	}
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"broken buildspec", "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n   - bad indent\n", kind.Buildspec},
		{"broken JSON buildspec", `{"version": "0.2", "phases": {"build": {"commands": ["make",]}}}`, kind.Buildspec},
		{"broken workflow", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n     - run: x\n", kind.GitHubActions},
		{"broken action", "name: x\nruns:\n  using: composite\n  steps: [\n", kind.GitHubActions},
		{"broken gitlab", "stages: [build]\nbuild:\n  script:\n    - make\n   - oops\n", kind.GitLabCI},
		{"broken pipeline JSON", `{"pipeline": {"name": "p", "stages": [{"actions": [{"actionTypeId": {"category": "Build"},}]}]}}`, kind.CodePipeline},
		{"broken approval rule", `{"Version": "2018-11-08", "Statements": [{"Type": "Approvers", "NumberOfApprovalsNeeded": 2,}]}`, kind.CodeCommitApprovalRule},
		{"broken devramps", "pipeline:\n  pipeline_updates_require_approval: ALWAYS\n  stages: [\n", kind.DevRamps},
		{"broken devramps step", "- name: Bake\n  type: DEVRAMPS:APPROVAL:BAKE\n  params: {duration_minutes: 5\n", kind.DevRamps},
		{"broken cloudformation", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n   Properties: {}\n", kind.CloudFormation},
		{"broken SAM", "Transform: AWS::Serverless-2016-10-31\nResources: [\n", kind.CloudFormation},
		{"broken template without version", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n  bad: [\n", kind.CloudFormation},
		{"broken policy", "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: [s3:GetObject\n", kind.IAMPolicy},
		{"workflow mentions secrets, not devramps", "on: push\njobs:\n  a:\n    runs-on: x\n    env: {T: '${{ secrets.T }}'}\n  b: [\n", kind.GitHubActions},
		{"broken random YAML", "server:\n  port: 80\n  host: [\n", ""},
		{"broken JSON", `{"name": "x",}`, ""},
		{"travis-like script only", "language: go\nscript:\n  - go test\n  bad: [\n", ""},
		{"compose", "services:\n  web:\n    image: nginx\n   bad\n", ""},
		{"garbage", "{{{ not json", ""},
	} {
		if got := kind.Sniff([]byte(tc.src)); got != tc.want {
			t.Errorf("%s: Sniff = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSniffedSamplesDoNotParse(t *testing.T) {
	// The Sniff cases stand for files that fail to parse; make sure the
	// "broken" ones really are broken, so the test means what it says.
	for _, src := range []string{
		"version: 0.2\nphases:\n  build:\n    commands:\n      - make\n   - bad indent\n",
		"stages: [build]\nbuild:\n  script:\n    - make\n   - oops\n",
	} {
		if _, err := source.Parse("x.yml", []byte(src), source.YAML, source.Limits{}); err == nil {
			t.Errorf("parses, want a syntax error:\n%s", src)
		}
	}
}

func TestCandidate(t *testing.T) {
	for name, want := range map[string]bool{
		"a.json": true, "a.YAML": true, "b.yml": true, "main.tf": true,
		"README.md": false, "Dockerfile": false, "a.tfvars": false, "x": false,
	} {
		if got := kind.Candidate(name); got != want {
			t.Errorf("Candidate(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestKnownAndAll(t *testing.T) {
	all := kind.All()
	if len(all) != 11 {
		t.Fatalf("All() = %v", all)
	}
	files := kind.FileKinds()
	if len(files) != len(all)-2 || slices.Contains(files, kind.Repository) || slices.Contains(files, kind.TerraformModule) {
		t.Errorf("FileKinds() = %v, want All() without the views", files)
	}
	for i, k := range all {
		if !kind.Known(k) {
			t.Errorf("Known(%q) = false", k)
		}
		if i > 0 && all[i-1] >= k {
			t.Errorf("All() not sorted: %v", all)
		}
	}
	if kind.Known("jenkins") || kind.Known("") {
		t.Error("Known accepts an unknown kind")
	}
}
