# iam/full-admin in Terraform: jsonencode, heredocs and aws_iam_policy_document.

resource "aws_iam_role" "deploy" {
  name = "deploy"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "codebuild.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "everything"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      }]
    })
  }
}

resource "aws_iam_policy" "operators" {
  name = "operators"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject", "*:*"], Resource = ["*"] },
    ]
  })
}

resource "aws_iam_policy" "break_glass" {
  name   = "break-glass"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "NotAction": "organizations:LeaveOrganization",
      "Resource": "*"
    }
  ]
}
EOF
}

resource "aws_iam_role_policy" "legacy" {
  name = "legacy"
  role = aws_iam_role.deploy.id

  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": "*"}]
    }
  POLICY
}

data "aws_iam_policy_document" "admin" {
  statement {
    sid       = "Everything"
    actions   = ["*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "almost_admin" {
  statement {
    effect      = "Allow"
    not_actions = ["iam:*", "organizations:*"]
    resources   = ["*"]
  }
}

resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = data.aws_iam_policy_document.admin.json
}
