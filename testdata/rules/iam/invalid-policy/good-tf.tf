# Near misses for iam/invalid-policy in Terraform: well-formed documents whose
# values Terraform only knows at plan time (variables, resource attributes),
# and a data source that relies on the defaults for version and effect.

variable "log_group_arn" {
  type = string
}

resource "aws_iam_role" "worker" {
  name = "worker"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EcsTasks"
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "logs"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${var.log_group_arn}:*"
      }]
    })
  }
}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket = "acme-artifacts"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "WorkerReads",
      "Effect": "Allow",
      "Principal": {"AWS": "${aws_iam_role.worker.arn}"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::acme-artifacts/*"
    },
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::acme-artifacts", "arn:aws:s3:::acme-artifacts/*"],
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "queue_consumer" {
  statement {
    sid       = "Consume"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = ["arn:aws:sqs:eu-west-1:123456789012:jobs"]
  }

  statement {
    sid       = "DecryptMessages"
    actions   = ["kms:Decrypt"]
    resources = ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
  }
}

resource "aws_iam_role_policy" "queue_consumer" {
  name   = "queue-consumer"
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.queue_consumer.json
}
