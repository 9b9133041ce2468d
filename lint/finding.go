package lint

import (
	"sort"

	"github.com/rampart-lint/rampart/lint/rule"
	"github.com/rampart-lint/rampart/lint/source"
)

// Types re-exported from the packages that define them, so that library users
// need only this package.
type (
	Range    = source.Range
	Position = source.Position
	Severity = rule.Severity
	Rule     = rule.Rule
)

// Severities, lowest first.
const (
	Info     = rule.Info
	Low      = rule.Low
	Medium   = rule.Medium
	High     = rule.High
	Critical = rule.Critical
)

// ParseSeverity reads a severity name.
func ParseSeverity(s string) (Severity, error) { return rule.ParseSeverity(s) }

// Finding is one problem at one place. Rule findings and syntax errors share
// this type. Its JSON form is part of rampart's versioned output.
type Finding struct {
	Rule        string   `json:"rule"`
	Severity    Severity `json:"severity"`
	Kind        string   `json:"kind,omitempty"`
	File        string   `json:"file"`
	Message     string   `json:"message"`
	Remediation string   `json:"remediation,omitempty"`
	Range       Range    `json:"range"`
	// Path is the logical path of the offending node in the file,
	// e.g. Statement[1].Action[0]; empty for syntax errors.
	Path string `json:"path,omitempty"`
	Docs string `json:"docs,omitempty"`
	// Sensitive is true when Range covers a secret: a front end that shows
	// source text must mask it there.
	Sensitive bool `json:"sensitive,omitempty"`
	// Suppression is set on a finding that a suppression hides; such
	// findings are only returned with Options.KeepSuppressed.
	Suppression *Suppression `json:"suppression,omitempty"`
}

// Suppression says how a finding was suppressed.
type Suppression struct {
	Kind    string `json:"kind"` // "inline" (a comment) or "config" (an ignore: entry)
	Reason  string `json:"reason,omitempty"`
	Expires string `json:"expires,omitempty"`
	Range   Range  `json:"range"`
	// File holds Range when it is not the finding's file: the config file,
	// for an ignore: entry.
	File string `json:"file,omitempty"`
}

// sortFindings orders findings by position then rule, and drops exact
// duplicates (two documents of a stream cannot overlap, but one rule can
// reach the same node twice).
func sortFindings(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Range.Start.Offset != b.Range.Start.Offset {
			return a.Range.Start.Offset < b.Range.Start.Offset
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Range.End.Offset != b.Range.End.Offset {
			return a.Range.End.Offset < b.Range.End.Offset
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Message < b.Message
	})
	out := fs[:0]
	for i, f := range fs {
		if i > 0 {
			p := out[len(out)-1]
			// The same token can carry two findings with different paths: a
			// YAML anchor used by two resources is both resources' problem.
			if p.Rule == f.Rule && p.Range == f.Range && p.Message == f.Message && p.File == f.File && p.Path == f.Path {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}
