resource "aws_cloudwatch_log_group" "build" {
  name              = "/aws/codebuild/web"
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "pipeline" {
  name = "/acme/codepipeline/web" # never expires
}
