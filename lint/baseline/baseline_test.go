package baseline_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/baseline"
	"github.com/rampart-lint/rampart/lint/source"
)

var (
	linterOnce sync.Once
	linter     *lint.Linter
	linterErr  error
)

// newLinter compiles the rules once for the whole package's tests.
func newLinter(t *testing.T) *lint.Linter {
	t.Helper()
	linterOnce.Do(func() { linter, linterErr = lint.New(context.Background(), lint.Options{}) })
	if linterErr != nil {
		t.Fatal(linterErr)
	}
	return linter
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func lintPaths(t *testing.T, paths ...string) []lint.Finding {
	t.Helper()
	res, err := newLinter(t).LintPaths(context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return res.Findings
}

// split returns the findings the baseline does not hold.
func split(b *baseline.Baseline, fs []lint.Finding) (fresh []lint.Finding) {
	m := b.Matcher()
	for _, f := range fs {
		if !m.Match(f) {
			fresh = append(fresh, f)
		}
	}
	return fresh
}

func describe(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n\t%s:%s %s at %q", filepath.Base(f.File), f.Range.Start, f.Rule, f.Path)
	}
	return b.String()
}

const workflow = `name: CI
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
      - run: go test ./...
`

// The "done when": lines inserted above the findings leave them
// baselined, and a new finding of the same rule in the same file is new.
func TestSurvivesInsertedLines(t *testing.T) {
	dir := t.TempDir()
	ci := writeFile(t, dir, ".github/workflows/ci.yml", workflow)
	before := lintPaths(t, dir)
	if len(before) != 2 || before[0].Rule != "supply-chain/unpinned-action" || before[0].Range.Start.Line != 9 || before[1].Range.Start.Line != 10 {
		t.Fatalf("fixture findings:%s", describe(before))
	}
	b, err := baseline.New(filepath.Join(dir, ".rampart-baseline.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range before {
		b.Add(f)
	}

	// Seven lines above both findings, and a third unpinned action below.
	edited := strings.Replace(workflow, "jobs:\n", "# Builds every push.\nenv:\n  GOFLAGS: -mod=readonly\n  CGO_ENABLED: \"0\"\n\njobs:\n", 1)
	edited = strings.Replace(edited, "    steps:\n", "    timeout-minutes: 10\n    # The steps.\n    steps:\n", 1)
	edited += "      - uses: actions/cache@v4\n"
	writeFile(t, dir, ".github/workflows/ci.yml", edited)
	after := lintPaths(t, dir)
	if len(after) != 3 || after[0].Range.Start.Line != 16 {
		t.Fatalf("edited findings:%s", describe(after))
	}
	fresh := split(b, after)
	if len(fresh) != 1 || fresh[0].Path != "jobs.build.steps[3].uses" || fresh[0].Range.Start.Line != 19 || fresh[0].File != ci {
		t.Errorf("new findings:%s\nwant only the cache step at line 19", describe(fresh))
	}
}

// A file moved or renamed is not the file the baseline names: its findings
// are new, and the old entries match nothing.
func TestMovedFileIsNew(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".github/workflows/ci.yml", workflow)
	b, _ := baseline.New(filepath.Join(dir, "baseline.json"))
	for _, f := range lintPaths(t, dir) {
		b.Add(f)
	}
	if err := os.Rename(filepath.Join(dir, ".github/workflows/ci.yml"), filepath.Join(dir, ".github/workflows/build.yml")); err != nil {
		t.Fatal(err)
	}
	after := lintPaths(t, dir)
	m := b.Matcher()
	for _, f := range after {
		if m.Match(f) {
			t.Errorf("%s in the renamed file matched the baseline", f.Path)
		}
	}
	left := m.Unmatched()
	if len(left) != 2 || left[0].File != ".github/workflows/ci.yml" || left[0].Path != "jobs.build.steps[0].uses" {
		t.Errorf("unmatched entries = %+v, want the two of ci.yml", left)
	}
}

func finding(rule, file, path, msg string) lint.Finding {
	return lint.Finding{Rule: rule, File: file, Path: path, Message: msg, Severity: lint.High}
}

// Several findings under one key are counted: the baseline holds two, so of
// three the third is new, and the entry is used up.
func TestCountSemantics(t *testing.T) {
	dir := t.TempDir()
	b, _ := baseline.New(filepath.Join(dir, "b.json"))
	f := finding("iam/full-admin", filepath.Join(dir, "stream.yaml"), "Statement[0].Action", "grants every action")
	b.Add(f)
	b.Add(f)
	b.Add(finding("iam/full-admin", filepath.Join(dir, "stream.yaml"), "Statement[1].Action", "grants every action"))
	es := b.Entries()
	if len(es) != 2 || es[0].Count != 2 || es[1].Count != 1 || b.Len() != 3 {
		t.Fatalf("entries %+v, len %d; want counts 2 and 1, len 3", es, b.Len())
	}
	m := b.Matcher()
	got := []bool{m.Match(f), m.Match(f), m.Match(f)}
	if !got[0] || !got[1] || got[2] {
		t.Errorf("three matches against a count of two = %v, want [true true false]", got)
	}
	if left := m.Unmatched(); len(left) != 1 || left[0].Path != "Statement[1].Action" || left[0].Count != 1 {
		t.Errorf("unmatched = %+v", left)
	}
	// One of two found: the entry has one left.
	m = b.Matcher()
	m.Match(f)
	if left := m.Unmatched(); len(left) != 2 || left[0].Path != "Statement[0].Action" || left[0].Count != 1 {
		t.Errorf("after one match of two, unmatched = %+v", left)
	}
	// A suppressed finding neither is recorded nor uses up a count.
	sup := f
	sup.Suppression = &lint.Suppression{Kind: "inline", Reason: "r"}
	if m.Match(sup) {
		t.Error("a suppressed finding matched")
	}
	b.Add(sup)
	if b.Len() != 3 {
		t.Errorf("a suppressed finding was recorded: len %d", b.Len())
	}
}

// Findings without a logical path are keyed by their message, numbers
// masked: a parse error whose message names a line survives lines inserted
// above it, and a different parse error is new.
func TestParseErrorKeyedByMessage(t *testing.T) {
	dir := t.TempDir()
	const policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [],\n  \"Statement\": []\n}\n"
	p := writeFile(t, dir, "policy.json", policy)
	before := lintPaths(t, p)
	if len(before) != 1 || before[0].Rule != lint.ParseError || !strings.Contains(before[0].Message, "line 3") {
		t.Fatalf("fixture:%s %v", describe(before), before)
	}
	b, _ := baseline.New(filepath.Join(dir, "b.json"))
	b.Add(before[0])
	if e := b.Entries()[0]; e.Path != "" || e.Message != `duplicate key "Statement" (first defined at line N)` {
		t.Errorf("entry = %+v", e)
	}

	writeFile(t, dir, "policy.json", "{\n  \"Id\": \"x\",\n  \"Sid\": \"y\","+policy[1:])
	after := lintPaths(t, p)
	if len(after) != 1 || !strings.Contains(after[0].Message, "line 5") {
		t.Fatalf("edited:%s", describe(after))
	}
	if fresh := split(b, after); len(fresh) != 0 {
		t.Errorf("the moved parse error is new:%s", describe(fresh))
	}
	writeFile(t, dir, "policy.json", "{\"Version\": \"2012-10-17\", \"Statement\": [}")
	if fresh := split(b, lintPaths(t, p)); len(fresh) != 1 {
		t.Errorf("a different parse error matched the baseline")
	}
}

// File paths are relative to the baseline's directory, so a baseline made
// from the repository's root matches when rampart runs in a subdirectory
// (the findings' files then read ../x), and with absolute paths.
func TestPathsRelativeToBaselineFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".github/workflows/ci.yml", workflow)
	t.Chdir(dir)
	b, _ := baseline.New(".rampart-baseline.json")
	for _, f := range lintPaths(t, ".") {
		b.Add(f)
	}
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}
	if es := b.Entries(); len(es) != 2 || es[0].File != ".github/workflows/ci.yml" {
		t.Fatalf("entries = %+v", es)
	}

	t.Chdir(filepath.Join(dir, ".github"))
	loaded, err := baseline.Read("../.rampart-baseline.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, paths := range [][]string{{"."}, {"workflows/ci.yml"}, {"../.github/workflows"}, {filepath.Join(dir, ".github", "workflows", "ci.yml")}} {
		fs := lintPaths(t, paths...)
		if len(fs) != 2 {
			t.Fatalf("%v:%s", paths, describe(fs))
		}
		if fresh := split(loaded, fs); len(fresh) != 0 {
			t.Errorf("linting %v from .github: new findings:%s", paths, describe(fresh))
		}
	}
}

