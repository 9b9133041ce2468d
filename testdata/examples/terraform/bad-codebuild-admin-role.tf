# The "just make it work" build role: AdministratorAccess attached to the
# CodeBuild service role, plus an inline policy with wildcards added while
# debugging a failed deploy. Any build step (or a poisoned dependency it
# installs) controls the whole account.

data "aws_partition" "current" {}

variable "project" {
  type    = string
  default = "web-app"
}

resource "aws_iam_role" "codebuild" {
  name = "${var.project}-codebuild"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codebuild.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  inline_policy {
    name = "deploy"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "Artifacts"
          Effect   = "Allow"
          Action   = ["s3:*"]
          Resource = "*"
        },
        {
          Sid      = "DeployStacks"
          Effect   = "Allow"
          Action   = ["cloudformation:*", "iam:PassRole"]
          Resource = "*"
        },
      ]
    })
  }
}

resource "aws_iam_role_policy_attachment" "codebuild_admin" {
  role       = aws_iam_role.codebuild.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"
}

resource "aws_codebuild_project" "build" {
  name         = var.project
  service_role = aws_iam_role.codebuild.arn

  source {
    type      = "CODEPIPELINE"
    buildspec = "buildspec.yml"
  }

  artifacts {
    type = "CODEPIPELINE"
  }

  environment {
    compute_type    = "BUILD_GENERAL1_SMALL"
    image           = "aws/codebuild/amazonlinux2-x86_64-standard:5.0"
    type            = "LINUX_CONTAINER"
    privileged_mode = false
  }

  logs_config {
    cloudwatch_logs {
      group_name = "/aws/codebuild/${var.project}"
    }
  }
}
