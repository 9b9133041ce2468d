package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/lint"
)

// DefaultDebounce is how long the server waits after the last change before
// linting, so that typing does not start a lint run per keystroke.
const DefaultDebounce = 150 * time.Millisecond

// Options configure a Server.
type Options struct {
	// Debounce is the delay between a change and its lint run; 0 lints at
	// once (tests). Opening and saving a document lint without delay.
	Debounce time.Duration
	// Workers is how many documents are linted at once; 0 means
	// max(2, GOMAXPROCS).
	Workers int
	// Lint is the base for every Linter the server builds; its Config is
	// replaced by the workspace's .rampart.yaml.
	Lint lint.Options
	// Logger receives the server's logs; nil discards them. It must not
	// write to the protocol stream.
	Logger *slog.Logger
	// Version is reported to the client in serverInfo.
	Version string
	// Policies are directories of custom policies added to every
	// folder's config (rampart lsp --policies).
	Policies []string
}

// ErrNoShutdown is returned by Serve when the connection ended without a
// shutdown request first (the client died, or sent exit early); the
// protocol asks the server to exit with status 1 then.
var ErrNoShutdown = errors.New("connection closed without a shutdown request")

// Server is one language server session.
type Server struct {
	opts     Options
	log      *slog.Logger
	protocol protocol.Handler

	ctx    context.Context // cancelled when the session ends
	conn   *jsonrpc2.Conn
	connOK chan struct{} // closed once conn is set
	exited chan struct{} // closed on the exit notification

	mu      sync.Mutex
	docs    map[string]*document // by URI
	queue   []string             // URIs waiting for a worker, each once
	queued  map[string]bool
	wake    chan struct{}
	watchOK bool // the client can watch files for us

	folders []*scope          // workspace folders, by root
	outside map[string]*scope // files outside every folder, by the config that applies ("" for none)

	// pubMu orders publications: a result is checked for staleness and
	// sent under it, so an older result never overtakes a newer one.
	pubMu sync.Mutex

	// eng is the engine of the first workspace folder at initialize (of
	// the files outside every folder without one), for tests.
	eng       atomic.Pointer[engine]
	fileDiags map[*scope]map[string][]protocol.Diagnostic // config and policy problems by scope and URI (under pubMu)

	shutdown atomic.Bool
	exitOnce sync.Once
	workers  sync.WaitGroup

	// lintFunc lints one buffer; tests replace it to inject failures.
	lintFunc func(ctx context.Context, l *lint.Linter, path string, src []byte) lint.FileResult
}

// New returns a server; Serve runs it on a connection.
func New(opts Options) *Server {
	if opts.Workers <= 0 {
		opts.Workers = max(2, runtime.GOMAXPROCS(0))
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		opts:      opts,
		log:       log,
		connOK:    make(chan struct{}),
		exited:    make(chan struct{}),
		docs:      map[string]*document{},
		queued:    map[string]bool{},
		wake:      make(chan struct{}, 1<<10),
		outside:   map[string]*scope{},
		fileDiags: map[*scope]map[string][]protocol.Diagnostic{},
		lintFunc: func(ctx context.Context, l *lint.Linter, path string, src []byte) lint.FileResult {
			return l.LintBytes(ctx, path, src)
		},
	}
	s.protocol = protocol.Handler{
		Initialize:                         s.initialize,
		Initialized:                        s.initialized,
		Shutdown:                           s.shutdownHandler,
		SetTrace:                           func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		CancelRequest:                      func(*glsp.Context, *protocol.CancelParams) error { return nil },
		TextDocumentDidOpen:                s.didOpen,
		TextDocumentDidChange:              s.didChange,
		TextDocumentDidSave:                s.didSave,
		TextDocumentDidClose:               s.didClose,
		TextDocumentHover:                  s.hover,
		TextDocumentCodeAction:             s.codeAction,
		WorkspaceDidChangeWatchedFiles:     s.didChangeWatchedFiles,
		WorkspaceDidChangeWorkspaceFolders: s.didChangeWorkspaceFolders,
	}
	return s
}

// Serve runs the session on stream (the client's stdin and stdout, or a
// pipe in tests) until the client sends exit, the stream ends, or ctx is
// done. It returns ErrNoShutdown if no shutdown request came first.
func (s *Server) Serve(ctx context.Context, stream io.ReadWriteCloser) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.ctx = ctx
	s.conn = jsonrpc2.NewConn(ctx,
		jsonrpc2.NewBufferedStream(stream, &frameCodec{log: s.log}),
		jsonrpc2.HandlerWithError(s.handle),
		jsonrpc2.SetLogger(rpcLogger{s.log}))
	close(s.connOK)
	for range s.opts.Workers {
		s.workers.Add(1)
		go s.worker()
	}
	// The stream may not end when the connection is closed (a read from
	// a terminal or a blocking pipe is not interrupted), so exit is waited
	// for on its own.
	select {
	case <-s.conn.DisconnectNotify():
	case <-s.exited:
	case <-ctx.Done():
	}
	s.conn.Close()
	cancel()
	s.mu.Lock()
	for _, d := range s.docs {
		d.stop()
	}
	s.mu.Unlock()
	s.workers.Wait()
	if !s.shutdown.Load() {
		return ErrNoShutdown
	}
	return nil
}

