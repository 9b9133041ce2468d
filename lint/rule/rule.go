// Package rule describes rules: their metadata, decoded from the Rego
// annotations of built-in and custom policies, and their severities.
package rule

import (
	"fmt"
	"strings"
)

// Severity orders findings; config can override a rule's default.
type Severity int

const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want one of %s)", name, strings.Join(severityNames[:], ", "))
}

// MarshalText makes severities appear by name in JSON and YAML.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText is the inverse of MarshalText.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Reference is a link to documentation about what a rule checks.
type Reference struct {
	URL         string `json:"url"`
	Description string `json:"description,omitempty"`
}

// Rule is one rule's metadata.
type Rule struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Severity    Severity `json:"severity"`
	Kinds       []string `json:"kinds"`
	Remediation string   `json:"remediation"`
	Threat      string   `json:"threat,omitempty"`
	Fixable     bool     `json:"fixable,omitempty"`
	// Sensitive marks a rule whose findings point at a secret: reporters
	// mask the offending token wherever they would show source text.
	Sensitive  bool           `json:"sensitive,omitempty"`
	Settings   map[string]any `json:"settings,omitempty"`
	References []Reference    `json:"references,omitempty"`
	// Builtin is false for rules loaded from a custom policy directory.
	Builtin bool `json:"builtin"`
	// Source is the file the rule was loaded from (an embedded path for
	// built-in rules). Empty for the core's own rampart/* rules.
	Source string `json:"source,omitempty"`
	// Query is the Rego reference of the rule's violations,
	// e.g. data.rampart.rules.iam.full_admin.deny.
	Query string `json:"-"`
}

// Category is the part of the id before the slash.
func (r Rule) Category() string {
	cat, _, _ := strings.Cut(r.ID, "/")
	return cat
}

// Name is the part of the id after the slash.
func (r Rule) Name() string {
	_, name, _ := strings.Cut(r.ID, "/")
	return name
}

// DocsBase is where rule pages are published.
const DocsBase = "https://github.com/rampart-lint/rampart/blob/main/docs/rules/"

// DocsURL is the rule's documentation page. Custom rules have none unless
// they name one as their first reference.
func (r Rule) DocsURL() string {
	if r.Builtin {
		return DocsBase + r.ID + ".md"
	}
	if len(r.References) > 0 {
		return r.References[0].URL
	}
	return ""
}

// AppliesTo reports whether the rule reads documents of kind k.
func (r Rule) AppliesTo(k string) bool {
	for _, x := range r.Kinds {
		if x == k {
			return true
		}
	}
	return false
}
