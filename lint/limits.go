package lint

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rampart-lint/rampart/lint/config"
	"github.com/rampart-lint/rampart/lint/source"
)

// DefaultMaxFileSize is the largest file linted unless configured otherwise.
const DefaultMaxFileSize = 10 << 20

// DefaultFileTimeout bounds the time spent on one file unless configured
// otherwise. Real files, the largest templates included, take well under a
// second; only hostile or pathological input comes near it.
const DefaultFileTimeout = time.Minute

// withLimits fills the limits the caller left unset from the config, then
// from the defaults: the command line wins over .rampart.yaml.
func withLimits(opts Options, cfg config.Limits) Options {
	opts.MaxFileSize = firstPositive(opts.MaxFileSize, cfg.MaxFileSize, DefaultMaxFileSize)
	opts.FileTimeout = firstPositive(opts.FileTimeout, cfg.FileTimeout, DefaultFileTimeout)
	opts.Limits.MaxDepth = firstPositive(opts.Limits.MaxDepth, cfg.MaxDepth, source.DefaultLimits.MaxDepth)
	opts.Limits.MaxAliasNodes = firstPositive(opts.Limits.MaxAliasNodes, cfg.MaxAliasNodes, source.DefaultLimits.MaxAliasNodes)
	return opts
}

func firstPositive[T int | int64 | time.Duration](xs ...T) T {
	for _, x := range xs {
		if x > 0 {
			return x
		}
	}
	return 0
}

// limitName is a limit as the command line and the config spell it.
type limitName string

const (
	sizeLimit    limitName = "max-file-size"
	depthLimit   limitName = "max-depth"
	aliasLimit   limitName = "max-alias-nodes"
	timeoutLimit limitName = "file-timeout"
)

// raiseHint ends every message about a limit: a limit hit is never silent,
// and the reader learns how to move it.
func raiseHint(n limitName) string {
	return fmt.Sprintf("raise it with --%s or limits.%s in .rampart.yaml", n, n)
}

// sourceErrorMessage is a parse error's message, with how to raise the
// limit when the error is an exceeded one.
func sourceErrorMessage(e *source.Error) string {
	switch e.Limit {
	case source.DepthLimit:
		return e.Msg + "; " + raiseHint(depthLimit)
	case source.AliasLimit:
		return e.Msg + "; " + raiseHint(aliasLimit)
	}
	return e.Msg
}

var errFileTimeout = errors.New("per-file timeout")

// timedOut reports whether ctx ended because the file ran out of time (and
// not because the whole run was cancelled).
func timedOut(ctx context.Context) bool {
	return ctx.Err() != nil && errors.Is(context.Cause(ctx), errFileTimeout)
}

// timeoutFinding reports a file that ran out of time while d was being
// evaluated, at the start of d (an embedded policy's place in its host).
func (l *Linter) timeoutFinding(d *source.Document) Finding {
	line := 1
	if d.Root != nil && d.Root.Value.Start.Line > 0 {
		line = d.Root.Value.Start.Line
	}
	msg := fmt.Sprintf("linting this file took longer than the %s per-file timeout and was stopped; findings from here on may be missing (%s)", l.opts.FileTimeout, raiseHint(timeoutLimit))
	return l.coreFinding(Timeout, d.File, d.Kind, d.Lines.LineRange(line), msg)
}

func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d-byte", n)
}