// Writing, reading and writing again gives the same bytes, whatever order
// findings were added in; entries are sorted, one a line.
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	fs := []lint.Finding{
		finding("supply-chain/unpinned-action", filepath.Join(dir, "b", "ci.yml"), "jobs.build.steps[0].uses", "m"),
		finding("iam/full-admin", filepath.Join(dir, "a.json"), "Statement[0].Action", "m"),
		finding("iam/full-admin", filepath.Join(dir, "a.json"), "Statement[0].Action", "m"),
		finding(lint.ParseError, filepath.Join(dir, "bad.json"), "", "invalid JSON at line 3: <unexpected> & \"odd\""),
		finding("iam/full-admin", filepath.Join(dir, "a.json"), `Statement[1]["Action"]`, "m"),
		{Rule: "secrets/hardcoded-credential", File: filepath.Join(dir, "a.json"), Message: "AWS access key ID `AKIA****`", Sensitive: true},
	}
	var outs []string
	for _, order := range [][]int{{0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}, {3, 1, 5, 0, 2, 4}} {
		b, _ := baseline.New(filepath.Join(dir, "rampart-baseline.json"))
		for _, i := range order {
			b.Add(fs[i])
		}
		var buf bytes.Buffer
		if _, err := b.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, buf.String())
	}
	want := `{
  "version": 1,
  "tool": "rampart",
  "findings": [
    {"rule": "iam/full-admin", "file": "a.json", "path": "Statement[0].Action", "count": 2},
    {"rule": "iam/full-admin", "file": "a.json", "path": "Statement[1][\"Action\"]"},
    {"rule": "secrets/hardcoded-credential", "file": "a.json"},
    {"rule": "supply-chain/unpinned-action", "file": "b/ci.yml", "path": "jobs.build.steps[0].uses"},
    {"rule": "rampart/parse-error", "file": "bad.json", "message": "invalid JSON at line N: <unexpected> & \"odd\""}
  ]
}
`
	for i, out := range outs {
		if out != want {
			t.Errorf("order %d wrote\n%s\nwant\n%s", i, out, want)
		}
	}
	path := filepath.Join(dir, "rampart-baseline.json")
	if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := baseline.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 6 {
		t.Errorf("read back %d findings, want 6", b.Len())
	}
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != want {
		t.Errorf("saved again:\n%s", got)
	}
	if fresh := split(b, fs); len(fresh) != 0 {
		t.Errorf("the findings it was written from are new:%s", describe(fresh))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("Save left files behind: %v", entries)
	}

	empty, _ := baseline.New(path)
	var buf bytes.Buffer
	empty.WriteTo(&buf)
	if buf.String() != "{\n  \"version\": 1,\n  \"tool\": \"rampart\",\n  \"findings\": []\n}\n" {
		t.Errorf("empty baseline:\n%s", buf.String())
	}
	if b, err := baseline.Parse(path, buf.Bytes()); err != nil || b.Len() != 0 {
		t.Errorf("empty baseline reads back as %v, %v", b, err)
	}
}

