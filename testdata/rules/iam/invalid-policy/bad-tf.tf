# iam/invalid-policy in Terraform: documents IAM would reject or read in the
# old language, in jsonencode, heredocs and aws_iam_policy_document.

resource "aws_iam_role" "build" {
  name = "build"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "codebuild.amazonaws.com" }
      Resource  = "*"
    }]
  })

  inline_policy {
    name = "artifacts"
    policy = jsonencode({
      Statement = [{
        Effect   = "allow"
        Action   = ["s3:GetObject"]
        Resource = "arn:aws:s3:::acme-artifacts/*"
      }]
    })
  }
}

resource "aws_iam_policy" "reports" {
  name = "reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Read"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:role/analyst" }
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::acme-reports/*"
      },
      {
        Sid      = "List"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = "arn:aws:s3:::acme-reports"
      },
    ]
  })
}

resource "aws_iam_policy" "legacy" {
  name   = "legacy"
  policy = <<EOF
{
  "Version": "2008-10-17",
  "Statement": [
    {
      "Sid": "Logs",
      "Effect": "Allow",
      "Action": ["logs:CreateLogStream", "logs PutLogEvents"],
      "Resource": "arn:aws:logs:eu-west-1:123456789012:log-group:/ci/*"
    },
    {
      "Sid": "Logs",
      "Effect": "Allow",
      "Action": "logs:DescribeLogStreams",
      "Resource": "arn:aws:logs:eu-west-1:123456789012:log-group:/ci/*"
    }
  ]
}
EOF
}

resource "aws_iam_role_policy" "empty" {
  name = "empty"
  role = aws_iam_role.build.id

  policy = <<-EOT
    {"Version": "2012-10-17", "Statement": []}
  EOT
}

data "aws_iam_policy_document" "deploy" {
  version = "2012-10-18"

  statement {
    sid       = "Deploy"
    actions   = ["ecs:UpdateService", "ecs:describe_services"]
    resources = ["arn:aws:ecs:eu-west-1:123456789012:service/prod/web"]
  }

  statement {
    sid     = "Deploy"
    effect  = "Permit"
    actions = ["ecs:DescribeTaskDefinition"]
  }

  statement {
    actions   = []
    resources = ["arn:aws:ecs:eu-west-1:123456789012:cluster/prod"]
  }
}
