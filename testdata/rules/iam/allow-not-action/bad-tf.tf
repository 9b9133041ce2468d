# iam/allow-not-action in Terraform: Allow with NotAction or NotResource in
# jsonencode, heredocs and aws_iam_policy_document.

resource "aws_iam_role" "analyst" {
  name = "analyst"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::123456789012:role/sso-analysts" }
    }]
  })

  inline_policy {
    name = "bucket"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        NotAction = ["s3:DeleteBucket", "s3:PutBucketPolicy"]
        Resource  = ["arn:aws:s3:::acme-analytics", "arn:aws:s3:::acme-analytics/*"]
      }]
    })
  }
}

resource "aws_iam_policy" "objects" {
  name   = "objects"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "NotResource": "arn:aws:s3:::acme-payroll/*"
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "tables" {
  statement {
    not_actions = ["dynamodb:DeleteTable"]
    resources   = ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"]
  }

  statement {
    actions       = ["sqs:SendMessage"]
    not_resources = ["arn:aws:sqs:eu-west-1:123456789012:billing"]
  }
}