// handle is glsp's server.handle (v0.2.2) plus what it lacks: recovery from
// a panicking handler, the protocol's error code for requests before
// initialize, and silence for notifications nobody handles ($/ methods).
func (s *Server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (result any, err error) {
	<-s.connOK
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic in handler", "method", req.Method, "panic", r, "stack", string(debug.Stack()))
			result, err = nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: fmt.Sprintf("internal error in %s: %v", req.Method, r)}
		}
	}()
	gctx := &glsp.Context{
		Method: req.Method,
		Notify: s.notify,
		Call: func(method string, params, result any) {
			if err := conn.Call(ctx, method, params, result); err != nil {
				s.log.Error("call to client failed", "method", method, "err", err)
			}
		},
	}
	if req.Params != nil {
		gctx.Params = *req.Params
	}
	if req.Method == protocol.MethodExit {
		s.log.Info("exit")
		s.exitOnce.Do(func() { close(s.exited) })
		return nil, nil
	}
	r, validMethod, validParams, err := s.protocol.Handle(gctx)
	switch {
	case !validMethod:
		if req.Notif {
			s.log.Debug("ignored notification", "method", req.Method)
			return nil, nil
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		msg := "invalid params"
		if err != nil {
			msg = err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil && err.Error() == "server not initialized":
		return nil, &jsonrpc2.Error{Code: -32002, Message: err.Error()}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return r, nil
}

// notify sends a notification; it is safe from any goroutine.
func (s *Server) notify(method string, params any) {
	if err := s.conn.Notify(s.ctx, method, params); err != nil && !errors.Is(err, jsonrpc2.ErrClosed) {
		s.log.Error("notification failed", "method", method, "err", err)
	}
}

func (s *Server) showMessage(typ protocol.MessageType, msg string) {
	s.notify(protocol.ServerWindowShowMessage, protocol.ShowMessageParams{Type: typ, Message: msg})
}

type rpcLogger struct{ log *slog.Logger }

func (l rpcLogger) Printf(format string, v ...any) {
	l.log.Warn(strings.TrimSuffix(fmt.Sprintf(format, v...), "\n"))
}

func (s *Server) initialize(_ *glsp.Context, p *protocol.InitializeParams) (any, error) {
	var roots []string
	switch {
	case len(p.WorkspaceFolders) > 0:
		for _, f := range p.WorkspaceFolders {
			if r := uriToPath(f.URI); r != "" {
				roots = append(roots, r)
			}
		}
	case p.RootURI != nil && *p.RootURI != "":
		roots = append(roots, uriToPath(*p.RootURI))
	case p.RootPath != nil && *p.RootPath != "":
		roots = append(roots, *p.RootPath)
	}
	watch := false
	if ws := p.Capabilities.Workspace; ws != nil && ws.DidChangeWatchedFiles != nil && ws.DidChangeWatchedFiles.DynamicRegistration != nil {
		watch = *ws.DidChangeWatchedFiles.DynamicRegistration
	}
	s.mu.Lock()
	s.watchOK = watch
	var added []*scope
	for _, r := range roots {
		if sc := s.addFolderLocked(r); sc != nil {
			added = append(added, sc)
		}
	}
	primary := s.outsideLocked("")
	if len(s.folders) > 0 {
		primary = s.folders[0]
	}
	primary.eng = &s.eng
	s.mu.Unlock()
	s.log.Info("initialize", "folders", roots, "client", clientName(p))
	// Compiling the rules takes a while; documents opened meanwhile are
	// linted once their folder's linter is ready.
	for _, sc := range added {
		go s.reload(sc, "initialize", true)
	}

	caps := s.protocol.CreateServerCapabilities()
	sync := protocol.TextDocumentSyncKindIncremental
	caps.TextDocumentSync = &protocol.TextDocumentSyncOptions{
		OpenClose: &protocol.True,
		Change:    &sync,
		Save:      &protocol.SaveOptions{IncludeText: &protocol.False},
	}
	caps.Workspace = &protocol.ServerCapabilitiesWorkspace{WorkspaceFolders: &protocol.WorkspaceFoldersServerCapabilities{
		Supported: &protocol.True, ChangeNotifications: &protocol.BoolOrString{Value: true},
	}}
	caps.CodeActionProvider = &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}}
	info := &protocol.InitializeResultServerInfo{Name: "rampart"}
	if s.opts.Version != "" {
		info.Version = &s.opts.Version
	}
	return protocol.InitializeResult{Capabilities: caps, ServerInfo: info}, nil
}

func clientName(p *protocol.InitializeParams) string {
	if p.ClientInfo == nil {
		return ""
	}
	if p.ClientInfo.Version != nil {
		return p.ClientInfo.Name + " " + *p.ClientInfo.Version
	}
	return p.ClientInfo.Name
}

func (s *Server) initialized(*glsp.Context, *protocol.InitializedParams) error {
	s.mu.Lock()
	watch := s.watchOK
	s.mu.Unlock()
	if watch {
		// A request to the client from a handler would wait for a response
		// that only this read loop can deliver, so it goes from elsewhere.
		go s.registerWatchers()
	}
	return nil
}

func (s *Server) registerWatchers() {
	params := protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:     "rampart-config",
		Method: string(protocol.MethodWorkspaceDidChangeWatchedFiles),
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{
			Watchers: []protocol.FileSystemWatcher{{GlobPattern: "**/" + configFileName}, {GlobPattern: "**/*.rego"}},
		},
	}}}
	var res json.RawMessage
	if err := s.conn.Call(s.ctx, string(protocol.ServerClientRegisterCapability), params, &res); err != nil {
		s.log.Warn("could not register the config and policy watchers; they reload on save only", "err", err)
	}
}

func (s *Server) shutdownHandler(*glsp.Context) error {
	s.log.Info("shutdown")
	s.shutdown.Store(true)
	s.mu.Lock()
	for _, d := range s.docs {
		d.stop()
	}
	s.mu.Unlock()
	return nil
}
