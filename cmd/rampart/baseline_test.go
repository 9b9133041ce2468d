package main

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	name := filepath.Base(path)
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, out string) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("does not match the schema: %v\n%s", err, out)
	}
}

// adminPolicy puts its one finding (iam/full-admin at
// Statement[0].Action) on line 1 + pad.
func adminPolicy(pad int) string {
	head := "{\n"
	if pad > 0 {
		head += "  \"Id\": \"deploy\",\n" + strings.Repeat("\n", pad-1)
	}
	return head + "  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]\n}\n"
}

const pinnedLater = `on: push
permissions: {contents: read}
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with: {persist-credentials: false}
      - run: make
`

// The whole story: write a baseline, run against it (clean), insert lines
// above the findings (still clean), add a finding of the same rule in the
// same file (it alone fails, in every format).
func TestBaselineEndToEnd(t *testing.T) {
	dir := t.TempDir()
	policy := write(t, dir, "iam/admin.json", adminPolicy(0))
	write(t, dir, ".github/workflows/ci.yml", pinnedLater)
	bfile := filepath.Join(dir, ".rampart-baseline.json")

	code, out, errOut := runCLI(t, "lint", "--write-baseline", bfile, "--no-source", dir)
	if code != exitClean || !strings.Contains(errOut, "rampart: wrote 2 findings to "+bfile) || !strings.Contains(out, "2 findings (1 critical, 1 medium)") {
		t.Fatalf("--write-baseline: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	written, err := os.ReadFile(bfile)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 1,
  "tool": "rampart",
  "findings": [
    {"rule": "supply-chain/unpinned-action", "file": ".github/workflows/ci.yml", "path": "jobs.build.steps[0].uses"},
    {"rule": "iam/full-admin", "file": "iam/admin.json", "path": "Statement[0].Action"}
  ]
}
`
	if string(written) != want {
		t.Errorf("baseline file:\n%s\nwant\n%s", written, want)
	}
	validate(t, compileSchema(t, filepath.Join("..", "..", "docs", "baseline.schema.json")), string(written))

	// The baseline file now sits in the linted directory; it is no kind
	// rampart reads, so it is skipped quietly.
	code, out, errOut = runCLI(t, "lint", "--baseline", bfile, dir)
	if code != exitClean || out != "✓ 2 files linted, no new findings; 2 baselined\n" || errOut != "" {
		t.Errorf("against its own baseline: exit %d\nstdout %q\nstderr %s", code, out, errOut)
	}

	// Three lines above the finding, and a second statement granting "*".
	edited := strings.Replace(adminPolicy(3), "}]\n", "},\n    {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]\n", 1)
	write(t, dir, "iam/admin.json", edited)
	code, out, errOut = runCLI(t, "lint", "--baseline", bfile, "--no-source", "--color", "never", dir)
	wantLine := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(policy) + `:7:35: critical .*\[iam/full-admin\]$`)
	if code != exitFindings || !wantLine.MatchString(out) || strings.Count(out, "[") != 1 || !strings.Contains(out, "1 new finding (1 critical) in 2 files linted; 2 baselined") {
		t.Errorf("after the edit: exit %d, want 1 with only the new statement (line 7; the old one moved from 3 to 6)\nstdout %s\nstderr %s", code, out, errOut)
	}

	// JSON: only the new finding, and the summary counts the rest.
	code, out, _ = runCLI(t, "lint", "--baseline", bfile, "--format", "json", dir)
	var doc struct {
		Findings []struct {
			Rule, Path string
		}
		Summary struct{ Findings, Baselined int }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if code != exitFindings || len(doc.Findings) != 1 || doc.Findings[0].Path != "Statement[1].Action" || doc.Summary.Findings != 1 || doc.Summary.Baselined != 2 {
		t.Errorf("JSON: exit %d\n%s", code, out)
	}
	validate(t, compileSchema(t, filepath.Join("..", "..", "docs", "report.schema.json")), out)

	// SARIF keeps every result and says which are new.
	code, out, _ = runCLI(t, "lint", "--baseline", bfile, "--format", "sarif", dir)
	validate(t, compileSchema(t, filepath.Join("..", "..", "testdata", "sarif", "sarif-schema-2.1.0.json")), out)
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID        string `json:"ruleId"`
				BaselineState string `json:"baselineState"`
				Locations     []struct {
					LogicalLocations []struct {
						FullyQualifiedName string `json:"fullyQualifiedName"`
					} `json:"logicalLocations"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, r := range sarif.Runs[0].Results {
		states[r.RuleID+" "+r.Locations[0].LogicalLocations[0].FullyQualifiedName] = r.BaselineState
	}
	wantStates := map[string]string{
		"iam/full-admin Statement[0].Action":                    "unchanged",
		"iam/full-admin Statement[1].Action":                    "new",
		"supply-chain/unpinned-action jobs.build.steps[0].uses": "unchanged",
	}
	if code != exitFindings || len(states) != 3 {
		t.Errorf("SARIF: exit %d, results %v", code, states)
	}
	for k, v := range wantStates {
		if states[k] != v {
			t.Errorf("SARIF %s: baselineState %q, want %q", k, states[k], v)
		}
	}
	// Without a baseline, results are not compared and carry no state.
	_, out, _ = runCLI(t, "lint", "--format", "sarif", dir)
	if strings.Contains(out, "baselineState") {
		t.Errorf("SARIF without --baseline has a baselineState")
	}

	// Renamed, the policy's findings are all new.
	if err := os.Rename(policy, filepath.Join(dir, "iam", "root.json")); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI(t, "lint", "--baseline", bfile, "--no-source", dir)
	if code != exitFindings || !strings.Contains(out, "2 new findings (2 critical) in 2 files linted; 1 baselined") {
		t.Errorf("after a rename: exit %d\n%s", code, out)
	}
}

// A baseline written at the repository's root matches when rampart runs in
// a subdirectory, with relative paths that climb out of it.
func TestBaselineFromAnotherDirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "iam/admin.json", adminPolicy(0))
	t.Chdir(dir)
	if code, _, errOut := runCLI(t, "lint", "--write-baseline", "rampart-baseline.json", "iam"); code != exitClean {
		t.Fatalf("write: exit %d: %s", code, errOut)
	}
	t.Chdir(filepath.Join(dir, "iam"))
	for _, args := range [][]string{
		{"lint", "--baseline", "../rampart-baseline.json", "admin.json"},
		{"lint", "--baseline", filepath.Join(dir, "rampart-baseline.json"), "../iam"},
	} {
		if code, out, errOut := runCLI(t, args...); code != exitClean || !strings.Contains(out, "1 baselined") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
}

