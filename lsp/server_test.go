package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/lint"
)

func readExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func diagAt(t *testing.T, ds []protocol.Diagnostic, rule string) protocol.Diagnostic {
	t.Helper()
	for _, d := range ds {
		if ruleOf(d) == rule {
			return d
		}
	}
	t.Fatalf("no %s diagnostic in %v", rule, codes(ds))
	return protocol.Diagnostic{}
}

func TestSession(t *testing.T) {
	dir := t.TempDir()
	c := start(t, Options{}, dir)

	iamText := readExample(t, "iam/bad-passrole-with-lambda.json")
	cfnText := readExample(t, "cloudformation/bad-build-role.yaml")
	iam := c.open(filepath.Join(dir, "policy.json"), iamText)
	cfn := c.open(filepath.Join(dir, "stacks", "build.yaml"), cfnText)

	// Diagnostics on open, with codes, data, links, severities and ranges.
	got := c.wait(iam).params
	if want := []string{"iam/privilege-escalation", "iam/passrole-unrestricted"}; !slices.Equal(codes(got.Diagnostics), want) {
		t.Fatalf("IAM codes %v, want %v", codes(got.Diagnostics), want)
	}
	if got.Version == nil || *got.Version != 1 {
		t.Errorf("version %v, want 1", got.Version)
	}
	pr := diagAt(t, got.Diagnostics, "iam/passrole-unrestricted")
	if want := *rng(16, 16, 16, 30); pr.Range != want {
		t.Errorf("passrole range %v, want %v", pr.Range, want)
	}
	// glsp decodes `code` back as nil (hence the rule id in data), so the
	// wire form is checked.
	if raw := string(c.wait(iam).raw); !strings.Contains(raw, `"code":"iam/passrole-unrestricted"`) {
		t.Errorf("no code in %s", raw)
	}
	if pr.Source == nil || *pr.Source != "rampart" || pr.Severity == nil || *pr.Severity != protocol.DiagnosticSeverityError {
		t.Errorf("source/severity: %+v", pr)
	}
	if pr.CodeDescription == nil || pr.CodeDescription.HRef != "https://github.com/rampart-lint/rampart/blob/main/docs/rules/iam/passrole-unrestricted.md" {
		t.Errorf("codeDescription %+v", pr.CodeDescription)
	}
	if m, ok := pr.Data.(map[string]any); !ok || m["rule"] != "iam/passrole-unrestricted" {
		t.Errorf("data %#v", pr.Data)
	}

	cfnDiags := c.wait(cfn).params.Diagnostics
	wantCFN := []string{"iam/admin-managed-policy", "iam/passrole-unrestricted", "iam/wildcard-action", "iam/wildcard-resource", "iam/static-access-key", "iam/overprivileged-pipeline-role"}
	if !slices.Equal(codes(cfnDiags), wantCFN) {
		t.Fatalf("CloudFormation codes %v, want %v", codes(cfnDiags), wantCFN)
	}
	if wr := diagAt(t, cfnDiags, "iam/wildcard-resource"); wr.Range != *rng(38, 129, 38, 132) || *wr.Severity != protocol.DiagnosticSeverityWarning {
		t.Errorf("wildcard-resource inside a JSON string: %v severity %v", wr.Range, *wr.Severity)
	}

	// Hover explains the rule.
	var hov protocol.Hover
	c.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: cfn}, Position: pos(31, 28),
	}}, &hov)
	l, _ := c.srv.eng.Load().linter.Rule("iam/passrole-unrestricted")
	md, _ := hov.Contents.(protocol.MarkupContent)
	value := md.Value
	if md.Kind != protocol.MarkupKindMarkdown || !strings.Contains(value, l.Title) || !strings.Contains(value, l.Remediation) ||
		!strings.Contains(value, l.Description) || !strings.Contains(value, "](https://github.com/rampart-lint/rampart/blob/main/docs/rules/iam/passrole-unrestricted.md)") {
		t.Errorf("hover: %#v", hov.Contents)
	}
	var none *protocol.Hover
	c.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: cfn}, Position: pos(0, 0),
	}}, &none)
	if none != nil {
		t.Errorf("hover away from diagnostics: %#v", none)
	}

	// The code action suppresses the finding on the line above, indented
	// like it; applying it clears the finding and raises no other.
	passrole := diagAt(t, cfnDiags, "iam/passrole-unrestricted")
	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: cfn}, Range: passrole.Range,
		Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{passrole}},
	}, &actions)
	if len(actions) != 1 || actions[0].Title != "rampart: ignore iam/passrole-unrestricted here" {
		t.Fatalf("actions %+v", actions)
	}
	edits := actions[0].Edit.Changes[cfn]
	wantEdit := protocol.TextEdit{Range: *rng(31, 0, 31, 0), NewText: "                # rampart:ignore iam/passrole-unrestricted -- TODO: reason\n"}
	if len(edits) != 1 || edits[0] != wantEdit {
		t.Fatalf("edit %+v, want %+v", edits, wantEdit)
	}
	m := c.mark()
	c.change(cfn, 2, protocol.TextDocumentContentChangeEvent{Range: &edits[0].Range, Text: edits[0].NewText})
	after := c.waitFrom(m, cfn, nil).params.Diagnostics
	if want := slices.DeleteFunc(slices.Clone(wantCFN), func(s string) bool { return s == "iam/passrole-unrestricted" }); !slices.Equal(codes(after), want) {
		t.Errorf("after the suppression: %v, want %v", codes(after), want)
	}

	// JSON has no comments: no inline suppression.
	var jsonActions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: iam}, Range: pr.Range,
		Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{pr}},
	}, &jsonActions)
	if len(jsonActions) != 0 {
		t.Errorf("JSON actions: %+v", jsonActions)
	}

	// An incremental change that removes the PassRole statement (and puts
	// non-ASCII text before it) clears the diagnostics with [].
	m = c.mark()
	c.change(iam, 2,
		protocol.TextDocumentContentChangeEvent{Range: rng(12, 5, 18, 5), Text: ""},
		protocol.TextDocumentContentChangeEvent{Range: rng(4, 14, 4, 29), Text: "Déploiement😀"},
	)
	fixed := c.waitFrom(m, iam, nil)
	if len(fixed.params.Diagnostics) != 0 || !strings.Contains(string(fixed.raw), `"diagnostics":[]`) {
		t.Errorf("after the fix: %s", fixed.raw)
	}
	c.srv.mu.Lock()
	text := c.srv.docs[iam].text
	c.srv.mu.Unlock()
	if !strings.Contains(text, `"Sid": "Déploiement😀",`) || strings.Contains(text, "PassRole") {
		t.Errorf("text after the edits:\n%s", text)
	}

	// Closing clears.
	m = c.mark()
	c.notify("textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: cfn}})
	if p := c.waitFrom(m, cfn, nil); len(p.params.Diagnostics) != 0 || !strings.Contains(string(p.raw), `"diagnostics":[]`) {
		t.Errorf("on close: %s", p.raw)
	}
	if err := c.stop(); err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// A line with non-ASCII and astral-plane characters before the token: the
// range must count UTF-16 units.
func TestUTF16Ranges(t *testing.T) {
	dir := t.TempDir()
	c := start(t, Options{}, dir)
	prefix := `{"Statement": [{"Sid": "é€日😀𝄞", "Effect": "Allow", "Action": `
	uri := c.open(filepath.Join(dir, "p.json"), prefix+`"iam:PassRole", "Resource": "*"}]}`+"\n")
	d := diagAt(t, c.wait(uri).params.Diagnostics, "iam/passrole-unrestricted")
	start := len(utf16.Encode([]rune(prefix)))
	if want := *rng(0, start, 0, start+len(`"iam:PassRole"`)); d.Range != want {
		t.Errorf("range %v, want %v (bytes would be %d)", d.Range, want, len(prefix))
	}
}

// Every example gets the diagnostics the CLI reports for it: the same rules
// at the same places, the CLI's code-point columns converted to UTF-16.
func TestExamplesMatchCLI(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("..", "testdata", "examples"))
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if len(files) < 10 {
		t.Fatalf("only %d examples", len(files))
	}
	ctx := context.Background()
	l, err := lint.New(ctx, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := start(t, Options{}, root)
	uris := map[string]string{}
	for _, f := range files {
		src, _ := os.ReadFile(f)
		uris[f] = c.open(f, string(src))
	}
	total := 0
	for _, f := range files {
		res, err := l.LintPaths(ctx, []string{f})
		if err != nil {
			t.Fatal(err)
		}
		src, _ := os.ReadFile(f)
		lines := strings.SplitAfter(string(src), "\n")
		var want []string
		for _, fd := range res.Findings {
			want = append(want, fd.Rule+" "+cliRange(lines, fd.Range))
		}
		var got []string
		for _, d := range c.wait(uris[f]).params.Diagnostics {
			got = append(got, ruleOf(d)+" "+lspRange(d.Range))
		}
		total += len(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n LSP %v\n CLI %v", f, got, want)
		}
	}
	if total == 0 {
		t.Error("no example has a finding; the comparison proves nothing")
	}
}

// cliRange converts 1-based line and code-point column to LSP's form,
// independently of the server's byte-offset conversion.
func cliRange(lines []string, r lint.Range) string {
	conv := func(p lint.Position) protocol.Position {
		line := []rune(lines[p.Line-1])
		return pos(p.Line-1, len(utf16.Encode(line[:p.Column-1])))
	}
	return lspRange(protocol.Range{Start: conv(r.Start), End: conv(r.End)})
}

func lspRange(r protocol.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character)
}
