// Package walk finds the files to lint under the paths a user gives: it
// recurses into directories, honours .gitignore files, includes hidden
// directories such as .github, and never follows a symbolic link it meets on
// the way (so it cannot loop or leave the tree it was given).
package walk

import (
	"bufio"
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/rampart-lint/rampart/lint/kind"
)

// Entry is a file to lint, or a path that could not be read.
type Entry struct {
	Path string
	// Explicit is true for a file the user named, which is linted even if
	// its kind cannot be told from its name or content would otherwise skip it.
	Explicit bool
	// Err is set when Path could not be walked; the walk goes on.
	Err error
	// Skip, if set, says why Path is not read: a symbolic link, which the
	// walk never follows, or a file that is not a regular one.
	Skip string
}

// Options tune a walk.
type Options struct {
	// Exclude skips files and directories (config excludes).
	Exclude func(path string) bool
	// NoGitignore lints files that .gitignore would skip.
	NoGitignore bool
	// Manifest, if set, is called for every dependency manifest or lockfile
	// met in a directory walk (kind.Manifest), ignored and excluded ones
	// left out: the repository view checks them across files.
	Manifest func(root, path string)
}

// skipDirs are never entered: version-control internals and dependency
// caches that hold other people's configuration, not the project's.
var skipDirs = map[string]bool{".git": true, ".hg": true, ".svn": true, "node_modules": true, ".terraform": true}

// Walk calls fn for every file to lint under roots, in lexical order per root.
// fn's error stops the walk and is returned; so does ctx's.
func Walk(ctx context.Context, roots []string, opts Options, fn func(Entry) error) error {
	for _, root := range roots {
		if err := ctx.Err(); err != nil {
			return err
		}
		info, err := os.Stat(root)
		if err != nil {
			if err := fn(Entry{Path: root, Explicit: true, Err: err}); err != nil {
				return err
			}
			continue
		}
		if !info.IsDir() {
			if opts.Exclude != nil && opts.Exclude(root) {
				continue
			}
			if err := fn(Entry{Path: root, Explicit: true}); err != nil {
				return err
			}
			continue
		}
		if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			// A named link to a directory is walked (the user chose it);
			// WalkDir would stop at the link itself, and lint nothing.
			// The trailing separator makes it resolve the link.
			root += string(filepath.Separator)
		}
		if err := walkDir(ctx, root, opts, fn); err != nil {
			return err
		}
	}
	return nil
}

func walkDir(ctx context.Context, root string, opts Options, fn func(Entry) error) error {
	ig := newIgnorer(root, !opts.NoGitignore)
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if err != nil {
			if p == root {
				return fn(Entry{Path: p, Explicit: true, Err: err})
			}
			if ferr := fn(Entry{Path: p, Err: err}); ferr != nil {
				return ferr
			}
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if p == root {
			ig.enter(p)
			return nil
		}
		if d.IsDir() {
			if skipDirs[d.Name()] || ig.ignored(p, true) || opts.Exclude != nil && opts.Exclude(p) {
				return filepath.SkipDir
			}
			ig.enter(p)
			return nil
		}
		manifest := opts.Manifest != nil && kind.Manifest(d.Name())
		if !d.Type().IsRegular() {
			// A link may lead out of the tree or round in a loop, and a
			// named pipe would block the reader: neither is opened. Both
			// are named, so --verbose can say why a file went unlinted.
			if ig.ignored(p, false) || opts.Exclude != nil && opts.Exclude(p) {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				return fn(Entry{Path: p, Skip: "symbolic link, not followed"})
			}
			if kind.Candidate(d.Name()) {
				return fn(Entry{Path: p, Skip: "not a regular file (" + TypeName(d.Type()) + ")"})
			}
			return nil
		}
		if !kind.Candidate(d.Name()) && !manifest {
			return nil // files no kind lives in
		}
		if ig.ignored(p, false) || opts.Exclude != nil && opts.Exclude(p) {
			return nil
		}
		if manifest {
			opts.Manifest(root, p)
			if !kind.Candidate(d.Name()) {
				return nil
			}
		}
		return fn(Entry{Path: p})
	})
}

// TypeName names the type of a file that is not a regular one.
func TypeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	case m.IsDir():
		return "directory"
	}
	return "special file"
}

// ignorer collects .gitignore patterns from the repository root down to the
// directory being walked. Patterns carry the directory they came from, so
// patterns of a sibling directory never match outside it.
type ignorer struct {
	on       bool
	base     string // the repository root (or the walk root outside a repository)
	patterns []gitignore.Pattern
	matcher  gitignore.Matcher
}

func newIgnorer(root string, on bool) *ignorer {
	ig := &ignorer{on: on}
	if !on {
		return ig
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		ig.on = false
		return ig
	}
	ig.base = abs
	for dir := abs; ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			ig.base = dir
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	// .gitignore files above the walk root, inside the repository, apply too.
	if ig.base != abs {
		rel, _ := filepath.Rel(ig.base, abs)
		dir := ig.base
		ig.load(dir)
		for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
			dir = filepath.Join(dir, part)
			if dir != abs {
				ig.load(dir)
			}
		}
	}
	return ig
}

func (ig *ignorer) enter(dir string) {
	if ig.on {
		ig.load(dir)
	}
}

func (ig *ignorer) load(dir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	data, err := os.ReadFile(filepath.Join(abs, ".gitignore"))
	if err != nil {
		return
	}
	domain := ig.parts(abs)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ig.patterns = append(ig.patterns, gitignore.ParsePattern(line, domain))
	}
	ig.matcher = gitignore.NewMatcher(ig.patterns)
}

func (ig *ignorer) parts(abs string) []string {
	rel, err := filepath.Rel(ig.base, abs)
	if err != nil || rel == "." {
		return nil
	}
	return strings.Split(filepath.ToSlash(rel), "/")
}

func (ig *ignorer) ignored(p string, isDir bool) bool {
	if !ig.on || ig.matcher == nil {
		return false
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	return ig.matcher.Match(ig.parts(abs), isDir)
}
