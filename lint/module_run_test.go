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
	// The rule fixture whose finding needs all three files: build.tf's
	// project runs as iam.tf's role, made admin in policies.tf.
	dir := filepath.Join("..", "testdata", "rules", "iam", "overprivileged-pipeline-role", "bad-module")
	names, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil || len(names) != 3 {
		t.Fatalf("fixture files %v, %v", names, err)
	}
	ctx := context.Background()
	l, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx = withRunModules(ctx)
	rm := ctx.Value(runModulesKey{}).(*runModules)
	key := dir + string(filepath.Separator)

	for i, p := range names { // build.tf, iam.tf, policies.tf
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := source.Parse(p, src, source.HCL, source.Limits{})
		if err != nil || len(docs) != 1 {
			t.Fatalf("%s: %d documents, %v", p, len(docs), err)
		}
		fs, err := l.moduleFindings(ctx, docs[0])
		if err != nil {
			t.Fatal(err)
		}
		// The finding belongs to the project's file (expect.txt:
		// bad-module/build.tf:3:18), whichever file evaluated the module.
		want := 0
		if filepath.Base(p) == "build.tf" {
			want = 1
		}
		if len(fs) != want {
			t.Errorf("%s: %d findings, want %d", p, len(fs), want)
		} else if want == 1 && (fs[0].Rule != "iam/overprivileged-pipeline-role" || fs[0].Range.Start.Line != 3 || fs[0].Range.Start.Column != 18) {
			t.Errorf("%s: %s at %v, want iam/overprivileged-pipeline-role at 3:18", p, fs[0].Rule, fs[0].Range.Start)
		}

		rm.mu.Lock()
		mr, held := rm.dirs[key]
		rm.mu.Unlock()
		if left := len(names) - 1 - i; left > 0 {
			if !held {
				t.Fatalf("after %s: the module was let go with %d files still to come", p, left)
			}
			if mr.mod.value != nil {
				t.Errorf("after %s: the merged value is still held", p)
			}
			if mr.waiting != left {
				t.Errorf("after %s: %d files waiting, want %d", p, mr.waiting, left)
			}
		} else if held {
			t.Errorf("after the last file the module is still held (%d waiting)", mr.waiting)
		}
	}
}
