# Near misses for iam/privilege-escalation in Terraform: IAM changes scoped to
# named roles and policies, attachments limited by iam:PolicyARN, and Lambda
# deployments that can pass one role only.

resource "aws_iam_role" "account_vending" {
  name = "account-vending"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "attach-readonly"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"]
        Resource = "arn:aws:iam::123456789012:role/tenant-*"
        Condition = {
          ArnEquals = { "iam:PolicyARN" = "arn:aws:iam::aws:policy/ReadOnlyAccess" }
        }
      }]
    })
  }
}

resource "aws_iam_policy" "policy_maintainer" {
  name   = "policy-maintainer"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["iam:CreatePolicyVersion", "iam:DeletePolicyVersion"],
      "Resource": "arn:aws:iam::123456789012:policy/app/web-app-runtime"
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "function_deployer" {
  statement {
    actions   = ["lambda:CreateFunction", "lambda:UpdateFunctionCode"]
    resources = ["arn:aws:lambda:eu-west-1:123456789012:function:orders-api"]
  }

  statement {
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::123456789012:role/orders-api-lambda"]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["lambda.amazonaws.com"]
    }
  }
}
