package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/source"
)

// The official SARIF 2.1.0 schema (OASIS errata 01), copied verbatim; see
// testdata/sarif/README.md for where it came from.
const sarifSchemaFile = "../../testdata/sarif/sarif-schema-2.1.0.json"

var sarifValidator = sync.OnceValues(func() (*jsonschema.Schema, error) {
	f, err := os.Open(sarifSchemaFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("sarif-schema-2.1.0.json")
})

// validSARIF checks out against the schema and returns it decoded.
func validSARIF(t *testing.T, out []byte) sarifLog {
	t.Helper()
	schema, err := sarifValidator()
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF does not match the 2.1.0 schema: %v\n%s", err, out)
	}
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs", len(log.Runs))
	}
	// What GitHub code scanning needs beyond the schema.
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" || run.Tool.Driver.Name != "rampart" {
		t.Errorf("run: columnKind %q, driver %q", run.ColumnKind, run.Tool.Driver.Name)
	}
	for i, r := range run.Results {
		if r.RuleIndex < 0 || r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleIndex %d does not point at %s", i, r.RuleIndex, r.RuleID)
		}
		if len(r.Locations) != 1 || r.Locations[0].PhysicalLocation == nil || r.Locations[0].PhysicalLocation.Region == nil {
			t.Fatalf("result %d has no region: %+v", i, r)
		}
		rg := r.Locations[0].PhysicalLocation.Region
		if rg.StartLine < 1 || rg.StartColumn < 1 || rg.EndLine < rg.StartLine || rg.EndColumn < 1 || (rg.EndLine == rg.StartLine && rg.EndColumn < rg.StartColumn) {
			t.Errorf("result %d: region %+v", i, *rg)
		}
		if r.PartialFingerprints[SARIFFingerprint] == "" {
			t.Errorf("result %d: no %s fingerprint", i, SARIFFingerprint)
		}
		if r.Message.Text == "" {
			t.Errorf("result %d: no message", i)
		}
	}
	return log
}

