resource "aws_codebuild_project" "image" {
  name         = "web-image"
  service_role = "arn:aws:iam::123456789012:role/web-image"

  artifacts {
    type = "CODEPIPELINE"
  }

  environment {
    compute_type    = "BUILD_GENERAL1_SMALL"
    image           = "aws/codebuild/standard:7.0"
    type            = "LINUX_CONTAINER"
    privileged_mode = true
  }

  source {
    type      = "CODEPIPELINE"
    buildspec = <<-EOT
      version: 0.2
      phases:
        build:
          commands:
            - docker buildx build --platform linux/arm64 --push -t "$REPOSITORY_URI:$CODEBUILD_RESOLVED_SOURCE_VERSION" .
    EOT
  }
}
