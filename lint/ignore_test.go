package lint_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/config"
	"github.com/rampart-lint/rampart/lint/report"
)

const widePolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`

// ignoreConfig's entries, by line: 2 suppresses legacy/a.json; 5 suppresses
// wide.json's wildcard resource without a reason; 8 is narrowed to a
// statement without a finding; 12 names files that do not exist; 15 has
// expired; 19 suppresses a deliberately broken fixture.
const ignoreConfig = `ignore:
  - rule: iam/full-admin
    path: legacy/*.json
    reason: legacy role, JIRA-123
  - rule: iam/wildcard-resource
    path: legacy/wide.json
    at: Statement[0].Resource
  - rule: iam/full-admin
    path: narrow.json
    at: Statement[1]
    reason: wrong statement
  - rule: iam/full-admin
    path: gone/*.json
    reason: removed long ago
  - rule: iam/full-admin
    path: expired.json
    reason: temporary
    expires: 2026-01-31
  - rule: rampart/parse-error
    path: fixtures/broken.json
    reason: deliberately broken test fixture
`

func ignoreTree(t *testing.T, cfgText string) (string, *config.Config) {
	t.Helper()
	dir := writeFiles(t, map[string]string{
		".rampart.yaml":        cfgText,
		"legacy/a.json":        adminPolicy,
		"legacy/wide.json":     widePolicy,
		"narrow.json":          adminPolicy,
		"expired.json":         adminPolicy,
		"fixtures/broken.json": "{\"Version\": \"2012-10-17\", \"Statement\": [}",
		"notes.json":           `{"name": "not a policy"}`,
	})
	cfg, err := config.Load(filepath.Join(dir, config.FileName))
	if err != nil {
		t.Fatal(err)
	}
	return dir, cfg
}

func ignoreLinter(t *testing.T, cfg *config.Config, opts lint.Options) *lint.Linter {
	t.Helper()
	opts.Config = cfg
	opts.Now = func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }
	l, err := lint.New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func lintSome(t *testing.T, l *lint.Linter, dir string, rels ...string) []string {
	t.Helper()
	var paths []string
	for _, r := range rels {
		paths = append(paths, filepath.Join(dir, filepath.FromSlash(r)))
	}
	res, err := l.LintPaths(context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	got := at(dir, res.Findings)
	sort.Strings(got)
	return got
}

func TestConfigIgnores(t *testing.T) {
	dir, cfg := ignoreTree(t, ignoreConfig)
	l := ignoreLinter(t, cfg, lint.Options{})

	// A run over the config's whole directory holds every entry to account.
	got := strings.Join(lintSome(t, l, dir, "."), "\n")
	want := strings.Join([]string{
		".rampart.yaml:12:5 rampart/unused-suppression",        // its glob matches no file
		".rampart.yaml:15:5 rampart/expired-suppression",       // and the finding is back
		".rampart.yaml:5:5 rampart/suppression-without-reason", // suppresses, but says not why
		".rampart.yaml:8:5 rampart/unused-suppression",         // at: narrows it off the finding
		"expired.json:4:35 iam/full-admin",                     // the expired entry hides nothing
		"narrow.json:4:35 iam/full-admin",                      // Statement[0], not [1]
	}, "\n")
	if got != want {
		t.Errorf("whole run:\n%s\nwant:\n%s", got, want)
	}

	// The messages say which entry and why.
	res, err := l.LintPaths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	msgs := map[int]string{}
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Rule, "rampart/") {
			if f.File != cfg.File || f.Kind != "" {
				t.Errorf("%s: file %q kind %q, want the config file and no kind", f.Rule, f.File, f.Kind)
			}
			msgs[f.Range.Start.Line] = f.Message
		}
	}
	for line, want := range map[int]string{
		5:  "ignore entry for iam/wildcard-resource in legacy/wide.json at Statement[0].Resource gives no reason",
		8:  "ignore entry for iam/full-admin in narrow.json at Statement[1] matches no finding",
		12: "ignore entry for iam/full-admin in gone/*.json matches no finding: no linted file matches its path",
		15: "ignore entry for iam/full-admin in expired.json expired on 2026-01-31",
	} {
		if !strings.HasPrefix(msgs[line], want) {
			t.Errorf("line %d: %q, want it to start %q", line, msgs[line], want)
		}
	}
	if res.Files != 5 {
		t.Errorf("files = %d, want the 5 linted; the config's account is not a linted file", res.Files)
	}
}

// TestConfigIgnoresPartialRun: a run over some files (a pre-commit hook
// passes the staged ones) judges only the entries it can.
func TestConfigIgnoresPartialRun(t *testing.T) {
	dir, cfg := ignoreTree(t, ignoreConfig)
	l := ignoreLinter(t, cfg, lint.Options{})
	for _, tc := range []struct {
		files []string
		want  []string
	}{
		// Entry 2 is used; no other entry's glob matches a.json.
		{[]string{"legacy/a.json"}, nil},
		// Entry 5 is used and has no reason. Entry 2's glob matched
		// wide.json, which has no full-admin finding, but legacy/a.json was
		// not linted: entry 2 cannot be called unused.
		{[]string{"legacy/wide.json"}, []string{".rampart.yaml:5:5 rampart/suppression-without-reason"}},
		// Entry 8's glob matches narrow.json alone, which was linted.
		{[]string{"narrow.json"}, []string{".rampart.yaml:8:5 rampart/unused-suppression", "narrow.json:4:35 iam/full-admin"}},
		// Entry 12 names no file: only a whole run reports it.
		{[]string{"notes.json", "fixtures/broken.json"}, nil},
		{[]string{"expired.json"}, []string{".rampart.yaml:15:5 rampart/expired-suppression", "expired.json:4:35 iam/full-admin"}},
		// A directory below the config's is not the whole run: entry 12
		// stays unjudged.
		{[]string{"legacy"}, []string{".rampart.yaml:5:5 rampart/suppression-without-reason"}},
	} {
		got := lintSome(t, l, dir, tc.files...)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("lint %v:\n%s\nwant:\n%s", tc.files, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

func TestConfigIgnoresSeenButUnused(t *testing.T) {
	// legacy/*.json covers a.json (fixed: no finding) and notes.json
	// (skipped, not a policy). Both were seen, so the entry is unused.
	dir := writeFiles(t, map[string]string{
		".rampart.yaml":   "ignore:\n  - rule: iam/full-admin\n    path: legacy/*.json\n    reason: r\n",
		"legacy/a.json":   widePolicy,
		"legacy/n.json":   `{"name": "not a policy"}`,
		"other/b.json":    adminPolicy,
		"other/note.yaml": "a: 1\n",
	})
	cfg, err := config.Load(filepath.Join(dir, config.FileName))
	if err != nil {
		t.Fatal(err)
	}
	l := ignoreLinter(t, cfg, lint.Options{})
	got := lintSome(t, l, dir, "legacy/a.json")
	if len(got) != 1 || got[0] != "legacy/a.json:1:99 iam/wildcard-resource" {
		t.Errorf("with legacy/n.json unseen: %v, want only a.json's own finding", got)
	}
	got = lintSome(t, l, dir, "legacy/a.json", "legacy/n.json")
	if strings.Join(got, ",") != ".rampart.yaml:2:5 rampart/unused-suppression,legacy/a.json:1:99 iam/wildcard-resource" {
		t.Errorf("with both seen: %v, want the entry unused", got)
	}
}

func TestConfigIgnoresOff(t *testing.T) {
	dir, cfg := ignoreTree(t, ignoreConfig)

	// --no-ignores: every finding is back, and no entry is judged.
	got := lintSome(t, ignoreLinter(t, cfg, lint.Options{NoIgnores: true}), dir, ".")
	want := []string{
		"expired.json:4:35 iam/full-admin",
		"fixtures/broken.json:1:41 rampart/parse-error",
		"legacy/a.json:4:35 iam/full-admin",
		"legacy/wide.json:1:99 iam/wildcard-resource",
		"narrow.json:4:35 iam/full-admin",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("--no-ignores:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The accountability rules are rules like any other: they can be off.
	cfg2, err := config.Parse(cfg.File, []byte(ignoreConfig+"rules:\n  rampart/unused-suppression: off\n  rampart/suppression-without-reason: off\n"))
	if err != nil {
		t.Fatal(err)
	}
	got = lintSome(t, ignoreLinter(t, cfg2, lint.Options{}), dir, ".")
	if strings.Join(got, ",") != ".rampart.yaml:15:5 rampart/expired-suppression,expired.json:4:35 iam/full-admin,narrow.json:4:35 iam/full-admin" {
		t.Errorf("with unused and reasonless off: %v", got)
	}
}

// TestConfigIgnoreSuppressionKept: with KeepSuppressed, a finding an entry
// hides carries the entry, and SARIF keeps it as an external suppression
// located in the config file.
func TestConfigIgnoreSuppressionKept(t *testing.T) {
	dir, cfg := ignoreTree(t, ignoreConfig)
	l := ignoreLinter(t, cfg, lint.Options{KeepSuppressed: true})
	fr := l.LintBytes(context.Background(), filepath.Join(dir, "legacy", "a.json"), []byte(adminPolicy))
	if len(fr.Findings) != 1 {
		t.Fatalf("findings = %+v", fr.Findings)
	}
	s := fr.Findings[0].Suppression
	if s == nil || s.Kind != "config" || s.Reason != "legacy role, JIRA-123" || s.File != cfg.File || s.Range.Start.Line != 2 || s.Range.Start.Column != 5 || s.Range.End.Line != 4 {
		t.Fatalf("suppression = %+v", s)
	}

	var out bytes.Buffer
	rep, err := report.New("sarif", &out, report.Options{Root: dir, Rules: l.Rules()})
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.File(fr); err != nil {
		t.Fatal(err)
	}
	if err := rep.Finish(report.Summary{BySeverity: map[string]int{}}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []struct {
			Results []struct {
				Suppressions []struct {
					Kind          string `json:"kind"`
					Justification string `json:"justification"`
					Location      struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
							Region struct {
								StartLine int `json:"startLine"`
							} `json:"region"`
						} `json:"physicalLocation"`
					} `json:"location"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 || len(doc.Runs[0].Results) != 1 || len(doc.Runs[0].Results[0].Suppressions) != 1 {
		t.Fatalf("SARIF: %s", out.String())
	}
	sup := doc.Runs[0].Results[0].Suppressions[0]
	loc := sup.Location.PhysicalLocation
	if sup.Kind != "external" || sup.Justification != "legacy role, JIRA-123" || loc.ArtifactLocation.URI != ".rampart.yaml" || loc.Region.StartLine != 2 {
		t.Errorf("SARIF suppression = %+v", sup)
	}
}

func TestConfigIgnoreUnknownRule(t *testing.T) {
	cfg, err := config.Parse("c.yaml", []byte("ignore:\n  - rule: iam/full-admin\n    path: a.json\n  - rule: iam/no-such-rule\n    path: b.json\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = lint.New(context.Background(), lint.Options{Config: cfg})
	if err == nil || err.Error() != "c.yaml:4:11: ignore[1].rule: unknown rule \"iam/no-such-rule\" (see `rampart rules`)" {
		t.Errorf("err = %v", err)
	}
}
