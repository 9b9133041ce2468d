# Near misses for iam/full-admin in Terraform: "*" only in Deny statements, and
# Allow statements that name their actions and resources.

resource "aws_iam_policy" "region_guard" {
  name = "region-guard"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "DenyOutsideEurope"
        Effect   = "Deny"
        Action   = "*"
        Resource = "*"
        Condition = {
          StringNotEquals = { "aws:RequestedRegion" = ["eu-west-1", "eu-central-1"] }
        }
      },
      {
        Sid      = "ReadReports"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = ["arn:aws:s3:::acme-reports", "arn:aws:s3:::acme-reports/*"]
      },
    ]
  })
}

resource "aws_iam_policy" "no_user_changes" {
  name   = "no-user-changes"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyUserManagement",
      "Effect": "Deny",
      "Action": ["iam:CreateUser", "iam:DeleteUser", "iam:CreateAccessKey"],
      "Resource": "*"
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "operator" {
  statement {
    sid       = "DescribeFleet"
    actions   = ["ec2:DescribeInstances", "ec2:DescribeVolumes"]
    resources = ["*"]
  }

  statement {
    sid       = "RestartWebServers"
    actions   = ["ec2:RebootInstances"]
    resources = ["arn:aws:ec2:eu-west-1:123456789012:instance/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/role"
      values   = ["web"]
    }
  }

  statement {
    sid       = "NeverDeleteTrails"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["arn:aws:cloudtrail:eu-west-1:123456789012:trail/org-trail"]
  }
}
