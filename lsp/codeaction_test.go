package lsp

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/lint/source"
)

func TestSuppressionEdit(t *testing.T) {
	yaml := "Statement:\n" + // 0
		"  - Effect: Allow\n" + // 1
		"    Action: \"*\"\n" + // 2
		"    # rampart:ignore iam/full-admin -- reviewed\n" + // 3
		"    Resource: \"*\"\n" + // 4
		"Commands: |\n" + // 5
		"  echo one\n" + // 6
		"    echo two\n" + // 7
		"After: x\r\n" + // 8
		"Other: y\r\n" // 9
	hcl := "resource \"x\" \"y\" {\n" + // 0
		"  policy = <<-EOT\n" + // 1
		"    {\"Action\": \"*\"}\n" + // 2
		"  EOT\n" + // 3
		"  other = \"*\"\n" + // 4
		"}\n"
	cases := []struct {
		name   string
		text   string
		format source.Format
		line   int
		want   string // "" means no edit
		at     string // line:char of the insertion
	}{
		{"indented like the line", yaml, source.YAML, 2, "    # rampart:ignore iam/wildcard-action -- TODO: reason\n", "2:0"},
		{"list item", yaml, source.YAML, 1, "  # rampart:ignore iam/x -- TODO: reason\n", "1:0"},
		{"added to the comment above", yaml, source.YAML, 4, ",iam/wildcard-resource", "3:35"},
		{"block scalar content", yaml, source.YAML, 6, "", ""},
		{"deeper block scalar content", yaml, source.YAML, 7, "", ""},
		{"after the block scalar, CRLF kept", yaml, source.YAML, 9, "# rampart:ignore iam/x -- TODO: reason\r\n", "9:0"},
		{"inside a heredoc", hcl, source.HCL, 2, "", ""},
		{"after a heredoc", hcl, source.HCL, 4, "  # rampart:ignore iam/x -- TODO: reason\n", "4:0"},
	}
	for _, c := range cases {
		rule := "iam/x"
		switch c.line {
		case 2:
			if c.format == source.YAML {
				rule = "iam/wildcard-action"
			}
		case 4:
			if c.format == source.YAML {
				rule = "iam/wildcard-resource"
			}
		}
		e, ok := suppressionEdit(newLineIndex(c.text), c.format, c.line, rule)
		if c.want == "" {
			if ok {
				t.Errorf("%s: edit %+v, want none", c.name, e)
			}
			continue
		}
		if !ok || e.NewText != c.want || lspRange(e.Range) != c.at+"-"+c.at {
			t.Errorf("%s: edit %q at %s (ok %v), want %q at %s", c.name, e.NewText, lspRange(e.Range), ok, c.want, c.at)
		}
	}
	// The rule already in the comment above (an expired suppression): no
	// second one.
	if _, ok := suppressionEdit(newLineIndex(yaml), source.YAML, 4, "iam/full-admin"); ok {
		t.Error("duplicate suppression offered")
	}
}

// applyEdits applies LSP text edits (non-overlapping, as a code action
// holds them) to text, last first so that earlier positions stay valid.
func applyEdits(text string, edits []protocol.TextEdit) string {
	sorted := slices.Clone(edits)
	slices.SortFunc(sorted, func(a, b protocol.TextEdit) int {
		if before(a.Range.Start, b.Range.Start) {
			return 1
		}
		if before(b.Range.Start, a.Range.Start) {
			return -1
		}
		return 0
	})
	for _, e := range sorted {
		start, end := offsetAt(text, e.Range.Start), offsetAt(text, e.Range.End)
		text = text[:start] + e.NewText + text[end:]
	}
	return text
}

