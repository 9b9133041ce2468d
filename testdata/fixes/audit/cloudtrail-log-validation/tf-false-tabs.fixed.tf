resource "aws_cloudtrail" "organization" {
	name = "organization-trail"
	s3_bucket_name = "cloudtrail-logs-bucket"
	is_multi_region_trail = true
	enable_log_file_validation = true
	kms_key_id = aws_kms_key.cloudtrail.arn
}
