package fix

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rampart-lint/rampart/lint/source"
)

// editor turns an intended change into text edits for one syntax.
type editor interface {
	set(s set) ([]Edit, bool)
}

// treeEditor edits YAML and JSON through the source map: every key and
// value of the document has its range, and the text around them tells the
// style (block or flow, one line or many) to keep.
type treeEditor struct {
	f    *File
	doc  *source.Document
	yaml bool
	unit string
}

func newTreeEditor(f *File, d *source.Document) *treeEditor {
	e := &treeEditor{f: f, doc: d, yaml: f.format == source.YAML, unit: f.indentUnit()}
	if e.yaml && strings.Trim(e.unit, " ") != "" {
		e.unit = "  " // YAML indents with spaces only
	}
	return e
}

func (e *treeEditor) set(s set) ([]Edit, bool) { return e.setAt(s.path, s.value, s.before) }

func (e *treeEditor) setAt(p source.Path, v any, before string) ([]Edit, bool) {
	if cur, has := valueAt(e.doc.Value, p); has {
		if !e.physical(p) {
			return nil, false
		}
		node, _ := e.doc.Root.Lookup(p)
		switch cur.(type) {
		case map[string]any:
			o, ok := v.(obj)
			if !ok {
				return nil, false // a mapping is never replaced wholesale
			}
			var out []Edit
			for _, x := range o {
				es, ok := e.setAt(p.Append(x.k), x.v, "")
				if !ok {
					return nil, false
				}
				out = append(out, es...)
			}
			return out, true
		case []any:
			return nil, false
		}
		return e.replace(node, v)
	}
	if len(p) == 0 {
		return nil, false
	}
	last, ok := p[len(p)-1].(string)
	if !ok {
		return nil, false
	}
	parent := p[:len(p)-1]
	pv, has := valueAt(e.doc.Value, parent)
	if !has || pv == nil {
		return e.setAt(parent, obj{{last, v}}, "")
	}
	if _, isMap := pv.(map[string]any); !isMap || !e.physical(parent) {
		return nil, false
	}
	m, _ := e.doc.Root.Lookup(parent)
	if e.yaml {
		return e.yamlInsert(m, pv.(map[string]any), last, v, before)
	}
	return e.jsonInsert(m, pv.(map[string]any), last, v)
}

// physical reports whether every node on the path is written where its
// parent is: a YAML alias or merge key brings in text from elsewhere, and
// editing that would change every other place that uses it.
func (e *treeEditor) physical(p source.Path) bool {
	n := e.doc.Root
	for _, el := range p {
		var c *source.Node
		switch k := el.(type) {
		case string:
			c = n.Field(k)
		case int:
			c = n.Item(k)
		}
		if c == nil || !within(c.Value, n.Value) || c.Key.IsValid() && !within(c.Key, n.Value) {
			return false
		}
		n = c
	}
	if e.yaml && n.Value.End.Offset > n.Value.Start.Offset {
		switch e.f.src[n.Value.Start.Offset] {
		case '*', '&', '!':
			return false
		}
	}
	return true
}

func within(a, b source.Range) bool {
	return b.Start.Offset <= a.Start.Offset && a.End.Offset <= b.End.Offset
}

// children returns a mapping's entries in the order they are written.
func children(m *source.Node, v map[string]any) []*source.Node {
	out := make([]*source.Node, 0, len(v))
	for k := range v {
		if c := m.Field(k); c != nil {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b *source.Node) int { return a.Key.Start.Offset - b.Key.Start.Offset })
	return out
}

func lastEnd(cs []*source.Node) int {
	end := 0
	for _, c := range cs {
		end = max(end, c.Value.End.Offset, c.Key.End.Offset)
	}
	return end
}

// replace writes v over a scalar value.
func (e *treeEditor) replace(node *source.Node, v any) ([]Edit, bool) {
	r := node.Value
	if r.Start.Offset == r.End.Offset {
		return e.fillEmpty(node, v)
	}
	text, ok := e.inline(v)
	if !ok {
		return nil, false
	}
	return []Edit{{Start: r.Start.Offset, End: r.End.Offset, Text: text}}, true
}

