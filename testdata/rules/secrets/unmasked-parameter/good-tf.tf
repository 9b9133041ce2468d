variable "github_token" {
  type      = string
  sensitive = true
}

output "admin_password" {
  value     = random_password.admin.result
  sensitive = true
}
