variable "db_password" {
  type      = string
  sensitive = true
  default   = "storefront-tf-default"
}

resource "aws_db_instance" "main" {
  identifier        = "storefront"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  username          = "storefront"
  password          = var.db_password
  storage_encrypted = true
}

resource "aws_secretsmanager_secret_version" "payments" {
  secret_id = aws_secretsmanager_secret.payments.id
  secret_string = jsonencode({
    api_key = "pay-live-7Kq2"
  })
}

resource "aws_ssm_parameter" "slack" {
  name  = "/storefront/slack/token"
  type  = "SecureString"
  value = "slack-bot-token-literal"
}
