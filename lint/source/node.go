package source

// Node is the source map: a tree shaped like the document's value that holds
// where each value (and, for mapping entries, each key) stands in the file.
// Positions live here, beside the value rather than inside it, so rules see
// plain data and every path a rule can return has a range.
type Node struct {
	Key    Range // the key token of a mapping entry; zero for sequence items and roots
	Value  Range // the whole value token or block
	fields map[string]*Node
	items  []*Node
}

// Field returns the child under key k, or nil.
func (n *Node) Field(k string) *Node {
	if n == nil {
		return nil
	}
	return n.fields[k]
}

// Item returns the i-th child of a sequence, or nil.
func (n *Node) Item(i int) *Node {
	if n == nil || i < 0 || i >= len(n.items) {
		return nil
	}
	return n.items[i]
}

// Len is the number of children (entries or items).
func (n *Node) Len() int {
	if n == nil {
		return 0
	}
	return len(n.fields) + len(n.items)
}

func (n *Node) setField(k string, c *Node) {
	if n.fields == nil {
		n.fields = make(map[string]*Node)
	}
	n.fields[k] = c
}

func (n *Node) addItem(c *Node) { n.items = append(n.items, c) }

// NewNode returns a leaf with the given key and value ranges.
func NewNode(key, value Range) *Node { return &Node{Key: key, Value: value} }

// SetField adds or replaces the child under k.
func (n *Node) SetField(k string, c *Node) { n.setField(k, c) }

// AddItem appends a sequence child.
func (n *Node) AddItem(c *Node) { n.addItem(c) }

// Lookup finds the node at p. If p runs past the tree (a rule pointing at a
// key that is absent, say), it returns the deepest node on the way and
// exact=false.
func (n *Node) Lookup(p Path) (found *Node, exact bool) {
	cur := n
	for _, e := range p {
		var next *Node
		switch v := e.(type) {
		case string:
			next = cur.Field(v)
		case int:
			next = cur.Item(v)
		}
		if next == nil {
			return cur, false
		}
		cur = next
	}
	return cur, true
}

// RangeOf returns the range a finding at p should underline. key selects the
// key token rather than the value. When p is not in the tree the nearest
// ancestor stands in: its key if it has one (short and recognisable),
// otherwise the first line of its value.
func (n *Node) RangeOf(p Path, key bool, lines *Lines) Range {
	if n == nil {
		return Range{}
	}
	found, exact := n.Lookup(p)
	if exact {
		if key && found.Key.IsValid() {
			return found.Key
		}
		return found.Value
	}
	if found.Key.IsValid() {
		return found.Key
	}
	return firstLine(found.Value, lines)
}

func firstLine(r Range, lines *Lines) Range {
	if lines == nil || r.Start.Line == r.End.Line {
		return r
	}
	end := lines.LineStart(r.Start.Line) + len(lines.Text(r.Start.Line))
	return Range{Start: r.Start, End: lines.At(end)}
}
