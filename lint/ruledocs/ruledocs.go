// Package ruledocs renders each rule's documentation page from its metadata
// and its fixtures, so the docs say what the code does: the bad example is a
// file the rule is tested to flag, the good one a file it is tested to pass.
package ruledocs

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rampart-lint/rampart/lint/report"
	"github.com/rampart-lint/rampart/lint/rule"
)

// maxExampleLines keeps examples readable; a longer fixture is passed over
// for a shorter one, or cut with a note.
const maxExampleLines = 60

// Pages renders the page of every rule and the index, keyed by path relative
// to the docs directory (rules/iam/full-admin.md, rules/README.md). fixtures
// is the testdata/rules directory.
func Pages(rules []rule.Rule, fixtures string) (map[string][]byte, error) {
	pages := make(map[string][]byte, len(rules)+1)
	for _, r := range rules {
		page, err := Page(r, filepath.Join(fixtures, filepath.FromSlash(r.ID)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.ID, err)
		}
		pages["rules/"+r.ID+".md"] = page
	}
	pages["rules/README.md"] = bytes.TrimRight(index(rules), "\n")
	return pages, nil
}

// Page renders one rule's page. dir holds its fixtures; it may be missing for
// the core's own rules, whose examples are built in.
func Page(r rule.Rule, dir string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!-- Generated from the rule's metadata and fixtures by lint/ruledocs; do not edit. -->\n\n")
	fmt.Fprintf(&b, "# %s\n\n**%s**\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "| severity | kinds | fixable |\n| --- | --- | --- |\n| %s | %s | %s |\n\n",
		r.Severity, strings.Join(r.Kinds, ", "), yesNo(r.Fixable))
	fmt.Fprintf(&b, "## Why it matters\n\n%s\n\n", strings.TrimSpace(r.Description))
	if r.Threat != "" {
		fmt.Fprintf(&b, "**Threat:** %s\n\n", r.Threat)
	}
	fmt.Fprintf(&b, "## How to fix\n\n%s\n\n", r.Remediation)
	if r.Fixable {
		b.WriteString("`rampart lint --fix` applies the fix in place where it is unambiguous, and the language server offers it as a quick fix.\n\n")
	}

	bad, good, err := examples(r, dir)
	if err != nil {
		return nil, err
	}
	if bad != nil {
		fmt.Fprintf(&b, "## Bad example\n\n")
		bad.write(&b)
	}
	if good != nil {
		fmt.Fprintf(&b, "## Good example\n\n")
		good.write(&b)
	}
	if len(r.Settings) > 0 {
		fmt.Fprintf(&b, "## Settings\n\nIn `.rampart.yaml` under `settings:`:\n\n| setting | default |\n| --- | --- |\n")
		keys := make([]string, 0, len(r.Settings))
		for k := range r.Settings {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "| `%s` | `%v` |\n", k, r.Settings[k])
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "## Suppressing it\n\nOn the line of the finding, or the line above it (YAML and Terraform):\n\n```yaml\n# rampart:ignore %s -- <why this is acceptable here>\n```\n\nor in `.rampart.yaml`:\n\n```yaml\nrules:\n  %s: off\n```\n\n", r.ID, r.ID)
	if len(r.References) > 0 {
		b.WriteString("## References\n\n")
		for _, ref := range r.References {
			if ref.Description != "" {
				fmt.Fprintf(&b, "- [%s](%s)\n", ref.Description, ref.URL)
			} else {
				fmt.Fprintf(&b, "- <%s>\n", ref.URL)
			}
		}
		b.WriteString("\n")
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

type example struct {
	name  string
	lang  string
	text  string
	marks []string // "line 5: the token" for each expected finding
	cut   bool
}

func (e *example) write(b *bytes.Buffer) {
	fmt.Fprintf(b, "`%s`:\n\n```%s\n%s\n```\n\n", e.name, e.lang, strings.TrimRight(e.text, "\n"))
	if e.cut {
		fmt.Fprintf(b, "(The fixture continues; only its first %d lines are shown.)\n\n", maxExampleLines)
	}
	if len(e.marks) > 0 {
		b.WriteString("rampart reports:\n\n")
		for _, m := range e.marks {
			fmt.Fprintf(b, "- %s\n", m)
		}
		b.WriteString("\n")
	}
}

// examples picks the shortest bad fixture that has expectations and the
// shortest good fixture, so the page shows the rule's point without noise.
func examples(r rule.Rule, dir string) (bad, good *example, err error) {
	if strings.HasPrefix(r.ID, "rampart/") {
		return coreExamples(r.ID)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("no fixtures: %w", err)
	}
	expect, err := readExpect(filepath.Join(dir, "expect.txt"))
	if err != nil {
		return nil, nil, err
	}
	var bestBad, bestGood string
	lines := map[string]int{}
	for _, e := range entries {
		name := e.Name()
		src, err := readFixture(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, err
		}
		n := bytes.Count(src, []byte("\n"))
		lines[name] = n
		switch {
		case strings.HasPrefix(name, "bad") && len(expect[name]) > 0:
			if bestBad == "" || n < lines[bestBad] {
				bestBad = name
			}
		case strings.HasPrefix(name, "good"):
			if bestGood == "" || n < lines[bestGood] {
				bestGood = name
			}
		}
	}
	if bestBad != "" {
		if bad, err = load(dir, bestBad, expect[bestBad], r.Sensitive); err != nil {
			return nil, nil, err
		}
	}
	if bestGood != "" {
		if good, err = load(dir, bestGood, nil, false); err != nil {
			return nil, nil, err
		}
	}
	return bad, good, nil
}

// load reads a fixture and describes its expected findings. For a sensitive
// rule the flagged tokens are secrets (fake ones, but secrets by format), and
// the page masks them as every other output does.
func load(dir, name string, ranges []string, sensitive bool) (*example, error) {
	if info, err := os.Stat(filepath.Join(dir, name)); err == nil && info.IsDir() {
		return loadDir(dir, name, ranges)
	}
	src, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	all := strings.Split(strings.TrimRight(string(src), "\n"), "\n")
	if sensitive {
		for _, rg := range ranges {
			var l1, c1, l2, c2 int
			if _, err := fmt.Sscanf(rg, "%d:%d-%d:%d", &l1, &c1, &l2, &c2); err != nil || l1 < 1 || l2 > len(all) {
				return nil, fmt.Errorf("%s: bad range %q", name, rg)
			}
			// Mask the token as one piece, line breaks and all, so a multi-line
			// secret (a PEM key) shows at most its first and last characters.
			block := []rune(strings.Join(all[l1-1:l2], "\n"))
			from := min(c1-1, len(block))
			to := len(block) - len([]rune(all[l2-1])) + (c2 - 1)
			to = min(max(to, from), len(block))
			masked := string(block[:from]) + report.MaskToken(string(block[from:to])) + string(block[to:])
			copy(all[l1-1:l2], strings.Split(masked, "\n"))
		}
	}
	e := &example{name: name, lang: lang(name)}
	shown := all
	if len(all) > maxExampleLines {
		shown, e.cut = all[:maxExampleLines], true
	}
	e.text = strings.Join(shown, "\n")
	for _, rg := range ranges {
		m, err := mark(all, rg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		e.marks = append(e.marks, m)
	}
	return e, nil
}

// mark describes the finding at rg (line:col-line:col) in a file's lines:
// where it is and the text it covers.
func mark(all []string, rg string) (string, error) {
	var l1, c1, l2, c2 int
	if _, err := fmt.Sscanf(rg, "%d:%d-%d:%d", &l1, &c1, &l2, &c2); err != nil || l1 < 1 || l1 > len(all) {
		return "", fmt.Errorf("bad range %q", rg)
	}
	line := []rune(all[l1-1])
	end := len(line)
	if l2 == l1 {
		end = min(c2-1, len(line))
	}
	token := string(line[min(c1-1, len(line)):max(end, min(c1-1, len(line)))])
	if token == "" {
		return fmt.Sprintf("line %d, column %d (the whole file)", l1, c1), nil
	}
	if len([]rune(token)) > 60 {
		token = string([]rune(token)[:57]) + "..."
	}
	return fmt.Sprintf("line %d, column %d: `%s`", l1, c1, strings.ReplaceAll(token, "`", "'")), nil
}

// readFixture reads a fixture file, or every file of a fixture directory
// (repository checks) one after the other.
func readFixture(p string) ([]byte, error) {
	info, err := os.Stat(p)
	if err != nil || !info.IsDir() {
		return os.ReadFile(p)
	}
	var all []byte
	err = filepath.WalkDir(p, func(f string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, rerr := os.ReadFile(f)
			all = append(all, b...)
			return rerr
		}
		return err
	})
	return all, err
}

// loadDir shows a directory fixture as its files, each with its content;
// its expectations are keyed by file: "main.tf:3:18-3:40".
func loadDir(dir, name string, expected []string) (*example, error) {
	var b strings.Builder
	err := filepath.WalkDir(filepath.Join(dir, name), func(f string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(dir, name), f)
		fmt.Fprintf(&b, "# %s\n%s\n", filepath.ToSlash(rel), strings.TrimRight(string(src), "\n"))
		return nil
	})
	if err != nil {
		return nil, err
	}
	e := &example{name: name + "/", lang: "text", text: strings.TrimRight(b.String(), "\n")}
	for _, x := range expected {
		rel, rg, _ := strings.Cut(x, ":")
		src, err := os.ReadFile(filepath.Join(dir, name, filepath.FromSlash(rel)))
		if err != nil {
			return nil, err
		}
		m, err := mark(strings.Split(strings.TrimRight(string(src), "\n"), "\n"), rg)
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %w", name, rel, err)
		}
		e.marks = append(e.marks, "`"+rel+"`, "+m)
	}
	return e, nil
}

