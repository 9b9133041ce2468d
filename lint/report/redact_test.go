package report

import (
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/internal/canary"
)

func TestRedactCredentials(t *testing.T) {
	s := canary.New()
	for label, tok := range s.Tokens() {
		line := `    value: "` + tok + `" # ` + label
		if label == "AWS secret access key" {
			// Recognisable by its name only, like the rule does.
			line = "    AWS_SECRET_ACCESS_KEY: " + tok + " # " + label
		}
		got := redactCredentials(line)
		if len(got) != len(line) {
			t.Errorf("%s: length %d, want %d (the underline would drift)", label, len(got), len(line))
		}
		if leaks := s.Leaks(got); len(leaks) > 0 {
			t.Errorf("%s: %q leaks %v", label, got, leaks)
		}
		if !strings.HasSuffix(got, label) {
			t.Errorf("%s: the text around the token changed: %q", label, got)
		}
	}
	for _, body := range s.PEMBody {
		if got := redactCredentials("        " + body); len(s.Leaks(got)) > 0 {
			t.Errorf("PEM body line %q shown", got)
		}
	}
	// What people need to read around a finding stays as it is.
	for _, line := range []string{
		`      Action: iam:PassRole`,
		`  ProductionDeploymentPipelineArtifactBucket01:`,
		`    RoleArn: arn:aws:iam::123456789012:role/AWSServiceRoleForAmazonElasticsearchService1`,
		`      - uses: actions/checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab`,
		`    image: node@sha256:6dd2a3c1d6e3a5c9d0e5d8b8f5b7c1e2a4d6f8a0b2c4d6e8f0a2b4c6d8e0f2a4`,
		`    secret_key = var.secret_key`,
		`  token: ${{ secrets.GITHUB_TOKEN }}`,
	} {
		if got := redactCredentials(line); got != line {
			t.Errorf("%q became %q", line, got)
		}
	}
}
