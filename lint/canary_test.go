package lint_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/report"
)

// The canary plants credentials of real formats in a file of every kind, lints it, and
// checks that no output ever holds one: not the findings' fields, not the JSON report, not
// the text report. DESIGN.md: "Secrets found by rampart are never printed in full in any
// output."
//
// The text report prints the source line under each finding; the findings of rules marked
// `custom.sensitive` (secrets/hardcoded-credential and the other rules that point at a secret)
// carry Sensitive, and the text report masks their tokens in every line it prints.

// canarySecrets are credentials of real formats, generated at test time from a fixed seed
// so that no credential-shaped literal is committed and runs are reproducible.
type canarySecrets struct {
	KeyID, SecretKey, GitHubPAT, Slack string
	PEMBody                            []string // the base64 lines of the private key
}

func (c canarySecrets) PEM(indent string) string {
	lines := []string{"-----BEGIN RSA " + "PRIVATE KEY-----"}
	lines = append(lines, c.PEMBody...)
	lines = append(lines, "-----END RSA "+"PRIVATE KEY-----")
	return strings.Join(lines, "\n"+indent)
}

// whole lists every secret as planted, and every line of the key body.
func (c canarySecrets) whole() map[string]string {
	m := map[string]string{"AWS access key ID": c.KeyID, "AWS secret access key": c.SecretKey, "GitHub token": c.GitHubPAT, "Slack token": c.Slack}
	for i, l := range c.PEMBody {
		m[fmt.Sprintf("PEM body line %d", i+1)] = l
	}
	return m
}

