# Image repositories for the orders service: tags can be moved to other images and nothing
# scans what the pipeline pushes.

variable "services" {
  type    = list(string)
  default = ["api", "worker"]
}

resource "aws_ecr_repository" "api" {
  name                 = "orders/api"
  image_tag_mutability = "MUTABLE"
}

resource "aws_ecr_repository" "worker" {
  name = "orders/worker"

  image_scanning_configuration {
    scan_on_push = false
  }
}

resource "aws_ecr_lifecycle_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep 50 images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 50 }
      action       = { type = "expire" }
    }]
  })
}
