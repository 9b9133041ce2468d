package lsp

import (
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/fix"
	"github.com/rampart-lint/rampart/lint/source"
)

// placeholderReason is left for the user to replace; a suppression must say
// why the finding is acceptable.
const placeholderReason = "TODO: reason"

// codeAction offers, for each rampart diagnostic in the range, the rule's
// safe quick fix when it has one (lint/fix: the same fixes as `rampart lint
// --fix`), marked preferred, and a quick fix that suppresses the finding
// with a comment on the line above:
//
//	# rampart:ignore <rule> -- TODO: reason
//
// in YAML and HCL. JSON has no comments, so JSON files get no inline
// suppression.
func (s *Server) codeAction(_ *glsp.Context, p *protocol.CodeActionParams) (any, error) {
	actions := []protocol.CodeAction{}
	if only := p.Context.Only; len(only) > 0 && !slices.Contains(only, protocol.CodeActionKindQuickFix) {
		return actions, nil
	}
	uri := p.TextDocument.URI
	s.mu.Lock()
	d := s.docs[uri]
	if d == nil {
		s.mu.Unlock()
		return actions, nil
	}
	text, path := d.text, d.path
	published := d.diags
	diags := slices.DeleteFunc(slices.Clone(p.Context.Diagnostics), func(x protocol.Diagnostic) bool {
		return x.Source == nil || *x.Source != diagSource
	})
	if len(diags) == 0 {
		// Clients that send no context get the diagnostics in the range.
		for _, x := range d.diags {
			if !before(x.Range.End, p.Range.Start) && !before(p.Range.End, x.Range.Start) {
				diags = append(diags, x)
			}
		}
	}
	s.mu.Unlock()

	format := formatOf(path, text)
	idx := newLineIndex(text)
	fixes := &fixer{path: path, text: text, log: s.log}
	done := map[string]bool{}
	for _, diag := range diags {
		dd := recoverData(diag, published)
		rule := dd.Rule
		if rule == "" || strings.HasPrefix(rule, "rampart/") {
			continue // the core's own findings are neither fixable nor suppressible that way
		}
		kind := protocol.CodeActionKindQuickFix
		if fx, ok := fixes.fix(diag, dd); ok && !done["fix "+rule+" "+fixKey(fx)] {
			done["fix "+rule+" "+fixKey(fx)] = true
			preferred := true
			actions = append(actions, protocol.CodeAction{
				Title:       "rampart: " + fx.Title,
				Kind:        &kind,
				Diagnostics: []protocol.Diagnostic{diag},
				IsPreferred: &preferred,
				Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{uri: textEdits(idx, fx.Edits)}},
			})
		}
		line := int(diag.Range.Start.Line)
		key := fmt.Sprint(rule, "@", line)
		if format == "" || done[key] {
			continue
		}
		done[key] = true
		edit, ok := suppressionEdit(idx, format, line, rule)
		if !ok {
			continue
		}
		actions = append(actions, protocol.CodeAction{
			Title:       "rampart: ignore " + rule + " here",
			Kind:        &kind,
			Diagnostics: []protocol.Diagnostic{diag},
			Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{uri: {edit}}},
		})
	}
	return actions, nil
}

// maxFixText is the largest text quick fixes are computed for. Code actions
// run on the JSON-RPC loop, and a fix parses the text (twice: to find the
// place, and to check the result), which must not stall the editor on a
// huge file; such a file keeps its suppression actions.
const maxFixText = 2 << 20

// fixer computes quick fixes for one text, parsing it only if a diagnostic
// of a fixable rule asks.
type fixer struct {
	path, text string
	log        *slog.Logger
	file       *fix.File
	parsed     bool
}

// recoverData returns the rule id and path of a diagnostic the client sent
// back. A client that drops data (and glsp, which decodes code as nil)
// leaves only the range and message, which find the diagnostic among those
// the server published.
func recoverData(diag protocol.Diagnostic, published []protocol.Diagnostic) diagnosticData {
	dd := dataOf(diag)
	if dd.Rule == "" {
		dd.Rule = ruleOf(diag)
	}
	if dd.Rule != "" && dd.Path != "" {
		return dd
	}
	for _, x := range published {
		if x.Range == diag.Range && x.Message == diag.Message && (dd.Rule == "" || ruleOf(x) == dd.Rule) {
			return dataOf(x)
		}
	}
	return dd
}

