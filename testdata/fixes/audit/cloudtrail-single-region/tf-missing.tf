resource "aws_cloudtrail" "build" {
  name                       = "build-trail"
  s3_bucket_name             = "cloudtrail-logs-bucket"
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.cloudtrail.arn
  tags = {
    team = "platform"
  }
}
