package report

import (
	"encoding/json"
	"io"

	"github.com/rampart-lint/rampart/lint"
)

// JSONVersion is the version of the JSON output. It changes only when a field
// is removed or changes meaning; new fields may appear at any time.
const JSONVersion = 1

type jsonReport struct {
	w        io.Writer
	findings []lint.Finding
}

func newJSON(w io.Writer) *jsonReport { return &jsonReport{w: w, findings: []lint.Finding{}} }

func (r *jsonReport) File(fr lint.FileResult) error {
	r.findings = append(r.findings, fr.Findings...)
	return nil
}

func (r *jsonReport) Finish(s Summary) error {
	enc := json.NewEncoder(r.w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Version  int            `json:"version"`
		Findings []lint.Finding `json:"findings"`
		Summary  Summary        `json:"summary"`
	}{JSONVersion, r.findings, s})
}
