# Near misses for iam/oidc-trust-unscoped in Terraform: every web identity
# trust names the audience and one repository, project or environment.

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

resource "aws_iam_role" "github_deploy" {
  name = "github-deploy"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:acme/web-app:environment:production"
        }
      }
    }]
  })
}

resource "aws_iam_role" "gitlab_deploy" {
  name               = "gitlab-deploy"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/gitlab.com"},
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {
            "StringEquals": {"gitlab.com:aud": "https://gitlab.com"},
            "StringLike": {"gitlab.com:sub": "project_path:acme/web-app:ref_type:branch:ref:*"}
          }
        }
      ]
    }
  EOF
}

data "aws_iam_policy_document" "github_pr_checks" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:acme/web-app:pull_request", "repo:acme/web-app:ref:refs/heads/*"]
    }
  }
}

resource "aws_iam_role" "github_pr_checks" {
  name               = "github-pr-checks"
  assume_role_policy = data.aws_iam_policy_document.github_pr_checks.json
}