func render(t *testing.T, format string, opts Options, frs ...lint.FileResult) []byte {
	t.Helper()
	var out bytes.Buffer
	r, err := New(format, &out, opts)
	if err != nil {
		t.Fatal(err)
	}
	sum := Summary{BySeverity: map[string]int{}}
	for _, fr := range frs {
		sum.Files++
		if err := r.File(fr); err != nil {
			t.Fatal(err)
		}
		for _, f := range fr.Findings {
			if f.Suppression == nil {
				sum.Findings++
				sum.BySeverity[f.Severity.String()]++
			}
		}
	}
	if err := r.Finish(sum); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

var testRules = []lint.Rule{
	{ID: "iam/full-admin", Title: "Full admin", Description: "Grants everything.", Severity: lint.Critical, Remediation: "Name the actions.", Builtin: true},
	{ID: "secrets/hardcoded-credential", Title: "Hard-coded credential", Description: "A secret in the file.", Severity: lint.Critical, Remediation: "Move it to a secret store.", Builtin: true, Sensitive: true},
	{ID: "gha/unpinned-action", Title: "Unpinned action", Severity: lint.Medium, Builtin: true},
}

func pos(line, col, off int) source.Position {
	return source.Position{Line: line, Column: col, Offset: off}
}

// syntheticFindings covers the cases real rules rarely meet at once: a
// suppressed finding with a reason and an expiry, a finding of a rule the
// metadata does not list, a parse error with no path and no end, a path
// with spaces and non-ASCII characters, an absolute path inside the root
// and one outside it.
func syntheticFindings(root string) []lint.FileResult {
	return []lint.FileResult{
		{File: "policies/admin.json", Findings: []lint.Finding{
			{Rule: "iam/full-admin", Severity: lint.Critical, File: "policies/admin.json", Message: `Action "*" with Resource "*"`, Range: lint.Range{Start: pos(3, 15, 40), End: pos(3, 18, 43)}, Path: "Statement[0].Action"},
			{Rule: "iam/full-admin", Severity: lint.Critical, File: "policies/admin.json", Message: "suppressed one", Range: lint.Range{Start: pos(9, 15, 140), End: pos(9, 18, 143)}, Path: "Statement[1].Action",
				Suppression: &lint.Suppression{Kind: "inline", Reason: "break-glass role, reviewed", Expires: "2030-01-01", Range: lint.Range{Start: pos(8, 5, 100), End: pos(8, 60, 155)}}},
		}},
		{File: "ci/wörk flow.yml", Findings: []lint.Finding{
			{Rule: "custom/no-metadata", Severity: lint.Low, File: "ci/wörk flow.yml", Message: "unlisted rule", Range: lint.Range{Start: pos(1, 1, 0), End: pos(1, 4, 3)}, Docs: "https://example.com/custom"},
		}},
		{File: "broken.yaml", Findings: []lint.Finding{
			{Rule: "rampart/parse-error", Severity: lint.High, File: "broken.yaml", Message: "mapping values are not allowed here", Range: lint.Range{Start: pos(2, 7, 12)}},
		}},
		{File: filepath.Join(root, "sub", "in.tf"), Err: errors.New("rule x failed"), Findings: []lint.Finding{
			{Rule: "gha/unpinned-action", Severity: lint.Medium, File: filepath.Join(root, "sub", "in.tf"), Message: "inside", Range: lint.Range{Start: pos(4, 2, 30), End: pos(4, 9, 37)}},
		}},
		{File: "/elsewhere/out.tf", Findings: []lint.Finding{
			{Rule: "gha/unpinned-action", Severity: lint.Info, File: "/elsewhere/out.tf", Message: "outside", Range: lint.Range{Start: pos(1, 1, 0), End: pos(1, 2, 1)}},
		}},
	}
}

func TestSARIFSchemaAndGitHubFields(t *testing.T) {
	root := t.TempDir()
	out := render(t, "sarif", Options{Rules: testRules, Version: "v1.2.3", Root: root}, syntheticFindings(root)...)
	log := validSARIF(t, out)
	run := log.Runs[0]
	if run.Tool.Driver.Version != "v1.2.3" || run.Tool.Driver.InformationURI == "" {
		t.Errorf("driver %+v", run.Tool.Driver)
	}
	rules := map[string]sarifRule{}
	for _, r := range run.Tool.Driver.Rules {
		rules[r.ID] = r
	}
	admin := rules["iam/full-admin"]
	if admin.ShortDescription == nil || admin.ShortDescription.Text != "Full admin" || admin.FullDescription == nil || admin.FullDescription.Text != "Grants everything." ||
		admin.Help == nil || !strings.Contains(admin.Help.Text, "Name the actions.") || !strings.Contains(admin.Help.Markdown, "(https://github.com/rampart-lint/rampart/blob/main/docs/rules/iam/full-admin.md)") ||
		admin.HelpURI != "https://github.com/rampart-lint/rampart/blob/main/docs/rules/iam/full-admin.md" ||
		admin.DefaultConfiguration.Level != "error" || admin.Properties.SecuritySeverity != "9.5" || strings.Join(admin.Properties.Tags, ",") != "security,iam" {
		t.Errorf("rule iam/full-admin: %+v", admin)
	}
	if r := rules["gha/unpinned-action"]; r.DefaultConfiguration.Level != "warning" || r.Properties.SecuritySeverity != "5.5" {
		t.Errorf("rule gha/unpinned-action: %+v", r)
	}
	if r, ok := rules["custom/no-metadata"]; !ok || r.HelpURI != "https://example.com/custom" || r.DefaultConfiguration.Level != "note" || r.Properties.SecuritySeverity != "3.0" {
		t.Errorf("unlisted rule: %+v", r)
	}

	res := run.Results
	if len(res) != 6 {
		t.Fatalf("%d results, want 6 (suppressed ones kept)", len(res))
	}
	loc := func(i int) sarifArtifactLocation { return res[i].Locations[0].PhysicalLocation.ArtifactLocation }
	if l := loc(0); l.URI != "policies/admin.json" || l.URIBaseID != "%SRCROOT%" {
		t.Errorf("relative path: %+v", l)
	}
	if rg := res[0].Locations[0].PhysicalLocation.Region; *rg != (sarifRegion{3, 15, 3, 18}) {
		t.Errorf("region %+v", *rg)
	}
	if ll := res[0].Locations[0].LogicalLocations; len(ll) != 1 || ll[0].FullyQualifiedName != "Statement[0].Action" || ll[0].Name != "Action" {
		t.Errorf("logical locations %+v", ll)
	}
	if len(res[0].Suppressions) != 0 {
		t.Errorf("unsuppressed result has suppressions %+v", res[0].Suppressions)
	}
	if s := res[1].Suppressions; len(s) != 1 || s[0].Kind != "inSource" || s[0].Justification != "break-glass role, reviewed" || s[0].Properties["expires"] != "2030-01-01" {
		t.Errorf("suppressed result: %+v", s)
	}
	if l := loc(2); l.URI != "ci/w%C3%B6rk%20flow.yml" || l.URIBaseID != "%SRCROOT%" {
		t.Errorf("escaped path: %+v", l)
	}
	if rg := res[3].Locations[0].PhysicalLocation.Region; *rg != (sarifRegion{2, 7, 2, 7}) || res[3].Level != "error" || len(res[3].Locations[0].LogicalLocations) != 0 {
		t.Errorf("parse error: %+v", res[3])
	}
	if l := loc(4); l.URI != "sub/in.tf" || l.URIBaseID != "%SRCROOT%" {
		t.Errorf("absolute path inside the root: %+v", l)
	}
	if l := loc(5); l.URI != "file:///elsewhere/out.tf" || l.URIBaseID != "" {
		t.Errorf("absolute path outside the root: %+v", l)
	}
	if inv := run.Invocations; len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 1 {
		t.Errorf("invocations %+v", inv)
	}
	if base := run.OriginalURIBaseIDs["%SRCROOT%"].URI; !strings.HasPrefix(base, "file:///") || !strings.HasSuffix(base, "/") {
		t.Errorf("originalUriBaseIds %q", base)
	}
}

func TestSARIFEmptyRun(t *testing.T) {
	out := render(t, "sarif", Options{})
	log := validSARIF(t, out)
	if r := log.Runs[0]; r.Results == nil || len(r.Results) != 0 || r.Tool.Driver.Rules == nil {
		t.Errorf("empty run: %+v", r)
	}
	// The schema is not vacuous: it refuses what GitHub would refuse.
	schema, err := sarifValidator()
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		strings.Replace(string(out), `"version": "2.1.0"`, `"version": "2.0.0"`, 1),
		strings.Replace(string(out), `"columnKind": "unicodeCodePoints"`, `"columnKind": "bytes"`, 1),
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"region": {"startLine": 0}}}]}]}]}`,
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(inst) == nil {
			t.Errorf("schema accepts %s", bad)
		}
	}
}

func newLinter(t *testing.T, keep bool) *lint.Linter {
	t.Helper()
	l, err := lint.New(context.Background(), lint.Options{KeepSuppressed: keep})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestSARIFExamples lints the bundled examples with every rule's metadata:
// real messages, paths and ranges validate too.
func TestSARIFExamples(t *testing.T) {
	l := newLinter(t, true)
	res, err := l.LintPaths(context.Background(), []string{"../../testdata/examples"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatal("no findings in the examples")
	}
	byFile := map[string][]lint.Finding{}
	var files []string
	for _, f := range res.Findings {
		if byFile[f.File] == nil {
			files = append(files, f.File)
		}
		byFile[f.File] = append(byFile[f.File], f)
	}
	var frs []lint.FileResult
	for _, f := range files {
		frs = append(frs, lint.FileResult{File: f, Findings: byFile[f]})
	}
	log := validSARIF(t, render(t, "sarif", Options{Rules: l.Rules(), Version: "devel"}, frs...))
	if n := len(log.Runs[0].Results); n != len(res.Findings) {
		t.Errorf("%d results for %d findings", n, len(res.Findings))
	}
	for _, r := range log.Runs[0].Results {
		if u := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(u, "../../testdata/examples/") {
			t.Errorf("uri %q", u)
		}
	}
}

// TestSARIFFingerprintSurvivesInsertedLines: lines inserted above a finding
// move its region but not its fingerprint.
func TestSARIFFingerprintSurvivesInsertedLines(t *testing.T) {
	l := newLinter(t, false)
	doc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"},\n    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}\n  ]\n}\n"
	shifted := strings.Replace(doc, "{\n", "{\n\n\n\n", 1)
	prints := func(src string) (map[string]string, []int) {
		fr := l.LintBytes(context.Background(), "policy.json", []byte(src))
		if len(fr.Findings) == 0 {
			t.Fatalf("no findings in\n%s", src)
		}
		log := validSARIF(t, render(t, "sarif", Options{Rules: l.Rules()}, fr))
		m := map[string]string{}
		var lines []int
		for _, r := range log.Runs[0].Results {
			m[r.RuleID+" "+r.Locations[0].LogicalLocations[0].FullyQualifiedName] = r.PartialFingerprints[SARIFFingerprint]
			lines = append(lines, r.Locations[0].PhysicalLocation.Region.StartLine)
		}
		return m, lines
	}
	before, beforeLines := prints(doc)
	after, afterLines := prints(shifted)
	if len(before) != len(after) {
		t.Fatalf("results differ: %v vs %v", before, after)
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: fingerprint %s became %s", k, v, after[k])
		}
	}
	for i := range beforeLines {
		if afterLines[i] != beforeLines[i]+3 {
			t.Errorf("lines %v then %v: the regions did not move", beforeLines, afterLines)
			break
		}
	}
	// Two findings of one rule at one logical path stay distinct.
	f := lint.Finding{Rule: "iam/full-admin", Severity: lint.High, File: "a.json", Message: "m", Path: "P"}
	log := validSARIF(t, render(t, "sarif", Options{}, lint.FileResult{File: "a.json", Findings: []lint.Finding{f, f}}))
	if a, b := log.Runs[0].Results[0].PartialFingerprints[SARIFFingerprint], log.Runs[0].Results[1].PartialFingerprints[SARIFFingerprint]; a == b {
		t.Errorf("duplicate fingerprints %s", a)
	}
}

// TestSecretsNeverWhole: no report format shows a planted secret whole.
func TestSecretsNeverWhole(t *testing.T) {
	secret := "ghp_" + strings.Repeat("Zx9", 12)
	src := "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      GITHUB_TOKEN: \"" + secret + "\"\n    steps:\n      - run: echo hi\n"
	l := newLinter(t, true)
	fr := l.LintBytes(context.Background(), ".github/workflows/ci.yml", []byte(src))
	sensitive := false
	for _, f := range fr.Findings {
		sensitive = sensitive || f.Sensitive
	}
	if !sensitive {
		t.Fatalf("no sensitive finding for the planted token: %+v", fr.Findings)
	}
	for _, format := range []string{"sarif", "junit", "github"} {
		out := string(render(t, format, Options{Rules: l.Rules(), Source: func(string) []byte { return []byte(src) }}, fr))
		if strings.Contains(out, secret) || strings.Contains(out, secret[4:24]) {
			t.Errorf("%s shows the secret:\n%s", format, out)
		}
	}
}

func TestFormats(t *testing.T) {
	for _, f := range Formats {
		if _, err := New(f, &bytes.Buffer{}, Options{}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := New("xml", &bytes.Buffer{}, Options{}); err == nil || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("unknown format: %v", err)
	}
}
