package lint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rampart-lint/rampart/lint/config"
	"github.com/rampart-lint/rampart/lint/engine"
	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/rule"
	"github.com/rampart-lint/rampart/lint/source"
	"github.com/rampart-lint/rampart/lint/suppress"
	"github.com/rampart-lint/rampart/lint/virtual"
	"github.com/rampart-lint/rampart/lint/walk"
)

// Options configure a Linter. The zero value lints with every built-in rule
// at its default severity.
type Options struct {
	// Config is a loaded .rampart.yaml; nil means defaults.
	Config *config.Config
	// Kind forces every file to be read as this kind instead of detecting it.
	Kind string
	// Policies are extra Rego modules (custom rules) loaded beside the
	// built-in ones and those of the config's policies: directories (see
	// engine.LoadPolicies).
	Policies []engine.Module
	// Limits bound parsing; zero fields take the config's limits:, then
	// source.DefaultLimits.
	Limits source.Limits
	// MaxFileSize is the largest file read, in bytes; 0 means the config's
	// limits.max-file-size, then DefaultMaxFileSize.
	MaxFileSize int64
	// FileTimeout bounds the time spent on one file; 0 means the config's
	// limits.file-timeout, then DefaultFileTimeout. A file that runs out of
	// time gets a rampart/timeout finding, and the run goes on.
	FileTimeout time.Duration
	// Jobs is how many files are linted at once; 0 means one per CPU.
	Jobs int
	// NoIgnores disables suppression comments and the config's ignore:
	// entries, to audit everything they hide.
	NoIgnores bool
	// KeepSuppressed returns suppressed findings too, marked with their
	// Suppression (for report formats that keep them, such as SARIF).
	KeepSuppressed bool
	// SkipUnknown passes over named files of no known kind as a directory
	// walk does, even when they do not parse, instead of reporting them: the
	// pre-commit hook names every staged JSON, YAML and .tf file, and most of
	// those (a tsconfig.json with comments, a Helm template) are not rampart's.
	SkipUnknown bool
	// Now is the clock used for suppression expiry; nil means time.Now.
	Now func() time.Time

	noCache bool // benchmarks: evaluate every document (engine.Options.NoCache)
}

// Linter lints files. It is safe for concurrent use; create it once.
type Linter struct {
	opts   Options
	cfg    *config.Config
	engine *engine.Engine
	rules  map[string]rule.Rule // every rule by id, core ones included
	busy   atomic.Int32         // goroutines linting a file or helping to (evalAll)
}

