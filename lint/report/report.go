// Package report renders findings for people (text) and for tools (JSON).
package report

import (
	"fmt"
	"io"

	"github.com/rampart-lint/rampart/lint"
)

// Summary counts a run.
type Summary struct {
	Files      int            `json:"files"`
	Findings   int            `json:"findings"`
	BySeverity map[string]int `json:"by_severity"`
	Suppressed int            `json:"suppressed,omitempty"`
}

// Reporter writes a run's findings. Findings arrive file by file; Finish is
// called once at the end.
type Reporter interface {
	File(fr lint.FileResult) error
	Finish(s Summary) error
}

// Source gives reporters the text of a file, to show the offending line.
// It may return nil when the text is unavailable.
type Source func(file string) []byte

// New returns the reporter for a format name.
func New(format string, w io.Writer, opts Options) (Reporter, error) {
	switch format {
	case "text", "":
		return newText(w, opts), nil
	case "json":
		return newJSON(w), nil
	}
	return nil, fmt.Errorf("unknown format %q (want text or json)", format)
}

// Formats lists the format names New accepts.
var Formats = []string{"text", "json"}

// Options tune the text reporter.
type Options struct {
	Color bool
	// NoSource leaves out the source line and underline.
	NoSource bool
	// Source reads a file's text for the source line; nil reads nothing.
	Source Source
}
