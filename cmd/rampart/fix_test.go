package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	fixBuildspec = "version: 0.2\nphases:\n  install:\n    commands:\n      - npm install\n      - npm run build\n"
	// A trail missing two settings: both fixes insert at the same place, so
	// the second waits for another round.
	fixTrail = "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: logs\n      IsLogging: true\n      KMSKeyId: alias/trail\n"
	// Findings without a fix: an IAM policy.
	fixNone = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]\n}\n"
	fixGood = "version: 0.2\nphases:\n  build:\n    commands:\n      - npm ci\n"
)

func TestLintFix(t *testing.T) {
	dir := t.TempDir()
	bs := write(t, dir, "buildspec.yml", fixBuildspec)
	trail := write(t, dir, "stacks/trail.yaml", fixTrail)
	if err := os.Chmod(trail, 0o640); err != nil {
		t.Fatal(err)
	}
	none := write(t, dir, "policy.json", fixNone)
	good := write(t, dir, "ci/buildspec.yml", fixGood)
	// The buildspec is named through a link: its target is fixed and the
	// link stays a link.
	link := filepath.Join(dir, "linked", "buildspec.yml")
	os.MkdirAll(filepath.Dir(link), 0o755)
	if err := os.Symlink(bs, link); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range []string{none, good} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}

	code, out, errOut := runCLI(t, "lint", "--fix", "--format", "json", link, trail, none, good)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (the IAM findings remain); stderr:\n%s", code, exitFindings, errOut)
	}
	wantErr := "rampart: fixed 1 finding in " + link + "\n" +
		"rampart: fixed 2 findings in " + trail + "\n" +
		"rampart: applied 3 fixes to 2 files\n"
	if errOut != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", errOut, wantErr)
	}

	// The files say what the fixes wrote.
	wantText := map[string]string{
		bs:    strings.Replace(fixBuildspec, "npm install", "npm ci", 1),
		trail: fixTrail + "      EnableLogFileValidation: true\n      IsMultiRegionTrail: true\n",
		none:  fixNone,
		good:  fixGood,
	}
	for p, want := range wantText {
		got, err := os.ReadFile(p)
		if err != nil || string(got) != want {
			t.Errorf("%s after --fix:\n%s\nwant:\n%s", p, got, want)
		}
	}
	if info, err := os.Stat(trail); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("trail mode %v, want 0640 kept", info.Mode())
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is no longer a link: %v", err)
	}
	// Files without a fix were not written.
	for _, p := range []string{none, good} {
		if info, err := os.Stat(p); err != nil || !info.ModTime().Equal(old) {
			t.Errorf("%s was touched", p)
		}
	}
	// No temporary file is left behind.
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if strings.Contains(d.Name(), ".rampart-") {
			t.Errorf("left over: %s", p)
		}
		return nil
	})

	// stdout is the JSON report of what is left: no fixed rule in it.
	var doc struct {
		Findings []struct {
			Rule string `json:"rule"`
			File string `json:"file"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	var rules []string
	for _, f := range doc.Findings {
		rules = append(rules, f.Rule)
	}
	if len(rules) == 0 || slices.ContainsFunc(rules, func(r string) bool {
		return r == "supply-chain/lockfile-bypassed" || r == "audit/cloudtrail-log-validation" || r == "audit/cloudtrail-single-region"
	}) {
		t.Errorf("remaining findings %v", rules)
	}

	// Again: nothing left to fix, nothing written.
	before, _ := os.Stat(trail)
	code, _, errOut = runCLI(t, "lint", "--fix", "--color", "never", trail)
	if errOut != "rampart: no fixes to apply\n" {
		t.Errorf("second run stderr: %q", errOut)
	}
	if after, _ := os.Stat(trail); !after.ModTime().Equal(before.ModTime()) {
		t.Error("the second run wrote the file")
	}
	if code == exitError {
		t.Errorf("second run exit %d", code)
	}
}

// TestLintFixVerbose names each fix; text output after the fix shows the
// fixed file's new text.
func TestLintFixVerbose(t *testing.T) {
	dir := t.TempDir()
	bs := write(t, dir, "buildspec.yml", fixBuildspec+"      - curl -fsSL https://example.com/install.sh | sh\n")
	code, out, errOut := runCLI(t, "lint", "--fix", "-v", "--color", "never", bs)
	if code != exitFindings {
		t.Fatalf("exit %d; stderr %s", code, errOut)
	}
	if !strings.Contains(errOut, "rampart: fixed 1 finding in "+bs+"\nrampart:   use npm ci instead of npm install\n") {
		t.Errorf("stderr:\n%s", errOut)
	}
	if strings.Contains(out, "lockfile-bypassed") || !regexp.MustCompile(`remote-script-execution`).MatchString(out) {
		t.Errorf("report after the fix:\n%s", out)
	}
}
