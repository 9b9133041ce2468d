// Package source turns file bytes into documents: plain values for the rules
// to read, and a source map (Node) that gives every value's exact range.
package source

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Format is the syntax a file is written in.
type Format string

const (
	JSON Format = "json"
	YAML Format = "yaml"
	HCL  Format = "hcl"
)

// FormatOf guesses a file's syntax from its name, then from its first
// non-blank byte: '{' or '[' is JSON, anything else YAML.
func FormatOf(path string, src []byte) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return JSON
	case ".yaml", ".yml":
		return YAML
	case ".tf":
		return HCL
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(src, utf8BOM), " \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		return JSON
	}
	return YAML
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func firstInvalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(src)
}

// Document is one parsed document: a file, one document of a YAML stream, or
// a virtual document embedded in a host file (an IAM policy inside a
// CloudFormation role). Value holds plain data: map[string]any, []any, string,
// json.Number, bool and nil. Root maps paths in Value to ranges in the file
// whose lines are Lines.
type Document struct {
	File   string // the file's path as the caller gave it
	Format Format
	Kind   string // set by detection
	Index  int    // position in a YAML stream, 0 otherwise
	Value  any
	Root   *Node
	Lines  *Lines
	// Base is where this document sits inside its host file's value; it is
	// empty for a file's own document. Finding paths are reported as
	// Base + the rule's path, so an embedded policy's findings read
	// Resources.Role.Properties.Policies[0].PolicyDocument.Statement[0].
	Base Path
}

// Error is a syntax error or an exceeded limit, at a position in the file.
type Error struct {
	File  string
	Range Range
	Msg   string
	// Limit names the limit the file exceeded, so that callers can say how
	// to raise it; empty for syntax errors.
	Limit Limit
}

// Limit names one of the Limits.
type Limit string

const (
	DepthLimit Limit = "depth" // Limits.MaxDepth
	AliasLimit Limit = "alias" // Limits.MaxAliasNodes
)

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Range.Start.Line, e.Range.Start.Column, e.Msg)
}

// Limits bound the work one file can cause.
type Limits struct {
	// MaxDepth is the deepest nesting of mappings and sequences accepted.
	MaxDepth int
	// MaxAliasNodes is how many nodes YAML aliases (and Terraform references
	// to locals and variables) may add by expansion in one file; a "billion
	// laughs" file hits it long before memory does. A string counts one node
	// per aliasStringBytes of its length: each use of an alias to a long
	// string repeats all of it for every rule that reads strings.
	MaxAliasNodes int
}

const aliasStringBytes = 64

// stringCost is what one more copy of s costs against MaxAliasNodes.
func stringCost(s string) int { return 1 + len(s)/aliasStringBytes }

// DefaultLimits are generous for real configuration and stop hostile input.
var DefaultLimits = Limits{MaxDepth: 1000, MaxAliasNodes: 100_000}

// MaxDepthCap is the highest MaxDepth honoured: the parsers recurse once per
// level, and HCL's would overflow the goroutine stack, which no recover() can
// catch, not far beyond it.
const MaxDepthCap = hclParserDepth

func (l Limits) orDefault() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxAliasNodes <= 0 {
		l.MaxAliasNodes = DefaultLimits.MaxAliasNodes
	}
	return l
}

// Parse parses a JSON, YAML or Terraform (HCL) file into its documents. An empty file (or a
// stream of empty documents) yields none. A syntax error is returned as *Error.
func Parse(file string, src []byte, format Format, lim Limits) ([]*Document, error) {
	lim = lim.orDefault()
	lines := NewLines(src)
	if !utf8.Valid(src) {
		// JSON and YAML must be UTF-8 (HCL too); the standard JSON decoder
		// would quietly turn bad bytes into U+FFFD and yaml.v3 names no line.
		off := firstInvalidUTF8(src)
		return nil, &Error{File: file, Range: lines.Span(off, off+1), Msg: "invalid UTF-8: the file must be UTF-8 encoded text"}
	}
	switch format {
	case JSON:
		v, root, err := parseJSON(src, lines, lim)
		if err != nil {
			err.File = file
			return nil, err
		}
		if root == nil {
			return nil, nil
		}
		return []*Document{{File: file, Format: JSON, Value: v, Root: root, Lines: lines}}, nil
	case YAML:
		docs, err := parseYAML(src, lines, lim)
		if err != nil {
			err.File = file
			return nil, err
		}
		for _, d := range docs {
			d.File = file
		}
		return docs, nil
	case HCL:
		v, root, err := parseHCL(src, lines, lim)
		if err != nil {
			err.File = file
			return nil, err
		}
		if root == nil {
			return nil, nil
		}
		return []*Document{{File: file, Format: HCL, Value: v, Root: root, Lines: lines}}, nil
	}
	return nil, &Error{File: file, Range: lines.LineRange(1), Msg: fmt.Sprintf("unsupported format %q", format)}
}
