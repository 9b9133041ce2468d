package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/rampart-lint/rampart/lint"
)

// JUnit XML, as CI systems (GitLab, Jenkins, Azure Pipelines, CircleCI) read
// test reports. Each linted file is a testsuite named by its path, so that
// a CI's test view groups findings under their file, and a clean file shows
// as one passing testcase (so a clean run still lists what was linted). Each
// finding is a testcase, named by its rule and logical path (not its line,
// so that a test's history survives lines moving), with a failure carrying
// the message, the location and the remediation. Suppressed findings are
// skipped testcases; a file that could not be linted fully has an error.

type junitTestSuites struct {
	XMLName  xml.Name          `xml:"testsuites"`
	Name     string            `xml:"name,attr"`
	Tests    int               `xml:"tests,attr"`
	Failures int               `xml:"failures,attr"`
	Errors   int               `xml:"errors,attr"`
	Skipped  int               `xml:"skipped,attr"`
	Time     string            `xml:"time,attr"`
	Suites   []*junitTestSuite `xml:"testsuite"`
}

type junitTestSuite struct {
	Name     string          `xml:"name,attr"`
	Tests    int             `xml:"tests,attr"`
	Failures int             `xml:"failures,attr"`
	Errors   int             `xml:"errors,attr"`
	Skipped  int             `xml:"skipped,attr"`
	Time     string          `xml:"time,attr"`
	Cases    []junitTestCase `xml:"testcase"`
}

type junitTestCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

type junitReport struct {
	w      io.Writer
	root   string
	suites []*junitTestSuite
	byName map[string]*junitTestSuite
}

func newJUnit(w io.Writer, opts Options) *junitReport {
	return &junitReport{w: w, root: opts.Root, byName: map[string]*junitTestSuite{}}
}

func (r *junitReport) suite(file string) *junitTestSuite {
	name := slashPath(r.root, file)
	s, ok := r.byName[name]
	if !ok {
		s = &junitTestSuite{Name: name, Time: "0"}
		r.byName[name] = s
		r.suites = append(r.suites, s)
	}
	return s
}

func (r *junitReport) File(fr lint.FileResult) error {
	var own *junitTestSuite
	if !fr.Repository {
		own = r.suite(fr.File)
	}
	if fr.Err != nil {
		s := own
		if s == nil {
			s = r.suite(fr.File)
		}
		s.Cases = append(s.Cases, junitTestCase{
			Name: "rampart", Classname: s.Name, File: s.Name, Time: "0",
			Error: &junitProblem{Message: fr.Err.Error(), Type: "error", Text: fr.Err.Error()},
		})
	}
	for _, f := range fr.Findings {
		s := r.suite(f.File)
		rg := sarifRegionOf(f.Range)
		name := f.Rule
		if f.Path != "" {
			name += " " + f.Path
		}
		tc := junitTestCase{Name: name, Classname: s.Name, File: s.Name, Line: rg.StartLine, Time: "0"}
		if sup := f.Suppression; sup != nil {
			msg := "suppressed"
			if sup.Reason != "" {
				msg += ": " + sup.Reason
			}
			tc.Skipped = &junitSkipped{Message: msg}
		} else {
			tc.Failure = &junitProblem{Message: f.Message, Type: f.Rule, Text: r.failureText(f, rg)}
		}
		s.Cases = append(s.Cases, tc)
	}
	return nil
}

func (r *junitReport) failureText(f lint.Finding, rg *sarifRegion) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d-%d:%d %s %s [%s]\n", slashPath(r.root, f.File), rg.StartLine, rg.StartColumn, rg.EndLine, rg.EndColumn, f.Severity, f.Message, f.Rule)
	if f.Path != "" {
		fmt.Fprintf(&b, "Path: %s\n", f.Path)
	}
	if f.Remediation != "" {
		fmt.Fprintf(&b, "Remediation: %s\n", f.Remediation)
	}
	if f.Docs != "" {
		fmt.Fprintf(&b, "Docs: %s\n", f.Docs)
	}
	return b.String()
}

func (r *junitReport) Finish(Summary) error {
	all := junitTestSuites{Name: "rampart", Time: "0", Suites: r.suites}
	for _, s := range r.suites {
		if len(s.Cases) == 0 {
			s.Cases = append(s.Cases, junitTestCase{Name: "rampart", Classname: s.Name, File: s.Name, Time: "0"})
		}
		s.Tests = len(s.Cases)
		for _, c := range s.Cases {
			switch {
			case c.Failure != nil:
				s.Failures++
			case c.Error != nil:
				s.Errors++
			case c.Skipped != nil:
				s.Skipped++
			}
		}
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Errors += s.Errors
		all.Skipped += s.Skipped
	}
	if _, err := io.WriteString(r.w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(r.w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(r.w, "\n")
	return err
}
