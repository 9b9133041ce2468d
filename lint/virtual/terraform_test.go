package virtual_test

import (
	"strings"
	"testing"
)

// TestTerraformPolicies lints IAM policies in each form Terraform holds them:
// jsonencode, a heredoc, and a data "aws_iam_policy_document" block whose
// statements are rendered to IAM, and checks the exact token and path.
func TestTerraformPolicies(t *testing.T) {
	src := `resource "aws_iam_role" "build" {
  name = "build"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "codebuild.amazonaws.com" }
    }]
  })
  inline_policy {
    name   = "artifacts"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "*"], Resource = "*" }] })
  }
}

resource "aws_iam_policy" "deploy" {
  name   = "deploy"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]
}
EOF
}

resource "aws_iam_policy" "from_data" {
  policy = data.aws_iam_policy_document.d.json
}

data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject", "iam:CreatePolicyVersion"]
    resources = ["arn:aws:iam::123456789012:policy/*"]
  }
  statement {
    not_actions = ["iam:*"]
    resources   = ["arn:aws:s3:::b/*"]
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "broken" {
  bucket = "b"
  policy = "{\"Statement\": ["
}
`
	findings := lintFiles(t, map[string]string{"main.tf": src})
	got := map[string]bool{}
	for _, f := range findings {
		got[f.Rule+" "+f.Path+" "+src[f.Range.Start.Offset:f.Range.End.Offset]] = true
	}
	for _, w := range []string{
		`iam/full-admin resource.aws_iam_role.build.inline_policy[0].policy.Statement[0].Action[1] "*"`,
		`iam/passrole-unrestricted resource.aws_iam_policy.deploy.policy.Statement[0].Action "iam:PassRole"`,
		`iam/privilege-escalation data.aws_iam_policy_document.d.Statement[0].Action[1] "iam:CreatePolicyVersion"`,
		`iam/allow-not-action data.aws_iam_policy_document.d.Statement[1].NotAction not_actions`,
		`iam/principal-wildcard data.aws_iam_policy_document.d.Statement[2].Principal "*"`,
		`iam/invalid-policy data.aws_iam_policy_document.d.Statement[2].Principal "*"`,
		`rampart/parse-error  "{\"Statement\": ["`,
	} {
		if !got[w] {
			t.Errorf("missing: %s", w)
		}
		delete(got, w)
	}
	for g := range got {
		t.Errorf("unexpected: %s", g)
	}
	for _, f := range findings {
		if f.Rule == "rampart/parse-error" && !strings.Contains(f.Message, "resource.aws_s3_bucket_policy.broken.policy is not valid JSON") {
			t.Errorf("parse error message %q", f.Message)
		}
	}
}
