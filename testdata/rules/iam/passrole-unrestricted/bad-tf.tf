# iam/passrole-unrestricted in Terraform: iam:PassRole on every role, or to any
# service, in jsonencode, heredocs and aws_iam_policy_document.

resource "aws_iam_role" "pipeline" {
  name = "pipeline"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "codepipeline.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "pass-roles"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["codedeploy:CreateDeployment", "iam:PassRole"]
        Resource = "*"
      }]
    })
  }
}

resource "aws_iam_policy" "task_roles" {
  name = "task-roles"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "iam:PassRole"
      Resource = "arn:aws:iam::123456789012:role/web-app-task"
    }]
  })
}

resource "aws_iam_policy" "iam_reader" {
  name   = "iam-reader"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["iam:Get*", "iam:Pass*"],
      "Resource": "arn:aws:iam::123456789012:role/*"
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "deployer" {
  statement {
    sid       = "PassAnyRole"
    actions   = ["iam:PassRole"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }

  statement {
    sid       = "PassToAnyService"
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::123456789012:role/lambda-exec"]

    condition {
      test     = "StringLike"
      variable = "iam:PassedToService"
      values   = ["*"]
    }
  }
}
