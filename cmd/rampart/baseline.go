package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/baseline"
)

// baselineRun applies --baseline or --write-baseline to a lint run. A nil
// *baselineRun (neither flag) changes nothing.
type baselineRun struct {
	file string // as given on the command line, for messages

	write *baseline.Baseline // --write-baseline: every finding goes in

	from    *baseline.Baseline // --baseline
	matcher *baseline.Matcher
	// keep holds baselined findings back from the failure count but not
	// from the report: SARIF marks them "unchanged" rather than dropping them.
	keep bool
	// states are the SARIF baselineState of the current file's findings.
	states map[lint.Finding]string
	// visited holds the files (as the baseline records them) this run
	// linted, so that only their entries can be called stale.
	visited   map[string]bool
	baselined int
}

func newBaselineRun(f lintFlags) (*baselineRun, error) {
	switch {
	case f.baseline != "" && f.writeBaseline != "":
		return nil, errors.New("--baseline and --write-baseline do not go together: --write-baseline alone rewrites the baseline from every current finding")
	case f.writeBaseline != "":
		b, err := baseline.New(f.writeBaseline)
		if err != nil {
			return nil, fmt.Errorf("--write-baseline: %w", err)
		}
		// Fail now rather than after linting everything.
		if info, err := os.Stat(filepath.Dir(b.File())); err != nil || !info.IsDir() {
			return nil, fmt.Errorf("--write-baseline: %s: no such directory", filepath.Dir(f.writeBaseline))
		}
		return &baselineRun{file: f.writeBaseline, write: b}, nil
	case f.baseline != "":
		b, err := baseline.Read(f.baseline)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("--baseline: %w (write one with --write-baseline %s)", err, f.baseline)
		}
		if err != nil {
			return nil, fmt.Errorf("--baseline: %w", err)
		}
		return &baselineRun{
			file: f.baseline, from: b, matcher: b.Matcher(), keep: f.format == "sarif",
			states: map[lint.Finding]string{}, visited: map[string]bool{},
		}, nil
	}
	return nil, nil
}

// state is the report's BaselineState hook: nil unless comparing.
func (b *baselineRun) state() func(lint.Finding) string {
	if b == nil || b.from == nil {
		return nil
	}
	return func(f lint.Finding) string { return b.states[f] }
}

// filter records a file's findings (--write-baseline), or takes out those
// the baseline holds (--baseline), keeping them marked for SARIF.
func (b *baselineRun) filter(fr lint.FileResult) lint.FileResult {
	switch {
	case b == nil:
		return fr
	case b.write != nil:
		for _, f := range fr.Findings {
			b.write.Add(f)
		}
		return fr
	}
	if fr.Skipped == "" && !fr.Repository {
		b.visited[b.from.Rel(fr.File)] = true
	}
	clear(b.states)
	kept := make([]lint.Finding, 0, len(fr.Findings))
	for _, f := range fr.Findings {
		b.visited[b.from.Rel(f.File)] = true
		switch {
		case f.Suppression != nil:
			// Not compared: suppressed findings are not written to baselines.
		case b.matcher.Match(f):
			b.baselined++
			if !b.keep {
				continue
			}
			b.states[f] = "unchanged"
		default:
			b.states[f] = "new"
		}
		kept = append(kept, f)
	}
	fr.Findings = kept
	return fr
}

// known reports whether a finding left in the report is a baselined one,
// which neither counts nor fails the run.
func (b *baselineRun) known(f lint.Finding) bool {
	return b != nil && b.states[f] == "unchanged"
}

func (b *baselineRun) count() int {
	if b == nil {
		return 0
	}
	return b.baselined
}

// finish writes the baseline file, or with verbose lists the entries that
// matched nothing. A run that could not lint every file writes nothing: the
// baseline would miss findings, which would then fail later runs.
func (b *baselineRun) finish(stderr io.Writer, verbose, broken bool) error {
	switch {
	case b == nil:
		return nil
	case b.write != nil:
		if broken {
			fmt.Fprintf(stderr, "rampart: %s not written: some files could not be linted\n", b.file)
			return nil
		}
		if err := b.write.Save(); err != nil {
			return fmt.Errorf("--write-baseline: %w", err)
		}
		fmt.Fprintf(stderr, "rampart: wrote %d %s to %s\n", b.write.Len(), plural(b.write.Len(), "finding", "findings"), b.file)
		return nil
	}
	if !verbose {
		return nil
	}
	var stale []baseline.Entry
	for _, e := range b.matcher.Unmatched() {
		if b.visited[e.File] || missing(filepath.Join(filepath.Dir(b.from.File()), filepath.FromSlash(e.File))) {
			stale = append(stale, e)
		}
	}
	if len(stale) == 0 {
		return nil
	}
	fmt.Fprintf(stderr, "rampart: baseline %s: %d %s no longer found (fixed, moved or renamed); rewrite the baseline with --write-baseline to drop %s:\n",
		b.file, len(stale), plural(len(stale), "entry", "entries"), plural(len(stale), "it", "them"))
	for _, e := range stale {
		where := e.Path
		if where == "" {
			where = e.Message
		}
		times := ""
		if e.Count > 1 {
			times = fmt.Sprintf(" (%d)", e.Count)
		}
		fmt.Fprintf(stderr, "rampart:   %s: %s %s%s\n", e.File, e.Rule, where, times)
	}
	return nil
}

func missing(file string) bool {
	_, err := os.Stat(file)
	return errors.Is(err, fs.ErrNotExist)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
