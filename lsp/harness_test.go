package lsp

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// osPipes connects server and client with two OS pipes, buffered like the
// stdin and stdout of a real session. (net.Pipe has no buffer: both read
// loops writing at once, a response one way and a notification the other,
// would deadlock, which no real client does.)
func osPipes(t *testing.T) (srv, cli io.ReadWriteCloser) {
	t.Helper()
	toSrvR, toSrvW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	toCliR, toCliW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	return pipeEnd{toSrvR, toCliW}, pipeEnd{toCliR, toSrvW}
}

type pipeEnd struct {
	r *os.File
	w *os.File
}

func (p pipeEnd) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p pipeEnd) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p pipeEnd) Close() error                { p.w.Close(); return p.r.Close() }

// client is the editor side of an in-process session: a real JSON-RPC
// connection over a pipe to a Server.
type client struct {
	t    *testing.T
	srv  *Server
	conn *jsonrpc2.Conn
	done chan error

	mu     sync.Mutex
	pubs   []publication
	msgs   []protocol.ShowMessageParams
	regs   int
	closed bool
}

type publication struct {
	params protocol.PublishDiagnosticsParams
	raw    json.RawMessage
	at     time.Time
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Helper()
	if os.Getenv("RAMPART_LSP_LOG") != "" {
		w.t.Log(strings.TrimSuffix(string(b), "\n"))
	}
	return len(b), nil
}

// start runs a server on one end of a pipe and initializes it with root as
// the workspace.
func start(t *testing.T, opts Options, root string, tweak ...func(*Server)) *client {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = testLogger(t)
	}
	srvEnd, cliEnd := osPipes(t)
	srv := New(opts)
	for _, f := range tweak {
		f(srv)
	}
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
	var res protocol.InitializeResult
	params := map[string]any{
		"processId":    nil,
		"rootUri":      pathToURI(root),
		"capabilities": map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}},
		"clientInfo":   map[string]any{"name": "test"},
	}
	if root == "" {
		params["rootUri"] = nil
	}
	c.call("initialize", params, &res)
	c.notify("initialized", map[string]any{})
	return c
}

func (c *client) handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p protocol.PublishDiagnosticsParams
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			c.t.Errorf("publishDiagnostics: %v", err)
		}
		c.pubs = append(c.pubs, publication{p, append(json.RawMessage(nil), *req.Params...), time.Now()})
	case "window/showMessage":
		var p protocol.ShowMessageParams
		json.Unmarshal(*req.Params, &p)
		c.msgs = append(c.msgs, p)
	case "client/registerCapability":
		c.regs++
	}
	return nil, nil
}

func (c *client) call(method string, params, result any) error {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := c.conn.Call(ctx, method, params, result)
	if err != nil && !strings.HasPrefix(method, "$") && method != "rampart/unknown" {
		c.t.Fatalf("%s: %v", method, err)
	}
	return err
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) open(path, text string) string {
	uri := pathToURI(path)
	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri, LanguageID: "yaml", Version: 1, Text: text,
	}})
	return uri
}

func (c *client) change(uri string, version int, changes ...any) {
	c.notify("textDocument/didChange", protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: protocol.Integer(version)},
		ContentChanges: changes,
	})
}

// mark returns a cursor into the publications: waitFrom looks only at
// those that arrive after it.
func (c *client) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pubs)
}

// waitFrom waits for a publication for uri after mark that satisfies ok.
func (c *client) waitFrom(mark int, uri string, ok func(publication) bool) publication {
	c.t.Helper()
	// Generous: under -race on a busy 2-core machine, decoding a 10 MB
	// didOpen alone takes 15 s. A passing test never waits this long.
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		for _, p := range c.pubs[min(mark, len(c.pubs)):] {
			if p.params.URI == uri && (ok == nil || ok(p)) {
				c.mu.Unlock()
				if strings.Contains(string(p.raw), `"diagnostics":null`) {
					c.t.Errorf("diagnostics sent as null: %s", p.raw)
				}
				return p
			}
		}
		c.mu.Unlock()
		time.Sleep(2 * time.Millisecond)
	}
	c.t.Fatalf("no matching publishDiagnostics for %s", uri)
	return publication{}
}

func (c *client) wait(uri string) publication { c.t.Helper(); return c.waitFrom(0, uri, nil) }

// publicationsFor returns every publication for uri so far.
func (c *client) publicationsFor(uri string) []publication {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []publication
	for _, p := range c.pubs {
		if p.params.URI == uri {
			out = append(out, p)
		}
	}
	return out
}

// stop sends shutdown and exit and returns what Serve returned.
func (c *client) stop() error {
	c.t.Helper()
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		c.done <- err // for Cleanup
		return err
	case <-time.After(60 * time.Second):
		c.t.Fatal("server did not exit")
	}
	return nil
}

func codes(ds []protocol.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, ruleOf(d))
	}
	return out
}

func writeFile(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
