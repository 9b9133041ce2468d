# iam/static-access-key in Terraform: long-lived access keys for IAM users.

resource "aws_iam_user" "deploy" {
  name = "github-deploy"
}

resource "aws_iam_access_key" "deploy" {
  user = aws_iam_user.deploy.name
}

resource "aws_iam_access_key" "legacy_ci" {
  user    = "jenkins"
  pgp_key = "keybase:platform-team"
  status  = "Inactive"
}

output "deploy_secret_access_key" {
  value     = aws_iam_access_key.deploy.secret
  sensitive = true
}
