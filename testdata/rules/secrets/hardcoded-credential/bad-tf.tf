provider "github" {
  owner = "acme"
  token = "ghp_sMehGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8"
}

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
      value = "3f9Qk2Lm8Zt4Wx7Rb1Nc6Vd0"
    }
  }

  source {
    type     = "GITHUB"
    location = "https://github.com/acme/site.git"
  }
}

locals {
  notify_headers = {
    Authorization = "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZXBsb3kiLCJpYXQiOjE3MDAwMDAwMDB9.q3V8nZ2kP0yR7tW1xB4mC6dF9gH2jK5lN8pQ1rS3uV0"
  }
}