// fix rebuilds the finding behind a diagnostic and asks lint/fix for its
// fix; the logical path travels in the diagnostic's data.
func (f *fixer) fix(diag protocol.Diagnostic, dd diagnosticData) (fx fix.Fix, ok bool) {
	rule := dd.Rule
	if f.path == "" || dd.Path == "" || !fix.Has(rule) || len(f.text) > maxFixText {
		return fix.Fix{}, false
	}
	// Handlers have no panic recovery in glsp: a bug in a fixer must cost
	// the fix, not the server.
	defer func() {
		if r := recover(); r != nil {
			f.log.Error("panic while computing a quick fix", "rule", rule, "path", dd.Path, "panic", r, "stack", string(debug.Stack()))
			fx, ok = fix.Fix{}, false
		}
	}()
	if !f.parsed {
		f.parsed = true
		f.file, _ = fix.Parse(f.path, []byte(f.text))
	}
	if f.file == nil {
		return fix.Fix{}, false
	}
	start := offsetAt(f.text, diag.Range.Start)
	return f.file.For(lint.Finding{
		Rule:    rule,
		Path:    dd.Path,
		Message: diag.Message,
		Range: lint.Range{
			Start: lint.Position{Line: int(diag.Range.Start.Line) + 1, Offset: start},
			End:   lint.Position{Line: int(diag.Range.End.Line) + 1, Offset: max(start, offsetAt(f.text, diag.Range.End))},
		},
	})
}

// fixKey tells two diagnostics with the same fix apart from two with
// different ones (a rule reported twice on one scalar).
func fixKey(fx fix.Fix) string {
	var b strings.Builder
	for _, e := range fx.Edits {
		fmt.Fprintf(&b, "%d-%d:%s;", e.Start, e.End, e.Text)
	}
	return b.String()
}

func textEdits(idx *lineIndex, edits []fix.Edit) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{
			Range:   protocol.Range{Start: idx.position(e.Start), End: idx.position(e.End)},
			NewText: e.Text,
		})
	}
	return out
}

// formatOf returns the syntax of a file that takes '#' comments, or "".
func formatOf(path, text string) source.Format {
	if path == "" {
		return ""
	}
	switch f := source.FormatOf(path, []byte(text[:min(len(text), 512)])); f {
	case source.YAML, source.HCL:
		return f
	}
	return ""
}

var ownLineSuppression = regexp.MustCompile(`^(\s*(?:#|//)\s*rampart:ignore\s+)(\S+)`)

// suppressionEdit builds the edit that suppresses rule on line (0-based):
// a new comment line above it, indented like it, or the rule added to a
// suppression comment already there. ok is false where a comment cannot
// go: inside a YAML block scalar or an HCL heredoc, a comment line would
// become part of the string.
func suppressionEdit(idx *lineIndex, format source.Format, line int, rule string) (protocol.TextEdit, bool) {
	if line < 0 || line >= len(idx.starts) {
		return protocol.TextEdit{}, false
	}
	if format == source.YAML && inYAMLBlockScalar(idx, line) || format == source.HCL && inHeredoc(idx, line) {
		return protocol.TextEdit{}, false
	}
	if line > 0 {
		above := idx.lineText(line - 1)
		if m := ownLineSuppression.FindStringSubmatchIndex(above); m != nil {
			ids := strings.Split(above[m[4]:m[5]], ",")
			if slices.Contains(ids, rule) {
				return protocol.TextEdit{}, false // there already, yet the finding stands: expired
			}
			at := protocol.Position{Line: protocol.UInteger(line - 1), Character: protocol.UInteger(utf16Len(above[:m[5]]))}
			return protocol.TextEdit{Range: protocol.Range{Start: at, End: at}, NewText: "," + rule}, true
		}
	}
	text := idx.lineText(line)
	indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
	eol := "\n"
	if end := idx.starts[line] + len(text); strings.HasPrefix(idx.text[end:], "\r\n") {
		eol = "\r\n"
	}
	at := protocol.Position{Line: protocol.UInteger(line)}
	return protocol.TextEdit{
		Range:   protocol.Range{Start: at, End: at},
		NewText: indent + "# rampart:ignore " + rule + " -- " + placeholderReason + eol,
	}, true
}

var blockScalarHeader = regexp.MustCompile(`(^|[\s:\-?])[|>][0-9]?[+-]?[0-9]?$`)

// inYAMLBlockScalar reports whether line is content of a block scalar (| or
// >). The header of a block scalar is less indented than all of its
// content, so it is among the lines found walking up through ever smaller
// indentation.
func inYAMLBlockScalar(idx *lineIndex, line int) bool {
	indent := indentWidth(idx.lineText(line))
	for n := line - 1; n >= 0 && indent > 0; n-- {
		t := idx.lineText(n)
		trimmed := strings.TrimSpace(t)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		w := indentWidth(t)
		if w >= indent {
			continue
		}
		indent = w
		if i := strings.Index(trimmed, " #"); i >= 0 {
			trimmed = strings.TrimSpace(trimmed[:i])
		}
		if blockScalarHeader.MatchString(trimmed) {
			return true
		}
	}
	return false
}

func indentWidth(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }

var heredocStart = regexp.MustCompile(`<<-?\s*([A-Za-z_][A-Za-z0-9_-]*)\s*$`)

// inHeredoc reports whether line is inside an HCL heredoc (after its
// opening line, up to its closing marker).
func inHeredoc(idx *lineIndex, line int) bool {
	marker := ""
	for n := 0; n < line; n++ {
		t := idx.lineText(n)
		if marker != "" {
			if strings.TrimSpace(t) == marker {
				marker = ""
			}
			continue
		}
		if m := heredocStart.FindStringSubmatch(t); m != nil {
			marker = m[1]
		}
	}
	return marker != ""
}
