resource "aws_cloudtrail" "organization" {}
