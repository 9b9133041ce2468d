package report

import (
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
)

func TestGitHubEscaping(t *testing.T) {
	if got := escapeData("100% a\r\nb: c, d"); got != "100%25 a%0D%0Ab: c, d" {
		t.Errorf("data %q", got)
	}
	if got := escapeProperty("dir,x/a:b%\n.yml"); got != "dir%2Cx/a%3Ab%25%0A.yml" {
		t.Errorf("property %q", got)
	}
}

func TestGitHubAnnotations(t *testing.T) {
	root := t.TempDir()
	frs := syntheticFindings(root)
	frs[0].Findings[0].Message = "line one\nline two: 100%"
	out := string(render(t, "github", Options{Root: root}, frs...))
	want := []string{
		"::error file=policies/admin.json,line=3,col=15,endLine=3,endColumn=18,title=iam/full-admin::line one%0Aline two: 100%25",
		"::notice file=ci/wörk flow.yml,line=1,col=1,endLine=1,endColumn=4,title=custom/no-metadata::unlisted rule",
		"::error file=broken.yaml,line=2,col=7,endLine=2,endColumn=7,title=rampart/parse-error::mapping values are not allowed here",
		"::error file=sub/in.tf,title=rampart::rule x failed",
		"::warning file=sub/in.tf,line=4,col=2,endLine=4,endColumn=9,title=gha/unpinned-action::inside",
		"::notice file=/elsewhere/out.tf,line=1,col=1,endLine=1,endColumn=2,title=gha/unpinned-action::outside",
		"rampart: 5 findings in 5 files",
	}
	if got := strings.Split(strings.TrimSuffix(out, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(out, "suppressed one") {
		t.Error("a suppressed finding was annotated")
	}
}

func TestGitHubLevels(t *testing.T) {
	for s, want := range map[lint.Severity]string{lint.Critical: "error", lint.High: "error", lint.Medium: "warning", lint.Low: "notice", lint.Info: "notice"} {
		if got := githubLevel(s); got != want {
			t.Errorf("%s: %s, want %s", s, got, want)
		}
	}
}
