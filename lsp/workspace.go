package lsp

import (
	"net/url"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

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

// scope is a set of files linted with one configuration: a workspace folder
// (its .rampart.yaml, found as the CLI finds it from the folder's root), or,
// for files outside every folder, the nearest .rampart.yaml above the file
// (the defaults if there is none).
type scope struct {
	root    string // the workspace folder; "" for the others
	cfgFile string // outside scopes: the config that applies, "" for none

	eng       *atomic.Pointer[engine] // the current linter; nil until the first load
	ready     chan struct{}           // closed once eng is set
	readyOnce sync.Once
	build     sync.Mutex // one load or check at a time

	// Under Server.mu.
	cfgPath    string   // the config last loaded, "" if none
	policyDirs []string // its custom policy directories, absolute
	removed    bool     // the folder left the workspace
	started    bool     // its first load has been started
}

func newScope(root, cfgFile string) *scope {
	return &scope{root: root, cfgFile: cfgFile, eng: new(atomic.Pointer[engine]), ready: make(chan struct{})}
}

// setEngine makes e the scope's linter; it reports whether it is the
// first, which the documents waiting for it pick up without a re-lint.
func (sc *scope) setEngine(e *engine) (first bool) {
	sc.eng.Store(e)
	sc.readyOnce.Do(func() { close(sc.ready); first = true })
	return first
}

func (sc *scope) String() string {
	if sc.root != "" {
		return sc.root
	}
	if sc.cfgFile != "" {
		return "outside folders, " + sc.cfgFile
	}
	return "outside folders"
}

// addFolderLocked adds a workspace folder; nil if it is one already.
func (s *Server) addFolderLocked(root string) *scope {
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	for _, f := range s.folders {
		if f.root == root {
			return nil
		}
	}
	sc := newScope(root, "")
	sc.started = true // by the caller
	s.folders = append(s.folders, sc)
	return sc
}

// outsideLocked returns the scope of files outside every folder that
// cfgFile applies to, creating it (unloaded) if need be.
func (s *Server) outsideLocked(cfgFile string) *scope {
	sc := s.outside[cfgFile]
	if sc == nil {
		sc = newScope("", cfgFile)
		s.outside[cfgFile] = sc
	}
	return sc
}

// scopeOf returns the scope a file is linted in: the innermost workspace
// folder holding it, else the nearest config above it, as `rampart lint
// FILE` would use. A scope seen for the first time starts loading, and
// the file is linted when it is ready.
func (s *Server) scopeOf(path string) *scope {
	s.mu.Lock()
	var best *scope
	for _, f := range s.folders {
		if path != "" && within(f.root, path) && (best == nil || len(f.root) > len(best.root)) {
			best = f
		}
	}
	s.mu.Unlock()
	if best != nil {
		return best
	}
	cfgFile := ""
	if path != "" {
		if found, err := config.Find(filepath.Dir(path)); err == nil {
			cfgFile = found
		}
	}
	s.mu.Lock()
	sc := s.outsideLocked(cfgFile)
	fresh := !sc.started
	sc.started = true
	s.mu.Unlock()
	if fresh {
		go s.reload(sc, "first file outside the workspace folders", true)
	}
	return sc
}

func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// scopesWithPolicy returns the scopes whose policy directories hold path.
func (s *Server) scopesWithPolicy(path string) []*scope {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*scope
	for _, sc := range s.allScopesLocked() {
		for _, d := range sc.policyDirs {
			if within(d, path) {
				out = append(out, sc)
				break
			}
		}
	}
	return out
}

func (s *Server) allScopesLocked() []*scope {
	out := append([]*scope(nil), s.folders...)
	for _, sc := range s.outside {
		out = append(out, sc)
	}
	return out
}

func (s *Server) didChangeWatchedFiles(_ *glsp.Context, p *protocol.DidChangeWatchedFilesParams) error {
	var paths []string
	for _, c := range p.Changes {
		paths = append(paths, uriToPath(c.URI))
	}
	s.filesChanged("changed on disk", paths...)
	return nil
}

// filesChanged reloads the scopes a changed config or policy file affects:
// a config reloads the scopes it applies to, or may now apply to (a new
// file above a folder's root); a .rego file those whose policy directories
// hold it.
func (s *Server) filesChanged(why string, paths ...string) {
	todo := map[*scope]bool{}
	cfgChanged := false
	for _, p := range paths {
		switch {
		case isConfigFile(p):
			cfgChanged = true
			s.mu.Lock()
			for _, sc := range s.allScopesLocked() {
				if sc.cfgPath == p || sc.cfgFile == p || (sc.root != "" && within(filepath.Dir(p), sc.root)) {
					todo[sc] = true
				}
			}
			s.mu.Unlock()
		case isPolicyFile(p):
			for _, sc := range s.scopesWithPolicy(p) {
				todo[sc] = true
			}
		}
	}
	for sc := range todo {
		go s.reload(sc, why, true)
	}
	if cfgChanged {
		// A file outside the folders may now have a nearer config, or
		// lose one.
		s.relintWhere(func(sc *scope) bool { return sc.root == "" })
	}
}

func (s *Server) didChangeWorkspaceFolders(_ *glsp.Context, p *protocol.DidChangeWorkspaceFoldersParams) error {
	s.mu.Lock()
	var gone []*scope
	for _, f := range p.Event.Removed {
		root := uriToPath(f.URI)
		if abs, err := filepath.Abs(root); err == nil {
			root = abs
		}
		s.folders = slices.DeleteFunc(s.folders, func(sc *scope) bool {
			if sc.root == root {
				sc.removed = true
				gone = append(gone, sc)
				return true
			}
			return false
		})
	}
	var added []*scope
	for _, f := range p.Event.Added {
		if r := uriToPath(f.URI); r != "" {
			if sc := s.addFolderLocked(r); sc != nil {
				added = append(added, sc)
			}
		}
	}
	s.mu.Unlock()
	s.log.Info("workspace folders changed", "added", len(added), "removed", len(gone))
	for _, sc := range gone {
		s.publishScopeDiags(sc, nil)
	}
	for _, sc := range added {
		go s.reload(sc, "folder added", true)
	}
	if len(gone) > 0 {
		// Their files move to another folder, or outside.
		s.relintWhere(func(*scope) bool { return true })
	}
	return nil
}
