package lint

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rampart-lint/rampart/lint/source"
)

// TestRunModulesReleased: in a run over the disk, a directory's merged
// module is shared by its files, and let go of once the last of them has
// taken its findings: a run over thousands of Terraform directories must
// not hold every one of them (the live heap grew by half over a 20,000-file
// corpus before).
func TestRunModulesReleased(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"iam.tf": `resource "aws_iam_role" "build" {
  name               = "web-build"
  assume_role_policy = "{}"
}
`,
		"policies.tf": `resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.build.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`,
		"build.tf": `resource "aws_codebuild_project" "web" {
  name         = "web"
  service_role = aws_iam_role.build.arn
}
`,
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	l, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx = withRunModules(ctx)
	rm := ctx.Value(runModulesKey{}).(*runModules)
	key := dir + string(filepath.Separator)

	for i, name := range []string{"iam.tf", "policies.tf", "build.tf"} {
		p := filepath.Join(dir, name)
		docs, err := source.Parse(p, []byte(files[name]), source.HCL, source.Limits{})
		if err != nil || len(docs) != 1 {
			t.Fatalf("%s: %d documents, %v", name, len(docs), err)
		}
		fs, err := l.moduleFindings(ctx, docs[0])
		if err != nil {
			t.Fatal(err)
		}
		// The finding belongs to the project's file, whichever file
		// evaluated the module.
		if want := map[bool]int{true: 1, false: 0}[name == "build.tf"]; len(fs) != want {
			t.Errorf("%s: %d findings, want %d", name, len(fs), want)
		}
		rm.mu.Lock()
		mr, held := rm.dirs[key]
		rm.mu.Unlock()
		if i < 2 {
			if !held {
				t.Fatalf("after %s: the module was let go with files still to come", name)
			}
			if mr.mod.value != nil {
				t.Errorf("after %s: the merged value is still held", name)
			}
			if mr.waiting != 2-i {
				t.Errorf("after %s: %d files waiting, want %d", name, mr.waiting, 2-i)
			}
		} else if held {
			t.Errorf("after the last file the module is still held (%d waiting)", mr.waiting)
		}
	}
}
