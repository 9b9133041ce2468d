variable "github_token" {
  type        = string
  description = "Token the provider uses"
}

variable "api_key" {
  type      = string
  sensitive = true
  default   = "storefront-api-key"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

output "admin_password" {
  value = random_password.admin.result
}

output "admin_password_secret_arn" {
  value = aws_secretsmanager_secret.admin.arn
}
