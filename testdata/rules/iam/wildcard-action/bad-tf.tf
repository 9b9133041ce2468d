# iam/wildcard-action in Terraform: service wildcards in jsonencode, heredocs
# and aws_iam_policy_document blocks.

resource "aws_iam_role" "build" {
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
    name = "artifacts"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:*"]
          Resource = "arn:aws:s3:::acme-artifacts/*"
        },
        {
          Effect   = "Allow"
          Action   = "dynamodb:*"
          Resource = "arn:aws:dynamodb:eu-west-1:123456789012:table/builds"
        },
      ]
    })
  }
}

resource "aws_iam_user_policy" "ops" {
  name = "ops"
  user = "ops"

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["ec2:*", "cloudwatch:GetMetricData"],
      "Resource": "arn:aws:ec2:eu-west-1:123456789012:instance/*"
    }
  ]
}
EOF
}

resource "aws_iam_group_policy" "devs" {
  name  = "devs"
  group = "developers"

  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "Lambda:*", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:dev-*"}]
    }
  EOT
}

data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["ecs:*"]
    resources = ["arn:aws:ecs:eu-west-1:123456789012:service/prod/web"]
  }

  statement {
    actions   = ["logs:CreateLogStream", "sqs:*", "logs:PutLogEvents"]
    resources = ["arn:aws:sqs:eu-west-1:123456789012:deploy-events"]
  }
}
