package corpus

import (
	"fmt"
	"strings"
)

// terraform returns a .tf file of about target lines: roles and policies in
// the three ways people write them (jsonencode, aws_iam_policy_document, a
// heredoc), build projects, pipelines, trails, buckets and repositories.
func (g *gen) terraform(target int) string {
	g.flavour = "tf"
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: generated for rampart's benchmark corpus.\n\n", g.service)
	for i := 0; lines(b.String()) < target; i++ {
		g.tfGroup(&b, i)
	}
	return b.String()
}

func (g *gen) tfGroup(b *strings.Builder, i int) {
	svc := fmt.Sprintf("%s-%d", g.service, i)
	id := fmt.Sprintf("%s_%d", strings.ReplaceAll(g.service, "-", "_"), i)
	switch i % 6 {
	case 0:
		trust := "codebuild"
		if g.chance(0.3) {
			trust = "github"
		}
		fmt.Fprintf(b, "resource \"aws_iam_role\" %q {\n  name = %q\n\n  assume_role_policy = %s\n}\n\n",
			id, svc+"-build", jsonencode(g.trustPolicy(trust), 2))
		fmt.Fprintf(b, "resource \"aws_iam_role_policy\" %q {\n  name = %q\n  role = aws_iam_role.%s.id\n\n  policy = %s\n}\n\n",
			id, svc, id, jsonencode(g.policy(g.between(1, 6)), 2))
	case 1:
		fmt.Fprintf(b, "data \"aws_iam_policy_document\" %q {\n", id)
		for k := 0; k < g.between(1, 5); k++ {
			g.tfStatementBlock(b, g.statement())
		}
		b.WriteString("}\n\n")
		fmt.Fprintf(b, "resource \"aws_iam_policy\" %q {\n  name   = %q\n  policy = data.aws_iam_policy_document.%s.json\n}\n\n", id, svc+"-deploy", id)
	case 2:
		fmt.Fprintf(b, "resource \"aws_iam_policy\" \"%s_heredoc\" {\n  name = %q\n\n  policy = <<EOF\n%sEOF\n}\n\n",
			id, svc+"-extra", heredocJSON(g.policy(g.between(1, 4))))
		fmt.Fprintf(b, "resource \"aws_cloudwatch_log_group\" %q {\n  name              = %q\n  retention_in_days = %d\n}\n\n",
			id, "/aws/codebuild/"+svc, g.retention())
	case 3:
		g.tfCodeBuild(b, id, svc)
	case 4:
		fmt.Fprintf(b, "resource \"aws_cloudtrail\" %q {\n  name                          = %q\n  s3_bucket_name                = %q\n  is_multi_region_trail         = %t\n  enable_log_file_validation    = %t\n  enable_logging                = %t\n",
			id, svc, svc+"-trail-logs", !g.flaw(), !g.flaw(), !g.flaw())
		if !g.flaw() {
			fmt.Fprintf(b, "  kms_key_id                    = aws_kms_key.%s.arn\n", id)
		}
		b.WriteString("}\n\n")
		fmt.Fprintf(b, "resource \"aws_s3_bucket\" %q {\n  bucket = %q\n}\n\n", id, svc+"-artifacts")
		fmt.Fprintf(b, "resource \"aws_s3_bucket_policy\" %q {\n  bucket = aws_s3_bucket.%s.id\n  policy = %s\n}\n\n",
			id, id, jsonencode(g.resourcePolicy(expr(fmt.Sprintf(`"${aws_s3_bucket.%s.arn}/*"`, id))), 2))
	default:
		mut, scan := "IMMUTABLE", true
		if g.flaw() {
			mut, scan = "MUTABLE", false
		}
		fmt.Fprintf(b, "resource \"aws_ecr_repository\" %q {\n  name                 = %q\n  image_tag_mutability = %q\n\n  image_scanning_configuration {\n    scan_on_push = %t\n  }\n}\n\n",
			id, svc, mut, scan)
		password := fmt.Sprintf("data.aws_secretsmanager_secret_version.%s.secret_string", id)
		if g.flaw() {
			password = hclString("Sup3rS3cret!" + g.alnum(6))
		}
		fmt.Fprintf(b, "resource \"aws_db_instance\" %q {\n  identifier        = %q\n  engine            = \"postgres\"\n  instance_class    = \"db.t3.micro\"\n  allocated_storage = 20\n  username          = \"app\"\n  password          = %s\n  storage_encrypted = true\n}\n\n",
			id, svc, password)
	}
}

func jsonencode(v any, ind int) string {
	var b strings.Builder
	b.WriteString("jsonencode(")
	hclValue(&b, v, ind)
	b.WriteString(")")
	return b.String()
}

// heredocJSON is a policy in a heredoc, as older configurations have them;
// the file's ${...} would be Terraform's, so placeholders are left out.
func heredocJSON(o obj) string {
	return strings.ReplaceAll(toJSON(o), "${", "$${")
}

// tfStatementBlock writes a statement of aws_iam_policy_document.
func (g *gen) tfStatementBlock(b *strings.Builder, st obj) {
	b.WriteString("  statement {\n")
	strs := func(v any) string {
		switch x := v.(type) {
		case string:
			return "[" + hclString(x) + "]"
		case list:
			parts := make([]string, len(x))
			for i, e := range x {
				parts[i] = hclString(fmt.Sprint(e))
			}
			return "[" + strings.Join(parts, ", ") + "]"
		}
		return "[]"
	}
	var cond obj
	for _, e := range st {
		switch e.K {
		case "Sid":
			fmt.Fprintf(b, "    sid       = %s\n", hclString(e.V.(string)))
		case "Effect":
			fmt.Fprintf(b, "    effect    = %s\n", hclString(e.V.(string)))
		case "Action":
			fmt.Fprintf(b, "    actions   = %s\n", strs(e.V))
		case "NotAction":
			fmt.Fprintf(b, "    not_actions = %s\n", strs(e.V))
		case "Resource":
			fmt.Fprintf(b, "    resources = %s\n", strs(e.V))
		case "Condition":
			cond = e.V.(obj)
		}
	}
	for _, op := range cond {
		for _, c := range op.V.(obj) {
			fmt.Fprintf(b, "\n    condition {\n      test     = %q\n      variable = %q\n      values   = %s\n    }\n", op.K, c.K, strs(c.V))
		}
	}
	b.WriteString("  }\n\n")
}

func (g *gen) tfCodeBuild(b *strings.Builder, id, svc string) {
	privileged := g.flaw()
	fmt.Fprintf(b, `resource "aws_codebuild_project" %q {
  name         = %q
  service_role = aws_iam_role.%s.arn

  artifacts {
    type = "CODEPIPELINE"
  }

  environment {
    compute_type    = "BUILD_GENERAL1_SMALL"
    image           = %q
    type            = "LINUX_CONTAINER"
    privileged_mode = %t
  }

  source {
    type      = "CODEPIPELINE"
    buildspec = <<-EOT
`, id, svc, id, g.buildImage(), privileged)
	for _, line := range strings.Split(strings.TrimRight(toYAML(g.buildspec(g.between(10, 30))), "\n"), "\n") {
		b.WriteString("      " + strings.ReplaceAll(strings.ReplaceAll(line, "${", "$${"), "%{", "%%{") + "\n")
	}
	status := "ENABLED"
	if g.flaw() {
		status = "DISABLED"
	}
	fmt.Fprintf(b, `    EOT
  }

  logs_config {
    cloudwatch_logs {
      status = %q
    }
  }
}

`, status)
}
