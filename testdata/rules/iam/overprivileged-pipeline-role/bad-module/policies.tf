resource "aws_iam_role_policy_attachment" "build_admin" {
  role       = aws_iam_role.build.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
