resource "aws_ecr_repository" "migrations" {
    name                 = "orders/migrations"
    image_tag_mutability = "IMMUTABLE"

    image_scanning_configuration {
        scan_on_push = true
    }
}