// A bad baseline, or a bad combination of flags, is exit 2 with a message
// that says where.
func TestBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "admin.json", adminPolicy(0))
	bad := write(t, dir, "bad.json", "{\"version\": 1, \"tool\": \"rampart\", \"findings\": [\n  {\"rule\": \"iam/full-admin\", \"file\": \"admin.json\", \"count\": -1}\n]}\n")
	notJSON := write(t, dir, "conflict.json", "{\"version\": 1, \"tool\": \"rampart\", \"findings\": [\n  {\"rule\": \"iam/full-admin\", \"file\": \"admin.json\"\n]}\n")
	future := write(t, dir, "future.json", "{\"version\": 2, \"tool\": \"rampart\", \"findings\": []}")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--baseline", bad}, "rampart: --baseline: " + bad + ":2:61: findings[0].count: want a positive integer, not -1\n"},
		{[]string{"--baseline", notJSON}, "rampart: --baseline: " + notJSON + ":3:1: invalid JSON"},
		{[]string{"--baseline", future}, "rampart: --baseline: " + future + ":1:13: baseline version 2, but this rampart reads version 1"},
		{[]string{"--baseline", filepath.Join(dir, "missing.json")}, "no such file or directory (write one with --write-baseline " + filepath.Join(dir, "missing.json") + ")"},
		{[]string{"--baseline", bad, "--write-baseline", bad}, "--baseline and --write-baseline do not go together"},
		{[]string{"--write-baseline", filepath.Join(dir, "no", "such", "b.json")}, "--write-baseline: " + filepath.Join(dir, "no", "such") + ": no such directory"},
	}
	for _, tc := range cases {
		code, out, errOut := runCLI(t, append(append([]string{"lint"}, tc.args...), p)...)
		if code != exitError || !strings.Contains(errOut, tc.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit 2 and %q", tc.args, code, errOut, out, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); err == nil {
		t.Error("a failed --write-baseline created directories")
	}
}