// fillEmpty gives a value to a YAML key that has none ("with:" alone).
func (e *treeEditor) fillEmpty(node *source.Node, v any) ([]Edit, bool) {
	if !e.yaml || !node.Key.IsValid() {
		return nil, false
	}
	src := e.f.src
	i := node.Key.End.Offset
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i >= len(src) || src[i] != ':' {
		return nil, false
	}
	colon := i + 1
	if o, isObj := v.(obj); isObj && e.f.onlySpaceBefore(node.Key.Start.Offset, true) {
		indent := strings.Repeat(" ", node.Key.Start.Offset-e.f.lineStart(node.Key.Start.Offset)) + e.unit
		var lines []string
		for _, x := range o {
			ls, ok := e.yamlLines(x.k, x.v, indent)
			if !ok {
				return nil, false
			}
			lines = append(lines, ls...)
		}
		at := e.f.lineEnd(colon)
		eol := e.f.eol(colon)
		return []Edit{{Start: at, End: at, Text: eol + strings.Join(lines, eol)}}, true
	}
	text, ok := e.inline(v)
	if !ok {
		return nil, false
	}
	return []Edit{{Start: colon, End: colon, Text: " " + text}}, true
}

func (e *treeEditor) yamlInsert(m *source.Node, mv map[string]any, key string, v any, before string) ([]Edit, bool) {
	src := e.f.src
	start := m.Value.Start.Offset
	cs := children(m, mv)
	if len(cs) != len(mv) {
		return nil, false
	}
	if start < len(src) && src[start] == '{' {
		text, ok := e.inline(v)
		if !ok {
			return nil, false
		}
		entry := yamlKey(key) + ": " + text
		if len(cs) == 0 {
			return []Edit{{Start: start + 1, End: start + 1, Text: entry}}, true
		}
		end := lastEnd(cs)
		return []Edit{{Start: end, End: end, Text: ", " + entry}}, true
	}
	if len(cs) == 0 {
		return nil, false
	}
	first := cs[0].Key.Start.Offset
	if !e.f.onlySpaceBefore(first, true) {
		return nil, false
	}
	col := first - e.f.lineStart(first)
	for _, c := range cs {
		k := c.Key.Start.Offset
		if k-e.f.lineStart(k) != col {
			return nil, false
		}
	}
	lines, ok := e.yamlLines(key, v, strings.Repeat(" ", col))
	if !ok {
		return nil, false
	}
	if b := m.Field(before); before != "" && b != nil && e.f.onlySpaceBefore(b.Key.Start.Offset, false) {
		return e.insertAbove(b.Key.Start.Offset, lines), true
	}
	end := lastEnd(cs)
	at, ok := e.f.nextLine(end)
	eol := e.f.eol(end)
	if !ok {
		return []Edit{{Start: at, End: at, Text: eol + strings.Join(lines, eol)}}, true
	}
	return []Edit{{Start: at, End: at, Text: strings.Join(lines, eol) + eol}}, true
}

// insertAbove puts lines above the line at off, and above the comments that
// lead into it (they belong to it). A blank line above keeps one below.
func (e *treeEditor) insertAbove(off int, lines []string) []Edit {
	f := e.f
	n := f.lineOf(off)
	indent := f.prefix(off)
	for n > 1 && isCommentLine(string(f.lines.Text(n-1))) && leading(string(f.lines.Text(n-1))) == indent {
		n--
	}
	at := f.lines.LineStart(n)
	if n == 1 && len(f.src) >= 3 && string(f.src[:3]) == "\xef\xbb\xbf" {
		at = 3
	}
	eol := f.eol(at)
	text := strings.Join(lines, eol) + eol
	if f.blankLine(n - 1) {
		text += eol
	}
	return []Edit{{Start: at, End: at, Text: text}}
}

