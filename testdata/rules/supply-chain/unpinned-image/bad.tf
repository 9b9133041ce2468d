resource "aws_codebuild_project" "tools" {
  name         = "tools"
  service_role = "arn:aws:iam::123456789012:role/codebuild-tools"

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    type         = "LINUX_CONTAINER"
    image        = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/build-tools:2024.12"
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
      image     = "nginx:1.27"
      essential = true
    }
  ])
}
