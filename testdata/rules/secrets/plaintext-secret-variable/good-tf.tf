resource "aws_codebuild_project" "site" {
  name         = "site"
  service_role = aws_iam_role.build.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"

    environment_variable {
      name  = "DEPLOY_TOKEN"
      type  = "SECRETS_MANAGER"
      value = "site/deploy:token"
    }
  }

  source {
    type     = "GITHUB"
    location = "https://github.com/acme/site.git"
  }
}
