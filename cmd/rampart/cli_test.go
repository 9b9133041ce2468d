package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const admin = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]\n}\n"

func TestLintText(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "admin.json", admin)
	code, out, errOut := runCLI(t, "lint", "--color", "never", p)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d; stderr: %s", code, exitFindings, errOut)
	}
	// file:line:col: severity message [rule], the source line, an underline.
	want := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(p) + `:3:47: critical .+ \[iam/full-admin\]\n 3 \| .*"Action": "\*".*\n   \| {47}\^~~\n`)
	if !want.MatchString(out) {
		t.Errorf("output:\n%s\ndoes not match %s", out, want)
	}
	if !strings.Contains(out, "1 finding (1 critical) in 1 file linted") {
		t.Errorf("no summary in:\n%s", out)
	}
}

func TestLintJSON(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "admin.json", admin)
	write(t, dir, "broken.json", "{\"Version\": \"2012-10-17\", \"Statement\": [}")
	code, out, _ := runCLI(t, "lint", "--format", "json", dir)
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Version  int `json:"version"`
		Findings []struct {
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			Kind     string `json:"kind"`
			File     string `json:"file"`
			Message  string `json:"message"`
			Path     string `json:"path"`
			Docs     string `json:"docs"`
			Range    struct {
				Start struct{ Line, Column int } `json:"start"`
				End   struct{ Line, Column int } `json:"end"`
			} `json:"range"`
		} `json:"findings"`
		Summary struct {
			Files      int            `json:"files"`
			Findings   int            `json:"findings"`
			BySeverity map[string]int `json:"by_severity"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if doc.Version != 1 || len(doc.Findings) != 2 || doc.Summary.Files != 2 || doc.Summary.Findings != 2 {
		t.Fatalf("unexpected report: %s", out)
	}
	f := doc.Findings[0]
	if f.Rule != "iam/full-admin" || f.Severity != "critical" || f.Kind != "iam-policy" || f.Path != "Statement[0].Action" ||
		f.Range.Start.Line != 3 || f.Range.Start.Column != 47 || f.Range.End.Column != 50 || !strings.HasSuffix(f.Docs, "iam/full-admin.md") {
		t.Errorf("finding = %+v", f)
	}
	if p := doc.Findings[1]; p.Rule != "rampart/parse-error" || p.Range.Start.Line != 1 || p.Range.Start.Column != 41 {
		t.Errorf("parse error = %+v", p)
	}
	if doc.Summary.BySeverity["critical"] != 1 || doc.Summary.BySeverity["high"] != 1 {
		t.Errorf("by_severity = %v", doc.Summary.BySeverity)
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "good.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k"}]}`)
	bad := write(t, dir, "bad.json", admin)
	cases := []struct {
		args []string
		want int
	}{
		{[]string{"lint", good}, exitClean},
		{[]string{"lint", bad}, exitFindings},
		{[]string{"lint", "--fail-on", "critical", bad}, exitFindings},
		{[]string{"lint", "--fail-on", "info", good}, exitClean},
		{[]string{"lint", "--fail-on", "extreme", bad}, exitError},
		{[]string{"lint", "--format", "xml", bad}, exitError},
		{[]string{"lint", "--kind", "jenkins", bad}, exitError},
		{[]string{"lint", "--config", filepath.Join(dir, "missing.yaml"), bad}, exitError},
		{[]string{"frobnicate"}, exitError},
		{[]string{"explain", "iam/nope"}, exitError},
	}
	for _, tc := range cases {
		if code, _, errOut := runCLI(t, tc.args...); code != tc.want {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tc.args, code, tc.want, errOut)
		}
	}
}

func TestFailOnFromConfig(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".rampart.yaml", "fail-on: critical\nrules:\n  iam/full-admin: high\n")
	p := write(t, dir, "bad.json", admin)
	if code, out, errOut := runCLI(t, "lint", p); code != exitClean || !strings.Contains(out, " high ") {
		t.Errorf("exit %d, want 0 (high < fail-on critical); out %s err %s", code, out, errOut)
	}
	write(t, dir, ".rampart.yaml", "rules:\n  iam/full-admin: {severity: high, enabld: true}\n")
	code, _, errOut := runCLI(t, "lint", p)
	if code != exitError || !strings.Contains(errOut, ".rampart.yaml:2:") || !strings.Contains(errOut, "enabld") {
		t.Errorf("misspelled option: exit %d, stderr %q; want 2 naming the line and the key", code, errOut)
	}
}

