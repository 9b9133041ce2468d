package engine

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Problem is one entry of a LoadError with its place, for tools that point
// at it (the language server puts it on the policy file's line).
type Problem struct {
	File string // "" when the problem is not about one file
	Line int    // 1-based; 0 when unknown
	Col  int    // 1-based; 0 when unknown
	Msg  string
}

// String is the problem as LoadError.Problems holds it: file:line[:col]: msg.
func (p Problem) String() string {
	switch {
	case p.File == "":
		return p.Msg
	case p.Line <= 0:
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	case p.Col <= 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
}

var (
	// Lazy, so that a Windows drive (C:\p\x.rego:3: ...) stays in the name.
	lineProblem = regexp.MustCompile(`^(.+?):(\d+)(?::(\d+))?: ((?s).*)$`)
	fileProblem = regexp.MustCompile(`^(.+?\.rego): ((?s).*)$`)
)

// ParseProblem reads a problem string back into its parts. A string with no
// file:line prefix and no .rego file name is all message.
func ParseProblem(s string) Problem {
	if m := lineProblem.FindStringSubmatch(s); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return Problem{File: m[1], Line: line, Col: col, Msg: m[4]}
	}
	if m := fileProblem.FindStringSubmatch(s); m != nil {
		return Problem{File: m[1], Msg: m[2]}
	}
	return Problem{Msg: s}
}

// Located returns the problems with their places: exact where the loader
// kept them (Rego that does not parse or compile, with its column), read
// back from the strings otherwise.
func (e *LoadError) Located() []Problem {
	if len(e.Details) == len(e.Problems) {
		return append([]Problem(nil), e.Details...)
	}
	out := make([]Problem, len(e.Problems))
	for i, s := range e.Problems {
		out[i] = ParseProblem(s)
	}
	return out
}

// astProblem is an OPA error as a Problem; msg replaces OPA's own message
// when not empty.
func astProblem(e *ast.Error, msg string) Problem {
	p := Problem{Msg: msg}
	if p.Msg == "" {
		p.Msg = e.Code + ": " + e.Message
		if e.Details != nil {
			for _, l := range e.Details.Lines() {
				p.Msg += "\n\t" + l
			}
		}
	}
	if loc := e.Location; loc != nil {
		p.File, p.Line, p.Col = loc.File, loc.Row, loc.Col
	}
	return p
}

// astProblems lists a parse error's parts, without the "1 error occurred:"
// OPA puts in front of them.
func astProblems(err error) []Problem {
	var errs ast.Errors
	if !errors.As(err, &errs) {
		return []Problem{ParseProblem(err.Error())}
	}
	out := make([]Problem, len(errs))
	for i, e := range errs {
		out[i] = astProblem(e, "")
	}
	return out
}
