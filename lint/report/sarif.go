package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/rule"
)

// SARIF 2.1.0, as GitHub code scanning reads it.
//
// Columns are 1-based and count Unicode code points, as rampart's do; the run
// says so with columnKind "unicodeCodePoints" (GitHub otherwise assumes UTF-16
// code units). End positions are exclusive, as in SARIF. Results carry no
// source snippets, so a secret can only appear in a message, and messages are
// masked at the source.

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion = "2.1.0"
	// SARIFFingerprint is the key of rampart's partial fingerprint: a hash of
	// the rule, the file and the logical path (not the line), so that results
	// survive lines inserted above them.
	SARIFFingerprint = "rampart/v1"
	srcRoot          = "%SRCROOT%"
	informationURI   = "https://github.com/rampart-lint/rampart"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations,omitempty"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult                    `json:"results"`
	ColumnKind         string                           `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMultiText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name,omitempty"`
	ShortDescription     *sarifText        `json:"shortDescription,omitempty"`
	FullDescription      *sarifText        `json:"fullDescription,omitempty"`
	Help                 *sarifMultiText   `json:"help,omitempty"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           sarifRuleProperty `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProperty struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
	Severity         string   `json:"rampart-severity"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions"`
	BaselineState       string             `json:"baselineState,omitempty"`
	Properties          map[string]string  `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
}

type sarifSuppression struct {
	Kind          string            `json:"kind"`
	Justification string            `json:"justification,omitempty"`
	Location      *sarifLocation    `json:"location,omitempty"`
	Properties    map[string]string `json:"properties,omitempty"`
}

type sarifReport struct {
	w       io.Writer
	root    string
	version string
	rules   []sarifRule
	index   map[string]int
	results []sarifResult
	notes   []sarifNotification
	seen    map[string]int // fingerprint base -> occurrences so far
	state   func(lint.Finding) string
}

func newSARIF(w io.Writer, opts Options) *sarifReport {
	r := &sarifReport{w: w, root: opts.Root, version: opts.Version, index: map[string]int{}, seen: map[string]int{}, results: []sarifResult{}, state: opts.BaselineState}
	for _, rl := range opts.Rules {
		r.addRule(rl)
	}
	return r
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s lint.Severity) string {
	switch {
	case s >= lint.High:
		return "error"
	case s == lint.Medium:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's 0–10 score for a severity: critical above
// 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9.
func securitySeverity(s lint.Severity) string {
	switch s {
	case lint.Critical:
		return "9.5"
	case lint.High:
		return "8.0"
	case lint.Medium:
		return "5.5"
	case lint.Low:
		return "3.0"
	}
	return "0.0"
}

func (r *sarifReport) addRule(rl lint.Rule) int {
	if i, ok := r.index[rl.ID]; ok {
		return i
	}
	sr := sarifRule{
		ID:                   rl.ID,
		Name:                 pascal(rl.ID),
		HelpURI:              rl.DocsURL(),
		DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(rl.Severity)},
		Properties: sarifRuleProperty{
			Tags:             []string{"security"},
			SecuritySeverity: securitySeverity(rl.Severity),
			Severity:         rl.Severity.String(),
		},
	}
	if cat := rl.Category(); cat != "" && cat != "security" {
		sr.Properties.Tags = append(sr.Properties.Tags, cat)
	}
	if rl.Title != "" {
		sr.ShortDescription = &sarifText{rl.Title}
	}
	if rl.Description != "" {
		sr.FullDescription = &sarifText{rl.Description}
	}
	if help := ruleHelp(rl.Remediation, sr.HelpURI, false); help != "" {
		sr.Help = &sarifMultiText{Text: help, Markdown: ruleHelp(rl.Remediation, sr.HelpURI, true)}
	}
	r.index[rl.ID] = len(r.rules)
	r.rules = append(r.rules, sr)
	return len(r.rules) - 1
}

func ruleHelp(remediation, docs string, markdown bool) string {
	var parts []string
	if remediation != "" {
		parts = append(parts, remediation)
	}
	if docs != "" {
		if markdown {
			parts = append(parts, "See [the rule's documentation]("+docs+").")
		} else {
			parts = append(parts, "Documentation: "+docs)
		}
	}
	return strings.Join(parts, "\n\n")
}

// pascal turns a rule id such as iam/principal-wildcard into a SARIF rule
// name, IamPrincipalWildcard.
func pascal(id string) string {
	var b strings.Builder
	up := true
	for _, c := range id {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			up = true
			continue
		}
		if up {
			c = unicode.ToUpper(c)
			up = false
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (r *sarifReport) File(fr lint.FileResult) error {
	if fr.Err != nil {
		r.notes = append(r.notes, sarifNotification{
			Level:     "error",
			Message:   sarifText{fr.Err.Error()},
			Locations: []sarifLocation{{PhysicalLocation: &sarifPhysicalLocation{ArtifactLocation: r.artifact(fr.File)}}},
		})
	}
	for _, f := range fr.Findings {
		r.results = append(r.results, r.result(f))
	}
	return nil
}

func (r *sarifReport) result(f lint.Finding) sarifResult {
	idx, ok := r.index[f.Rule]
	if !ok {
		// A rule the metadata did not list (a library caller passing no
		// rules): describe it from the finding, so ruleIndex stays valid.
		idx = r.addRule(lint.Rule{ID: f.Rule, Severity: f.Severity, Remediation: f.Remediation, References: docsRef(f.Docs)})
		if f.Docs != "" && r.rules[idx].HelpURI == "" {
			r.rules[idx].HelpURI = f.Docs
		}
	}
	loc := sarifLocation{PhysicalLocation: &sarifPhysicalLocation{
		ArtifactLocation: r.artifact(f.File),
		Region:           sarifRegionOf(f.Range),
	}}
	if f.Path != "" {
		loc.LogicalLocations = []sarifLogicalLocation{{Name: lastSegment(f.Path), FullyQualifiedName: f.Path}}
	}
	res := sarifResult{
		RuleID:              f.Rule,
		RuleIndex:           idx,
		Level:               sarifLevel(f.Severity),
		Message:             sarifText{f.Message},
		Locations:           []sarifLocation{loc},
		PartialFingerprints: map[string]string{SARIFFingerprint: r.fingerprint(f)},
		Suppressions:        []sarifSuppression{},
		Properties:          map[string]string{"severity": f.Severity.String()},
	}
	if f.Kind != "" {
		res.Properties["kind"] = f.Kind
	}
	if r.state != nil {
		res.BaselineState = r.state(f)
	}
	if s := f.Suppression; s != nil {
		kind := "external"
		if s.Kind == "inline" {
			kind = "inSource"
		}
		sup := sarifSuppression{Kind: kind, Justification: s.Reason}
		if s.Range.Start.Line > 0 {
			file := f.File
			if s.File != "" {
				file = s.File // an ignore: entry in the config
			}
			sup.Location = &sarifLocation{PhysicalLocation: &sarifPhysicalLocation{
				ArtifactLocation: r.artifact(file),
				Region:           sarifRegionOf(s.Range),
			}}
		}
		if s.Expires != "" {
			sup.Properties = map[string]string{"expires": s.Expires}
		}
		res.Suppressions = append(res.Suppressions, sup)
	}
	return res
}

func docsRef(url string) []rule.Reference {
	if url == "" {
		return nil
	}
	return []rule.Reference{{URL: url}}
}

// fingerprint hashes the rule, the file and the logical path (the message
// when there is none, as for syntax errors), never the line; the n-th
// result with the same hash in a run gets the suffix :n.
func (r *sarifReport) fingerprint(f lint.Finding) string {
	where := f.Path
	if where == "" {
		where = "message:" + f.Message
	}
	sum := sha256.Sum256([]byte(f.Rule + "\x00" + slashPath(r.root, f.File) + "\x00" + where))
	base := hex.EncodeToString(sum[:16])
	n := r.seen[base] + 1
	r.seen[base] = n
	return fmt.Sprintf("%s:%d", base, n)
}

func lastSegment(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// sarifRegionOf gives every result a full region: a missing start is line
// 1 column 1, and a missing or backward end is the start.
func sarifRegionOf(rng lint.Range) *sarifRegion {
	s, e := rng.Start, rng.End
	if s.Line < 1 {
		s.Line = 1
	}
	if s.Column < 1 {
		s.Column = 1
	}
	if e.Line < s.Line || (e.Line == s.Line && e.Column < s.Column) {
		e = s
	}
	if e.Column < 1 {
		e.Column = 1
	}
	return &sarifRegion{StartLine: s.Line, StartColumn: s.Column, EndLine: e.Line, EndColumn: e.Column}
}

// slashPath is a file's path relative to root (when root is set and the
// file is inside it), with forward slashes.
func slashPath(root, file string) string {
	if root != "" && filepath.IsAbs(file) {
		if rel, err := filepath.Rel(root, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			file = rel
		}
	}
	return filepath.ToSlash(filepath.Clean(file))
}

// artifact is a URI relative to %SRCROOT% (the root, or the working
// directory), or a file: URI for an absolute path outside the root.
func (r *sarifReport) artifact(file string) sarifArtifactLocation {
	p := slashPath(r.root, file)
	abs := filepath.IsAbs(filepath.FromSlash(p)) || strings.HasPrefix(p, "/")
	if !abs && r.root != "" && (p == ".." || strings.HasPrefix(p, "../")) && filepath.IsAbs(r.root) {
		p, abs = filepath.ToSlash(filepath.Join(r.root, filepath.FromSlash(p))), true
	}
	if abs {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive path
		}
		return sarifArtifactLocation{URI: (&url.URL{Scheme: "file", Path: p}).String()}
	}
	return sarifArtifactLocation{URI: (&url.URL{Path: p}).String(), URIBaseID: srcRoot}
}

func (r *sarifReport) Finish(Summary) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "rampart",
			Version:        r.version,
			InformationURI: informationURI,
			Rules:          r.rules,
		}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: len(r.notes) == 0, ToolExecutionNotifications: r.notes}},
		Results:     r.results,
		ColumnKind:  "unicodeCodePoints",
	}
	if run.Tool.Driver.Rules == nil {
		run.Tool.Driver.Rules = []sarifRule{}
	}
	if r.root != "" && filepath.IsAbs(r.root) {
		root := filepath.ToSlash(r.root)
		if !strings.HasPrefix(root, "/") {
			root = "/" + root
		}
		if !strings.HasSuffix(root, "/") {
			root += "/"
		}
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{srcRoot: {URI: (&url.URL{Scheme: "file", Path: root}).String()}}
	}
	enc := json.NewEncoder(r.w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}
