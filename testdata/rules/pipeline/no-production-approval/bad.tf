resource "aws_codepipeline" "checkout" {
  name     = "checkout"
  role_arn = "arn:aws:iam::123456789012:role/checkout-pipeline"

  artifact_store {
    location = "checkout-pipeline-artifacts"
    type     = "S3"

    encryption_key {
      id   = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      type = "KMS"
    }
  }

  stage {
    name = "Source"

    action {
      name             = "Source"
      category         = "Source"
      owner            = "AWS"
      provider         = "CodeStarSourceConnection"
      version          = "1"
      output_artifacts = ["source_output"]

      configuration = {
        ConnectionArn    = "arn:aws:codeconnections:us-east-1:123456789012:connection/aEXAMPLE-8aad-4d5d-8878-dfcab0bc441f"
        FullRepositoryId = "acme/checkout"
        BranchName       = "main"
      }
    }
  }

  stage {
    name = "Test"

    action {
      name            = "IntegrationTests"
      category        = "Test"
      owner           = "AWS"
      provider        = "CodeBuild"
      version         = "1"
      input_artifacts = ["source_output"]

      configuration = {
        ProjectName = "checkout-integration-tests"
      }
    }
  }

  stage {
    name = "Prod"

    action {
      name            = "Deploy"
      category        = "Deploy"
      owner           = "AWS"
      provider        = "ECS"
      version         = "1"
      input_artifacts = ["source_output"]

      configuration = {
        ClusterName = "prod"
        ServiceName = "checkout"
      }
    }
  }
}
