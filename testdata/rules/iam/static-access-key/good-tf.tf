# Near misses for iam/static-access-key in Terraform: a deploy role that GitHub
# Actions assumes through OIDC, and an IAM user that only has an SSH key for
# CodeCommit.

resource "aws_iam_role" "github_deploy" {
  name = "github-deploy"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:acme/web-app:ref:refs/heads/main"
        }
      }
    }]
  })
}

resource "aws_iam_user" "mirror" {
  name = "codecommit-mirror"
}

resource "aws_iam_user_ssh_key" "mirror" {
  username   = aws_iam_user.mirror.name
  encoding   = "SSH"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForRampartFixturesOnly mirror@acme"
}
