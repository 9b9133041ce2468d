resource "aws_codepipeline" "search" {
  name          = "search"
  role_arn      = "arn:aws:iam::123456789012:role/search-pipeline"
  pipeline_type = "V2"

  artifact_store {
    location = "search-pipeline-artifacts"
    type     = "S3"
  }

  stage {
    name = "Source"

    action {
      name             = "Source"
      category         = "Source"
      owner            = "AWS"
      provider         = "S3"
      version          = "1"
      output_artifacts = ["source_output"]

      configuration = {
        S3Bucket    = "search-source"
        S3ObjectKey = "search.zip"
      }
    }
  }

  stage {
    name = "Staging"

    action {
      name            = "Deploy"
      category        = "Deploy"
      owner           = "AWS"
      provider        = "ECS"
      version         = "1"
      input_artifacts = ["source_output"]
      run_order       = 1

      configuration = {
        ClusterName = "staging"
        ServiceName = "search"
      }
    }

    action {
      name            = "Smoke"
      category        = "Invoke"
      owner           = "AWS"
      provider        = "Lambda"
      version         = "1"
      run_order       = 2

      configuration = {
        FunctionName = "search-smoke-check"
      }
    }
  }

  stage {
    name = "Production"

    action {
      name      = "Approve"
      category  = "Approval"
      owner     = "AWS"
      provider  = "Manual"
      version   = "1"
      run_order = 1
    }

    action {
      name            = "Tests"
      category        = "Test"
      owner           = "AWS"
      provider        = "CodeBuild"
      version         = "1"
      input_artifacts = ["source_output"]
      run_order       = 3

      configuration = {
        ProjectName = "search-post-deploy-tests"
      }
    }

    action {
      name            = "Deploy"
      category        = "Deploy"
      owner           = "AWS"
      provider        = "ECS"
      version         = "1"
      input_artifacts = ["source_output"]
      run_order       = 2

      configuration = {
        ClusterName = "production"
        ServiceName = "search"
      }
    }
  }
}
