package lsp

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

func readRepo(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func hasCode(ds []protocol.Diagnostic, code string) bool {
	return slices.Contains(codes(ds), code)
}

// TestPolicyBuffers: a .rego file of a custom policy directory gets its
// load errors on the right line while it is edited, unsaved; fixing it
// clears them; saving a rule makes it run on the open documents; the
// linter keeps working meanwhile.
func TestPolicyBuffers(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".rampart.yaml"), "policies: [policies]\n")
	writeFile(t, filepath.Join(dir, "policies", "lib", "tags.rego"), readRepo(t, "testdata/custom-policies/lib/tags.rego"))
	rulePath := filepath.Join(dir, "policies", "acme", "codebuild_project_tag.rego")
	ruleText := readRepo(t, "testdata/custom-policies/acme/codebuild_project_tag.rego")
	// On disk at first: the rule's file holds only a library, so no custom
	// rule runs.
	writeFile(t, rulePath, "package acme.placeholder\n")
	c := start(t, Options{}, dir)

	yml := c.open(filepath.Join(dir, "build.yaml"), readRepo(t, "testdata/custom-policies/fixtures/bad.yaml"))
	first := c.wait(yml).params.Diagnostics
	if hasCode(first, "acme/codebuild-project-tag") {
		t.Fatalf("custom rule before it exists: %v", codes(first))
	}

	rego := c.open(rulePath, "package acme.placeholder\n")
	lines := strings.Count(ruleText, "\n")

	// A syntax error, one line past the rule: reported there.
	m := c.mark()
	broken := ruleText + "deny contains if {\n"
	c.change(rego, 2, protocol.TextDocumentContentChangeEvent{Text: broken})
	got := c.waitFrom(m, rego, func(p publication) bool { return len(p.params.Diagnostics) > 0 }).params.Diagnostics
	d := diagAt(t, got, policyErrorCode)
	if d.Range.Start.Line != protocol.UInteger(lines) || d.Severity == nil || *d.Severity != protocol.DiagnosticSeverityError || d.Source == nil || *d.Source != "rampart" {
		t.Errorf("syntax error diagnostic %+v, want line %d", d, lines)
	}

	// A built-in the sandbox refuses: named, at its column.
	m = c.mark()
	c.change(rego, 3, protocol.TextDocumentContentChangeEvent{Text: ruleText + "x := http.send({})\n"})
	got = c.waitFrom(m, rego, func(p publication) bool {
		return len(p.params.Diagnostics) > 0 && strings.Contains(p.params.Diagnostics[0].Message, "http.send")
	}).params.Diagnostics
	d = diagAt(t, got, policyErrorCode)
	if want := *rng(lines, 5, lines, 18); d.Range != want || !strings.Contains(d.Message, "http.send is not allowed") {
		t.Errorf("sandbox diagnostic %v %q, want %v naming http.send", d.Range, d.Message, want)
	}

	// Fixed: cleared. The open YAML document is not re-linted with the
	// unsaved rule.
	m = c.mark()
	c.change(rego, 4, protocol.TextDocumentContentChangeEvent{Text: ruleText})
	c.waitFrom(m, rego, func(p publication) bool { return len(p.params.Diagnostics) == 0 })

	// Saved: the rule runs on the open document.
	m = c.mark()
	writeFile(t, rulePath, ruleText)
	c.notify("textDocument/didSave", protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: rego}})
	after := c.waitFrom(m, yml, nil).params.Diagnostics
	var lines2 []protocol.UInteger
	for _, d := range after {
		if ruleOf(d) == "acme/codebuild-project-tag" {
			lines2 = append(lines2, d.Range.Start.Line)
		}
	}
	if !slices.Equal(lines2, []protocol.UInteger{3, 27}) {
		t.Errorf("custom rule findings on lines %v, want [3 27] (expect.txt); all %v", lines2, codes(after))
	}
}

// TestBrokenPolicyOnDisk: a policy set that does not load at start leaves
// the built-in rules linting, and the error on the policy file, open or not.
func TestBrokenPolicyOnDisk(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".rampart.yaml"), "policies: [policies]\n")
	writeFile(t, filepath.Join(dir, "policies", "lib", "tags.rego"), readRepo(t, "testdata/custom-policies/lib/tags.rego"))
	rulePath := writeFile(t, filepath.Join(dir, "policies", "acme", "codebuild_project_tag.rego"),
		readRepo(t, "testdata/custom-policies/acme/codebuild_project_tag.rego")+"\nx := http.send({})\n")
	lines := strings.Count(readRepo(t, "testdata/custom-policies/acme/codebuild_project_tag.rego"), "\n") + 1
	c := start(t, Options{}, dir)
	got := c.wait(pathToURI(rulePath)).params.Diagnostics
	if len(got) != 1 || got[0].Range.Start.Line != protocol.UInteger(lines) || !strings.Contains(got[0].Message, "http.send") {
		t.Fatalf("policy file diagnostics %+v, want http.send on line %d", got, lines)
	}
	iam := c.open(filepath.Join(dir, "policy.json"), readExample(t, "iam/bad-passrole-with-lambda.json"))
	if ds := c.wait(iam).params.Diagnostics; !hasCode(ds, "iam/passrole-unrestricted") {
		t.Errorf("built-in rules not linting beside a broken policy set: %v", codes(ds))
	}
}

