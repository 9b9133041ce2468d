# Near misses for iam/passrole-unrestricted in Terraform: each iam:PassRole
# names the roles and the service they are passed to.

resource "aws_iam_role" "deployer" {
  name = "ecs-deployer"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "codebuild.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "pass-task-role"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect = "Allow"
        Action = "iam:PassRole"
        Resource = [
          "arn:aws:iam::123456789012:role/web-app-task",
          "arn:aws:iam::123456789012:role/web-app-execution",
        ]
        Condition = {
          StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" }
        }
      }]
    })
  }
}

resource "aws_iam_policy" "lambda_deploy" {
  name   = "lambda-deploy"
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "iam:PassRole",
          "Resource": "arn:aws:iam::123456789012:role/orders-api-lambda",
          "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}
        }
      ]
    }
  EOF
}

data "aws_iam_policy_document" "stack_deploy" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::123456789012:role/cfn-exec-web-app"]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["cloudformation.amazonaws.com"]
    }
  }
}