// yamlLines writes key: v in block style at indent.
func (e *treeEditor) yamlLines(key string, v any, indent string) ([]string, bool) {
	if o, isObj := v.(obj); isObj {
		lines := []string{indent + yamlKey(key) + ":"}
		for _, x := range o {
			ls, ok := e.yamlLines(x.k, x.v, indent+e.unit)
			if !ok {
				return nil, false
			}
			lines = append(lines, ls...)
		}
		return lines, true
	}
	s, ok := yamlScalar(v)
	return []string{indent + yamlKey(key) + ": " + s}, ok
}

func (e *treeEditor) jsonInsert(m *source.Node, mv map[string]any, key string, v any) ([]Edit, bool) {
	src := e.f.src
	start := m.Value.Start.Offset
	if start >= len(src) || src[start] != '{' {
		return nil, false
	}
	cs := children(m, mv)
	if len(cs) != len(mv) {
		return nil, false
	}
	if len(cs) == 0 {
		text, ok := e.jsonEntry(key, v, "", false)
		return []Edit{{Start: start + 1, End: start + 1, Text: text}}, ok
	}
	last := cs[len(cs)-1]
	end := lastEnd(cs)
	k := last.Key.Start.Offset
	if e.f.onlySpaceBefore(k, false) && e.f.lineOf(k) != e.f.lineOf(start) {
		prefix := e.f.prefix(k)
		text, ok := e.jsonEntry(key, v, prefix, true)
		return []Edit{{Start: end, End: end, Text: "," + e.f.eol(end) + prefix + text}}, ok
	}
	text, ok := e.jsonEntry(key, v, "", false)
	return []Edit{{Start: end, End: end, Text: ", " + text}}, ok
}

// jsonEntry writes "key": v; a mapping spreads over lines at prefix when
// multi is set.
func (e *treeEditor) jsonEntry(key string, v any, prefix string, multi bool) (string, bool) {
	k, _ := json.Marshal(key)
	o, isObj := v.(obj)
	if !isObj {
		s, ok := jsonScalar(v)
		return string(k) + ": " + s, ok
	}
	if !multi {
		s, ok := e.inline(o)
		return string(k) + ": " + s, ok
	}
	eol := e.f.eol(0)
	parts := make([]string, 0, len(o))
	for _, x := range o {
		s, ok := e.jsonEntry(x.k, x.v, prefix+e.unit, true)
		if !ok {
			return "", false
		}
		parts = append(parts, prefix+e.unit+s)
	}
	return string(k) + ": {" + eol + strings.Join(parts, ","+eol) + eol + prefix + "}", true
}

// inline writes v on one line: a scalar, or a flow mapping.
func (e *treeEditor) inline(v any) (string, bool) {
	o, isObj := v.(obj)
	if !isObj {
		if e.yaml {
			return yamlScalar(v)
		}
		return jsonScalar(v)
	}
	parts := make([]string, 0, len(o))
	for _, x := range o {
		s, ok := e.inline(x.v)
		if !ok {
			return "", false
		}
		if e.yaml {
			parts = append(parts, yamlKey(x.k)+": "+s)
		} else {
			k, _ := json.Marshal(x.k)
			parts = append(parts, string(k)+": "+s)
		}
	}
	return "{" + strings.Join(parts, ", ") + "}", true
}

var yamlPlain = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_./-]*$`)

// yamlSpecial are the words YAML 1.1 readers take for booleans or null.
var yamlSpecial = map[string]bool{
	"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true,
	"true": true, "false": true, "null": true,
}

func yamlKey(k string) string {
	if yamlPlain.MatchString(k) && !yamlSpecial[strings.ToLower(k)] {
		return k
	}
	return strconv.Quote(k)
}

func yamlScalar(v any) (string, bool) {
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x), true
	case string:
		if yamlPlain.MatchString(x) && !yamlSpecial[strings.ToLower(x)] {
			return x, true
		}
		b, _ := json.Marshal(x)
		return string(b), true
	}
	return "", false
}

func jsonScalar(v any) (string, bool) {
	switch v.(type) {
	case bool, string:
		b, err := json.Marshal(v)
		return string(b), err == nil
	}
	return "", false
}
