resource "aws_cloudtrail" "organization" { name = "organization-trail" }
