// Package report renders findings for people (text) and for tools (JSON,
// SARIF for code-scanning dashboards, JUnit XML for CI test views, GitHub
// workflow annotations).
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/rampart-lint/rampart/lint"
)

// Summary counts a run.
type Summary struct {
	Files      int            `json:"files"`
	Findings   int            `json:"findings"`
	BySeverity map[string]int `json:"by_severity"`
	Suppressed int            `json:"suppressed,omitempty"`
	// Baselined counts the findings a baseline file holds; they are not in
	// Findings.
	Baselined int `json:"baselined,omitempty"`
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
	case "sarif":
		return newSARIF(w, opts), nil
	case "junit":
		return newJUnit(w, opts), nil
	case "github":
		return newGitHub(w, opts), nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// Formats lists the format names New accepts.
var Formats = []string{"text", "json", "sarif", "junit", "github"}

// Options tune the reporters.
type Options struct {
	Color bool
	// NoSource leaves out the source line and underline.
	NoSource bool
	// Source reads a file's text for the source line; nil reads nothing.
	Source Source

	// Rules describes the rules of the run, for the formats that list them
	// (SARIF's tool.driver.rules); rules that report findings without being
	// listed are described from their findings.
	Rules []lint.Rule
	// Version is rampart's version, for the formats that name it.
	Version string
	// Root is the directory relative file paths are against (the
	// repository's root in CI); absolute paths inside it are made relative
	// in SARIF, JUnit and GitHub annotations.
	Root string
	// BaselineState gives a finding's SARIF baselineState ("new" or
	// "unchanged") when the run compares against a baseline; nil when it
	// does not. It is called from File.
	BaselineState func(lint.Finding) string
}
