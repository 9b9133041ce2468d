resource "aws_codebuild_project" "lint" {
  name         = "web-lint"
  service_role = "arn:aws:iam::123456789012:role/web-lint"

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
            - go vet ./...
            - go test ./...
    EOT
  }
}
