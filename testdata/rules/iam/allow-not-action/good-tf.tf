# Near misses for iam/allow-not-action in Terraform: NotAction and NotResource
# only in Deny statements, which is how they are meant to be used.

resource "aws_iam_policy" "require_mfa" {
  name = "require-mfa"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyWithoutMFA"
        Effect    = "Deny"
        NotAction = ["iam:ChangePassword", "iam:GetUser", "sts:GetSessionToken"]
        Resource  = "*"
        Condition = {
          BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" }
        }
      },
      {
        Sid      = "ReadDashboards"
        Effect   = "Allow"
        Action   = ["cloudwatch:GetDashboard", "cloudwatch:ListDashboards"]
        Resource = "arn:aws:cloudwatch::123456789012:dashboard/ops-*"
      },
    ]
  })
}

resource "aws_iam_policy" "artifacts_only" {
  name   = "artifacts-only"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::acme-artifacts/*"
    },
    {
      "Effect": "Deny",
      "Action": "s3:*",
      "NotResource": ["arn:aws:s3:::acme-artifacts", "arn:aws:s3:::acme-artifacts/*"]
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "regional" {
  statement {
    actions   = ["dynamodb:GetItem", "dynamodb:Query"]
    resources = ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"]
  }

  statement {
    effect      = "Deny"
    not_actions = ["iam:*", "sts:*", "support:*"]
    resources   = ["*"]

    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1"]
    }
  }
}
