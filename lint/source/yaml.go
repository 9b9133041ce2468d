package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// parseYAML decodes every document of a YAML stream into yaml.v3 nodes (which
// carry line and column) and converts them into plain values and a source map.
func parseYAML(src []byte, lines *Lines, lim Limits) ([]*Document, *Error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	c := &yamlConv{src: src, lines: lines, lim: lim, memo: make(map[*yaml.Node]*converted)}
	var docs []*Document
	for i := 0; ; i++ {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			perr := yamlError(err, lines)
			refineYAMLError(src, lines, perr)
			return nil, perr
		}
		if isEmptyDocument(&n) {
			continue
		}
		v, root, err := c.convert(&n, 0)
		if err != nil {
			return nil, err
		}
		docs = append(docs, &Document{Format: YAML, Index: i, Value: v, Root: root, Lines: lines})
	}
	return docs, nil
}

// isEmptyDocument reports a document with no content ("---" alone, or only
// comments), which holds nothing to lint.
func isEmptyDocument(n *yaml.Node) bool {
	if len(n.Content) == 0 {
		return true
	}
	c := n.Content[0]
	return len(n.Content) == 1 && c.Kind == yaml.ScalarNode && c.Tag == "!!null" && c.Value == "" && c.Style == 0
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): `)

// parserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner). yaml.v3 prints their line 0-based, and scanner errors' 1-based.
var parserProblems = []string{
	"did not find expected <document start>", "did not find expected node content",
	"did not find expected key", "did not find expected '-' indicator",
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"found duplicate %YAML directive", "found incompatible YAML document",
	"found duplicate %TAG directive", "found undefined tag handle",
}

// yamlError positions a yaml.v3 error. yaml.v3 reports only a line (and none
// at all for the first line), so the range is that line's text.
func yamlError(err error, lines *Lines) *Error {
	msg := err.Error()
	line := 1
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		for _, p := range parserProblems {
			if strings.HasPrefix(msg, p) {
				line++
				break
			}
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return &Error{Range: lines.LineRange(line), Msg: "invalid YAML: " + msg}
}

// blockProblems are the errors yaml.v3 reports at the start of the block
// mapping or sequence they occur in, which may be many lines above the
// offending line (a mis-indented step in a long job).
var blockProblems = []string{"did not find expected key", "did not find expected '-' indicator"}

// refineYAMLError moves a block-structure error from the start of the block
// to the first line at which the file stops parsing: the smallest prefix of
// whole lines that fails with the same problem. Prefixes of a file whose
// error is in block context parse cleanly up to that line, so a binary search
// finds it in a few parses. Large files keep yaml.v3's line.
func refineYAMLError(src []byte, lines *Lines, e *Error) {
	problem := strings.TrimPrefix(e.Msg, "invalid YAML: ")
	isBlock := false
	for _, p := range blockProblems {
		isBlock = isBlock || problem == p
	}
	if !isBlock || len(src) > 1<<20 {
		return
	}
	fails := func(n int) bool {
		end := len(src)
		if n < lines.Count() {
			end = lines.LineStart(n + 1)
		}
		dec := yaml.NewDecoder(bytes.NewReader(src[:end]))
		for {
			var node yaml.Node
			err := dec.Decode(&node)
			if err == nil {
				continue
			}
			return !errors.Is(err, io.EOF) && strings.HasSuffix(err.Error(), problem)
		}
	}
	lo, hi := e.Range.Start.Line, lines.Count()
	if !fails(hi) {
		return
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	e.Range = lines.LineRange(lo)
}

type converted struct {
	value any
	node  *Node
	size  int  // nodes in the subtree, to charge each alias use
	busy  bool // being converted: an alias to it is recursive
}

type yamlConv struct {
	src        []byte
	lines      *Lines
	lim        Limits
	memo       map[*yaml.Node]*converted // anchored nodes, converted once and shared by aliases
	aliasNodes int
	size       int
}

// cfnIntrinsics are CloudFormation's short-form tags. Each becomes its long
// form ({"Ref": x}, {"Fn::Sub": x}) so rules see one shape whichever way the
// template was written.
var cfnIntrinsics = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!FindInMap": "Fn::FindInMap",
	"!GetAtt": "Fn::GetAtt", "!GetAZs": "Fn::GetAZs", "!ImportValue": "Fn::ImportValue",
	"!Join": "Fn::Join", "!Select": "Fn::Select", "!Split": "Fn::Split", "!Sub": "Fn::Sub",
	"!Transform": "Fn::Transform", "!And": "Fn::And", "!Equals": "Fn::Equals", "!If": "Fn::If",
	"!Not": "Fn::Not", "!Or": "Fn::Or", "!ToJsonString": "Fn::ToJsonString", "!Length": "Fn::Length",
	"!ForEach": "Fn::ForEach",
}

func (c *yamlConv) convert(n *yaml.Node, depth int) (any, *Node, *Error) {
	if depth > c.lim.MaxDepth {
		return nil, nil, &Error{Range: c.lines.LineRange(n.Line), Msg: fmt.Sprintf("nesting deeper than %d levels", c.lim.MaxDepth), Limit: DepthLimit}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, &Node{}, nil
		}
		return c.convert(n.Content[0], depth)
	case yaml.AliasNode:
		return c.alias(n, depth)
	}
	if n.Anchor != "" {
		if m := c.memo[n]; m != nil {
			return m.value, m.node, nil
		}
		m := &converted{busy: true}
		c.memo[n] = m
		before := c.size
		v, node, err := c.convertTagged(n, depth)
		if err != nil {
			return nil, nil, err
		}
		*m = converted{value: v, node: node, size: c.size - before}
		return v, node, nil
	}
	return c.convertTagged(n, depth)
}

func (c *yamlConv) alias(n *yaml.Node, depth int) (any, *Node, *Error) {
	rng := c.aliasRange(n)
	target := n.Alias
	if target == nil {
		return nil, nil, &Error{Range: rng, Msg: "unknown alias"}
	}
	m := c.memo[target]
	if m == nil {
		if _, _, err := c.convert(target, depth); err != nil {
			return nil, nil, err
		}
		m = c.memo[target]
	}
	if m.busy {
		return nil, nil, &Error{Range: rng, Msg: fmt.Sprintf("alias *%s refers to a node that contains it", n.Value)}
	}
	c.aliasNodes += m.size
	c.size += m.size
	if c.aliasNodes > c.lim.MaxAliasNodes {
		return nil, nil, &Error{Range: rng, Msg: fmt.Sprintf("YAML aliases expand to more than %d nodes; refusing to expand further (alias bomb?)", c.lim.MaxAliasNodes), Limit: AliasLimit}
	}
	// The alias token is where the value is used; its children are where it
	// was written, so findings inside it point at the anchored text.
	node := &Node{Value: rng, fields: m.node.fields, items: m.node.items}
	return m.value, node, nil
}

func (c *yamlConv) aliasRange(n *yaml.Node) Range {
	start := c.lines.Pos(n.Line, n.Column).Offset
	return c.lines.Span(start, start+1+len(n.Value))
}

// convertTagged handles CloudFormation and other local tags, then the node.
func (c *yamlConv) convertTagged(n *yaml.Node, depth int) (any, *Node, *Error) {
	tag := n.Tag
	if !strings.HasPrefix(tag, "!") || strings.HasPrefix(tag, "!!") {
		return c.convertPlain(n, depth)
	}
	v, inner, err := c.convertPlain(n, depth)
	if err != nil {
		return nil, nil, err
	}
	key, ok := cfnIntrinsics[tag]
	if !ok {
		// Another tool's tag (GitLab's !reference): keep it visible as a key.
		key = tag
	}
	if key == "Fn::GetAtt" {
		if s, isStr := v.(string); isStr {
			// !GetAtt Role.Arn is ["Role", "Arn"]; the attribute may itself hold dots.
			if i := strings.IndexByte(s, '.'); i > 0 {
				v = []any{s[:i], s[i+1:]}
			} else {
				v = []any{s}
			}
		}
	}
	whole := Range{Start: c.lines.Pos(n.Line, n.Column), End: inner.Value.End}
	body := *inner
	body.Value.Start = c.lines.At(c.bodyStart(n))
	inner = &body
	node := &Node{Value: whole}
	node.setField(key, inner)
	return map[string]any{key: v}, node, nil
}

func (c *yamlConv) convertPlain(n *yaml.Node, depth int) (any, *Node, *Error) {
	c.size++
	switch n.Kind {
	case yaml.MappingNode:
		return c.mapping(n, depth)
	case yaml.SequenceNode:
		arr := make([]any, 0, len(n.Content))
		node := &Node{}
		for _, item := range n.Content {
			v, child, err := c.convert(item, depth+1)
			if err != nil {
				return nil, nil, err
			}
			arr = append(arr, v)
			node.addItem(child)
		}
		node.Value = c.collectionRange(n, node)
		return arr, node, nil
	case yaml.ScalarNode:
		c.size += stringCost(n.Value) - 1
		return c.scalar(n), &Node{Value: c.scalarRange(n)}, nil
	}
	return nil, nil, &Error{Range: c.lines.LineRange(n.Line), Msg: "unexpected YAML node"}
}

func (c *yamlConv) mapping(n *yaml.Node, depth int) (any, *Node, *Error) {
	obj := make(map[string]any, len(n.Content)/2)
	node := &Node{}
	var merges []*yaml.Node
	var last *Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, vn := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, vn)
			continue
		}
		key := c.keyString(k)
		keyRange := c.scalarRange(k)
		if prev := node.Field(key); prev != nil {
			return nil, nil, &Error{Range: keyRange, Msg: fmt.Sprintf("duplicate key %q (first defined at line %d)", key, prev.Key.Start.Line)}
		}
		v, child, err := c.convert(vn, depth+1)
		if err != nil {
			return nil, nil, err
		}
		if child.Value == (Range{}) {
			child = &Node{Value: Range{Start: keyRange.End, End: keyRange.End}, fields: child.fields, items: child.items}
		}
		child = withKey(child, keyRange)
		obj[key] = v
		node.setField(key, child)
		last = child
	}
	// Merge keys (<<: *defaults): explicit entries win, then earlier merges
	// win over later ones, as the YAML merge type specifies.
	for _, m := range merges {
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, s := range sources {
			v, child, err := c.convert(s, depth+1)
			if err != nil {
				return nil, nil, err
			}
			mv, ok := v.(map[string]any)
			if !ok {
				return nil, nil, &Error{Range: child.Value, Msg: "merge key (<<) needs a mapping or a list of mappings"}
			}
			for k, val := range mv {
				if _, exists := obj[k]; !exists {
					obj[k] = val
					node.setField(k, child.Field(k))
				}
			}
		}
	}
	node.Value = c.collectionRange(n, node)
	if n.Style&yaml.FlowStyle == 0 && last != nil && len(merges) == 0 {
		node.Value.End = maxPos(node.Value.End, last.Value.End)
	}
	return obj, node, nil
}

// withKey returns child with its key range set, copying it when it is shared
// through an alias (the anchored node must keep its own key).
func withKey(child *Node, key Range) *Node {
	if child.Key.IsValid() && child.Key != key {
		cp := *child
		cp.Key = key
		return &cp
	}
	child.Key = key
	return child
}

func maxPos(a, b Position) Position {
	if b.Offset > a.Offset {
		return b
	}
	return a
}

func (c *yamlConv) keyString(k *yaml.Node) string {
	if k.Kind == yaml.ScalarNode {
		return k.Value
	}
	r := c.scalarRange(k)
	return string(c.src[r.Start.Offset:r.End.Offset])
}

// scalar resolves a scalar by its tag. Timestamps stay the text written
// (Version: 2012-10-17 is a date to YAML and a string to IAM); numbers become
// json.Number so Rego sees them exactly.
func (c *yamlConv) scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	case "!!int":
		// Re-format rather than keep the text: 007 and +5 are YAML integers
		// but not JSON numbers.
		if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			return jsonNumber(strconv.FormatInt(i, 10))
		}
		var i int64
		if err := n.Decode(&i); err == nil {
			return jsonNumber(strconv.FormatInt(i, 10))
		}
		var u uint64
		if err := n.Decode(&u); err == nil {
			return jsonNumber(strconv.FormatUint(u, 10))
		}
	case "!!float":
		var f float64
		if err := n.Decode(&f); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return jsonNumber(strconv.FormatFloat(f, 'g', -1, 64))
		}
	}
	return n.Value
}

// --- ranges ---------------------------------------------------------------

// bodyStart skips the anchor and tag that may precede a node's content.
func (c *yamlConv) bodyStart(n *yaml.Node) int {
	off := c.lines.Pos(n.Line, n.Column).Offset
	for off < len(c.src) && (c.src[off] == '&' || c.src[off] == '!') {
		for off < len(c.src) && !isSpace(c.src[off]) {
			off++
		}
		for off < len(c.src) && isSpace(c.src[off]) {
			off++
		}
	}
	return off
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

func (c *yamlConv) scalarRange(n *yaml.Node) Range {
	start := c.lines.Pos(n.Line, n.Column)
	body := c.bodyStart(n)
	var end int
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		end = scanQuoted(c.src, body, '"')
	case n.Style&yaml.SingleQuotedStyle != 0:
		end = scanQuoted(c.src, body, '\'')
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		end = c.scanBlockScalar(body, n.Value == "")
	default:
		if n.Value == "" && n.Tag == "!!null" && (body >= len(c.src) || c.src[body] != '~' && !bytes.HasPrefix(c.src[body:], []byte("null"))) {
			// An empty value has no token of its own.
			return Range{Start: start, End: start}
		}
		end = scanPlain(c.src, body, n.Value)
	}
	return Range{Start: start, End: c.lines.At(end)}
}

// scanQuoted returns the offset after the closing quote of a quoted scalar
// starting at off.
func scanQuoted(src []byte, off int, q byte) int {
	i := off + 1
	for i < len(src) {
		switch {
		case q == '"' && src[i] == '\\':
			i += 2
			continue
		case src[i] == q:
			if q == '\'' && i+1 < len(src) && src[i+1] == '\'' {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(src)
}

// scanPlain matches a plain scalar's value against the source, allowing the
// line folding that turned newlines and indentation into single spaces.
func scanPlain(src []byte, off int, value string) int {
	if off+len(value) <= len(src) && string(src[off:off+len(value)]) == value {
		return off + len(value)
	}
	i, j := off, 0
	for j < len(value) && i < len(src) {
		if value[j] == src[i] {
			i++
			j++
			continue
		}
		if value[j] == ' ' || value[j] == '\n' {
			for j < len(value) && (value[j] == ' ' || value[j] == '\n') {
				j++
			}
			for i < len(src) && isSpace(src[i]) {
				i++
			}
			continue
		}
		break
	}
	return i
}

// scanBlockScalar returns the end of a literal (|) or folded (>) scalar: the
// end of its last non-blank content line. Content lines are those indented
// deeper than the line holding the indicator.
func (c *yamlConv) scanBlockScalar(off int, empty bool) int {
	i := off + 1
	for i < len(c.src) && (c.src[i] == '+' || c.src[i] == '-' || c.src[i] >= '0' && c.src[i] <= '9') {
		i++
	}
	headerEnd := i
	if empty {
		return headerEnd
	}
	header := c.lines.At(off)
	parentIndent := indentOf(c.lines.Text(header.Line))
	end := headerEnd
	for ln := header.Line + 1; ln <= c.lines.Count(); ln++ {
		text := c.lines.Text(ln)
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		if indentOf(text) <= parentIndent {
			break
		}
		end = c.lines.LineStart(ln) + len(bytes.TrimRight(text, " \t"))
	}
	return end
}

func indentOf(line []byte) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	return n
}

// collectionRange is a mapping's or sequence's extent: from its first token to
// the end of its last child, or to its closing bracket in flow style.
func (c *yamlConv) collectionRange(n *yaml.Node, node *Node) Range {
	start := c.lines.Pos(n.Line, n.Column)
	lastEnd := start.Offset
	for _, child := range node.items {
		lastEnd = max(lastEnd, child.Value.End.Offset)
	}
	for _, child := range node.fields {
		lastEnd = max(lastEnd, child.Value.End.Offset)
	}
	if n.Style&yaml.FlowStyle == 0 {
		return Range{Start: start, End: c.lines.At(lastEnd)}
	}
	if node.Len() == 0 {
		lastEnd = min(c.bodyStart(n)+1, len(c.src))
	}
	closer := byte('}')
	if n.Kind == yaml.SequenceNode {
		closer = ']'
	}
	if i := bytes.IndexByte(c.src[lastEnd:], closer); i >= 0 {
		lastEnd += i + 1
	}
	return Range{Start: start, End: c.lines.At(lastEnd)}
}

func jsonNumber(s string) json.Number { return json.Number(s) }
