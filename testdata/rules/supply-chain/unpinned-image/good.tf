variable "api_image" {
  description = "API image, by digest, set by the deploy pipeline"
  type        = string
}

resource "aws_codebuild_project" "tools" {
  name         = "tools"
  service_role = "arn:aws:iam::123456789012:role/codebuild-tools"

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    type         = "LINUX_CONTAINER"
    image        = "aws/codebuild/standard:7.0"
  }

  source {
    type     = "GITHUB"
    location = "https://github.com/example/tools.git"
  }
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([
    {
      name      = "api"
      image     = var.api_image
      essential = true
    },
    {
      name      = "proxy"
      image     = "envoyproxy/envoy:v1.32.2@sha256:4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d"
      essential = true
    }
  ])
}
