package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/rampart-lint/rampart/lint/rule"
	"github.com/rampart-lint/rampart/policies"
)

// The headers of the built-in modules, scanned ahead of time into
// policies/headers.json: decoding sixty # METADATA blocks as YAML was a
// sixth of the CPU of a cold `rampart lint` on one file. Each entry carries
// a hash of the module's header, so an entry that a change to the header
// made stale is ignored and the module is scanned as before;
// TestHeaderIndexCurrent fails until the index is regenerated
// (go test ./lint/engine -run HeaderIndex -update).
const headerIndexFile = "headers.json"

type indexedHeader struct {
	Module      string           `json:"module"`
	Sum         string           `json:"sum"`
	Package     []string         `json:"package"` // after data
	Row         int              `json:"row"`
	Metadata    bool             `json:"metadata"`
	Title       string           `json:"title,omitempty"`
	Description string           `json:"description,omitempty"`
	References  []rule.Reference `json:"references,omitempty"`
	Custom      map[string]any   `json:"custom,omitempty"`
}

// sourceSum hashes what a header is read from: the module's text up to the
// end of its package statement. Editing a rule's body leaves its entry good.
func sourceSum(src []byte) string {
	end := len(src)
	for off := 0; off < len(src); {
		nl := bytes.IndexByte(src[off:], '\n')
		line := src[off:]
		if nl >= 0 {
			line = src[off : off+nl]
		}
		if bytes.HasPrefix(bytes.TrimSpace(line), []byte("package")) {
			end = off + len(line)
			break
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	h := fnv.New64a()
	h.Write(src[:end])
	return fmt.Sprintf("%016x", h.Sum64())
}

// headerIndex maps module names to their indexed headers; empty if the
// index is missing or unreadable (every module is then scanned).
var headerIndex = sync.OnceValue(func() map[string]indexedHeader {
	out := map[string]indexedHeader{}
	data, err := policies.FS.ReadFile(headerIndexFile)
	if err != nil {
		return out
	}
	var entries []indexedHeader
	if json.Unmarshal(data, &entries) != nil {
		return out
	}
	for _, e := range entries {
		e.Custom, _ = fromJSON(e.Custom).(map[string]any)
		out[e.Module] = e
	}
	return out
})

// indexed returns the module's header from the index, if the index holds
// one for this very source.
func indexed(m Module) (*header, bool) {
	if !m.Builtin {
		return nil, false
	}
	e, ok := headerIndex()[m.Name]
	if !ok || e.Sum != sourceSum(m.Source) {
		return nil, false
	}
	pkg := ast.Ref{ast.DefaultRootDocument}
	for _, p := range e.Package {
		pkg = append(pkg, ast.StringTerm(p))
	}
	h := &header{pkg: pkg, row: e.Row}
	if e.Metadata {
		h.ann = &annotation{Title: e.Title, Description: e.Description, References: e.References, Custom: e.Custom}
	}
	return h, true
}

// indexEntry is what the index holds for a scanned header.
func indexEntry(m Module, h *header) (indexedHeader, error) {
	e := indexedHeader{Module: m.Name, Sum: sourceSum(m.Source), Row: h.row}
	for _, t := range h.pkg[1:] {
		s, ok := t.Value.(ast.String)
		if !ok {
			return e, fmt.Errorf("%s: package path element %v is not a name", m.Name, t)
		}
		e.Package = append(e.Package, string(s))
	}
	if h.ann != nil {
		e.Metadata = true
		e.Title, e.Description, e.References, e.Custom = h.ann.Title, h.ann.Description, h.ann.References, h.ann.Custom
	}
	return e, nil
}

// fromJSON gives JSON-decoded values the types the YAML decoder gives the
// same values in a # METADATA block: whole numbers are ints.
func fromJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = fromJSON(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = fromJSON(e)
		}
		return x
	case float64:
		if x == float64(int(x)) {
			return int(x)
		}
		return x
	}
	return v
}
