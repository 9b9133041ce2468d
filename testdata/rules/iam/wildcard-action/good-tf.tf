# Near misses for iam/wildcard-action in Terraform: the default key policy's
# kms:* for the account root, prefixes such as s3:Get*, and wildcards in Deny.

resource "aws_kms_key" "artifacts" {
  description         = "Pipeline artifacts"
  enable_key_rotation = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableIAMPolicies"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "BuildRoleUsesKey"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:role/build" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
      },
    ]
  })
}

resource "aws_iam_policy" "reader" {
  name   = "artifact-reader"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:Get*", "s3:List*"],
      "Resource": ["arn:aws:s3:::acme-artifacts", "arn:aws:s3:::acme-artifacts/*"]
    },
    {
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::acme-artifacts/restricted/*"
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "queue_worker" {
  statement {
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
    ]
    resources = ["arn:aws:sqs:eu-west-1:123456789012:jobs"]
  }

  statement {
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = ["arn:aws:sqs:eu-west-1:123456789012:jobs-dlq"]
  }
}
