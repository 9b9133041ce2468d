# iam/privilege-escalation in Terraform: escalation primitives on unrestricted
# resources, and PassRole everywhere with a service that runs code, in
# jsonencode, heredocs and aws_iam_policy_document.

resource "aws_iam_role" "automation" {
  name = "automation"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "manage-policies"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["iam:GetPolicy", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"]
        Resource = "arn:aws:iam::123456789012:policy/*"
      }]
    })
  }
}

resource "aws_iam_policy" "onboarding" {
  name   = "onboarding"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["iam:CreateUser", "iam:CreateLoginProfile", "iam:AddUserToGroup"],
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "iam:Attach*Policy",
      "Resource": "*"
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "function_deployer" {
  statement {
    sid       = "CreateFunctions"
    actions   = ["lambda:CreateFunction", "lambda:InvokeFunction"]
    resources = ["arn:aws:lambda:eu-west-1:123456789012:function:*"]
  }

  statement {
    sid       = "PassAnyRole"
    actions   = ["iam:PassRole"]
    resources = ["*"]
  }

  statement {
    sid       = "RoleTrust"
    actions   = ["iam:UpdateAssumeRolePolicy"]
    resources = ["arn:aws:iam::123456789012:role/*"]
  }
}
