resource "aws_cloudtrail" "organization" {
  enable_log_file_validation = true
}
