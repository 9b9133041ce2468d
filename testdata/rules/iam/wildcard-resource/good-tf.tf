# Near misses for iam/wildcard-resource in Terraform: "*" only for actions that
# cannot be scoped, each kept in a statement of its own.

resource "aws_iam_role" "build" {
  name = "image-build"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "codebuild.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "push"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "RegistryLogin"
          Effect   = "Allow"
          Action   = "ecr:GetAuthorizationToken"
          Resource = "*"
        },
        {
          Sid    = "PushImages"
          Effect = "Allow"
          Action = [
            "ecr:BatchCheckLayerAvailability",
            "ecr:InitiateLayerUpload",
            "ecr:UploadLayerPart",
            "ecr:CompleteLayerUpload",
            "ecr:PutImage",
          ]
          Resource = "arn:aws:ecr:eu-west-1:123456789012:repository/web-app"
        },
      ]
    })
  }
}

resource "aws_iam_policy" "monitoring" {
  name   = "monitoring"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["cloudwatch:PutMetricData", "xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "ec2:Describe*",
      "Resource": "*"
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "whoami" {
  statement {
    actions   = ["sts:GetCallerIdentity"]
    resources = ["*"]
  }

  statement {
    effect    = "Deny"
    actions   = ["s3:DeleteBucket"]
    resources = ["*"]
  }
}
