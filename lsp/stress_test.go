package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/lint"
)

// startRaw is start with two more handles on the session: raw, the byte
// stream into the server, for frames no well-behaved client would send
// (written only between the client's own messages, from the test's
// goroutine), and record, if set, which receives every byte the server
// sends. The client does not offer dynamic registration, so the server
// never calls it and every client write comes from the test's goroutine.
func startRaw(t *testing.T, opts Options, root string, record io.Writer, tweak ...func(*Server)) (*client, io.Writer) {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = testLogger(t)
	}
	srvEnd, cliEnd := osPipes(t)
	raw := cliEnd.(pipeEnd).w
	var cliStream io.ReadWriteCloser = cliEnd
	if record != nil {
		cliStream = teeEnd{cliEnd.(pipeEnd), record}
	}
	srv := New(opts)
	for _, f := range tweak {
		f(srv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &client{t: t, srv: srv, done: make(chan error, 1)}
	go func() { c.done <- srv.Serve(ctx, srvEnd) }()
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(cliStream, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(c.handle))
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
	c.call("initialize", map[string]any{"processId": nil, "rootUri": pathToURI(root), "capabilities": map[string]any{}}, &res)
	c.notify("initialized", map[string]any{})
	return c, raw
}

// teeEnd is a client end that copies what it reads from the server to w.
type teeEnd struct {
	pipeEnd
	w io.Writer
}

func (e teeEnd) Read(b []byte) (int, error) {
	n, err := e.pipeEnd.Read(b)
	if n > 0 {
		e.w.Write(b[:n])
	}
	return n, err
}

func frame(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

// malformedFrames are what a broken or hostile client might send, each
// followed, in the stream, by well-formed messages the server must still
// read: a non-numeric, a negative and an absurd Content-Length, no header
// at all, bodies that are not JSON or not JSON-RPC, and a frame cut short
// by the next one's header.
func malformedFrames() []string {
	notif := `{"jsonrpc":"2.0","method":"$/ignored","params":{}}`
	return []string{
		"Content-Length: abc\r\n\r\n" + notif,
		"Content-Length: -5\r\n\r\n" + notif,
		"Content-Length: 99999999999999999999\r\n\r\n" + notif,
		"this is not a header\r\n\r\n" + notif,
		"\r\n\r\n",
		frame(`{not json at all`),
		frame(`{"hello": "world"}`),
		frame(`[]`),
		frame(`{"jsonrpc":"2.0","id":`),
		// Cut: the header promises the whole body, half of it comes.
		fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(notif), notif[:len(notif)/2]),
	}
}

func stressPolicy(version int) string {
	action := fmt.Sprintf(`"s3:GetObject%d"`, version)
	if version%3 == 0 {
		action = `"*"`
	}
	return "Version: \"2012-10-17\"\nStatement:\n  - Effect: Allow\n    Action: " + action + "\n    Resource: \"*\"\n"
}

// TestStress: a storm of 1,000 rapid changes to one document, interleaved
// with opening and closing others, malformed frames, unknown methods,
// changes to documents never opened, invalid params and lint runs that
// panic. Afterwards the server still answers correctly, its last
// diagnostics are those of the last text, and once every document is closed
// its memory and goroutines are back near where they started.
func TestStress(t *testing.T) {
	dir := t.TempDir()
	before := runtime.NumGoroutine()
	c, raw := startRaw(t, Options{Debounce: time.Millisecond}, dir, nil, func(s *Server) {
		real := s.lintFunc
		s.lintFunc = func(ctx context.Context, l *lint.Linter, path string, src []byte) lint.FileResult {
			if filepath.Base(path) == "boom.yaml" || strings.Contains(string(src), "PANIC") {
				panic("injected")
			}
			return real(ctx, l, path, src)
		}
	})
	main := filepath.Join(dir, "policy.yaml")
	side := func(i int) string { return filepath.Join(dir, fmt.Sprintf("side-%d", i%7), "buildspec.yml") }
	sideText := "version: 0.2\nphases:\n  build:\n    commands:\n      - npm install\n      - curl -sL https://example.com/i.sh | bash\n"

	// Warm up (the rules compile on first use), then take the baseline.
	w := c.open(filepath.Join(dir, "warm.yaml"), stressPolicy(3))
	c.wait(w)
	ws := c.open(side(0), sideText)
	c.wait(ws)
	c.notify("textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: w}})
	c.notify("textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: ws}})
	baseHeap, baseGoroutines := settle(t, 0)

	uri := c.open(main, stressPolicy(1))
	ghost := pathToURI(filepath.Join(dir, "never-opened.yaml"))
	frames := malformedFrames()
	open := map[string]bool{uri: true}
	const changes = 1000
	for v := 2; v <= changes+1; v++ {
		if v%2 == 0 {
			// Incremental: replace line 4 (Action) whole.
			old := strings.Split(stressPolicy(v-1), "\n")[3]
			newLine := strings.Split(stressPolicy(v), "\n")[3]
			if v == 500 {
				newLine = "    Action: PANIC" // this version's lint run panics
			}
			c.change(uri, v, protocol.TextDocumentContentChangeEvent{Range: rng(3, 0, 3, len(old)), Text: newLine})
		} else {
			c.change(uri, v, protocol.TextDocumentContentChangeEventWhole{Text: stressPolicy(v)})
		}
		switch v % 50 {
		case 5: // open a side document, and close the one opened before
			s := pathToURI(side(v / 50))
			c.open(side(v/50), sideText)
			open[s] = true
			if prev := pathToURI(side(v/50 - 1)); open[prev] && prev != s {
				c.notify("textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: prev}})
				delete(open, prev)
			}
		case 15: // a document whose every lint panics, opened and closed
			b := c.open(filepath.Join(dir, "boom.yaml"), stressPolicy(v))
			c.notify("textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: b}})
		case 25: // a change to a document that was never opened
			c.change(ghost, v, protocol.TextDocumentContentChangeEvent{Range: rng(0, 0, 0, 0), Text: "x"})
		case 35: // unknown methods; the request is answered, so the server reads on
			c.notify("$/rampart/unknownNotification", map[string]any{"v": v})
			c.notify("workspace/somethingNew", nil)
			var rpcErr *jsonrpc2.Error
			if err := c.call("rampart/unknown", map[string]any{}, nil); !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.CodeMethodNotFound {
				t.Fatalf("unknown request at version %d: %v", v, err)
			}
		case 45: // malformed frames, then invalid params
			for _, f := range frames {
				if _, err := io.WriteString(raw, f); err != nil {
					t.Fatal(err)
				}
			}
			var rpcErr *jsonrpc2.Error
			err := c.conn.Call(context.Background(), "textDocument/hover", "not an object", nil)
			if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.CodeInvalidParams {
				t.Fatalf("hover with invalid params at version %d: %v", v, err)
			}
		}
	}
	last := changes + 1

	// The last publication for the document is the last text's result,
	// and nothing stale follows it.
	pub := c.waitFrom(0, uri, func(p publication) bool { return p.params.Version != nil && int(*p.params.Version) == last })
	time.Sleep(100 * time.Millisecond)
	pubs := c.publicationsFor(uri)
	if final := pubs[len(pubs)-1]; *final.params.Version != protocol.UInteger(last) {
		t.Errorf("a publication for version %d came after version %d's", *final.params.Version, last)
	}
	finalText := stressPolicy(last)
	want := c.srv.eng.Load().linter.LintBytes(context.Background(), main, []byte(finalText))
	idx := newLineIndex(finalText)
	var wantDiags []string
	for _, f := range want.Findings {
		wantDiags = append(wantDiags, fmt.Sprint(f.Rule, findingRange(idx, f.Range)))
	}
	var gotDiags []string
	for _, d := range pub.params.Diagnostics {
		gotDiags = append(gotDiags, fmt.Sprint(ruleOf(d), d.Range))
	}
	if len(wantDiags) == 0 || !slices.Equal(gotDiags, wantDiags) {
		t.Fatalf("final diagnostics %v, want those of the last text %v", gotDiags, wantDiags)
	}

	// Hover and code actions answer from the final diagnostics.
	d := pub.params.Diagnostics[0]
	var hover protocol.Hover
	c.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Position: d.Range.Start}}, &hover)
	r, _ := c.srv.eng.Load().linter.Rule(ruleOf(d))
	contents, _ := json.Marshal(hover.Contents)
	if !strings.Contains(string(contents), r.Title) || !strings.Contains(string(contents), "`"+r.ID+"`") {
		t.Errorf("hover after the storm: %#v, want %s explained", hover.Contents, r.ID)
	}
	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Range: d.Range,
		Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}}}, &actions)
	if len(actions) != 1 || actions[0].Title != "rampart: ignore "+ruleOf(d)+" here" {
		t.Errorf("code actions after the storm: %+v", actions)
	}

	// Close everything: each document's last publication clears it.
	for u := range open {
		c.notify("textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	}
	c.call("rampart/unknown", nil, nil) // the closes are handled once this is answered
	for u := range open {
		ps := c.publicationsFor(u)
		if len(ps) == 0 || len(ps[len(ps)-1].params.Diagnostics) != 0 {
			t.Errorf("%s: not cleared on close", u)
		}
	}
	c.srv.mu.Lock()
	left := len(c.srv.docs)
	c.srv.mu.Unlock()
	if left != 0 {
		t.Errorf("%d documents still held after closing them all", left)
	}
	// What the test itself keeps (every publication, raw) is part of the
	// heap too; the bound is generous for it and strict for a leak of the
	// 1,000 texts and their lint results.
	heap, goroutines := settle(t, baseGoroutines+3)
	t.Logf("heap in use %.1f MB before the storm, %.1f MB after; goroutines %d, then %d; %d publications", float64(baseHeap)/1e6, float64(heap)/1e6, baseGoroutines, goroutines, c.mark())
	if heap > 2*baseHeap+10<<20 {
		t.Errorf("heap in use %d bytes after closing every document, baseline %d", heap, baseHeap)
	}
	if goroutines > baseGoroutines+3 {
		t.Errorf("%d goroutines after the storm, %d before", goroutines, baseGoroutines)
	}
	if err := c.stop(); err != nil {
		t.Errorf("Serve: %v", err)
	}
	// Once the session ends, only the client's reader may remain.
	if _, n := settle(t, before+1); n > before+1 {
		t.Errorf("%d goroutines after the session ended, %d before it began", n, before)
	}
}

// settle waits for background work (debounce timers, cancelled runs) to end
// and returns the heap in use after a collection and the goroutine count.
// With want > 0 it waits, up to a bound, for the count to fall to want.
func settle(t *testing.T, want int) (heap uint64, goroutines int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		time.Sleep(50 * time.Millisecond)
		goroutines = runtime.NumGoroutine()
		if want <= 0 || goroutines <= want || time.Now().After(deadline) {
			break
		}
	}
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse, goroutines
}

