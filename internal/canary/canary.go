// Package canary plants credentials of real formats in files of every kind,
// for the tests that prove no output of rampart (report formats, logs,
// language-server messages) ever holds one whole. The credentials are
// generated from a fixed seed, so that no credential-shaped literal is
// committed and every run plants the same ones.
package canary

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
)

// Secrets are one credential of every format secrets/hardcoded-credential
// recognises (policies/lib/secrets.rego).
type Secrets struct {
	KeyID, SecretKey               string // AWS access key ID and secret access key
	GitHubPAT, GitHubFineGrained   string
	GitLabPAT, NPM, Stripe, Google string
	Slack, SlackWebhook, JWT       string
	PEMBody                        []string // the base64 lines of a private key
	webhookKeep                    string
}

// New returns the canary credentials.
func New() Secrets {
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
	s := Secrets{
		// Prefixes are split so that no scanner flags this source file.
		KeyID: "AK" + "IA" + pick(upper+digits, 16),
		// Mixed case and digits by construction, as real secret keys are.
		SecretKey:         pick(upper, 2) + pick(lower, 2) + pick(digits, 2) + pick(alnum+"/+", 34),
		GitHubPAT:         "gh" + "p_" + pick(alnum, 36),
		GitHubFineGrained: "github" + "_pat_" + pick(alnum, 22) + "_" + pick(alnum, 59),
		GitLabPAT:         "gl" + "pat-" + pick(alnum, 20),
		NPM:               "np" + "m_" + pick(alnum, 36),
		Stripe:            "sk" + "_live_" + pick(alnum, 24),
		Google:            "AI" + "za" + pick(alnum, 35),
		Slack:             "xo" + "xb-" + pick(digits, 12) + "-" + pick(digits, 13) + "-" + pick(alnum, 24),
		webhookKeep:       "https://hooks." + "slack.com/services/",
		JWT:               "ey" + "J" + pick(alnum, 30) + ".ey" + "J" + pick(alnum, 60) + "." + pick(alnum+"-_", 43),
	}
	s.SlackWebhook = s.webhookKeep + "T" + pick(upper+digits, 8) + "/B" + pick(upper+digits, 8) + "/" + pick(alnum, 24)
	for range 4 {
		s.PEMBody = append(s.PEMBody, pick(alnum+"/+", 64))
	}
	return s
}

// PEM is the private key, its lines joined with indent for a block scalar.
func (s Secrets) PEM(indent string) string {
	lines := []string{"-----BEGIN RSA " + "PRIVATE KEY-----"}
	lines = append(lines, s.PEMBody...)
	lines = append(lines, "-----END RSA "+"PRIVATE KEY-----")
	return strings.Join(lines, "\n"+indent)
}

// Tokens are the planted one-line credentials by the name rampart's
// messages give their format.
func (s Secrets) Tokens() map[string]string {
	return map[string]string{
		"AWS access key ID":                         s.KeyID,
		"AWS secret access key":                     s.SecretKey,
		"GitHub token":                              s.GitHubPAT,
		"GitHub fine-grained personal access token": s.GitHubFineGrained,
		"GitLab personal access token":              s.GitLabPAT,
		"npm token":                                 s.NPM,
		"Stripe live key":                           s.Stripe,
		"Google API key":                            s.Google,
		"Slack token":                               s.Slack,
		"Slack webhook URL":                         s.SlackWebhook,
		"JSON Web Token":                            s.JWT,
	}
}

// publicPrefixes are the parts of the tokens that every token of the
// format starts with: documentation (rule descriptions) names them, and
// masked tokens show them.
var publicPrefixes = []string{"AKIA", "ghp_", "github_pat_", "glpat-", "npm_", "sk_live_", "AIza", "xoxb-", "eyJ", "https://hooks.slack.com/services/"}

// secretParts are what must never be printed: every token without its
// public prefix, and every line of the key body.
func (s Secrets) secretParts() map[string]string {
	m := s.Tokens()
	for label, tok := range m {
		for _, p := range publicPrefixes {
			tok = strings.TrimPrefix(tok, p)
		}
		m[label] = tok
	}
	for i, l := range s.PEMBody {
		m[fmt.Sprintf("PEM body line %d", i+1)] = l
	}
	return m
}

// Shown is how rampart's messages quote a planted token: masked as
// lib/secrets.mask does for tokens of 16 characters or more (the webhook's
// public prefix kept).
func (s Secrets) Shown(label string) string {
	tok := s.Tokens()[label]
	keep := ""
	if label == "Slack webhook URL" {
		keep = "hooks." + "slack.com/services/"
		tok = strings.TrimPrefix(tok, s.webhookKeep)
	}
	return label + " `" + keep + tok[:4] + strings.Repeat("*", min(len(tok)-8, 12)) + tok[len(tok)-4:] + "`"
}