// TestQuickFixActions: a fixable finding gets its fix first, preferred,
// then the suppression; positions are UTF-16 on a line with non-ASCII
// text; applying the fix through didChange clears exactly that finding.
func TestQuickFixActions(t *testing.T) {
	dir := t.TempDir()
	c := start(t, Options{}, dir)

	buildspec := "version: 0.2\n" +
		"phases:\n" +
		"  install:\n" +
		"    commands:\n" +
		"      - echo \"déploiement 😀\" && npm install\n" +
		"      - npm run build\n"
	uri := c.open(filepath.Join(dir, "buildspec.yml"), buildspec)
	diags := c.wait(uri).params.Diagnostics
	lock := diagAt(t, diags, "supply-chain/lockfile-bypassed")
	if m, ok := lock.Data.(map[string]any); !ok || m["path"] != "phases.install.commands[0]" {
		t.Fatalf("data %#v: want the finding's path", lock.Data)
	}

	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Range: lock.Range,
		Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{lock}},
	}, &actions)
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	want := []string{"rampart: use npm ci instead of npm install", "rampart: ignore supply-chain/lockfile-bypassed here"}
	if !slices.Equal(titles, want) {
		t.Fatalf("actions %q, want %q", titles, want)
	}
	fx := actions[0]
	if fx.Kind == nil || *fx.Kind != protocol.CodeActionKindQuickFix || fx.IsPreferred == nil || !*fx.IsPreferred || len(fx.Diagnostics) != 1 {
		t.Errorf("fix action %+v: want a preferred quickfix for the diagnostic", fx)
	}
	if actions[1].IsPreferred != nil && *actions[1].IsPreferred {
		t.Error("the suppression is preferred")
	}
	edits := fx.Edit.Changes[uri]
	// `      - echo "déploiement 😀" && npm ` is 37 UTF-16 units (é is one,
	// 😀 two) and 40 bytes.
	wantEdit := protocol.TextEdit{Range: *rng(4, 37, 4, 44), NewText: "ci"}
	if len(edits) != 1 || edits[0] != wantEdit {
		t.Fatalf("edits %+v, want %+v", edits, wantEdit)
	}

	m := c.mark()
	c.change(uri, 2, protocol.TextDocumentContentChangeEvent{Range: &edits[0].Range, Text: edits[0].NewText})
	after := c.waitFrom(m, uri, nil).params.Diagnostics
	wantAfter := slices.DeleteFunc(codes(diags), func(s string) bool { return s == "supply-chain/lockfile-bypassed" })
	if !slices.Equal(codes(after), wantAfter) {
		t.Errorf("after the fix: %v, want %v", codes(after), wantAfter)
	}
	c.srv.mu.Lock()
	text := c.srv.docs[uri].text
	c.srv.mu.Unlock()
	if want := strings.Replace(buildspec, "&& npm install", "&& npm ci", 1); text != want {
		t.Errorf("text after the fix:\n%s\nwant:\n%s", text, want)
	}

	// JSON: the fix, and no suppression (JSON has no comments). The client
	// here drops data: the server finds the path in what it published.
	trail := "{\n  \"Resources\": {\n    \"Trail\": {\n      \"Type\": \"AWS::CloudTrail::Trail\",\n" +
		"      \"Properties\": {\"S3BucketName\": \"logs\", \"IsLogging\": true, \"IsMultiRegionTrail\": true, \"KMSKeyId\": \"alias/t\"}\n    }\n  }\n}\n"
	juri := c.open(filepath.Join(dir, "trail.json"), trail)
	jd := diagAt(t, c.wait(juri).params.Diagnostics, "audit/cloudtrail-log-validation")
	jd.Data = nil
	var jactions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: juri}, Range: jd.Range,
		Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{jd}},
	}, &jactions)
	if len(jactions) != 1 || jactions[0].Title != "rampart: set EnableLogFileValidation: true" {
		t.Fatalf("JSON actions %+v", jactions)
	}
	got := applyEdits(trail, jactions[0].Edit.Changes[juri])
	if want := strings.Replace(trail, `"KMSKeyId": "alias/t"}`, `"KMSKeyId": "alias/t", "EnableLogFileValidation": true}`, 1); got != want {
		t.Errorf("JSON after the fix:\n%s\nwant:\n%s", got, want)
	}

	// Only other kinds of action asked for: none.
	var none []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: juri}, Range: jd.Range,
		Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{jd}, Only: []protocol.CodeActionKind{protocol.CodeActionKindRefactor}},
	}, &none)
	if len(none) != 0 {
		t.Errorf("refactor actions: %+v", none)
	}
	if err := c.stop(); err != nil {
		t.Fatal(err)
	}
}

// TestQuickFixStaleOrForeign: a diagnostic whose finding no longer holds
// in the current text, or that another tool published, gets no fix.
func TestQuickFixStaleOrForeign(t *testing.T) {
	dir := t.TempDir()
	c := start(t, Options{}, dir)
	text := "version: 0.2\nphases:\n  install:\n    commands:\n      - npm install\n"
	uri := c.open(filepath.Join(dir, "buildspec.yml"), text)
	lock := diagAt(t, c.wait(uri).params.Diagnostics, "supply-chain/lockfile-bypassed")

	// The user fixed it by hand; the client still holds the old diagnostic.
	m := c.mark()
	c.change(uri, 2, protocol.TextDocumentContentChangeEvent{Range: rng(4, 12, 4, 19), Text: "ci"})
	c.waitFrom(m, uri, nil)
	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Range: lock.Range,
		Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{lock}},
	}, &actions)
	for _, a := range actions {
		if a.IsPreferred != nil && *a.IsPreferred {
			t.Errorf("stale diagnostic got a fix: %+v", a)
		}
	}
	other := "eslint"
	foreign := lock
	foreign.Source = &other
	actions = nil
	c.call("textDocument/codeAction", protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Range: lock.Range,
		Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{foreign}},
	}, &actions)
	for _, a := range actions {
		if a.IsPreferred != nil && *a.IsPreferred {
			t.Errorf("another tool's diagnostic got a fix: %+v", a)
		}
	}
	if err := c.stop(); err != nil {
		t.Fatal(err)
	}
}