// The frame reader alone: every malformed frame is skipped and the
// well-formed message after it is read intact, even one whose text holds
// "Content-Length:".
func TestFrameCodecSkipsMalformedFrames(t *testing.T) {
	good := `{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"x":"Content-Length: 3"}}`
	for i, bad := range malformedFrames() {
		r, w := io.Pipe()
		go func() {
			io.WriteString(w, bad+frame(good))
			w.Close()
		}()
		stream := jsonrpc2.NewBufferedStream(readOnly{r}, &frameCodec{log: testLogger(t)})
		var m request
		if err := stream.ReadObject(&m); err != nil {
			t.Errorf("frame %d %q: the message after it was lost: %v", i, bad, err)
		} else if m.raw != good {
			t.Errorf("frame %d %q: read %s, want %s", i, bad, m.raw, good)
		}
		if err := stream.ReadObject(&m); err != io.EOF {
			t.Errorf("frame %d %q: after the message, %v %q; want the end of the stream", i, bad, err, m.raw)
		}
	}
}

// request accepts, like jsonrpc2's own message type, only JSON-RPC requests.
type request struct{ raw string }

func (m *request) UnmarshalJSON(b []byte) error {
	var x struct {
		Version string  `json:"jsonrpc"`
		Method  *string `json:"method"`
	}
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	if x.Version != "2.0" || x.Method == nil {
		return errors.New("not a JSON-RPC request")
	}
	m.raw = string(b)
	return nil
}

type readOnly struct{ io.Reader }

func (readOnly) Write(b []byte) (int, error) { return len(b), nil }
func (readOnly) Close() error                { return nil }
