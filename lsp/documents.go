package lsp

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/kind"
)

// document is an open text document. Its fields are guarded by Server.mu.
type document struct {
	uri     string
	path    string // file path for kind detection and config globs; "" if not a file
	text    string
	version protocol.Integer
	gen     uint64 // bumped on every change of text or of the linter

	timer  *time.Timer        // pending debounce
	cancel context.CancelFunc // of the running lint, if any

	// What the client was last sent, for hover and code actions.
	diags     []protocol.Diagnostic
	eng       *engine // that found them
	published bool
}

// stop cancels the pending and running work of a document.
func (d *document) stop() {
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	if d.cancel != nil {
		d.cancel()
		d.cancel = nil
	}
}

func (s *Server) didOpen(_ *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	uri := p.TextDocument.URI
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.docs[uri]; old != nil {
		old.stop()
	}
	d := &document{uri: uri, path: uriToPath(uri), text: p.TextDocument.Text, version: p.TextDocument.Version}
	s.docs[uri] = d
	s.scheduleLocked(d, 0)
	return nil
}

func (s *Server) didChange(_ *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	uri := p.TextDocument.URI
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[uri]
	if d == nil {
		s.log.Warn("change for a document that is not open; ignored", "uri", uri)
		return nil
	}
	text := d.text
	for i, c := range p.ContentChanges {
		var ok bool
		if text, ok = applyChange(text, c); !ok {
			// The client and server disagree about the text; linting a
			// guess would put diagnostics in the wrong places.
			s.log.Error("change does not apply; keeping the previous text", "uri", uri, "change", i)
			return fmt.Errorf("change %d of %s has an invalid range", i, uri)
		}
	}
	d.text, d.version = text, p.TextDocument.Version
	s.scheduleLocked(d, s.opts.Debounce)
	return nil
}

func (s *Server) didSave(_ *glsp.Context, p *protocol.DidSaveTextDocumentParams) error {
	uri := p.TextDocument.URI
	if path := uriToPath(uri); isConfigFile(path) || isPolicyFile(path) {
		s.filesChanged("saved", path)
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.docs[uri]; d != nil {
		if p.Text != nil {
			d.text = *p.Text
		}
		s.scheduleLocked(d, 0)
	}
	return nil
}

func (s *Server) didClose(_ *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	uri := p.TextDocument.URI
	s.mu.Lock()
	d := s.docs[uri]
	if d != nil {
		d.stop()
		delete(s.docs, uri)
	}
	s.mu.Unlock()
	if d == nil || isConfigFile(d.path) {
		return nil // a config error stays visible until the config is fixed
	}
	if isPolicyFile(d.path) {
		// Its problems stay visible until fixed, but those of unsaved text
		// go: the file on disk counts now.
		for _, sc := range s.scopesWithPolicy(d.path) {
			go s.reload(sc, "closed "+uri, false)
		}
		return nil
	}
	// Under pubMu, so that a result being sent for this document goes out
	// before the clearing, not after it.
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{
		URI: uri, Diagnostics: []protocol.Diagnostic{},
	})
	return nil
}

// scheduleLocked (re)starts a document's lint after delay, cancelling the
// run of the text it replaces. s.mu is held.
func (s *Server) scheduleLocked(d *document, delay time.Duration) {
	d.stop()
	d.gen++
	if delay <= 0 {
		s.enqueueLocked(d.uri)
		return
	}
	d.timer = time.AfterFunc(delay, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.docs[d.uri] == d {
			s.enqueueLocked(d.uri)
		}
	})
}

func (s *Server) enqueueLocked(uri string) {
	if s.queued[uri] {
		return
	}
	s.queued[uri] = true
	s.queue = append(s.queue, uri)
	select {
	case s.wake <- struct{}{}:
	default: // enough wake-ups are pending already
	}
}

// relintWhere re-lints the open documents of the scopes pred accepts,
// after their config or policies changed.
func (s *Server) relintWhere(pred func(*scope) bool) { s.relint(pred, false) }