// Leaks names the planted secrets that out holds whole or in a piece of more
// than 8 characters beyond their public prefix (a masked token shows at most
// its first and last 4).
func (s Secrets) Leaks(out string) []string {
	var found []string
	for name, tok := range s.Tokens() {
		if strings.Contains(out, tok) {
			found = append(found, name+" (whole)")
		}
	}
	for name, secret := range s.secretParts() {
		if slices.ContainsFunc(found, func(f string) bool { return strings.HasPrefix(f, name+" ") }) {
			continue
		}
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
	sort.Strings(found)
	return found
}

// File is a canary file: where it goes, the kind rampart must read it as,
// and its text.
type File struct {
	Path, Kind, Text string
}

// Files holds one file of every kind with the credentials planted where
// people put them.
func Files(s Secrets) []File {
	return []File{
		{"iam-policy.json", "iam-policy", `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::artifacts/*",
      "Condition": {"StringEquals": {"aws:PrincipalTag/key": "` + s.KeyID + `", "aws:PrincipalTag/token": "` + s.GitHubPAT + `", "aws:PrincipalTag/jwt": "` + s.JWT + `"}}
    }
  ]
}
`},
		{"cloudformation.yaml", "cloudformation", `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  SlackToken:
    Type: String
    NoEcho: true
    Default: ` + s.Slack + `
  StripeKey:
    Type: String
    Default: ` + s.Stripe + `
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
          - Name: GITLAB_TOKEN
            Value: ` + s.GitLabPAT + `
          - Name: GOOGLE_API_KEY
            Value: ` + s.Google + `
  Key:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: |
        ` + s.PEM("        ") + `
`},
		{"main.tf", "terraform", `provider "aws" {
  region     = "eu-west-1"
  access_key = "` + s.KeyID + `"
  secret_key = "` + s.SecretKey + `"
}

provider "github" {
  token = "` + s.GitHubFineGrained + `"
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

locals {
  webhook   = "` + s.SlackWebhook + `"
  npm_token = "` + s.NPM + `"
}
`},
		{"buildspec.yml", "buildspec", `version: 0.2
env:
  variables:
    AWS_ACCESS_KEY_ID: ` + s.KeyID + `
    AWS_SECRET_ACCESS_KEY: ` + s.SecretKey + `
    SLACK_TOKEN: ` + s.Slack + `
    NPM_TOKEN: ` + s.NPM + `
phases:
  build:
    commands:
      - curl -H "Authorization: token ` + s.GitHubPAT + `" https://api.github.com/user
      - echo "` + s.GitHubPAT + `"
      - curl -X POST -d '{"text":"built"}' ` + s.SlackWebhook + `
      - |
        cat > deploy.pem <<'EOF'
        ` + s.PEM("        ") + `
        EOF
`},
		{".github/workflows/ci.yml", "github-actions", `name: CI
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
      STRIPE_KEY: ` + s.Stripe + `
    steps:
      - uses: actions/checkout@v4
      - run: echo "` + s.GitHubFineGrained + `" | gh auth login --with-token
      - uses: slackapi/slack-github-action@v1
        with:
          token: ` + s.Slack + `
        env:
          DEPLOY_KEY: |
            ` + s.PEM("            ") + `
`},
		{".gitlab-ci.yml", "gitlab-ci", `variables:
  AWS_ACCESS_KEY_ID: ` + s.KeyID + `
  AWS_SECRET_ACCESS_KEY: ` + s.SecretKey + `
  SLACK_TOKEN:
    value: ` + s.Slack + `
deploy:
  image: alpine:3.20
  script:
    - git clone https://oauth2:` + s.GitLabPAT + `@gitlab.com/acme/app.git
    - echo "$SLACK_TOKEN"
    - curl -H "Authorization: Bearer ` + s.JWT + `" https://api.example.com/deploy
  variables:
    SSH_PRIVATE_KEY: |
      ` + s.PEM("      ") + `
`},
		{"pipeline.json", "codepipeline", `{
  "pipeline": {
    "name": "app",
    "roleArn": "arn:aws:iam::123456789012:role/pipeline",
    "artifactStore": {"type": "S3", "location": "artifacts"},
    "stages": [
      {"name": "Source", "actions": [{"name": "Source", "actionTypeId": {"category": "Source", "owner": "ThirdParty", "provider": "GitHub", "version": "1"},
        "configuration": {"Owner": "acme", "Repo": "app", "Branch": "main", "OAuthToken": "` + s.GitHubPAT + `"}, "outputArtifacts": [{"name": "src"}]}]},
      {"name": "Build", "actions": [{"name": "Build", "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
        "configuration": {"ProjectName": "app", "EnvironmentVariables": "[{\"name\":\"KEY\",\"value\":\"` + s.KeyID + `\",\"type\":\"PLAINTEXT\"},{\"name\":\"SLACK\",\"value\":\"` + s.Slack + `\",\"type\":\"PLAINTEXT\"},{\"name\":\"GOOGLE\",\"value\":\"` + s.Google + `\",\"type\":\"PLAINTEXT\"}]"},
        "inputArtifacts": [{"name": "src"}]}]}
    ]
  }
}
`},
		{"approval-rule.json", "codecommit-approval-rule", `{
  "Version": "2018-11-08",
  "DestinationReferences": ["refs/heads/main"],
  "Statements": [
    {"Type": "Approvers", "NumberOfApprovalsNeeded": 2, "ApprovalPoolMembers": ["` + s.KeyID + `", "` + s.GitHubPAT + `", "` + s.NPM + `"]}
  ]
}
`},
		{".devramps/app/pipeline.yaml", "devramps", `version: "1.0.0"
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
  gitlab_token: ` + s.GitLabPAT + `
  db_password: ${{ stage_secret("DB_PASSWORD") }}
`},
	}
}

// BrokenFiles do not parse, and each has credentials on the line of its
// syntax error: the one line a report shows of a file that does not parse.
func BrokenFiles(s Secrets) []File {
	return []File{
		{"broken/buildspec.yml", "buildspec", "version: 0.2\nenv:\n  variables:\n    SLACK_TOKEN: " + s.Slack + "\n   NPM_TOKEN: " + s.NPM + " # " + s.GitHubPAT + "\n"},
		{"broken/policy.json", "iam-policy", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Condition": {"StringEquals": {"k": "` + s.KeyID + `", "t": "` + s.GitLabPAT + `"}} "Action": "s3:GetObject"}]}` + "\n"},
		{"broken/main.tf", "terraform", "provider \"github\" {\n  token = \"" + s.GitHubPAT + "\" \"" + s.Stripe + "\"\n}\n"},
	}
}
