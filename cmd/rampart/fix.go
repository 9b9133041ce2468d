package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/fix"
)

// maxFixRounds bounds the lint-and-fix loop of one file. Fixes whose edits
// overlap wait for the next round, which lints the edited text again; a
// file needs as many rounds as it has fixes touching the same lines.
const maxFixRounds = 10

// applyFixes applies every safe fix (lint/fix, the language server's quick
// fixes) to the files under paths, in place, and says on w what it changed.
// It reports whether writing a file failed; findings are not its business:
// the lint that follows reports what is left.
func applyFixes(ctx context.Context, l *lint.Linter, paths []string, w io.Writer, verbose bool) (broken bool) {
	var files []string
	err := l.LintPathsFunc(ctx, paths, func(fr lint.FileResult) {
		if fr.Repository || fr.Skipped != "" {
			return
		}
		for _, f := range fr.Findings {
			if f.Suppression == nil && fix.Has(f.Rule) {
				files = append(files, fr.File)
				return
			}
		}
	})
	if err != nil {
		fmt.Fprintf(w, "rampart: error: --fix: %v\n", err)
		return true
	}
	total, changed := 0, 0
	for _, file := range files {
		titles, err := fixFile(ctx, l, file)
		if err != nil {
			fmt.Fprintf(w, "rampart: error: --fix: %s: %v\n", file, err)
			broken = true
			continue
		}
		if len(titles) == 0 {
			continue
		}
		total += len(titles)
		changed++
		fmt.Fprintf(w, "rampart: fixed %d %s in %s\n", len(titles), plural(len(titles), "finding", "findings"), file)
		if verbose {
			for _, t := range titles {
				fmt.Fprintf(w, "rampart:   %s\n", t)
			}
		}
	}
	if total > 0 {
		fmt.Fprintf(w, "rampart: applied %d %s to %d %s\n", total, plural(total, "fix", "fixes"), changed, plural(changed, "file", "files"))
	} else if !broken {
		fmt.Fprintln(w, "rampart: no fixes to apply")
	}
	return broken
}

// fixFile fixes one file until no fix applies (or the rounds run out), and
// writes it if its text changed. It returns the titles of the fixes applied.
func fixFile(ctx context.Context, l *lint.Linter, file string) (titles []string, err error) {
	// A bug in a fixer costs this file's fixes, not the run.
	defer func() {
		if r := recover(); r != nil {
			titles, err = nil, fmt.Errorf("internal error computing fixes (nothing written): %v\n%s", r, debug.Stack())
		}
	}()
	orig, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	src := orig
	// A finding is fixed once: if its fix did not make it go away, doing it
	// again would not either.
	done := map[string]bool{}
	for round := 0; round < maxFixRounds && ctx.Err() == nil; round++ {
		fr := l.LintBytes(ctx, file, src)
		pf, err := fix.Parse(file, src)
		if err != nil {
			break
		}
		var chosen []fix.Fix
		for _, f := range fr.Findings {
			key := f.Rule + "\x00" + f.Path + "\x00" + f.Message
			if done[key] {
				continue
			}
			fx, ok := pf.For(f)
			if !ok || overlapsAny(fx, chosen) {
				continue
			}
			done[key] = true
			chosen = append(chosen, fx)
			titles = append(titles, fx.Title)
		}
		if len(chosen) == 0 {
			break
		}
		var edits []fix.Edit
		for _, fx := range chosen {
			edits = append(edits, fx.Edits...)
		}
		slices.SortFunc(edits, func(a, b fix.Edit) int { return a.Start - b.Start })
		out, err := fix.Apply(src, edits)
		if err != nil {
			return nil, err
		}
		src = out
	}
	if bytes.Equal(src, orig) {
		return nil, nil
	}
	return titles, writeAtomic(file, orig, src)
}

func overlapsAny(fx fix.Fix, others []fix.Fix) bool {
	for _, o := range others {
		if fix.Overlaps(fx, o) {
			return true
		}
	}
	return false
}

// writeAtomic replaces file's content with data through a temporary file in
// the same directory and a rename, so that a crash leaves the old or the
// new file, never half of one. The file keeps its permissions; a symbolic
// link keeps pointing where it did and its target gets the new text. If the
// file changed since it was read (an editor saved it), it is left alone.
func writeAtomic(file string, orig, data []byte) error {
	target, err := filepath.EvalSymlinks(file)
	if err != nil {
		return err
	}
	info, err := os.Stat(target)
	if err != nil {
		return err
	}
	if now, err := os.ReadFile(target); err != nil || !bytes.Equal(now, orig) {
		return fmt.Errorf("the file changed while it was being fixed; not written")
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".rampart-*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return err
	}
	ok = true
	return nil
}