// relint re-lints the open documents of the scopes pred accepts; with
// linted, only those linted already (by another scope: a folder was added),
// not those still waiting for their first run.
func (s *Server) relint(pred func(*scope) bool, linted bool) {
	s.mu.Lock()
	var docs []*document
	for _, d := range s.docs {
		if !isConfigFile(d.path) && !isPolicyFile(d.path) && (!linted || d.eng != nil) {
			docs = append(docs, d)
		}
	}
	s.mu.Unlock()
	var hit []*document
	for _, d := range docs {
		if pred(s.scopeOf(d.path)) {
			hit = append(hit, d)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range hit {
		if s.docs[d.uri] == d {
			s.scheduleLocked(d, 0)
		}
	}
}

func (s *Server) worker() {
	defer s.workers.Done()
	for {
		s.mu.Lock()
		var uri string
		if len(s.queue) > 0 {
			uri = s.queue[0]
			s.queue = s.queue[1:]
			delete(s.queued, uri)
		}
		s.mu.Unlock()
		if uri == "" {
			select {
			case <-s.wake:
				continue
			case <-s.ctx.Done():
				return
			}
		}
		s.run(uri)
	}
}

// run lints the current text of one document and publishes the result if
// the text is still current when it is done.
func (s *Server) run(uri string) {
	s.mu.Lock()
	d := s.docs[uri]
	if d == nil || s.shutdown.Load() {
		s.mu.Unlock()
		return
	}
	if d.cancel != nil {
		d.cancel()
	}
	ctx, cancel := context.WithCancel(s.ctx)
	d.cancel = cancel
	gen, text, path, version := d.gen, d.text, d.path, d.version
	s.mu.Unlock()
	defer cancel()

	if isPolicyFile(path) {
		for _, sc := range s.scopesWithPolicy(path) {
			s.reload(sc, "edited "+uri, false)
		}
		return
	}
	sc := s.scopeOf(path)
	select {
	case <-sc.ready:
	case <-ctx.Done():
		return
	}
	eng := sc.eng.Load()
	start := time.Now()
	diags, lintedOK := s.diagnose(ctx, eng, uri, path, text)
	if ctx.Err() != nil {
		return // superseded or shutting down
	}
	s.log.Debug("linted", "uri", uri, "version", version, "diagnostics", len(diags), "took", time.Since(start))

	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	current := s.docs[uri] == d && d.gen == gen
	if current {
		d.cancel = nil
		if !lintedOK && !d.published {
			current = false // nothing to say, nothing to clear
		}
		d.diags, d.eng, d.published = diags, eng, d.published || len(diags) > 0
	}
	s.mu.Unlock()
	if !current {
		return
	}
	v := protocol.UInteger(version)
	s.notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{
		URI: uri, Version: &v, Diagnostics: diags,
	})
}

// diagnose lints one text. ok is false when the file is not one rampart
// reads (so there is nothing to publish unless stale diagnostics need
// clearing). The result is never nil: an empty list clears.
func (s *Server) diagnose(ctx context.Context, eng *engine, uri, path, text string) (diags []protocol.Diagnostic, ok bool) {
	diags = []protocol.Diagnostic{}
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic while linting", "uri", uri, "panic", r, "stack", string(debug.Stack()))
			diags, ok = []protocol.Diagnostic{internalErrorDiagnostic(r)}, true
		}
	}()
	if !s.lintable(eng, path) {
		return diags, false
	}
	fr := s.lintFunc(ctx, eng.linter, path, []byte(text))
	if fr.Err != nil {
		s.log.Error("lint error", "uri", uri, "err", fr.Err)
	}
	if fr.Skipped != "" {
		s.log.Debug("not linted", "uri", uri, "reason", fr.Skipped)
		return diags, true
	}
	if len(fr.Findings) == 0 {
		return diags, true
	}
	idx := newLineIndex(text)
	for _, f := range fr.Findings {
		diags = append(diags, s.diagnostic(eng.linter, idx, f))
	}
	return diags, true
}

// lintable reports whether the CLI would lint path when walking the
// workspace: a file of a candidate extension (or one the config forces to a
// kind) that the config does not exclude. Config and policy files are
// reported on by the config loader.
func (s *Server) lintable(eng *engine, path string) bool {
	if path == "" || isConfigFile(path) || isPolicyFile(path) {
		return false
	}
	if eng.cfg != nil {
		if eng.cfg.Excluded(path) {
			return false
		}
		if eng.cfg.KindOf(path) != "" {
			return true
		}
	}
	return kind.Candidate(filepath.Base(path))
}

func internalErrorDiagnostic(r any) protocol.Diagnostic {
	sev := protocol.DiagnosticSeverityWarning
	src := "rampart"
	return protocol.Diagnostic{
		Severity: &sev,
		Source:   &src,
		Message:  fmt.Sprintf("rampart could not lint this file (internal error: %v); see the language server log", r),
		Data:     diagnosticData{Rule: "rampart/internal-error"},
	}
}

// engine is a linter built from one configuration.
type engine struct {
	linter *lint.Linter
	cfg    *lintConfig // nil without a config file
}
