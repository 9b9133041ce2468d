package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
)

const (
	moduleRole = `resource "aws_iam_role" "build" {
  name               = "web-build"
  assume_role_policy = "{}"
}
`
	moduleAdmin = `resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.build.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`
	moduleProject = `resource "aws_codebuild_project" "web" {
  name         = "web"
  service_role = aws_iam_role.build.arn
}
`
	overprivileged = "iam/overprivileged-pipeline-role"
)

func ruleFindings(fs []lint.Finding, id string) []lint.Finding {
	var out []lint.Finding
	for _, f := range fs {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

// TestTerraformModuleAcrossFiles: the project, its role and the role's
// admin policy in three files of one directory make one finding, in the
// project's file, naming the other two; linted one file at a time or as a
// directory, the result is the same.
func TestTerraformModuleAcrossFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{"iam.tf": moduleRole, "policies.tf": moduleAdmin, "build.tf": moduleProject})
	l := newLinter(t)
	ctx := context.Background()

	res, err := l.LintPaths(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	got := ruleFindings(res.Findings, overprivileged)
	if len(got) != 1 {
		t.Fatalf("directory: %d %s findings, want 1:%s", len(got), overprivileged, describe(res.Findings))
	}
	f := got[0]
	if filepath.Base(f.File) != "build.tf" || f.Range.Start.Line != 3 || f.Range.Start.Column != 18 {
		t.Errorf("finding at %s:%v, want build.tf:3:18", f.File, f.Range.Start)
	}
	for _, want := range []string{"(defined in iam.tf)", "policies.tf: resource.aws_iam_role_policy_attachment.admin.policy_arn"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message %q does not name %q", f.Message, want)
		}
	}
	if f.Path != "resource.aws_codebuild_project.web.service_role" {
		t.Errorf("path %q", f.Path)
	}

	// The file alone, named on the command line, still sees its module.
	single, err := l.LintPaths(ctx, []string{filepath.Join(dir, "build.tf")})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ruleFindings(single.Findings, overprivileged)); n != 1 {
		t.Errorf("build.tf alone: %d findings, want 1", n)
	}
	// The other files report nothing of this rule: a finding belongs to
	// the file that holds the project.
	for _, name := range []string{"iam.tf", "policies.tf"} {
		r, err := l.LintPaths(ctx, []string{filepath.Join(dir, name)})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(ruleFindings(r.Findings, overprivileged)); n != 0 {
			t.Errorf("%s: %d findings, want 0", name, n)
		}
	}
}

// TestTerraformModuleUnsavedBuffer: the language server lints an unsaved
// buffer; its siblings come from disk, the buffer stands for its own file.
func TestTerraformModuleUnsavedBuffer(t *testing.T) {
	// On disk build.tf runs as another role; the buffer switches it to the
	// admin one.
	dir := writeFiles(t, map[string]string{"iam.tf": moduleRole, "policies.tf": moduleAdmin,
		"build.tf": strings.ReplaceAll(moduleProject, "aws_iam_role.build.arn", `"arn:aws:iam::123456789012:role/other"`)})
	l := newLinter(t)
	ctx := context.Background()
	onDisk, err := os.ReadFile(filepath.Join(dir, "build.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if fr := l.LintBytes(ctx, filepath.Join(dir, "build.tf"), onDisk); len(ruleFindings(fr.Findings, overprivileged)) != 0 {
		t.Fatalf("disk content: unexpected finding:%s", describe(fr.Findings))
	}
	fr := l.LintBytes(ctx, filepath.Join(dir, "build.tf"), []byte(moduleProject))
	if got := ruleFindings(fr.Findings, overprivileged); len(got) != 1 || got[0].Range.Start.Line != 3 {
		t.Fatalf("buffer: want one finding on line 3:%s", describe(fr.Findings))
	}
}

// TestTerraformModuleDuplicateBlocks: a directory where two files define the
// same role is not one module (Terraform refuses it; a folder of examples
// looks like this). Each file is read alone: the admin policy of one file
// must not be pinned on the role of another.
func TestTerraformModuleDuplicateBlocks(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.tf": moduleRole + moduleProject, // a clean project with its own role
		"b.tf": moduleRole + moduleAdmin,   // the same role name, made admin
	})
	l := newLinter(t)
	res, err := l.LintPaths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := ruleFindings(res.Findings, overprivileged); len(got) != 0 {
		t.Errorf("duplicate role across files was merged:%s", describe(got))
	}
}

// TestViewKindsCannotBeForced: repository and terraform-module are views
// across files, not kinds a file can be read as.
func TestViewKindsCannotBeForced(t *testing.T) {
	for _, k := range []string{"repository", "terraform-module"} {
		if _, err := lint.New(context.Background(), lint.Options{Kind: k}); err == nil || !strings.Contains(err.Error(), "view across files") {
			t.Errorf("--kind %s: err = %v, want a refusal", k, err)
		}
	}
}
