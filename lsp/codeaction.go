package lsp

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/lint/source"
)

// placeholderReason is left for the user to replace; a suppression must say
// why the finding is acceptable.
const placeholderReason = "TODO: reason"

// codeAction offers, for each rampart diagnostic in the range, a quick fix
// that suppresses it with a comment on the line above:
//
//	# rampart:ignore <rule> -- TODO: reason
//
// in YAML and HCL. JSON has no comments, so JSON files get no inline fix.
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
	if format == "" {
		return actions, nil
	}
	idx := newLineIndex(text)
	done := map[string]bool{}
	for _, diag := range diags {
		rule := ruleOf(diag)
		line := int(diag.Range.Start.Line)
		key := fmt.Sprint(rule, "@", line)
		if rule == "" || strings.HasPrefix(rule, "rampart/") || done[key] {
			continue // the core's own findings are not suppressible that way
		}
		done[key] = true
		edit, ok := suppressionEdit(idx, format, line, rule)
		if !ok {
			continue
		}
		kind := protocol.CodeActionKindQuickFix
		actions = append(actions, protocol.CodeAction{
			Title:       "rampart: ignore " + rule + " here",
			Kind:        &kind,
			Diagnostics: []protocol.Diagnostic{diag},
			Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{uri: {edit}}},
		})
	}
	return actions, nil
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