// --verbose lists the entries of linted (or deleted) files that nothing
// matched any more; entries of files this run did not lint are not stale.
func TestBaselineStaleEntries(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.json", adminPolicy(0))
	b := write(t, dir, "b.json", adminPolicy(0))
	c := write(t, dir, "c.json", adminPolicy(0))
	bfile := filepath.Join(dir, "baseline.json")
	if code, _, errOut := runCLI(t, "lint", "--write-baseline", bfile, dir); code != exitClean {
		t.Fatalf("write: %d %s", code, errOut)
	}
	write(t, dir, "a.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k"}]}`)
	if err := os.Remove(b); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "lint", "--baseline", bfile, "-v", a, c)
	want := "rampart: baseline " + bfile + ": 2 entries no longer found (fixed, moved or renamed); rewrite the baseline with --write-baseline to drop them:\n" +
		"rampart:   a.json: iam/full-admin Statement[0].Action\n" +
		"rampart:   b.json: iam/full-admin Statement[0].Action\n"
	if code != exitClean || errOut != want {
		t.Errorf("exit %d, stderr\n%s\nwant\n%s", code, errOut, want)
	}
	// c.json was not linted: its entry is not stale, only unused.
	write(t, dir, "b.json", adminPolicy(0))
	if _, _, errOut := runCLI(t, "lint", "--baseline", bfile, "-v", b); errOut != "" {
		t.Errorf("linting only b.json called other entries stale:\n%s", errOut)
	}
	if _, _, errOut := runCLI(t, "lint", "--baseline", bfile, a); errOut != "" {
		t.Errorf("without -v, stale entries are not listed:\n%s", errOut)
	}
}

// A planted AWS key is found, and no piece of it reaches the baseline file.
func TestBaselineHoldsNoSecret(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	key := []byte("AK" + "IA")
	for range 16 {
		key = append(key, alphabet[r.IntN(len(alphabet))])
	}
	dir := t.TempDir()
	write(t, dir, "buildspec.yml", "version: 0.2\nenv:\n  variables:\n    AWS_ACCESS_KEY_ID: "+string(key)+"\nphases:\n  build:\n    commands:\n      - make\n")
	bfile := filepath.Join(dir, "baseline.json")
	code, out, errOut := runCLI(t, "lint", "--write-baseline", bfile, "--no-source", dir)
	if code != exitClean || !strings.Contains(out, "[secrets/hardcoded-credential]") {
		t.Fatalf("the key is not found: exit %d\n%s%s", code, out, errOut)
	}
	written, err := os.ReadFile(bfile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(written), `{"rule": "secrets/hardcoded-credential", "file": "buildspec.yml", "path": "env.variables.AWS_ACCESS_KEY_ID"}`) {
		t.Errorf("no entry for the key:\n%s", written)
	}
	for i := 0; i+9 <= len(key); i++ {
		if strings.Contains(string(written), string(key[i:i+9])) {
			t.Errorf("the baseline holds %q of the key:\n%s", key[i:i+9], written)
		}
	}
	if code, out, _ := runCLI(t, "lint", "--baseline", bfile, dir); code != exitClean || !strings.Contains(out, "no new findings") {
		t.Errorf("the key's finding is not baselined: exit %d\n%s", code, out)
	}
}
