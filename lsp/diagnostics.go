package lsp

import (
	"encoding/json"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/lint"
)

// diagSource names rampart's diagnostics in the editor.
const diagSource = "rampart"

// diagnosticData travels in Diagnostic.data and comes back in code action
// requests: the rule id survives clients that drop or rewrite `code`.
type diagnosticData struct {
	Rule string `json:"rule"`
	// Path is the finding's logical path, which quick fixes start from.
	Path string `json:"path,omitempty"`
}

// dataOf reads a diagnostic's data, as sent or as the client sent it back.
func dataOf(d protocol.Diagnostic) diagnosticData {
	var dd diagnosticData
	switch x := d.Data.(type) {
	case nil:
	case diagnosticData:
		dd = x
	default:
		if b, err := json.Marshal(x); err == nil {
			_ = json.Unmarshal(b, &dd)
		}
	}
	return dd
}

// ruleOf reads the rule id of a diagnostic the client sent back: from data
// first, then from code.
func ruleOf(d protocol.Diagnostic) string {
	if dd := dataOf(d); dd.Rule != "" {
		return dd.Rule
	}
	if d.Code != nil {
		if s, ok := d.Code.Value.(string); ok {
			return s
		}
	}
	return ""
}

// severity maps rampart's severities to the editor's.
func severity(s lint.Severity) protocol.DiagnosticSeverity {
	switch {
	case s >= lint.High:
		return protocol.DiagnosticSeverityError
	case s == lint.Medium:
		return protocol.DiagnosticSeverityWarning
	case s == lint.Low:
		return protocol.DiagnosticSeverityInformation
	}
	return protocol.DiagnosticSeverityHint
}

// diagnostic converts a finding, whose range is taken from its byte offsets
// in the linted text.
func (s *Server) diagnostic(l *lint.Linter, idx *lineIndex, f lint.Finding) protocol.Diagnostic {
	sev := severity(f.Severity)
	src := diagSource
	d := protocol.Diagnostic{
		Range:    findingRange(idx, f.Range),
		Severity: &sev,
		Code:     &protocol.IntegerOrString{Value: f.Rule},
		Source:   &src,
		Message:  f.Message,
		Data:     diagnosticData{Rule: f.Rule, Path: f.Path},
	}
	docs := f.Docs
	if docs == "" {
		if r, ok := l.Rule(f.Rule); ok {
			docs = r.DocsURL()
		}
	}
	if docs != "" {
		d.CodeDescription = &protocol.CodeDescription{HRef: docs}
	}
	if f.Rule == lint.UnusedSuppression {
		d.Tags = []protocol.DiagnosticTag{protocol.DiagnosticTagUnnecessary}
	}
	return d
}

func findingRange(idx *lineIndex, r lint.Range) protocol.Range {
	start, end := r.Start.Offset, r.End.Offset
	if !r.End.IsValid() || end < start {
		end = start
	}
	return protocol.Range{Start: idx.position(start), End: idx.position(end)}
}
