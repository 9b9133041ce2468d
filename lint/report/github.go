package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/rampart-lint/rampart/lint"
)

// GitHub Actions workflow commands: one annotation per finding, which GitHub
// shows on the run's summary and on the lines of a pull request's diff.
//
//	::error file=a.yml,line=3,col=5,endLine=3,endColumn=9,title=gha/x::message
//
// Critical and high findings are errors, medium warnings, low and info
// notices. Suppressed findings are left out.

type githubReport struct {
	w    io.Writer
	root string
}

func newGitHub(w io.Writer, opts Options) *githubReport {
	return &githubReport{w: w, root: opts.Root}
}

// githubLevel maps a severity to an annotation command.
func githubLevel(s lint.Severity) string {
	switch {
	case s >= lint.High:
		return "error"
	case s == lint.Medium:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func (r *githubReport) File(fr lint.FileResult) error {
	if fr.Err != nil {
		if _, err := fmt.Fprintf(r.w, "::error file=%s,title=rampart::%s\n", escapeProperty(slashPath(r.root, fr.File)), escapeData(fr.Err.Error())); err != nil {
			return err
		}
	}
	for _, f := range fr.Findings {
		if f.Suppression != nil {
			continue
		}
		rg := sarifRegionOf(f.Range)
		if _, err := fmt.Fprintf(r.w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			githubLevel(f.Severity), escapeProperty(slashPath(r.root, f.File)),
			rg.StartLine, rg.StartColumn, rg.EndLine, rg.EndColumn,
			escapeProperty(f.Rule), escapeData(f.Message)); err != nil {
			return err
		}
	}
	return nil
}

func (r *githubReport) Finish(s Summary) error {
	_, err := fmt.Fprintf(r.w, "rampart: %d %s in %d %s\n", s.Findings, plural(s.Findings, "finding", "findings"), s.Files, plural(s.Files, "file", "files"))
	return err
}
