package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/rampart-lint/rampart/lint/suppress"
)

// The config's ignore: entries suppress findings the way rampart:ignore
// comments do, for files that cannot carry a comment (JSON). They are held to
// the same account: an entry that matches nothing, gives no reason or has
// expired is reported, on its line in the config file. Whether an entry
// matched anything is only known at the end of a run, so LintPathsFunc keeps
// an ignoreRun and reports after the last file.

// applyConfigIgnores marks the findings that an ignore entry covers and
// returns the indices of the entries that covered one. An expired entry
// counts as used but suppresses nothing: its finding is reported again.
func (l *Linter) applyConfigIgnores(findings []Finding) ([]Finding, []int) {
	entries := l.cfg.Ignores
	if len(entries) == 0 {
		return findings, nil
	}
	now := l.opts.Now()
	var hits []int
	hit := make([]bool, len(entries))
	for fi := range findings {
		f := &findings[fi]
		if f.Suppression != nil {
			continue // an inline comment got there first
		}
		for i, ig := range entries {
			if !ig.Covers(f.Rule) || !ig.CoversPath(f.Path) || !l.cfg.IgnoreMatches(i, f.File) {
				continue
			}
			if !hit[i] {
				hit[i] = true
				hits = append(hits, i)
			}
			if expired(ig.Expires, now) {
				continue
			}
			f.Suppression = &Suppression{Kind: "config", Reason: ig.Reason, Range: ig.Range, File: l.configFile()}
			if !ig.Expires.IsZero() {
				f.Suppression.Expires = ig.Expires.Format("2006-01-02")
			}
			break
		}
	}
	return findings, hits
}

func expired(exp, now time.Time) bool { return suppress.Comment{Expires: exp}.Expired(now) }

// configFile names the config file in findings: relative to the working
// directory when it lies below it, as the linted files are named when
// rampart is run on relative paths.
func (l *Linter) configFile() string {
	f := l.cfg.File
	if !filepath.IsAbs(f) {
		return f
	}
	if wd, err := os.Getwd(); err == nil {
		if within(f, wd) {
			rel, _ := filepath.Rel(wd, f)
			return rel
		}
	}
	return f
}

// ignoreRun tracks, over one run, which ignore entries covered a finding and
// which files the run saw. An entry is held to account only for what the run
// can judge: linting a few files (a pre-commit hook passes the staged ones)
// must not call every other entry unused. So an entry is reported unused
// when the run saw every file its glob matches and one of them was linted,
// or when the run walked the config's whole directory, in which case an
// entry whose glob matches no linted file is stale too. It is reported for
// lacking a reason when its glob matched a linted file, or on a whole run.
type ignoreRun struct {
	l       *Linter
	used    []bool
	matched []bool          // the entry's glob matched a linted file
	seen    map[string]bool // absolute paths of the files seen (linted or skipped) that some entry's glob matches
	whole   bool
}

// newIgnoreRun returns nil when there is nothing to track.
func (l *Linter) newIgnoreRun(paths []string) *ignoreRun {
	n := len(l.cfg.Ignores)
	if n == 0 || l.opts.NoIgnores {
		return nil
	}
	r := &ignoreRun{l: l, used: make([]bool, n), matched: make([]bool, n), seen: map[string]bool{}}
	for _, p := range paths {
		if info, err := os.Stat(p); err != nil || !info.IsDir() {
			continue
		}
		if abs, err := filepath.Abs(p); err == nil && within(l.cfg.Dir, abs) {
			r.whole = true
		}
	}
	return r
}

// within reports whether p is dir or lies below it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// record notes one file's result. It runs on the goroutine that calls back
// with results, so it needs no lock.
func (r *ignoreRun) record(fr FileResult) {
	if r == nil {
		return
	}
	for _, i := range fr.ignoreHits {
		r.used[i] = true
	}
	switch {
	case fr.Repository:
		// Repository checks read manifests and lockfiles rather than lint
		// them; the files they report on are the ones they looked at.
		for _, f := range fr.Findings {
			r.see(f.File, true)
		}
	case fr.Skipped == "":
		r.see(fr.File, true)
	case fr.Err == nil:
		// Skipped for what it is, not unreadable: it holds no finding.
		r.see(fr.File, false)
	}
}

func (r *ignoreRun) see(file string, linted bool) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return
	}
	for i := range r.matched {
		if r.l.cfg.IgnoreMatches(i, abs) {
			r.seen[abs] = true
			r.matched[i] = r.matched[i] || linted
		}
	}
}

// sawAll reports whether the run saw every file that entry i's glob matches
// on disk (a matching directory stands for the files below it). When in
// doubt, an unreadable directory say, it reports false.
func (r *ignoreRun) sawAll(i int) bool {
	dir := r.l.cfg.Dir
	fsys := os.DirFS(dir)
	matches, err := doublestar.Glob(fsys, r.l.cfg.Ignores[i].Path, doublestar.WithFailOnIOErrors())
	if err != nil {
		return false
	}
	for _, m := range matches {
		err := fs.WalkDir(fsys, m, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && !r.seen[filepath.Join(dir, filepath.FromSlash(p))] {
				return errUnseen
			}
			return nil
		})
		if err != nil {
			return false
		}
	}
	return true
}

var errUnseen = errors.New("a matching file was not seen")

// report returns the findings about the entries themselves, as a result for
// the config file; ok is false when there are none.
func (r *ignoreRun) report() (fr FileResult, ok bool) {
	if r == nil {
		return fr, false
	}
	l := r.l
	file := l.configFile()
	now := l.opts.Now()
	var findings []Finding
	for i, ig := range l.cfg.Ignores {
		if !r.matched[i] && !r.whole {
			continue
		}
		what := fmt.Sprintf("ignore entry for %s in %s", ig.Rule, ig.Path)
		if ig.At != "" {
			what += " at " + ig.At
		}
		switch {
		case r.used[i]:
			if expired(ig.Expires, now) {
				findings = append(findings, l.coreFinding(ExpiredSuppression, file, "", ig.Range, fmt.Sprintf("%s expired on %s; the findings it hid are reported again", what, ig.Expires.Format("2006-01-02"))))
			}
		case !r.matched[i]:
			findings = append(findings, l.coreFinding(UnusedSuppression, file, "", ig.Range, what+" matches no finding: no linted file matches its path"))
		case r.whole || r.sawAll(i):
			findings = append(findings, l.coreFinding(UnusedSuppression, file, "", ig.Range, what+" matches no finding"))
		}
		if ig.Reason == "" {
			findings = append(findings, l.coreFinding(SuppressionWithoutReason, file, "", ig.Range, what+" gives no reason; add reason: <why this is acceptable>"))
		}
	}
	kept := findings[:0]
	for _, f := range findings {
		if l.Enabled(f.Rule) {
			kept = append(kept, f)
		}
	}
	if len(kept) == 0 {
		return fr, false
	}
	return FileResult{File: file, Repository: true, Findings: sortFindings(kept)}, true
}
