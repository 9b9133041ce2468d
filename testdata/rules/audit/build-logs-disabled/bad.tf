resource "aws_codebuild_project" "nightly" {
  name         = "web-nightly"
  service_role = "arn:aws:iam::123456789012:role/web-nightly"

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }

  source {
    type     = "CODECOMMIT"
    location = "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/web"
  }

  logs_config {
    cloudwatch_logs {
      status = "DISABLED"
    }
  }
}
