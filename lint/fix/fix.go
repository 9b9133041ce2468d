// Package fix computes safe quick fixes for findings: text edits that make
// one finding go away and change nothing else. The language server offers
// them as code actions and `rampart lint --fix` applies them, so both share
// this package.
//
// A fixer, keyed by rule id, decides what the document should say (set this
// key to that value); an editor for the file's syntax turns that into text
// edits that keep the file's indentation, line endings, comments and style
// (block or flow YAML, pretty or compact JSON, Terraform blocks). Every fix
// is then checked before it is offered: the edited text must parse, and its
// documents must equal the original ones with exactly the intended change.
// When any step is unsure, there is no fix.
package fix

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"sort"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/source"
)

// Edit replaces the bytes [Start, End) of a file with Text.
type Edit struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Fix resolves one finding.
type Fix struct {
	Rule  string `json:"rule"`
	Title string `json:"title"`
	// Edits are sorted and do not overlap.
	Edits []Edit `json:"edits"`
}

// Rules returns the ids of the rules that have a fixer, sorted.
func Rules() []string {
	ids := make([]string, 0, len(fixers))
	for id := range fixers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Has reports whether findings of rule can have a fix.
func Has(rule string) bool { return fixers[rule] != nil }

// File is one file's text, parsed once for any number of findings. It is
// not safe for concurrent use.
type File struct {
	name   string
	src    []byte
	format source.Format
	lines  *source.Lines
	docs   []*source.Document
	unit   string // indentUnit, once guessed
}

// Parse reads a file for fixing. name drives the syntax, as for linting.
func Parse(name string, src []byte) (*File, error) {
	format := source.FormatOf(name, src)
	docs, err := source.Parse(name, src, format, source.Limits{})
	if err != nil {
		return nil, err
	}
	return &File{name: name, src: src, format: format, lines: source.NewLines(src), docs: docs}, nil
}

// For returns the fix of one finding of this file, if it has a safe one.
func For(fd lint.Finding, name string, src []byte) (Fix, bool) {
	if !Has(fd.Rule) {
		return Fix{}, false
	}
	f, err := Parse(name, src)
	if err != nil {
		return Fix{}, false
	}
	return f.For(fd)
}

// For returns the fix of a finding in f. The finding may be stale (found in
// an earlier version of the text): fixers check the document as it is now.
func (f *File) For(fd lint.Finding) (fx Fix, ok bool) {
	fixer := fixers[fd.Rule]
	if fixer == nil || fd.Suppression != nil {
		return Fix{}, false
	}
	p, ok := parsePath(fd.Path)
	if !ok {
		return Fix{}, false
	}
	doc, idx := f.docFor(p, fd.Range)
	if doc == nil {
		return Fix{}, false
	}
	t := &target{file: f, doc: doc, path: p, finding: fd}
	pl, ok := fixer(t)
	if !ok || pl == nil || len(pl.sets) == 0 {
		return Fix{}, false
	}
	edits := pl.edits
	if edits == nil {
		ed := f.editor(doc)
		if ed == nil {
			return Fix{}, false
		}
		for _, s := range pl.sets {
			es, ok := ed.set(s)
			if !ok {
				return Fix{}, false
			}
			edits = append(edits, es...)
		}
	}
	edits, ok = normalize(edits, len(f.src))
	if !ok || !f.verify(idx, pl.sets, edits) {
		return Fix{}, false
	}
	return Fix{Rule: fd.Rule, Title: pl.title, Edits: edits}, true
}

// docFor picks the document the path belongs to: in a YAML stream several
// may hold it, and the finding's range tells which.
func (f *File) docFor(p source.Path, rng lint.Range) (*source.Document, int) {
	first, firstIdx := (*source.Document)(nil), -1
	for i, d := range f.docs {
		if d.Root == nil {
			continue
		}
		if _, exact := d.Root.Lookup(p); !exact {
			continue
		}
		r := d.Root.Value
		if rng.IsValid() && r.Start.Offset <= rng.Start.Offset && rng.Start.Offset <= r.End.Offset {
			return d, i
		}
		if first == nil {
			first, firstIdx = d, i
		}
	}
	return first, firstIdx
}

func (f *File) editor(d *source.Document) editor {
	switch f.format {
	case source.YAML, source.JSON:
		return newTreeEditor(f, d)
	case source.HCL:
		return newHCLEditor(f)
	}
	return nil
}

// normalize sorts edits and drops no-ops; ok is false if two overlap or one
// falls outside the text.
func normalize(edits []Edit, size int) ([]Edit, bool) {
	out := slices.Clone(edits)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	for i, e := range out {
		if e.Start < 0 || e.End < e.Start || e.End > size {
			return nil, false
		}
		if i > 0 && out[i-1].End > e.Start {
			return nil, false
		}
		// Two insertions at one point would depend on their order.
		if i > 0 && out[i-1].Start == e.Start && out[i-1].End == e.Start && e.End == e.Start {
			return nil, false
		}
	}
	return out, len(out) > 0
}

// Apply applies edits (sorted, not overlapping, as a Fix holds them) to src.
func Apply(src []byte, edits []Edit) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(src) + 64)
	at := 0
	for _, e := range edits {
		if e.Start < at || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edit %d-%d overlaps another or falls outside the text (%d bytes)", e.Start, e.End, len(src))
		}
		b.Write(src[at:e.Start])
		b.WriteString(e.Text)
		at = e.End
	}
	b.Write(src[at:])
	return b.Bytes(), nil
}

// Overlaps reports whether two fixes touch the same text; applying both at
// once is then not safe, and the second must be recomputed after the first.
func Overlaps(a, b Fix) bool {
	for _, x := range a.Edits {
		for _, y := range b.Edits {
			if x.Start < y.End && y.Start < x.End || x.Start == y.Start {
				return true
			}
		}
	}
	return false
}

// verify applies the edits and checks that the result parses into the same
// documents, with the one at idx changed exactly as the sets say.
func (f *File) verify(idx int, sets []set, edits []Edit) bool {
	out, err := Apply(f.src, edits)
	if err != nil {
		return false
	}
	docs, err := source.Parse(f.name, out, f.format, source.Limits{})
	if err != nil || len(docs) != len(f.docs) {
		return false
	}
	for i, d := range docs {
		want := f.docs[i].Value
		if i == idx {
			want = deepCopy(want)
			for _, s := range sets {
				var ok bool
				if want, ok = applySet(want, s.path, s.value); !ok {
					return false
				}
			}
		}
		if !reflect.DeepEqual(d.Value, want) {
			return false
		}
	}
	return true
}
