# The deploy stage's permissions, built with the aws_iam_policy_document data
# source: each statement block is one IAM statement.

data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "ReadArtifacts"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["arn:aws:s3:::acme-web-app-artifacts/*"]
  }

  statement {
    sid       = "UpdateService"
    effect    = "Allow"
    actions   = ["ecs:UpdateService", "ecs:DescribeServices"]
    resources = ["arn:aws:ecs:eu-west-1:123456789012:service/prod/web-app"]
  }

  statement {
    sid       = "PassTaskRole"
    effect    = "Allow"
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::123456789012:role/web-app-task"]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_policy" "deploy" {
  name   = "web-app-deploy"
  policy = data.aws_iam_policy_document.deploy.json
}
