package lsp

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/config"
)

type lintConfig = config.Config

const configFileName = config.FileName

func isConfigFile(path string) bool {
	return path != "" && filepath.Base(path) == configFileName
}

var windowsDrive = regexp.MustCompile(`^/[A-Za-z]:`)

// uriToPath returns the file path of a file: URI, or "" for other schemes
// (untitled buffers have no name to detect a kind by).
func uriToPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	p := u.Path
	if runtime.GOOS == "windows" && windowsDrive.MatchString(p) {
		p = p[1:]
	}
	return filepath.FromSlash(p)
}

func pathToURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// reload finds and loads the workspace's .rampart.yaml and builds a linter
// from it. A config that does not load, or that the linter rejects, is
// reported on the config file and in a message; the last good linter stays.
// The first load always leaves a linter, with defaults if need be.
func (s *Server) reload(why string) {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	s.mu.Lock()
	root := s.root
	s.mu.Unlock()

	var cfg *config.Config
	path, err := "", error(nil)
	if root != "" {
		path, err = config.Find(root)
	}
	if err == nil && path != "" {
		cfg, err = config.Load(path)
	}
	var l *lint.Linter
	if err == nil {
		opts := s.opts.Lint
		opts.Config = cfg
		l, err = lint.New(s.ctx, opts)
	}
	if err != nil {
		if s.ctx.Err() != nil {
			return
		}
		s.log.Error("config not loaded", "why", why, "config", path, "err", err)
		s.reportConfigError(path, err)
		if s.eng.Load() != nil {
			return
		}
		// Serve with the defaults rather than not at all.
		opts := s.opts.Lint
		opts.Config = nil
		if l, err = lint.New(s.ctx, opts); err != nil {
			s.log.Error("cannot build a linter", "err", err)
			s.showMessage(protocol.MessageTypeError, "rampart: cannot start: "+err.Error())
			return
		}
		cfg = nil
	} else {
		s.log.Info("config loaded", "why", why, "config", path)
		s.clearConfigErrors()
	}
	first := s.eng.Load() == nil
	s.eng.Store(&engine{linter: l, cfg: cfg})
	if first {
		close(s.engReady)
		return // documents opened so far are queued already
	}
	s.relintAll()
}

// reportConfigError shows a config problem as a diagnostic on the config
// file, at its line when known, and as a message.
func (s *Server) reportConfigError(path string, err error) {
	line, msg := 0, err.Error()
	var ce *config.Error
	if errors.As(err, &ce) {
		line, msg = ce.Line, ce.Msg
		if ce.File != "" {
			path = ce.File
		}
	}
	kept := "the previous configuration stays in effect"
	if s.eng.Load() == nil {
		kept = "using the default configuration"
	}
	s.showMessage(protocol.MessageTypeError, fmt.Sprintf("rampart: %s; %s", err, kept))
	if path == "" {
		return
	}
	rng := protocol.Range{}
	if line > 0 {
		text, _ := os.ReadFile(path)
		idx := newLineIndex(string(text))
		n := line - 1
		rng = protocol.Range{
			Start: protocol.Position{Line: protocol.UInteger(n)},
			End:   protocol.Position{Line: protocol.UInteger(n), Character: protocol.UInteger(utf16Len(idx.lineText(n)))},
		}
	}
	sev := protocol.DiagnosticSeverityError
	src := diagSource
	uri := s.uriFor(path)
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.cfgDiags[uri] = true
	s.notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{
		URI: uri,
		Diagnostics: []protocol.Diagnostic{{
			Range: rng, Severity: &sev, Source: &src,
			Message: "invalid rampart config: " + msg + " (" + kept + ")",
		}},
	})
}

func (s *Server) clearConfigErrors() {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	for uri := range s.cfgDiags {
		s.notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{
			URI: uri, Diagnostics: []protocol.Diagnostic{},
		})
		delete(s.cfgDiags, uri)
	}
}

// uriFor returns the URI the client uses for path if the file is open
// (clients differ in how they escape URIs), else a file: URI.
func (s *Server) uriFor(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for uri, d := range s.docs {
		if d.path == path {
			return uri
		}
	}
	return pathToURI(path)
}

func (s *Server) didChangeWatchedFiles(_ *glsp.Context, p *protocol.DidChangeWatchedFilesParams) error {
	for _, c := range p.Changes {
		if isConfigFile(uriToPath(c.URI)) {
			go s.reload("changed " + c.URI)
			return nil
		}
	}
	return nil
}
