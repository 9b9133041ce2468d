# iam/admin-managed-policy in Terraform: administrator-level AWS managed policies
# attached to roles, users and groups.

data "aws_partition" "current" {}

data "aws_iam_policy" "power_user" {
  name = "PowerUserAccess"
}

variable "admin_policy_arn" {
  type    = string
  default = "arn:aws:iam::aws:policy/AdministratorAccess"
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
    "arn:aws:iam::aws:policy/AWSCodeBuildDeveloperAccess",
    "arn:aws:iam::aws:policy/PowerUserAccess",
  ]
}

resource "aws_iam_role_policy_attachment" "build_admin" {
  role       = aws_iam_role.build.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "build_admin_var" {
  role       = aws_iam_role.build.name
  policy_arn = var.admin_policy_arn
}

resource "aws_iam_role_policy_attachment" "build_power_user" {
  role       = aws_iam_role.build.name
  policy_arn = data.aws_iam_policy.power_user.arn
}

resource "aws_iam_user_policy_attachment" "ci_iam" {
  user       = "ci"
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}

resource "aws_iam_group_policy_attachment" "ops" {
  group      = "ops"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_policy_attachment" "break_glass" {
  name       = "break-glass"
  roles      = ["break-glass"]
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachments_exclusive" "deployer" {
  role_name = "deployer"
  policy_arns = [
    "arn:aws:iam::aws:policy/AmazonECS_FullAccess",
    "arn:aws:iam::aws:policy/AdministratorAccess",
  ]
}
