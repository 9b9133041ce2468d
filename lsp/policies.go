package lsp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/config"
	regoengine "github.com/rampart-lint/rampart/lint/engine"
	"github.com/rampart-lint/rampart/lint/report"
)

// policyErrorCode is the code of a diagnostic about a custom policy that
// does not load (syntax, compile, metadata contract, sandbox).
const policyErrorCode = "rampart/policy-error"

// configErrorCode is the code of a diagnostic about a .rampart.yaml that
// does not load.
const configErrorCode = "rampart/config-error"

func isPolicyFile(path string) bool {
	return strings.HasSuffix(path, ".rego")
}

// reload loads a scope's config and custom policies. With full, it builds
// the linter from the files on disk, as the CLI would, and lints the
// scope's documents with it; a config or policy set that does not load
// leaves the last good linter in place (the first time, the built-in rules
// with the rest of the config, or the defaults). Either way the problems
// are published on the files they are about, and those of .rego files are
// found with the text of their open buffers, saved or not.
func (s *Server) reload(sc *scope, why string, full bool) {
	sc.build.Lock()
	defer sc.build.Unlock()
	s.mu.Lock()
	removed := sc.removed
	s.mu.Unlock()
	if removed || s.ctx.Err() != nil {
		return
	}
	cfgPath, cfg, err := s.loadConfig(sc)
	s.mu.Lock()
	sc.cfgPath, sc.policyDirs = cfgPath, nil
	if cfg != nil {
		sc.policyDirs = cfg.Policies
	}
	s.mu.Unlock()

	diags := map[string][]protocol.Diagnostic{}
	if err != nil {
		s.problemDiags(diags, cfgPath, err)
		if full {
			first := s.failed(sc, why, cfgPath, err, nil)
			s.relint(func(o *scope) bool { return o == sc }, first)
		}
		s.publishScopeDiags(sc, diags)
		return
	}
	var dirs []string
	if cfg != nil {
		dirs = cfg.Policies
	}
	overlay := s.policyBuffers(dirs)
	if !full {
		_, err := s.buildLinter(cfg, overlay)
		if s.ctx.Err() != nil {
			return
		}
		s.problemDiags(diags, cfgPath, err)
		s.publishScopeDiags(sc, diags)
		return
	}
	l, err := s.buildLinter(cfg, nil)
	first := false
	checkErr := err
	if len(overlay) > 0 {
		_, checkErr = s.buildLinter(cfg, overlay)
	}
	if s.ctx.Err() != nil {
		return
	}
	s.problemDiags(diags, cfgPath, checkErr)
	if err != nil {
		first = s.failed(sc, why, cfgPath, err, cfg)
	} else {
		s.log.Info("config loaded", "scope", sc, "why", why, "config", cfgPath, "policies", dirs)
		first = sc.setEngine(&engine{linter: l, cfg: cfg})
	}
	s.publishScopeDiags(sc, diags)
	s.relint(func(o *scope) bool { return o == sc }, first)
}

// failed reports a config or policy set that does not load and, if the
// scope has no linter yet, gives it the next best: the config without its
// policies, or the defaults. first is as for setEngine.
func (s *Server) failed(sc *scope, why, cfgPath string, err error, cfg *config.Config) (first bool) {
	// The error may quote the config (a misplaced credential included).
	s.log.Error("config not loaded", "scope", sc, "why", why, "config", cfgPath, "err", report.RedactCredentials(err.Error()))
	kept := "the previous configuration stays in effect"
	if sc.eng.Load() == nil {
		kept = "using the default configuration"
		var l *lint.Linter
		if cfg != nil && len(cfg.Policies) > 0 {
			c := *cfg
			c.Policies = nil
			opts := s.opts.Lint
			opts.Config = &c
			if l, _ = lint.New(s.ctx, opts); l != nil {
				cfg, kept = &c, "linting with the built-in rules only"
			}
		}
		if l == nil {
			opts := s.opts.Lint
			opts.Config = nil
			if l, err = lint.New(s.ctx, opts); err != nil {
				s.log.Error("cannot build a linter", "err", err)
				s.showMessage(protocol.MessageTypeError, "rampart: cannot start: "+err.Error())
				return false
			}
			cfg = nil
		}
		first = sc.setEngine(&engine{linter: l, cfg: cfg})
	}
	var le *regoengine.LoadError
	if errors.As(err, &le) {
		s.showMessage(protocol.MessageTypeError, fmt.Sprintf("rampart: %d problem(s) in the custom policies; %s (see the diagnostics on the .rego files)", len(le.Problems), kept))
		return first
	}
	s.showMessage(protocol.MessageTypeError, report.RedactCredentials(fmt.Sprintf("rampart: %s; %s", err, kept)))
	return first
}

// loadConfig loads the config of a scope, with the --policies directories
// added to its own.
func (s *Server) loadConfig(sc *scope) (string, *config.Config, error) {
	path, err := sc.cfgFile, error(nil)
	if sc.root != "" {
		path, err = config.Find(sc.root)
	}
	var cfg *config.Config
	if err == nil && path != "" {
		cfg, err = config.Load(path)
	}
	if err != nil {
		return path, nil, err
	}
	if len(s.opts.Policies) > 0 {
		c := config.Config{}
		if cfg != nil {
			c = *cfg
		}
		c.Policies = append(slices.Clip(c.Policies), s.opts.Policies...)
		cfg = &c
	}
	return path, cfg, nil
}

