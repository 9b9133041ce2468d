# An older style: the policy as a JSON heredoc. Interpolations stay in the
# text as written, so the policy still reads as JSON.

variable "state_bucket" {
  default = "acme-terraform-state"
}

resource "aws_iam_policy" "state_access" {
  name        = "terraform-state-access"
  description = "Read and write the Terraform state, and lock it"

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ListBucket"],
      "Resource": "arn:aws:s3:::${var.state_bucket}"
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::${var.state_bucket}/pipelines/*"
    },
    {
      "Effect": "Allow",
      "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      "Resource": "arn:aws:dynamodb:eu-west-1:123456789012:table/terraform-locks"
    }
  ]
}
EOF
}
