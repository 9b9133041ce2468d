variable "db_password" {
  type    = string
  default = "Storefront-2024!"
}

resource "aws_db_instance" "storefront" {
  identifier        = "storefront"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  username          = "storefront"
  password          = var.db_password
  storage_encrypted = true
}

output "db_password" {
  value = aws_db_instance.storefront.password
}