// A bad baseline is refused with the position of the problem.
func TestMalformed(t *testing.T) {
	head := "{\"version\": 1, \"tool\": \"rampart\", \"findings\": [\n"
	cases := []struct {
		name, src string
		pos       string // line:col
		msg       string
	}{
		{"empty", "", "1:1", "empty file"},
		{"syntax", head + "  {\"rule\": \"iam/full-admin\", \"file\": \"a.json\"\n]}\n", "3:1", "invalid JSON"},
		// encoding/json's Decoder.Token reports a bad byte at the start of
		// an array element at a wrong offset, so this case checks no position.
		{"merge conflict", head + "<<<<<<< HEAD\n  {\"rule\": \"a/b\", \"file\": \"a\"}\n]}\n", "", "invalid JSON: invalid character '<'"},
		{"invalid UTF-8", head + "  {\"rule\": \"a/b\", \"file\": \"\xff\"}\n]}\n", "2:28", "invalid UTF-8"},
		{"binary", "\x00\x01\x02\x03", "", `invalid character '\x00'`},
		{"nested too deep", head + strings.Repeat("[", 100_000), "2:999", "nesting deeper than 1000 levels"},
		{"not an object", "[1, 2]\n", "1:1", "want a JSON object"},
		{"no version", "{\"tool\": \"rampart\", \"findings\": []}", "1:1", `no "version"`},
		{"future version", "{\n  \"version\": 2,\n  \"tool\": \"rampart\",\n  \"findings\": []\n}\n", "2:14", "baseline version 2, but this rampart reads version 1"},
		{"version as string", "{\"version\": \"1\", \"tool\": \"rampart\", \"findings\": []}", "1:13", "want the number 1"},
		{"other tool", "{\"version\": 1,\n \"tool\": \"eslint\", \"findings\": []}", "2:10", `tool is "eslint"`},
		{"no tool", "{\"version\": 1, \"findings\": []}", "1:1", `no "tool"`},
		{"no findings", "{\"version\": 1, \"tool\": \"rampart\"}", "1:1", `no "findings"`},
		{"findings not an array", "{\"version\": 1, \"tool\": \"rampart\", \"findings\": {}}", "1:47", "findings: want an array, not an object"},
		{"entry not an object", head + "  {\"rule\": \"a/b\", \"file\": \"a\"},\n  \"a/b\"\n]}\n", "3:3", `findings[1]: want an object, not "a/b"`},
		{"entry without rule", head + "  {\"file\": \"a.json\"}\n]}\n", "2:3", `findings[0]: no "rule"`},
		{"empty file", head + "  {\"rule\": \"a/b\", \"file\": \"\"}\n]}\n", "2:27", "findings[0].file: want a non-empty string, not an empty string"},
		{"path not a string", head + "  {\"rule\": \"a/b\", \"file\": \"a\", \"path\": 3}\n]}\n", "2:40", "findings[0].path: want a non-empty string, not 3"},
		{"path and message", head + "  {\"rule\": \"a/b\", \"file\": \"a\", \"path\": \"P\", \"message\": \"m\"}\n]}\n", "2:56", "findings[0]: an entry has a path or a message, not both"},
		{"count zero", head + "  {\"rule\": \"a/b\", \"file\": \"a\", \"count\": 0}\n]}\n", "2:41", "findings[0].count: want a positive integer, not 0"},
		{"count fraction", head + "  {\"rule\": \"a/b\", \"file\": \"a\", \"count\": 1.5}\n]}\n", "2:41", "not 1.5"},
		{"count string", head + "  {\"rule\": \"a/b\", \"file\": \"a\", \"count\": \"2\"}\n]}\n", "2:41", `not "2"`},
		{"duplicate key", head + "  {\"rule\": \"a/b\", \"file\": \"a\", \"file\": \"b\"}\n]}\n", "2:32", `duplicate key "file"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := baseline.Parse("b.json", []byte(tc.src))
			var se *source.Error
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T), want a *source.Error", err, err)
			}
			got := se.Range.Start.String()
			if tc.pos == "" {
				tc.pos = got
			}
			if got != tc.pos || !strings.Contains(se.Msg, tc.msg) || se.File != "b.json" || !se.Range.Start.IsValid() {
				t.Errorf("error %q at %s, want %q at %s", se.Msg, got, tc.msg, tc.pos)
			}
			if !strings.HasPrefix(err.Error(), "b.json:"+tc.pos+": ") {
				t.Errorf("error text %q does not start with the position", err)
			}
		})
	}
	if _, err := baseline.Read(filepath.Join(t.TempDir(), "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// Entries a future version adds fields to still read, and two entries with
// one key (a hand edit, a merge) add up.
func TestLenientReading(t *testing.T) {
	src := `{"version": 1, "tool": "rampart", "generated": "2026-01-01", "findings": [
  {"rule": "a/b", "file": "x.json", "path": "P", "note": "from a newer rampart"},
  {"rule": "a/b", "file": "x.json", "path": "P", "count": 2}
]}`
	// With a byte order mark, as some Windows editors save.
	b, err := baseline.Parse(filepath.Join(t.TempDir(), "b.json"), []byte("\uFEFF"+src))
	if err != nil {
		t.Fatal(err)
	}
	if es := b.Entries(); len(es) != 1 || es[0].Count != 3 {
		t.Errorf("entries = %+v, want one of count 3", es)
	}
}

// A secret the linter finds is not in the baseline file: not whole, not any
// nine characters of it, not its masked form.
func TestSecretNeverWritten(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	pick := func(alphabet string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	// Built at run time so that no credential-shaped literal is committed.
	keyID := "AK" + "IA" + pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
	secret := pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3) + pick("abcdefghijklmnopqrstuvwxyz", 3) + pick("0123456789", 3) + pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+", 31)
	dir := t.TempDir()
	writeFile(t, dir, "buildspec.yml", "version: 0.2\nenv:\n  variables:\n    AWS_ACCESS_KEY_ID: "+keyID+"\n    AWS_SECRET_ACCESS_KEY: "+secret+"\nphases:\n  build:\n    commands:\n      - echo "+keyID+"\n")
	writeFile(t, dir, "main.tf", "provider \"aws\" {\n  region     = \"eu-west-1\"\n  access_key = \""+keyID+"\"\n  secret_key = \""+secret+"\"\n}\n")
	fs := lintPaths(t, dir)
	sensitive := 0
	for _, f := range fs {
		if f.Sensitive {
			sensitive++
		}
	}
	if sensitive < 3 {
		t.Fatalf("want the planted keys found, got:%s", describe(fs))
	}
	path := filepath.Join(dir, "rampart-baseline.json")
	b, _ := baseline.New(path)
	for _, f := range fs {
		b.Add(f)
	}
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}
	out, _ := os.ReadFile(path)
	if !strings.Contains(string(out), `"rule": "secrets/hardcoded-credential"`) {
		t.Fatalf("the credential findings are not in the baseline:\n%s", out)
	}
	for name, s := range map[string]string{"access key ID": keyID, "secret access key": secret} {
		for i := 0; i+9 <= len(s); i++ {
			if strings.Contains(string(out), s[i:i+9]) {
				t.Errorf("the baseline holds %q of the %s:\n%s", s[i:i+9], name, out)
				break
			}
		}
		if masked := s[:4] + "****"; strings.Contains(string(out), masked) {
			t.Errorf("the baseline holds the masked %s %q", name, masked)
		}
	}
	if strings.Contains(string(out), "`") {
		t.Errorf("the baseline quotes a message:\n%s", out)
	}
	if fresh := split(b, fs); len(fresh) != 0 {
		t.Errorf("keyed without their secrets, the findings no longer match:%s", describe(fresh))
	}
}

// docs/baseline.schema.json describes what rampart writes, and refuses what
// it refuses.
func TestSchema(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "docs", "baseline.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("baseline.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("baseline.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	validate := func(src string) error {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(src))
		if err != nil {
			return err
		}
		return schema.Validate(inst)
	}

	dir := t.TempDir()
	writeFile(t, dir, ".github/workflows/ci.yml", workflow)
	writeFile(t, dir, "broken.json", "{\"Version\": \"2012-10-17\", \"Statement\": [}")
	writeFile(t, dir, "admin.json", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}")
	b, _ := baseline.New(filepath.Join(dir, "b.json"))
	fs := lintPaths(t, dir)
	for _, f := range append(fs, fs[0]) { // a count, too
		b.Add(f)
	}
	var buf bytes.Buffer
	b.WriteTo(&buf)
	if !strings.Contains(buf.String(), `"message": `) || !strings.Contains(buf.String(), `"count": 2`) {
		t.Fatalf("the sample lacks a message or a count:\n%s", buf.String())
	}
	if err := validate(buf.String()); err != nil {
		t.Errorf("written baseline does not match the schema: %v\n%s", err, buf.String())
	}
	for _, bad := range []string{
		`{"version": 2, "tool": "rampart", "findings": []}`,
		`{"version": 1, "tool": "other", "findings": []}`,
		`{"version": 1, "tool": "rampart"}`,
		`{"version": 1, "tool": "rampart", "findings": [{"rule": "a/b"}]}`,
		`{"version": 1, "tool": "rampart", "findings": [{"rule": "a/b", "file": "x", "count": 0}]}`,
		`{"version": 1, "tool": "rampart", "findings": [{"rule": "a/b", "file": "x", "path": "P", "message": "m"}]}`,
	} {
		if validate(bad) == nil {
			t.Errorf("schema accepts %s", bad)
		}
		if _, err := baseline.Parse("b.json", []byte(bad)); err == nil {
			t.Errorf("Parse accepts %s", bad)
		}
	}
}
