# The orders pipeline in Terraform: the pipeline role gets PowerUserAccess through a data
# source lookup, and the build role's policy document lets it attach any policy to any role.
# Build logs are switched off entirely.

data "aws_iam_policy" "power_user" {
  name = "PowerUserAccess"
}

resource "aws_iam_role" "pipeline" {
  name = "orders-pipeline"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codepipeline.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "pipeline" {
  role       = aws_iam_role.pipeline.name
  policy_arn = data.aws_iam_policy.power_user.arn
}

resource "aws_iam_role" "build" {
  name = "orders-build"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codebuild.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

data "aws_iam_policy_document" "build" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["arn:aws:s3:::acme-orders-artifacts/*"]
  }

  statement {
    actions   = ["iam:AttachRolePolicy", "iam:CreatePolicyVersion"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "build" {
  name   = "build"
  role   = aws_iam_role.build.id
  policy = data.aws_iam_policy_document.build.json
}

resource "aws_codebuild_project" "build" {
  name         = "orders-build"
  service_role = aws_iam_role.build.arn

  artifacts {
    type = "CODEPIPELINE"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }

  source {
    type = "CODEPIPELINE"
  }

  logs_config {
    cloudwatch_logs {
      status = "DISABLED"
    }
  }
}

resource "aws_codepipeline" "orders" {
  name     = "orders"
  role_arn = aws_iam_role.pipeline.arn

  artifact_store {
    location = "acme-orders-artifacts"
    type     = "S3"

    encryption_key {
      id   = "alias/pipeline-artifacts"
      type = "KMS"
    }
  }

  stage {
    name = "Source"

    action {
      name             = "Source"
      category         = "Source"
      owner            = "AWS"
      provider         = "CodeCommit"
      version          = "1"
      output_artifacts = ["source"]
      configuration = {
        RepositoryName = "orders"
        BranchName     = "main"
      }
    }
  }

  stage {
    name = "Build"

    action {
      name            = "Build"
      category        = "Build"
      owner           = "AWS"
      provider        = "CodeBuild"
      version         = "1"
      input_artifacts = ["source"]
      configuration = {
        ProjectName = aws_codebuild_project.build.name
      }
    }
  }
}