func newCanarySecrets() canarySecrets {
	r := rand.New(rand.NewPCG(0x5ec, 0x2e7))
	pick := func(alphabet string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	const upper, lower, digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789"
	alnum := upper + lower + digits
	c := canarySecrets{
		KeyID: "AK" + "IA" + pick(upper+digits, 16),
		// Mixed case and digits by construction, as real secret keys are.
		SecretKey: pick(upper, 2) + pick(lower, 2) + pick(digits, 2) + pick(alnum+"/+", 34),
		GitHubPAT: "gh" + "p_" + pick(alnum, 36),
		Slack:     "xo" + "xb-" + pick(digits, 12) + "-" + pick(digits, 13) + "-" + pick(alnum, 24),
	}
	for range 4 {
		c.PEMBody = append(c.PEMBody, pick(alnum+"/+", 64))
	}
	return c
}

// canaryFiles holds one file of every kind with the secrets planted where people put them.
func canaryFiles(s canarySecrets) map[string]string {
	return map[string]string{
		"iam-policy.json": `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::artifacts/*",
      "Condition": {"StringEquals": {"aws:PrincipalTag/key": "` + s.KeyID + `", "aws:PrincipalTag/token": "` + s.GitHubPAT + `"}}
    }
  ]
}
`,
		"cloudformation.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  SlackToken:
    Type: String
    NoEcho: true
    Default: ` + s.Slack + `
Resources:
  Project:
    Type: AWS::CodeBuild::Project
    Properties:
      ServiceRole: arn:aws:iam::123456789012:role/build
      Artifacts: {Type: NO_ARTIFACTS}
      Source: {Type: GITHUB, Location: "https://github.com/acme/app.git"}
      Environment:
        Type: LINUX_CONTAINER
        ComputeType: BUILD_GENERAL1_SMALL
        Image: aws/codebuild/standard:7.0
        EnvironmentVariables:
          - Name: AWS_ACCESS_KEY_ID
            Value: ` + s.KeyID + `
          - Name: AWS_SECRET_ACCESS_KEY
            Value: ` + s.SecretKey + `
          - Name: GITHUB_TOKEN
            Value: ` + s.GitHubPAT + `
  Key:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: |
        ` + s.PEM("        ") + `
`,
		"main.tf": `provider "aws" {
  region     = "eu-west-1"
  access_key = "` + s.KeyID + `"
  secret_key = "` + s.SecretKey + `"
}

provider "github" {
  token = "` + s.GitHubPAT + `"
}

resource "aws_iam_server_certificate" "site" {
  name             = "site"
  certificate_body = file("site.crt")
  private_key      = <<EOT
` + s.PEM("") + `
EOT
}

resource "aws_ssm_parameter" "slack" {
  name  = "/ci/slack"
  type  = "SecureString"
  value = "` + s.Slack + `"
}
`,
		"buildspec.yml": `version: 0.2
env:
  variables:
    AWS_ACCESS_KEY_ID: ` + s.KeyID + `
    AWS_SECRET_ACCESS_KEY: ` + s.SecretKey + `
    SLACK_TOKEN: ` + s.Slack + `
phases:
  build:
    commands:
      - curl -H "Authorization: token ` + s.GitHubPAT + `" https://api.github.com/user
      - echo "` + s.GitHubPAT + `"
      - |
        cat > deploy.pem <<'EOF'
        ` + s.PEM("        ") + `
        EOF
`,
		".github/workflows/ci.yml": `name: CI
on: push
permissions:
  contents: read
env:
  AWS_ACCESS_KEY_ID: ` + s.KeyID + `
  AWS_SECRET_ACCESS_KEY: ` + s.SecretKey + `
jobs:
  build:
    runs-on: ubuntu-24.04
    env:
      GH_TOKEN: ` + s.GitHubPAT + `
    steps:
      - uses: actions/checkout@v4
      - run: echo "` + s.GitHubPAT + `" | gh auth login --with-token
      - uses: slackapi/slack-github-action@v1
        with:
          token: ` + s.Slack + `
        env:
          DEPLOY_KEY: |
            ` + s.PEM("            ") + `
`,
		".gitlab-ci.yml": `variables:
  AWS_ACCESS_KEY_ID: ` + s.KeyID + `
  AWS_SECRET_ACCESS_KEY: ` + s.SecretKey + `
  SLACK_TOKEN:
    value: ` + s.Slack + `
deploy:
  image: alpine:3.20
  script:
    - git clone https://oauth2:` + s.GitHubPAT + `@github.com/acme/app.git
    - echo "$SLACK_TOKEN"
  variables:
    SSH_PRIVATE_KEY: |
      ` + s.PEM("      ") + `
`,
		"pipeline.json": `{
  "pipeline": {
    "name": "app",
    "roleArn": "arn:aws:iam::123456789012:role/pipeline",
    "artifactStore": {"type": "S3", "location": "artifacts"},
    "stages": [
      {"name": "Source", "actions": [{"name": "Source", "actionTypeId": {"category": "Source", "owner": "ThirdParty", "provider": "GitHub", "version": "1"},
        "configuration": {"Owner": "acme", "Repo": "app", "Branch": "main", "OAuthToken": "` + s.GitHubPAT + `"}, "outputArtifacts": [{"name": "src"}]}]},
      {"name": "Build", "actions": [{"name": "Build", "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
        "configuration": {"ProjectName": "app", "EnvironmentVariables": "[{\"name\":\"KEY\",\"value\":\"` + s.KeyID + `\",\"type\":\"PLAINTEXT\"},{\"name\":\"SLACK\",\"value\":\"` + s.Slack + `\",\"type\":\"PLAINTEXT\"}]"},
        "inputArtifacts": [{"name": "src"}]}]}
    ]
  }
}
`,
		"approval-rule.json": `{
  "Version": "2018-11-08",
  "DestinationReferences": ["refs/heads/main"],
  "Statements": [
    {"Type": "Approvers", "NumberOfApprovalsNeeded": 2, "ApprovalPoolMembers": ["` + s.KeyID + `", "` + s.GitHubPAT + `"]}
  ]
}
`,
		".devramps/app/pipeline.yaml": `version: "1.0.0"
pipeline:
  cloud_provider: AWS
  pipeline_updates_require_approval: ALWAYS
  stages:
    - name: staging
      account_id: "111111111111"
      region: us-east-1
  steps:
    - name: Deploy
      type: DEVRAMPS:ECS:DEPLOY
      params:
        cluster_name: api
        github_token: ` + s.GitHubPAT + `
        aws_secret_access_key: ` + s.SecretKey + `
        access_key_id: ` + s.KeyID + `
variables:
  slack_token: ` + s.Slack + `
  db_password: ${{ stage_secret("DB_PASSWORD") }}
`,
	}
}

// canaryMask is lib/secrets.mask for the long tokens planted here.
func canaryMask(s string) string {
	return s[:4] + strings.Repeat("*", min(len(s)-8, 12)) + s[len(s)-4:]
}

// leaks reports which planted secrets, or pieces of more than 8 characters of them, appear
// in out.
func leaks(s canarySecrets, out string) []string {
	var found []string
	for name, secret := range s.whole() {
		if strings.Contains(out, secret) {
			found = append(found, name+" (whole)")
			continue
		}
		for i := 0; i+9 <= len(secret); i++ {
			if strings.Contains(out, secret[i:i+9]) {
				found = append(found, fmt.Sprintf("%s (%q)", name, secret[i:i+9]))
				break
			}
		}
	}
	return found
}

func TestCanarySecretsNeverPrinted(t *testing.T) {
	s := newCanarySecrets()
	files := canaryFiles(s)
	dir := writeFiles(t, files)
	l := newLinter(t)

	wantKinds := map[string]string{
		"iam-policy.json": "iam-policy", "cloudformation.yaml": "cloudformation", "main.tf": "terraform",
		"buildspec.yml": "buildspec", ".github/workflows/ci.yml": "github-actions", ".gitlab-ci.yml": "gitlab-ci",
		"pipeline.json": "codepipeline", "approval-rule.json": "codecommit-approval-rule", ".devramps/app/pipeline.yaml": "devramps",
	}
	src := func(file string) []byte {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil
		}
		return b
	}
	for name, kind := range wantKinds {
		path := filepath.Join(dir, filepath.FromSlash(name))
		t.Run(kind, func(t *testing.T) {
			res, err := l.LintPaths(context.Background(), []string{path})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Skipped) > 0 || len(res.Errors) > 0 {
				t.Fatalf("not linted: %v %v", res.Skipped, res.Errors)
			}
			fr := lint.FileResult{File: path, Kinds: []string{kind}, Findings: res.Findings}

			// The library: the rule fires, and quotes what it found masked.
			var msgs strings.Builder
			for _, f := range fr.Findings {
				if f.Kind != kind && f.Kind != "iam-policy" {
					t.Errorf("finding of kind %q, want %q", f.Kind, kind)
				}
				if f.Rule == "secrets/hardcoded-credential" {
					msgs.WriteString(f.Message + "\n")
					if !f.Sensitive {
						t.Errorf("%s finding at %s is not marked sensitive, so front ends show its token", f.Rule, f.Range)
					}
				}
			}
			if msgs.Len() == 0 {
				t.Fatalf("secrets/hardcoded-credential found nothing in %s:%s", name, describe(fr.Findings))
			}
			planted := map[string]string{"AWS access key ID": s.KeyID, "GitHub token": s.GitHubPAT, "AWS secret access key": s.SecretKey, "Slack token": s.Slack}
			for label, secret := range planted {
				if !strings.Contains(files[name], secret) {
					continue
				}
				// The secret key is only recognisable where its name or its key ID says so.
				if label == "AWS secret access key" && kind == "iam-policy" {
					continue
				}
				if want := label + " `" + canaryMask(secret) + "`"; !strings.Contains(msgs.String(), want) {
					t.Errorf("no finding quotes %s; messages:\n%s", want, msgs.String())
				}
			}
			if strings.Contains(files[name], "PRIVATE KEY") && !strings.Contains(msgs.String(), "PEM private key `-----BEGIN RSA PRIVATE KEY-----`") {
				t.Errorf("the PEM private key is not reported; messages:\n%s", msgs.String())
			}

			// Every field of every finding, as the library returns it.
			for _, f := range fr.Findings {
				fields, _ := json.Marshal(f)
				if l := leaks(s, string(fields)); len(l) > 0 {
					t.Errorf("%s finding at %s leaks %v: %s", f.Rule, f.Range, l, f.Message)
				}
			}

			// The JSON report.
			var js bytes.Buffer
			rep, err := report.New("json", &js, report.Options{Source: src})
			if err != nil {
				t.Fatal(err)
			}
			if err := rep.File(fr); err != nil {
				t.Fatal(err)
			}
			if err := rep.Finish(report.Summary{Files: 1, Findings: len(fr.Findings)}); err != nil {
				t.Fatal(err)
			}
			if l := leaks(s, js.String()); len(l) > 0 {
				t.Errorf("JSON report leaks %v", l)
			}

			// The text report without source lines.
			var txt bytes.Buffer
			rep, _ = report.New("text", &txt, report.Options{NoSource: true, Source: src})
			_ = rep.File(fr)
			_ = rep.Finish(report.Summary{Files: 1, Findings: len(fr.Findings)})
			if l := leaks(s, txt.String()); len(l) > 0 {
				t.Errorf("text report leaks %v:\n%s", l, txt.String())
			}

			// The text report with source lines.
			var snip bytes.Buffer
			rep, _ = report.New("text", &snip, report.Options{Source: src})
			_ = rep.File(fr)
			_ = rep.Finish(report.Summary{Files: 1, Findings: len(fr.Findings)})
			if l := leaks(s, snip.String()); len(l) > 0 {
				t.Errorf("text report's source lines leak %v:\n%s", l, snip.String())
			}
			if !strings.Contains(snip.String(), " | ") {
				t.Errorf("text report printed no source line:\n%s", snip.String())
			}
		})
	}
}
