variable "github_token" {
  type      = string
  sensitive = true
}

provider "github" {
  owner = "acme"
  token = var.github_token
}

resource "random_password" "db" {
  length  = 32
  special = false
}

resource "aws_secretsmanager_secret" "db" {
  name = "storefront/db"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = random_password.db.result
}
