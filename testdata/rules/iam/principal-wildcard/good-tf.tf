# Near misses for iam/principal-wildcard in Terraform: "*" principals kept to
# the organisation, a source ARN or account, and named principals.

resource "aws_s3_bucket_policy" "shared_artifacts" {
  bucket = "acme-shared-artifacts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OrgRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = ["s3:GetObject"]
      Resource  = "arn:aws:s3:::acme-shared-artifacts/*"
      Condition = {
        StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
      }
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
      "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:eu-west-1:123456789012:orders"}}
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "alerts_topic" {
  statement {
    sid       = "EventBridge"
    actions   = ["sns:Publish"]
    resources = ["arn:aws:sns:eu-west-1:123456789012:alerts"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["123456789012"]
    }
  }

  statement {
    sid       = "OpsAccount"
    actions   = ["sns:Subscribe"]
    resources = ["arn:aws:sns:eu-west-1:123456789012:alerts"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = "arn:aws:sns:eu-west-1:123456789012:alerts"
  policy = data.aws_iam_policy_document.alerts_topic.json
}
