variable "db_password" {
  type      = string
  sensitive = true
}

resource "random_password" "redis" {
  length  = 32
  special = false
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

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "storefront sessions"
  node_type                  = "cache.t4g.micro"
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  auth_token                 = random_password.redis.result
}