// New compiles the policies and validates the configuration against them.
func New(ctx context.Context, opts Options) (*Linter, error) {
	if opts.Kind != "" && !kind.Known(opts.Kind) {
		return nil, fmt.Errorf("unknown kind %q (known: %s)", opts.Kind, strings.Join(kind.FileKinds(), ", "))
	}
	if kind.View(opts.Kind) {
		return nil, fmt.Errorf("kind %q is a view across files; a file cannot be read as it", opts.Kind)
	}
	if opts.Jobs <= 0 {
		opts.Jobs = runtime.GOMAXPROCS(0)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	cfg := opts.Config
	if cfg == nil {
		cfg = &config.Config{}
	}
	opts = withLimits(opts, cfg.Limits)
	mods, err := engine.BuiltinModules()
	if err != nil {
		return nil, fmt.Errorf("reading built-in policies: %w", err)
	}
	if len(cfg.Policies) > 0 {
		custom, err := engine.LoadPolicies(cfg.Policies...)
		if err != nil {
			return nil, err
		}
		mods = append(mods, custom.Modules...)
	}
	mods = append(mods, opts.Policies...)
	eng, err := engine.New(ctx, engine.Options{
		Modules:  mods,
		Settings: cfg.Settings,
		Enabled:  func(id string) bool { return !cfg.Rules[id].Disabled },
		NoCache:  opts.noCache,
	})
	if err != nil {
		return nil, err
	}
	l := &Linter{opts: opts, cfg: cfg, engine: eng, rules: make(map[string]rule.Rule)}
	for _, r := range coreRules {
		l.rules[r.ID] = withDocs(r)
	}
	for _, r := range eng.Rules() {
		l.rules[r.ID] = r
	}
	if err := cfg.Validate(func(id string) bool { _, ok := l.rules[id]; return ok }); err != nil {
		return nil, err
	}
	return l, nil
}

func withDocs(r rule.Rule) rule.Rule {
	r.Builtin = true
	return r
}

// Rules returns every rule, the core's own included, sorted by id. Severity
// is the effective one, after config overrides.
func (l *Linter) Rules() []Rule {
	out := make([]Rule, 0, len(l.rules))
	for _, r := range l.rules {
		r.Severity = l.severity(r.ID, r.Severity)
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Rule returns one rule by id.
func (l *Linter) Rule(id string) (Rule, bool) {
	r, ok := l.rules[id]
	if ok {
		r.Severity = l.severity(id, r.Severity)
	}
	return r, ok
}

// Enabled reports whether a rule runs under the configuration.
func (l *Linter) Enabled(id string) bool { return !l.cfg.Rules[id].Disabled }

func (l *Linter) severity(id string, def Severity) Severity {
	if s := l.cfg.Rules[id].Severity; s != nil {
		return *s
	}
	return def
}

// FileResult is the outcome for one file.
type FileResult struct {
	File     string
	Explicit bool // the user named this file
	// Repository marks a result that is not one linted file: the checks
	// across the files of a walked directory (lockfiles beside manifests),
	// where File is that directory, or the account of the config's ignore:
	// entries, where File is the config. Each finding names its own file.
	Repository bool
	Kinds      []string // the kinds of the documents linted; empty if skipped
	Findings   []Finding
	// Skipped says why a file was not linted (unknown kind, binary); empty
	// if it was.
	Skipped string
	// Err is an internal failure: a rule that failed to evaluate, an
	// unreadable file. Findings of the rules that worked are still there.
	Err error

	ignoreHits []int // the config's ignore: entries that covered a finding
}

// Result gathers a whole run.
type Result struct {
	Findings []Finding
	// Files is the number of files linted (not skipped).
	Files   int
	Skipped []FileResult
	Errors  []error
}

// LintPaths lints files and directories (recursively) and gathers the results.
func (l *Linter) LintPaths(ctx context.Context, paths []string) (*Result, error) {
	res := &Result{}
	err := l.LintPathsFunc(ctx, paths, func(fr FileResult) {
		res.Findings = append(res.Findings, fr.Findings...)
		if fr.Err != nil {
			res.Errors = append(res.Errors, fr.Err)
		}
		switch {
		case fr.Repository:
		case fr.Skipped != "":
			res.Skipped = append(res.Skipped, fr)
		default:
			res.Files++
		}
	})
	return res, err
}

// LintPathsFunc lints files and directories and calls fn once per file, in
// the order the walk found them, from the calling goroutine. Files are linted
// in parallel and nothing is kept once fn returns, so memory stays bounded
// however many files there are.
func (l *Linter) LintPathsFunc(ctx context.Context, paths []string, fn func(FileResult)) error {
	ctx, cancel := context.WithCancel(withRunModules(ctx))
	defer cancel()

	type job struct {
		seq   int
		entry walk.Entry
	}
	type done struct {
		seq int
		fr  FileResult
	}
	jobs := make(chan job, l.opts.Jobs)
	results := make(chan done, l.opts.Jobs)
	walkErr := make(chan error, 1)
	// Written by the walk only; read once every result is in, which the
	// channel closes order after the walk.
	manifests := map[string][]string{}
	var roots []string
	ignores := l.newIgnoreRun(paths)
	opts := walk.Options{Exclude: l.cfg.Excluded, Manifest: func(root, p string) {
		if _, seen := manifests[root]; !seen {
			roots = append(roots, root)
		}
		manifests[root] = append(manifests[root], p)
	}}
	go func() {
		defer close(jobs)
		seq := 0
		walkErr <- walk.Walk(ctx, paths, opts, func(e walk.Entry) error {
			select {
			case jobs <- job{seq, e}:
				seq++
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	workersDone := make(chan struct{})
	for w := 0; w < l.opts.Jobs; w++ {
		go func() {
			defer func() { workersDone <- struct{}{} }()
			for j := range jobs {
				var fr FileResult
				switch {
				case j.entry.Err != nil:
					fr = FileResult{File: j.entry.Path, Err: j.entry.Err, Skipped: "unreadable: " + j.entry.Err.Error()}
				case j.entry.Skip != "":
					fr = FileResult{File: j.entry.Path, Skipped: j.entry.Skip}
				default:
					fr = l.lintPath(ctx, j.entry.Path, j.entry.Explicit && !l.opts.SkipUnknown)
				}
				fr.Explicit = j.entry.Explicit
				select {
				case results <- done{j.seq, fr}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		for w := 0; w < l.opts.Jobs; w++ {
			<-workersDone
		}
		close(results)
	}()

	// Emit in walk order: hold early finishers until their turn.
	pending := make(map[int]FileResult)
	next := 0
	for d := range results {
		pending[d.seq] = d.fr
		for {
			fr, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			ignores.record(fr)
			fn(fr)
		}
	}
	if err := <-walkErr; err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if ctx.Err() == nil && l.hasRules(kind.Repository) {
		for _, root := range roots {
			fr := l.repository(ctx, root, manifests[root])
			ignores.record(fr)
			fn(fr)
		}
	}
	if fr, ok := ignores.report(); ok && ctx.Err() == nil {
		fn(fr)
	}
	return ctx.Err()
}

// hasRules reports whether any enabled rule reads kind k.
func (l *Linter) hasRules(k string) bool {
	for _, r := range l.engine.Rules() {
		if r.AppliesTo(k) && l.Enabled(r.ID) {
			return true
		}
	}
	return false
}

func (l *Linter) lintPath(ctx context.Context, p string, explicit bool) FileResult {
	// Opening a named pipe blocks until something writes to it, and a
	// device may never end: only regular files are read.
	if info, err := os.Stat(p); err == nil && !info.Mode().IsRegular() {
		return FileResult{File: p, Skipped: "not a regular file (" + walk.TypeName(info.Mode()) + ")"}
	}
	f, err := os.Open(p)
	if err != nil {
		return FileResult{File: p, Err: err, Skipped: "unreadable: " + err.Error()}
	}
	defer f.Close()
	// Read one byte past the limit to know it is exceeded, and at least the
	// prefix kind.Sniff needs to tell whether an oversized file matters.
	src, err := io.ReadAll(io.LimitReader(f, max(l.opts.MaxFileSize, 64<<10)+1))
	if err != nil {
		return FileResult{File: p, Err: err, Skipped: "unreadable: " + err.Error()}
	}
	if int64(len(src)) > l.opts.MaxFileSize {
		return l.oversized(p, src, explicit)
	}
	return l.lint(ctx, p, src, explicit)
}

// oversized reports a file over the size limit when rampart would read it
// (its kind is forced, named, or visible in its first bytes) and skips it
// otherwise, without parsing it.
func (l *Linter) oversized(file string, src []byte, explicit bool) FileResult {
	if k := firstOf(l.forcedKind(file), kind.FromName(file), kind.Sniff(src)); k != "" || explicit {
		lines := source.NewLines(nil)
		msg := fmt.Sprintf("file is larger than the %s file size limit; it was not linted (%s)", sizeString(l.opts.MaxFileSize), raiseHint(sizeLimit))
		return l.finish(file, nil, []Finding{l.parseError(file, k, lines.LineRange(1), msg)}, nil)
	}
	return FileResult{File: file, Skipped: "larger than the file size limit"}
}

// LintBytes lints in-memory content as if it were the file named file (the
// name drives kind detection and appears in findings). The language server
// lints unsaved buffers this way. Content of no known kind is skipped.
func (l *Linter) LintBytes(ctx context.Context, file string, src []byte) FileResult {
	if int64(len(src)) > l.opts.MaxFileSize {
		return l.oversized(file, src, false)
	}
	return l.lint(ctx, file, src, false)
}

func (l *Linter) forcedKind(p string) string {
	return firstOf(l.opts.Kind, l.cfg.KindOf(p))
}

func firstOf(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

func (l *Linter) lint(ctx context.Context, file string, src []byte, explicit bool) (fr FileResult) {
	l.busy.Add(1)
	defer l.busy.Add(-1)
	// A bug in one file's evaluation must not take the others down.
	defer func() {
		if r := recover(); r != nil {
			fr = FileResult{File: file, Err: fmt.Errorf("internal error linting %s: %v\n%s", file, r, debug.Stack())}
		}
	}()
	ctx, cancel := context.WithTimeoutCause(ctx, l.opts.FileTimeout, errFileTimeout)
	defer cancel()
	forced := l.forcedKind(file)
	if bytes.IndexByte(src[:min(len(src), 8000)], 0) >= 0 {
		if k := firstOf(forced, kind.FromName(file)); k != "" || explicit {
			lines := source.NewLines(nil)
			return l.finish(file, nil, []Finding{l.parseError(file, k, lines.LineRange(1), "binary file (it contains NUL bytes); rampart reads JSON, YAML and HCL text")}, nil)
		}
		return FileResult{File: file, Skipped: "binary file"}
	}
	format := source.FormatOf(file, src)
	lines := source.NewLines(src)
	docs, err := source.Parse(file, src, format, l.opts.Limits)
	if err != nil {
		var perr *source.Error
		if !errors.As(err, &perr) {
			return FileResult{File: file, Err: err}
		}
		k := firstOf(forced, kind.FromName(file), kind.Sniff(src))
		if k == "" && !explicit {
			return FileResult{File: file, Skipped: "not recognised, and it does not parse: " + perr.Msg}
		}
		return l.finish(file, lines, []Finding{l.parseError(file, k, perr.Range, sourceErrorMessage(perr))}, nil)
	}

	if len(docs) == 0 {
		return FileResult{File: file, Skipped: "empty: it holds no document"}
	}
	var kinds []string
	var work []evalDoc
	for i := 0; i < len(docs); i++ {
		d := docs[i]
		if d.Kind == "" {
			d.Kind = firstOf(forced, kind.Detect(file, d.Value))
			if d.Kind == "" {
				continue
			}
			kinds = append(kinds, d.Kind)
		}
		// Policies inside this document are linted as documents of their
		// own, after it; their findings point into this file.
		embedded, perrs := virtual.Extract(d, l.opts.Limits)
		docs = append(docs, embedded...)
		work = append(work, evalDoc{doc: d, perrs: perrs})
	}
	if len(kinds) == 0 {
		return FileResult{File: file, Skipped: "unknown kind (use --kind or the config's kinds: to name it)"}
	}
	l.evalAll(ctx, work)
	var findings []Finding
	var errs []error
	stopped := false
	for _, w := range work {
		// What the rules found before the time ran out still stands; the
		// first document that ran out of time says so, once.
		for _, v := range w.vs {
			findings = append(findings, l.finding(w.doc, v))
		}
		for _, pe := range w.perrs {
			findings = append(findings, l.parseError(file, kind.IAMPolicy, pe.Range, sourceErrorMessage(pe)))
		}
		switch {
		case w.err != nil && timedOut(ctx):
			if !stopped {
				findings = append(findings, l.timeoutFinding(w.doc))
				stopped = true
			}
		case w.err != nil:
			errs = append(errs, fmt.Errorf("%s: %w", file, w.err))
		}
	}
	for _, w := range work {
		if stopped || w.doc.Kind != kind.Terraform || len(w.doc.Base) != 0 {
			continue
		}
		mvs, err := l.moduleFindings(ctx, w.doc)
		findings = append(findings, mvs...)
		switch {
		case err != nil && timedOut(ctx):
			findings = append(findings, l.timeoutFinding(w.doc))
			stopped = true
		case err != nil:
			errs = append(errs, fmt.Errorf("%s (module checks): %w", file, err))
		}
	}
	fr = l.finish(file, lines, findings, errors.Join(errs...))
	fr.Kinds = kinds
	return fr
}

func (l *Linter) finding(d *source.Document, v engine.Violation) Finding {
	r := l.rules[v.Rule]
	return Finding{
		Rule:        v.Rule,
		Severity:    l.severity(v.Rule, r.Severity),
		Kind:        d.Kind,
		File:        d.File,
		Message:     v.Msg,
		Remediation: r.Remediation,
		Range:       d.Root.RangeOf(v.Path, v.Key, d.Lines),
		Path:        d.Base.Append(v.Path...).String(),
		Docs:        r.DocsURL(),
		Sensitive:   r.Sensitive,
	}
}

func (l *Linter) coreFinding(id, file, k string, rng Range, msg string) Finding {
	r := l.rules[id]
	return Finding{
		Rule:        id,
		Severity:    l.severity(id, r.Severity),
		Kind:        k,
		File:        file,
		Message:     msg,
		Remediation: r.Remediation,
		Range:       rng,
		Docs:        r.DocsURL(),
	}
}

func (l *Linter) parseError(file, k string, rng Range, msg string) Finding {
	return l.coreFinding(ParseError, file, k, rng, msg)
}

// finish applies suppressions and the config to a file's raw findings.
func (l *Linter) finish(file string, lines *source.Lines, findings []Finding, err error) FileResult {
	if lines != nil && !l.opts.NoIgnores {
		findings = l.applySuppressions(file, lines, findings)
	}
	var hits []int
	if !l.opts.NoIgnores {
		findings, hits = l.applyConfigIgnores(findings)
	}
	kept := findings[:0]
	for _, f := range findings {
		if l.Enabled(f.Rule) && (f.Suppression == nil || l.opts.KeepSuppressed) {
			kept = append(kept, f)
		}
	}
	return FileResult{File: file, Findings: sortFindings(kept), Err: err, ignoreHits: hits}
}

func (l *Linter) applySuppressions(file string, lines *source.Lines, findings []Finding) []Finding {
	comments := suppress.Parse(lines)
	if len(comments) == 0 {
		return findings
	}
	now := l.opts.Now()
	used := make([]bool, len(comments))
	for i := range findings {
		f := &findings[i]
		for ci, c := range comments {
			if c.Problem != "" || c.Target != f.Range.Start.Line || !c.Covers(f.Rule) {
				continue
			}
			used[ci] = true
			if c.Expired(now) {
				continue // the finding stands; the expiry is reported below
			}
			f.Suppression = &Suppression{Kind: "inline", Reason: c.Reason, Range: c.Range}
			if !c.Expires.IsZero() {
				f.Suppression.Expires = c.Expires.Format("2006-01-02")
			}
			break
		}
	}
	k := ""
	if len(findings) > 0 {
		k = findings[0].Kind
	}
	for ci, c := range comments {
		switch {
		case c.Problem != "":
			findings = append(findings, l.coreFinding(UnusedSuppression, file, k, c.Range, "malformed suppression, it suppresses nothing: "+c.Problem))
			continue
		case !used[ci]:
			findings = append(findings, l.coreFinding(UnusedSuppression, file, k, c.Range, fmt.Sprintf("suppression of %s matches no finding on line %d", joinIDs(c.Rules), c.Target)))
		case c.Expired(now):
			findings = append(findings, l.coreFinding(ExpiredSuppression, file, k, c.Range, fmt.Sprintf("suppression of %s expired on %s; the finding it hid is reported again", joinIDs(c.Rules), c.Expires.Format("2006-01-02"))))
		}
		if c.Reason == "" {
			findings = append(findings, l.coreFinding(SuppressionWithoutReason, file, k, c.Range, fmt.Sprintf("suppression of %s gives no reason; add -- <why this is acceptable>", joinIDs(c.Rules))))
		}
	}
	return findings
}

func joinIDs(ids []string) string {
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += ", "
		}
		out += id
	}
	return out
}
