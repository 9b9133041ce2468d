package lsp

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/internal/canary"
)

// lockedBuffer collects bytes from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// The language server's canary: credentials planted in a file of every kind
// (and in files that do not parse, and in a config that does not load)
// appear in no message the server sends (publishDiagnostics, hover, code
// actions, window messages, responses) and in no line it logs, at the most
// verbose level. Every byte the server writes to the client is recorded and
// searched.
func TestCanaryLSP(t *testing.T) {
	s := canary.New()
	dir := t.TempDir()
	var wire, logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	// The config names a severity that is a credential: a paste in the
	// wrong place, quoted back by the error about it.
	writeFile(t, filepath.Join(dir, ".rampart.yaml"), "rules:\n  iam/full-admin: "+s.GitHubPAT+"\n")
	c, _ := startRaw(t, Options{Logger: logger}, dir, &wire)

	files := append(canary.Files(s), canary.BrokenFiles(s)...)
	var answered int
	for i, f := range files {
		uri := c.open(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Text)
		diags := c.wait(uri).params.Diagnostics
		if len(diags) == 0 {
			t.Fatalf("%s: no diagnostics, so nothing was masked", f.Path)
		}
		for _, d := range diags {
			var hover protocol.Hover
			c.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Position: d.Range.Start}}, &hover)
			var actions []protocol.CodeAction
			c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Range: d.Range,
				Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}}}, &actions)
			if hover.Contents != nil {
				answered++
			}
		}
		// An edit, linted again, and a save.
		m := c.mark()
		c.change(uri, 2, protocol.TextDocumentContentChangeEventWhole{Text: f.Text + "\n"})
		c.waitFrom(m, uri, nil)
		c.notify("textDocument/didSave", protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}})
		if i%2 == 0 {
			c.notify("textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}})
		}
	}
	if answered == 0 {
		t.Fatal("no hover answered, so hovers went unchecked")
	}
	if err := c.stop(); err != nil {
		t.Errorf("Serve: %v", err)
	}

	out := wire.String()
	for _, want := range []string{"secrets/hardcoded-credential", "window/showMessage", "invalid rampart config", `"kind":"markdown"`, "rampart: ignore secrets/hardcoded-credential here"} {
		if !strings.Contains(out, want) {
			t.Errorf("the server never sent %q, so that path went unchecked", want)
		}
	}
	if leaks := s.Leaks(out); len(leaks) > 0 {
		t.Errorf("messages to the client leak %v", leaks)
		for _, line := range strings.Split(out, "Content-Length:") {
			if len(s.Leaks(line)) > 0 {
				t.Logf("%.600s", line)
			}
		}
	}
	if leaks := s.Leaks(logs.String()); len(leaks) > 0 {
		t.Errorf("the log leaks %v", leaks)
		for _, line := range strings.Split(logs.String(), "\n") {
			if len(s.Leaks(line)) > 0 {
				t.Logf("%.600s", line)
			}
		}
	}
	if !strings.Contains(logs.String(), "level=DEBUG") {
		t.Errorf("nothing logged at debug level, so the verbose log went unchecked")
	}
}
