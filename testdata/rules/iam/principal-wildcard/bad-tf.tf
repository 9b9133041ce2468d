# iam/principal-wildcard in Terraform: resource and trust policies open to
# every principal, in jsonencode, heredocs and aws_iam_policy_document.

resource "aws_s3_bucket_policy" "downloads" {
  bucket = "acme-downloads"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-downloads/*"
    }]
  })
}

resource "aws_iam_role" "cross_account" {
  name = "cross-account-reader"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = ["arn:aws:iam::111122223333:root", "*"] }
    }]
  })
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/123456789012/events"
  policy    = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": "sqs:SendMessage",
      "Resource": "arn:aws:sqs:eu-west-1:123456789012:events",
      "Condition": {"StringLike": {"aws:SourceArn": "*"}}
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "topic" {
  statement {
    actions   = ["sns:Publish"]
    resources = ["arn:aws:sns:eu-west-1:123456789012:alerts"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }

  statement {
    actions   = ["sns:Subscribe"]
    resources = ["arn:aws:sns:eu-west-1:123456789012:alerts"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = "arn:aws:sns:eu-west-1:123456789012:alerts"
  policy = data.aws_iam_policy_document.topic.json
}
