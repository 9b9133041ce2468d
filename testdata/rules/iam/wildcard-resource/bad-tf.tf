# iam/wildcard-resource in Terraform: Resource "*" for actions that can be
# scoped to an ARN, in jsonencode, heredocs and aws_iam_policy_document.

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
    name = "deploy"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "Registry"
          Effect   = "Allow"
          Action   = ["ecr:GetAuthorizationToken"]
          Resource = "*"
        },
        {
          Sid      = "PushImages"
          Effect   = "Allow"
          Action   = ["ecr:PutImage", "ecr:UploadLayerPart"]
          Resource = "*"
        },
      ]
    })
  }
}

resource "aws_iam_policy" "reports" {
  name = "reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:GetObject", Resource = ["arn:aws:s3:::acme-reports/*", "*"] },
    ]
  })
}

resource "aws_iam_role_policy" "lambda_deploy" {
  name = "lambda-deploy"
  role = aws_iam_role.deploy.id

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["lambda:UpdateFunctionConfiguration", "lambda:GetFunction"],
      "Resource": "*"
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "secrets" {
  statement {
    sid       = "ListSecrets"
    actions   = ["secretsmanager:ListSecrets"]
    resources = ["*"]
  }

  statement {
    sid       = "ReadSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]
  }
}
