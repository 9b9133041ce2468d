# Near misses for iam/admin-managed-policy in Terraform: scoped AWS managed
# policies, a customer managed policy that happens to be named
# AdministratorAccess, and a policy of the project's own.

data "aws_partition" "current" {}

data "aws_iam_policy" "readonly" {
  name = "ReadOnlyAccess"
}

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

  managed_policy_arns = [
    "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSCodeBuildDeveloperAccess",
    aws_iam_policy.build.arn,
  ]
}

resource "aws_iam_policy" "build" {
  name = "build"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "arn:aws:s3:::acme-artifacts/*"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "build_readonly" {
  role       = aws_iam_role.build.name
  policy_arn = data.aws_iam_policy.readonly.arn
}

resource "aws_iam_role_policy_attachment" "amplify" {
  role       = aws_iam_role.build.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess-Amplify"
}

resource "aws_iam_user_policy_attachment" "auditor" {
  user       = "auditor"
  policy_arn = "arn:aws:iam::aws:policy/SecurityAudit"
}

resource "aws_iam_group_policy_attachment" "team" {
  group      = "platform"
  policy_arn = "arn:aws:iam::123456789012:policy/AdministratorAccess"
}
