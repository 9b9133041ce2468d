package fix

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/rampart-lint/rampart/lint/source"
)

// hclEditor edits Terraform through hclsyntax's own tree, which knows each
// block's braces and each attribute's name, equals sign and expression.
type hclEditor struct {
	f    *File
	body *hclsyntax.Body
	unit string
}

func newHCLEditor(f *File) editor {
	file, diags := hclsyntax.ParseConfig(f.src, f.name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	return &hclEditor{f: f, body: body, unit: f.indentUnit()}
}

// locate finds the block a path addresses and the rest of the path inside
// it. Paths read as the converter writes them (source/hcl.go): a top-level
// block by its type and labels, then nested blocks by type and index.
func (e *hclEditor) locate(p source.Path) (*hclsyntax.Block, source.Path, bool) {
	if len(p) == 0 {
		return nil, nil, false
	}
	typ, _ := p[0].(string)
	var found *hclsyntax.Block
	matches := 0
	for _, b := range e.body.Blocks {
		if b.Type != typ || 1+len(b.Labels) > len(p) {
			continue
		}
		same := true
		for i, l := range b.Labels {
			if s, _ := p[1+i].(string); s != l {
				same = false
			}
		}
		if same {
			found = b
			matches++
		}
	}
	if matches != 1 {
		return nil, nil, false
	}
	b, i := found, 1+len(found.Labels)
	for i+1 < len(p) {
		name, isName := p[i].(string)
		idx, isIdx := p[i+1].(int)
		if !isName || !isIdx {
			break
		}
		var nth []*hclsyntax.Block
		for _, nb := range b.Body.Blocks {
			if nb.Type == name && len(nb.Labels) == 0 {
				nth = append(nth, nb)
			}
		}
		if idx < 0 || idx >= len(nth) {
			return nil, nil, false
		}
		b, i = nth[idx], i+2
	}
	return b, p[i:], true
}

func (e *hclEditor) set(s set) ([]Edit, bool) {
	b, rest, ok := e.locate(s.path)
	if !ok {
		return nil, false
	}
	switch len(rest) {
	case 0:
		o, isObj := s.value.(obj)
		if !isObj {
			return nil, false
		}
		var out []Edit
		for _, x := range o {
			es, ok := e.setIn(b, x.k, x.v)
			if !ok {
				return nil, false
			}
			out = append(out, es...)
		}
		return out, true
	case 1:
		name, isName := rest[0].(string)
		if !isName {
			return nil, false
		}
		return e.setIn(b, name, s.value)
	}
	return nil, false
}

func (e *hclEditor) setIn(b *hclsyntax.Block, name string, v any) ([]Edit, bool) {
	if a, exists := b.Body.Attributes[name]; exists {
		text, ok := hclScalar(v)
		if !ok {
			return nil, false
		}
		r := a.Expr.Range()
		return []Edit{{Start: r.Start.Byte, End: r.End.Byte, Text: text}}, true
	}
	for _, nb := range b.Body.Blocks {
		if nb.Type == name {
			return nil, false // an existing block is addressed by its index
		}
	}
	if _, isObj := v.(obj); isObj {
		return nil, false
	}
	return e.insert(b, name, v)
}

// insert adds an attribute after the block's last attribute, or a nested
// block after everything, indented like the block's other lines.
func (e *hclEditor) insert(b *hclsyntax.Block, name string, v any) ([]Edit, bool) {
	f := e.f
	open, closing := b.OpenBraceRange, b.CloseBraceRange
	blockIndent := f.prefix(b.TypeRange.Start.Byte)
	eol := f.eol(open.Start.Byte)
	type item struct{ start, end int }
	var items []item
	var lastAttr *hclsyntax.Attribute
	for _, a := range b.Body.Attributes {
		items = append(items, item{a.SrcRange.Start.Byte, a.SrcRange.End.Byte})
		if lastAttr == nil || a.SrcRange.Start.Byte > lastAttr.SrcRange.Start.Byte {
			lastAttr = a
		}
	}
	for _, nb := range b.Body.Blocks {
		items = append(items, item{nb.Range().Start.Byte, nb.Range().End.Byte})
	}
	slices.SortFunc(items, func(x, y item) int { return x.start - y.start })

	if f.lineOf(open.Start.Byte) == f.lineOf(closing.Start.Byte) {
		// { } on one line: only an empty one opens up cleanly.
		if len(items) > 0 || strings.TrimSpace(string(f.src[open.End.Byte:closing.Start.Byte])) != "" {
			return nil, false
		}
		lines := e.lines(name, v, blockIndent+e.unit, -1)
		return []Edit{{Start: open.End.Byte, End: closing.Start.Byte, Text: eol + strings.Join(lines, eol) + eol + blockIndent}}, true
	}
	indent := blockIndent + e.unit
	if len(items) > 0 {
		if !f.onlySpaceBefore(items[0].start, false) {
			return nil, false
		}
		indent = f.prefix(items[0].start)
	}
	after := open.End.Byte
	align := -1
	_, isBlock := v.(block)
	switch {
	case isBlock && len(items) > 0:
		after = items[len(items)-1].end
	case !isBlock && lastAttr != nil:
		after = lastAttr.SrcRange.End.Byte
		// Line up the equals sign with the attribute above, as terraform
		// fmt does, when that one is padded.
		if f.lineOf(lastAttr.SrcRange.Start.Byte) == f.lineOf(lastAttr.SrcRange.End.Byte) {
			align = lastAttr.EqualsRange.Start.Byte - f.lineStart(lastAttr.EqualsRange.Start.Byte)
		}
	}
	at, ok := f.nextLine(after)
	if !ok || at > closing.Start.Byte {
		return nil, false
	}
	text := strings.Join(e.lines(name, v, indent, align), eol) + eol
	if isBlock && len(items) > 0 {
		text = eol + text
	}
	return []Edit{{Start: at, End: at, Text: text}}, true
}

// lines writes name = v (or a nested block) at indent; align, when it is
// past the name, is the column of the equals sign.
func (e *hclEditor) lines(name string, v any, indent string, align int) []string {
	if bl, isBlock := v.(block); isBlock {
		out := []string{indent + name + " {"}
		for _, x := range bl {
			out = append(out, e.lines(x.k, x.v, indent+e.unit, -1)...)
		}
		return append(out, indent+"}")
	}
	s, _ := hclScalar(v)
	pad := " "
	if w := len(indent) + len(name); align > w {
		pad = strings.Repeat(" ", align-w)
	}
	return []string{indent + name + pad + "= " + s}
}

func hclScalar(v any) (string, bool) {
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x), true
	case string:
		if strings.Contains(x, "${") || strings.Contains(x, "%{") {
			return "", false
		}
		b, err := json.Marshal(x)
		return string(b), err == nil
	}
	return "", false
}