// buildLinter builds a linter from cfg, with the given texts in place of
// the files of the same paths in its policy directories.
func (s *Server) buildLinter(cfg *config.Config, overlay map[string]string) (*lint.Linter, error) {
	opts := s.opts.Lint
	opts.Config = cfg
	if cfg == nil || len(cfg.Policies) == 0 {
		return lint.New(s.ctx, opts)
	}
	pol, err := regoengine.LoadPolicies(cfg.Policies...)
	if err != nil {
		return nil, err
	}
	mods := pol.Modules
	for path, text := range overlay {
		i := slices.IndexFunc(mods, func(m regoengine.Module) bool { return filepath.Clean(m.Name) == path })
		switch {
		case i >= 0:
			mods[i].Source = []byte(text)
		case !strings.HasSuffix(path, "_test.rego"):
			mods = append(mods, regoengine.Module{Name: path, Source: []byte(text)}) // not saved yet
		}
	}
	c := *cfg
	c.Policies = nil // loaded above
	opts.Config = &c
	opts.Policies = append(slices.Clip(opts.Policies), mods...)
	return lint.New(s.ctx, opts)
}

// policyBuffers returns the open .rego documents in dirs whose text is not
// what their file holds, by path.
func (s *Server) policyBuffers(dirs []string) map[string]string {
	if len(dirs) == 0 {
		return nil
	}
	s.mu.Lock()
	texts := map[string]string{}
	for _, d := range s.docs {
		if !isPolicyFile(d.path) {
			continue
		}
		for _, dir := range dirs {
			if within(dir, d.path) {
				texts[filepath.Clean(d.path)] = d.text
				break
			}
		}
	}
	s.mu.Unlock()
	for p, text := range texts {
		if disk, err := os.ReadFile(p); err == nil && string(disk) == text {
			delete(texts, p)
		}
	}
	return texts
}

// problemDiags turns what went wrong loading a scope into diagnostics by
// URI: a policy problem on its .rego file, at its line and column; the
// rest on the config file.
func (s *Server) problemDiags(out map[string][]protocol.Diagnostic, cfgPath string, err error) {
	if err == nil {
		return
	}
	var le *regoengine.LoadError
	if !errors.As(err, &le) {
		line, msg := 0, err.Error()
		var ce *config.Error
		if errors.As(err, &ce) {
			line, msg = ce.Line, ce.Msg
			if ce.File != "" {
				cfgPath = ce.File
			}
		}
		if cfgPath != "" {
			uri := s.uriFor(cfgPath)
			out[uri] = append(out[uri], s.fileDiag(cfgPath, line, 0, "invalid rampart config: "+msg, configErrorCode))
		}
		return
	}
	for _, p := range le.Located() {
		switch {
		case isPolicyFile(p.File):
			path := p.File
			if abs, err := filepath.Abs(path); err == nil {
				path = abs
			}
			uri := s.uriFor(path)
			out[uri] = append(out[uri], s.fileDiag(path, p.Line, p.Col, p.Msg, policyErrorCode))
		case cfgPath != "":
			uri := s.uriFor(cfgPath)
			out[uri] = append(out[uri], s.fileDiag(cfgPath, 0, 0, "custom policies: "+p.String(), policyErrorCode))
		}
	}
}

// fileDiag is an error diagnostic at a 1-based line and byte column of a
// file (its open buffer if it has one): from the column to the end of the
// line, the whole line without a column, the file's start without a line.
func (s *Server) fileDiag(path string, line, col int, msg, code string) protocol.Diagnostic {
	rng := protocol.Range{}
	if line > 0 {
		text, ok := s.textOf(path)
		if !ok {
			b, _ := os.ReadFile(path)
			text = string(b)
		}
		idx := newLineIndex(text)
		n := line - 1
		lt := idx.lineText(n)
		start := 0
		if col > 1 && col-1 <= len(lt) {
			start = utf16Len(lt[:col-1])
		}
		end := utf16Len(lt)
		if end <= start {
			end = start
		}
		rng = protocol.Range{
			Start: protocol.Position{Line: protocol.UInteger(n), Character: protocol.UInteger(start)},
			End:   protocol.Position{Line: protocol.UInteger(n), Character: protocol.UInteger(end)},
		}
	}
	sev := protocol.DiagnosticSeverityError
	src := diagSource
	return protocol.Diagnostic{
		Range: rng, Severity: &sev, Source: &src,
		Code:    &protocol.IntegerOrString{Value: code},
		Message: report.RedactCredentials(msg),
		Data:    diagnosticData{Rule: code},
	}
}

// textOf returns the text of the open document of path.
func (s *Server) textOf(path string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.docs {
		if d.path == path {
			return d.text, true
		}
	}
	return "", false
}

// publishScopeDiags replaces what a scope says about config and policy
// files. A file several scopes share (one policy directory in two folders'
// configs) gets what they all say.
func (s *Server) publishScopeDiags(sc *scope, diags map[string][]protocol.Diagnostic) {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	old := s.fileDiags[sc]
	if len(diags) == 0 {
		delete(s.fileDiags, sc)
	} else {
		s.fileDiags[sc] = diags
	}
	uris := map[string]bool{}
	for u := range old {
		uris[u] = true
	}
	for u := range diags {
		uris[u] = true
	}
	for uri := range uris {
		all := []protocol.Diagnostic{}
		for _, m := range s.fileDiags {
			all = append(all, m[uri]...)
		}
		s.notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{URI: uri, Diagnostics: all})
	}
}