func lang(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return "json"
	case ".tf":
		return "hcl"
	}
	return "yaml"
}

func readExpect(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		file, rng, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%s: bad line %q", path, line)
		}
		// A directory fixture's expectation names the file inside it; it
		// is kept under the directory, with that file.
		if top, rel, inDir := strings.Cut(file, "/"); inDir {
			file, rng = top, rel+":"+rng
		}
		out[file] = append(out[file], rng)
	}
	return out, sc.Err()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// index lists every rule by category.
func index(rules []rule.Rule) []byte {
	var b bytes.Buffer
	b.WriteString("<!-- Generated by lint/ruledocs; do not edit. -->\n\n# Rules\n\n")
	b.WriteString("Every rule rampart ships, by category. `rampart rules` prints the same list; `rampart explain <id>` prints a rule's summary in the terminal.\n")
	cat := ""
	for _, r := range rules {
		if r.Category() != cat {
			cat = r.Category()
			fmt.Fprintf(&b, "\n## %s\n\n| rule | severity | kinds | title |\n| --- | --- | --- | --- |\n", cat)
		}
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, strings.Join(r.Kinds, ", "), r.Title)
	}
	return b.Bytes()
}

// coreExamples are the built-in examples of the core's own rules, which have
// no Rego and so no fixture folder.
func coreExamples(id string) (bad, good *example, err error) {
	switch id {
	case "rampart/parse-error":
		return &example{name: "buildspec.yml", lang: "yaml", text: "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n     - make test", marks: []string{"line 6, column 6: `- make test` (invalid YAML: did not find expected key)"}},
			&example{name: "buildspec.yml", lang: "yaml", text: "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n      - make test"}, nil
	case "rampart/timeout":
		return &example{name: ".rampart.yaml", lang: "yaml", text: "limits:\n  file-timeout: 50ms", marks: []string{"line 1, column 1 of every file that takes longer than 50 ms to lint (a template with thousands of resources): linting this file took longer than the 50ms per-file timeout and was stopped"}},
			&example{name: ".rampart.yaml", lang: "yaml", text: "limits:\n  file-timeout: 30s # the default: no real file comes near it"}, nil
	case "rampart/unused-suppression":
		return &example{name: "policy.yaml", lang: "yaml", text: "Statement:\n  - Effect: Allow\n    # rampart:ignore iam/full-admin -- legacy role\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::reports/*", marks: []string{"line 3, column 5: the comment, which suppresses nothing on line 4"}},
			&example{name: "policy.yaml", lang: "yaml", text: "Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::reports/*"}, nil
	case "rampart/suppression-without-reason":
		return &example{name: "policy.yaml", lang: "yaml", text: "Statement:\n  - Effect: Allow\n    Action: \"*\" # rampart:ignore iam/full-admin\n    Resource: \"*\"", marks: []string{"line 3, column 17: the comment, which gives no reason"}},
			&example{name: "policy.yaml", lang: "yaml", text: "Statement:\n  - Effect: Allow\n    Action: \"*\" # rampart:ignore iam/full-admin -- break-glass role, reviewed in SEC-123\n    Resource: \"*\""}, nil
	case "rampart/expired-suppression":
		return &example{name: "policy.yaml", lang: "yaml", text: "Statement:\n  - Effect: Allow\n    Action: \"*\" # rampart:ignore iam/full-admin exp:2025-01-31 -- until the migration\n    Resource: \"*\"", marks: []string{"line 3, column 17: the comment, expired on 2025-01-31 (and iam/full-admin is reported again)"}},
			&example{name: "policy.yaml", lang: "yaml", text: "Statement:\n  - Effect: Allow\n    Action: \"*\" # rampart:ignore iam/full-admin exp:2027-03-31 -- until the migration\n    Resource: \"*\""}, nil
	}
	return nil, nil, nil
}