func TestRulesAndExplain(t *testing.T) {
	code, out, _ := runCLI(t, "rules")
	if code != 0 || !strings.Contains(out, "iam/passrole-unrestricted") || !strings.Contains(out, "rampart/parse-error") {
		t.Errorf("rules: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "rules", "--format", "json")
	var rules []map[string]any
	if err := json.Unmarshal([]byte(out), &rules); err != nil || code != 0 || len(rules) < 10 {
		t.Errorf("rules --format json: exit %d, %d rules, %v", code, len(rules), err)
	}
	code, out, _ = runCLI(t, "explain", "iam/passrole-unrestricted")
	for _, want := range []string{"iam/passrole-unrestricted — ", "Severity: high", "How to fix:", "References:", "# rampart:ignore iam/passrole-unrestricted -- <reason>"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("explain: missing %q in\n%s", want, out)
		}
	}
	_, _, errOut := runCLI(t, "explain", "passrole")
	if !strings.Contains(errOut, "did you mean iam/passrole-unrestricted") {
		t.Errorf("explain typo: %q", errOut)
	}
	code, out, _ = runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "rampart ") || !strings.Contains(out, "OPA") {
		t.Errorf("version: %q", out)
	}
}

// TestJSONMatchesSchema validates real output, suppressed findings and parse
// errors included, against the published schema of the JSON report.
func TestJSONMatchesSchema(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "docs", "report.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("report.schema.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, dir, "broken.json", "{\"Version\": \"2012-10-17\", \"Statement\": [")
	write(t, dir, "p.yaml", "Statement:\n  - Effect: Allow\n    Action: '*' # rampart:ignore iam/full-admin\n    Resource: '*'\n")
	for _, args := range [][]string{
		{"lint", "--format", "json", filepath.Join("..", "..", "testdata", "examples")},
		{"lint", "--format", "json", dir},
		{"lint", "--format", "json", filepath.Join(dir, "p.yaml"), "--fail-on", "critical"},
	} {
		_, out, _ := runCLI(t, args...)
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
		if err != nil {
			t.Fatalf("%v: output is not JSON: %v", args, err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%v: output does not match docs/report.schema.json: %v", args, err)
		}
	}
}

// TestSkipUnknown: with --skip-unknown, named files are treated as a walk
// treats them. Files of no known kind pass without a word, even broken or
// binary ones; files whose kind is known (by name, or by the keys in their
// text) are linted and their syntax errors still fail the run.
func TestSkipUnknown(t *testing.T) {
	dir := t.TempDir()
	tsconfig := write(t, dir, "tsconfig.json", "{\n  // comments are not JSON\n  \"compilerOptions\": {}\n}\n")
	pkg := write(t, dir, "package.json", `{"name": "x", "dependencies": {"left-pad": "1.3.0"}}`)
	img := write(t, dir, "logo.json", "\x89PNG\r\n\x1a\n\x00\x00")
	good := write(t, dir, "good.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k"}]}`)
	unknown := []string{tsconfig, pkg, img}

	code, out, errOut := runCLI(t, append([]string{"lint", "--color", "never", "--skip-unknown", good}, unknown...)...)
	if code != exitClean || errOut != "" || !strings.Contains(out, "no findings") {
		t.Errorf("unknown files with --skip-unknown: exit %d, stdout %q, stderr %q; want 0 and silence about them", code, out, errOut)
	}
	for _, p := range unknown {
		if strings.Contains(out, p) {
			t.Errorf("--skip-unknown reported %s:\n%s", p, out)
		}
	}
	// Without the flag, a named file is always read: the broken ones fail.
	if code, out, _ := runCLI(t, "lint", "--color", "never", tsconfig); code != exitFindings || !strings.Contains(out, tsconfig+":2:3: ") {
		t.Errorf("named tsconfig.json without --skip-unknown: exit %d\n%s", code, out)
	}

	buildspec := write(t, dir, "buildspec.yml", "version: 0.2\nphases:\n  build:\n    commands: [\n")
	policy := write(t, dir, "deploy.json", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\",\n \"Action\": \"*\", \"Resource\": \"*\"}]}\n")
	code, out, _ = runCLI(t, "lint", "--color", "never", "--skip-unknown", buildspec, policy, tsconfig)
	if code != exitFindings {
		t.Fatalf("known kinds with --skip-unknown: exit %d, want %d\n%s", code, exitFindings, out)
	}
	for _, want := range []string{buildspec + ":5:1: high ", "[rampart/parse-error]", policy + ":2:12: critical ", "[iam/full-admin]"} {
		if !strings.Contains(out, want) {
			t.Errorf("--skip-unknown output lacks %q:\n%s", want, out)
		}
	}
}
