package lsp

import (
	"fmt"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/lint"
)

// hover explains the rules behind the diagnostics at the cursor: what the
// rule is, why it matters, how to fix it, and where its page is.
func (s *Server) hover(_ *glsp.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	s.mu.Lock()
	var hits []protocol.Diagnostic
	var eng *engine
	if d := s.docs[p.TextDocument.URI]; d != nil {
		eng = d.eng
		for _, diag := range d.diags {
			if covers(diag.Range, p.Position) {
				hits = append(hits, diag)
			}
		}
	}
	s.mu.Unlock()
	if len(hits) == 0 || eng == nil {
		return nil, nil
	}
	var parts []string
	seen := map[string]bool{}
	rng := hits[0].Range
	for _, h := range hits {
		id := ruleOf(h)
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		r, ok := eng.linter.Rule(id)
		if !ok {
			continue
		}
		parts = append(parts, ruleMarkdown(r, h.Message))
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return &protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: strings.Join(parts, "\n\n---\n\n")},
		Range:    &rng,
	}, nil
}

func ruleMarkdown(r lint.Rule, msg string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n`%s` · %s\n\n", r.Title, r.ID, r.Severity)
	if msg != "" {
		fmt.Fprintf(&b, "%s\n\n", msg)
	}
	if r.Description != "" {
		fmt.Fprintf(&b, "**Why it matters:** %s\n\n", r.Description)
	}
	if r.Remediation != "" {
		fmt.Fprintf(&b, "**How to fix:** %s\n\n", r.Remediation)
	}
	if u := r.DocsURL(); u != "" {
		fmt.Fprintf(&b, "[Documentation for %s](%s)\n", r.ID, u)
	}
	return strings.TrimRight(b.String(), "\n")
}