// startFolders is start with several workspace folders.
func startFolders(t *testing.T, opts Options, roots ...string) *client {
	t.Helper()
	opts.Logger = testLogger(t)
	srvEnd, cliEnd := osPipes(t)
	srv := New(opts)
	ctx, cancel := context.WithCancel(context.Background())
	c := &client{t: t, srv: srv, done: make(chan error, 1)}
	go func() { c.done <- srv.Serve(ctx, srvEnd) }()
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(cliEnd, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(c.handle))
	t.Cleanup(func() {
		cancel()
		c.conn.Close()
		select {
		case <-c.done:
		case <-time.After(60 * time.Second):
			t.Error("server did not stop")
		}
	})
	var folders []protocol.WorkspaceFolder
	for _, r := range roots {
		folders = append(folders, protocol.WorkspaceFolder{URI: pathToURI(r), Name: filepath.Base(r)})
	}
	var res protocol.InitializeResult
	c.call("initialize", map[string]any{
		"processId": nil, "rootUri": pathToURI(roots[0]), "workspaceFolders": folders,
		"capabilities": map[string]any{}, "clientInfo": map[string]any{"name": "test"},
	}, &res)
	c.notify("initialized", map[string]any{})
	return c
}

// TestWorkspaceFolders: each folder lints with its own config, the one of
// the innermost folder holding the file; a file its folder excludes is not
// linted; a folder added later brings its config.
func TestWorkspaceFolders(t *testing.T) {
	base := t.TempDir()
	a, b, nested := filepath.Join(base, "a"), filepath.Join(base, "b"), filepath.Join(base, "a", "nested")
	writeFile(t, filepath.Join(a, ".rampart.yaml"), "rules:\n  iam/passrole-unrestricted: off\nexclude: [skip/**]\n")
	writeFile(t, filepath.Join(b, ".rampart.yaml"), "rules: {}\n")
	writeFile(t, filepath.Join(nested, ".rampart.yaml"), "rules:\n  iam/privilege-escalation: off\n")
	c := startFolders(t, Options{Workers: 1}, a, b, nested)
	text := readExample(t, "iam/bad-passrole-with-lambda.json")

	excluded := c.open(filepath.Join(a, "skip", "policy.json"), text)
	inA := c.open(filepath.Join(a, "policy.json"), text)
	inB := c.open(filepath.Join(b, "policy.json"), text)
	inNested := c.open(filepath.Join(nested, "policy.json"), text)
	if got := codes(c.wait(inA).params.Diagnostics); !slices.Equal(got, []string{"iam/privilege-escalation"}) {
		t.Errorf("folder a: %v", got)
	}
	if got := codes(c.wait(inB).params.Diagnostics); !slices.Equal(got, []string{"iam/privilege-escalation", "iam/passrole-unrestricted"}) {
		t.Errorf("folder b: %v", got)
	}
	if got := codes(c.wait(inNested).params.Diagnostics); !slices.Equal(got, []string{"iam/passrole-unrestricted"}) {
		t.Errorf("nested folder: %v", got)
	}
	// One worker lints in order: the excluded file went before the others.
	if p := c.publicationsFor(excluded); len(p) != 0 {
		t.Errorf("excluded file got diagnostics: %+v", p)
	}

	// Outside every folder, the nearest config above the file applies, as
	// for the CLI, or the defaults.
	d := filepath.Join(base, "d")
	writeFile(t, filepath.Join(d, ".rampart.yaml"), "rules:\n  iam/privilege-escalation: off\n  iam/passrole-unrestricted: off\n")
	outside := c.open(filepath.Join(d, "policy.json"), text)
	if got := codes(c.wait(outside).params.Diagnostics); len(got) != 0 {
		t.Errorf("outside the folders, the nearest config applies, as for the CLI: %v", got)
	}
	other := filepath.Join(base, "e", "policy.json")
	outsideDefault := c.open(other, text)
	if got := codes(c.wait(outsideDefault).params.Diagnostics); len(got) != 2 {
		t.Errorf("outside the folders, no config: %v", got)
	}

	// A folder added later brings its config to its open files.
	e := filepath.Dir(other)
	writeFile(t, filepath.Join(e, "sub", ".rampart.yaml"), "rules: {}\n") // not above the file: no effect
	writeFile(t, filepath.Join(e, ".rampart.yaml"), "rules:\n  iam/passrole-unrestricted: off\n")
	m := c.mark()
	c.notify("workspace/didChangeWorkspaceFolders", protocol.DidChangeWorkspaceFoldersParams{Event: protocol.WorkspaceFoldersChangeEvent{
		Added: []protocol.WorkspaceFolder{{URI: pathToURI(e), Name: "e"}},
	}})
	if got := codes(c.waitFrom(m, outsideDefault, nil).params.Diagnostics); !slices.Equal(got, []string{"iam/privilege-escalation"}) {
		t.Errorf("after adding its folder: %v", got)
	}
}
