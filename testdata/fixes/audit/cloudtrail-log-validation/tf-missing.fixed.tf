# The organisation's trail.
resource "aws_cloudtrail" "organization" {
  name                          = "organization-trail"
  s3_bucket_name                = "cloudtrail-logs-bucket"
  is_multi_region_trail         = true
  include_global_service_events = true # IAM and STS events
  kms_key_id                    = aws_kms_key.cloudtrail.arn
  enable_log_file_validation    = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }
}
