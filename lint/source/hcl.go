package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// parseHCL reads a Terraform file with hclsyntax and converts it into the
// shape of Terraform's JSON configuration syntax (see docs/input/terraform.md):
//
//	resource "aws_iam_role" "build" { name = "build" }
//
// becomes {"resource": {"aws_iam_role": {"build": {"name": "build"}}}}.
// Values are what can be known without running Terraform: literals,
// tuples, objects, jsonencode(x) as x itself, and references to locals and
// variable defaults of the same file. Anything else is kept as the symbolic
// string "${<source text>}", never guessed.
//
// A file with neither attributes nor blocks (empty, or only comments) yields
// no document.
func parseHCL(src []byte, lines *Lines, lim Limits) (any, *Node, *Error) {
	if err := hclPrescan(src, lines, lim); err != nil {
		return nil, nil, err
	}
	f, diags := hclsyntax.ParseConfig(src, "", hcl.InitialPos)
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := "invalid HCL: " + d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		rng := lines.LineRange(1)
		if d.Subject != nil {
			rng = lines.Span(d.Subject.Start.Byte, d.Subject.End.Byte)
		}
		return nil, nil, &Error{Range: rng, Msg: msg}
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok || len(body.Attributes) == 0 && len(body.Blocks) == 0 {
		return nil, nil, nil
	}
	c := &hclConv{
		src:   src,
		lines: lines,
		lim:   lim,
		defs:  make(map[string]*hclDef),
		sites: make(map[hclsyntax.Expression]*hclDef),
		roles: make(map[*Node]blockRole),
	}
	c.collectDefs(body)
	obj := make(map[string]any)
	root := &Node{Value: c.rng(body.SrcRange)}
	if err := c.bodyInto(obj, root, body, 0, true); err != nil {
		return nil, nil, err
	}
	return obj, root, nil
}

// hclParserDepth bounds nesting whatever Limits.MaxDepth says: hclsyntax's
// parser is recursive, and a deep enough file would overflow the goroutine
// stack, which no recover() can catch.
const hclParserDepth = 10_000

// hclPrescan rejects, before hclsyntax sees them, files nested deeper than the
// limit. It reads hclsyntax's own token stream (so brackets inside strings and
// comments do not count) and counts everything the parser recurses on:
// brackets, braces, parentheses, interpolations, template directives,
// conditional chains (a ? b : c ? d : ...) and runs of unary operators.
func hclPrescan(src []byte, lines *Lines, lim Limits) *Error {
	maxDepth := min(lim.MaxDepth, hclParserDepth)
	toks, _ := hclsyntax.LexConfig(src, "", hcl.InitialPos)
	type frame struct {
		questions int  // '?' seen in the current expression at this level
		lineSep   bool // newlines end an expression here (bodies and objects, not () or [])
	}
	stack := []frame{{lineSep: true}}
	questions, unary, directives := 0, 0, 0
	afterControl := false
	for _, tok := range toks {
		switch tok.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			stack = append(stack, frame{lineSep: tok.Type == hclsyntax.TokenOBrace})
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenTemplateSeqEnd:
			if len(stack) > 1 {
				questions -= stack[len(stack)-1].questions
				stack = stack[:len(stack)-1]
			}
		case hclsyntax.TokenQuestion:
			stack[len(stack)-1].questions++
			questions++
		case hclsyntax.TokenComma, hclsyntax.TokenEqual, hclsyntax.TokenNewline:
			if tok.Type != hclsyntax.TokenNewline || stack[len(stack)-1].lineSep {
				questions -= stack[len(stack)-1].questions
				stack[len(stack)-1].questions = 0
			}
		case hclsyntax.TokenIdent:
			if afterControl {
				switch string(tok.Bytes) {
				case "if", "for":
					directives++
				case "endif", "endfor":
					directives = max(directives-1, 0)
				}
			}
		}
		if tok.Type == hclsyntax.TokenBang || tok.Type == hclsyntax.TokenMinus {
			unary++
		} else if tok.Type != hclsyntax.TokenNewline && tok.Type != hclsyntax.TokenComment {
			unary = 0
		}
		afterControl = tok.Type == hclsyntax.TokenTemplateControl || afterControl && tok.Type == hclsyntax.TokenBitwiseNot
		if len(stack)-1+questions+unary+directives > maxDepth {
			err := &Error{Range: lines.Span(tok.Range.Start.Byte, tok.Range.End.Byte), Msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth)}
			if maxDepth < hclParserDepth {
				err.Limit = DepthLimit // past the parser's own bound, no limit can be raised
			}
			return err
		}
	}
	return nil
}

// hclDef is a local value or a variable's default, converted once (when
// first needed) and shared by every reference to it.
type hclDef struct {
	name  string // local.x or var.x
	expr  hclsyntax.Expression
	depth int // the depth of its value where it is defined
	state int // 0 not converted, 1 being converted (a reference now is a cycle), 2 done
	value any
	node  *Node
}

// blockRole marks the nodes made from blocks, so that later blocks of the
// same type extend them rather than clash with them.
type blockRole int

const (
	roleLabel  blockRole = iota + 1 // a level keyed by a block type or label: resource, aws_iam_role
	roleList                        // the list of a repeatable block: statement
	roleMerged                      // one object for all blocks of the type: locals, terraform
)

type hclConv struct {
	src      []byte
	lines    *Lines
	lim      Limits
	defs     map[string]*hclDef
	sites    map[hclsyntax.Expression]*hclDef
	roles    map[*Node]blockRole
	expanded int // nodes added by expanding references
}

func (c *hclConv) rng(r hcl.Range) Range {
	return Range{Start: c.lines.At(r.Start.Byte), End: c.lines.At(r.End.Byte)}
}

func (c *hclConv) text(r hcl.Range) string {
	start, end := max(r.Start.Byte, 0), min(r.End.Byte, len(c.src))
	if start >= end {
		return ""
	}
	return string(c.src[start:end])
}

func (c *hclConv) deepErr(r hcl.Range) *Error {
	return &Error{Range: c.rng(r), Msg: fmt.Sprintf("nesting deeper than %d levels", c.lim.MaxDepth), Limit: DepthLimit}
}

// collectDefs finds the locals and the variables' defaults that references
// may resolve to. The first definition wins; a second one is reported as a
// duplicate when its block is converted.
func (c *hclConv) collectDefs(body *hclsyntax.Body) {
	for _, b := range body.Blocks {
		switch {
		case b.Type == "locals" && len(b.Labels) == 0:
			for _, a := range b.Body.Attributes {
				c.addDef("local."+a.Name, a.Expr, 2)
			}
		case b.Type == "variable" && len(b.Labels) == 1:
			if a := b.Body.Attributes["default"]; a != nil {
				c.addDef("var."+b.Labels[0], a.Expr, 3)
			}
		}
	}
}

func (c *hclConv) addDef(name string, e hclsyntax.Expression, depth int) {
	if c.defs[name] != nil {
		return
	}
	d := &hclDef{name: name, expr: e, depth: depth}
	c.defs[name] = d
	c.sites[e] = d
}

// --- bodies and blocks ------------------------------------------------------

// bodyInto adds a body's attributes and blocks, in source order, to obj and
// node. top selects the top-level placement of blocks.
func (c *hclConv) bodyInto(obj map[string]any, node *Node, body *hclsyntax.Body, depth int, top bool) *Error {
	type item struct {
		off   int
		attr  *hclsyntax.Attribute
		block *hclsyntax.Block
	}
	items := make([]item, 0, len(body.Attributes)+len(body.Blocks))
	for _, a := range body.Attributes {
		items = append(items, item{off: a.NameRange.Start.Byte, attr: a})
	}
	for _, b := range body.Blocks {
		items = append(items, item{off: b.TypeRange.Start.Byte, block: b})
	}
	slices.SortStableFunc(items, func(a, b item) int { return a.off - b.off })
	for _, it := range items {
		if it.block != nil {
			if err := c.block(obj, node, it.block, depth, top); err != nil {
				return err
			}
			continue
		}
		a := it.attr
		keyRange := c.rng(a.NameRange)
		if prev := node.Field(a.Name); prev != nil {
			return &Error{Range: keyRange, Msg: fmt.Sprintf("duplicate key %q (first defined at line %d)", a.Name, prev.Key.Start.Line)}
		}
		v, child, err := c.attrValue(a.Expr, depth+1)
		if err != nil {
			return err
		}
		obj[a.Name] = v
		node.setField(a.Name, withKey(child, keyRange))
	}
	return nil
}

// attrValue converts an attribute's expression; a local or a variable default
// is converted once and shared with the references to it.
func (c *hclConv) attrValue(e hclsyntax.Expression, depth int) (any, *Node, *Error) {
	d := c.sites[e]
	if d == nil {
		return c.expr(e, depth)
	}
	if err := c.resolve(d); err != nil {
		return nil, nil, err
	}
	if d.state != 2 {
		return c.symbolic(e)
	}
	return d.value, d.node, nil
}

// block places a block under its type and labels. Top-level locals and
// terraform blocks merge into one object; other labelled top-level blocks
// (resource, data, variable, output, module) are one object per label path;
// provider blocks and every nested block form a list under their labels, so
// repeatable blocks (statement, ingress, dynamic) always read as a list.
func (c *hclConv) block(obj map[string]any, node *Node, b *hclsyntax.Block, depth int, top bool) *Error {
	keys := append([]string{b.Type}, b.Labels...)
	keyRanges := append([]hcl.Range{b.TypeRange}, b.LabelRanges...)
	if len(keyRanges) != len(keys) {
		keyRanges = slices.Repeat([]hcl.Range{b.TypeRange}, len(keys))
	}
	whole := c.rng(b.Range())
	role := roleList
	switch {
	case top && len(b.Labels) == 0 && (b.Type == "locals" || b.Type == "terraform"):
		role = roleMerged
	case top && len(b.Labels) > 0 && b.Type != "provider":
		role = 0 // one object per label path
	}
	last := len(keys) - 1
	for i := 0; i < last; i++ {
		depth++
		if depth >= c.lim.MaxDepth {
			return c.deepErr(keyRanges[i])
		}
		k := keys[i]
		next := node.Field(k)
		switch {
		case next == nil:
			next = &Node{Key: c.rng(keyRanges[i]), Value: whole}
			c.roles[next] = roleLabel
			obj[k] = make(map[string]any)
			node.setField(k, next)
		case c.roles[next] != roleLabel:
			return c.duplicate(b, keyRanges[i], next, i)
		default:
			next.Value.End = maxPos(next.Value.End, whole.End)
		}
		obj, node = obj[k].(map[string]any), next
	}
	k, keyRange := keys[last], c.rng(keyRanges[last])
	existing := node.Field(k)
	depth++
	if depth >= c.lim.MaxDepth {
		return c.deepErr(keyRanges[last])
	}
	switch role {
	case roleMerged:
		switch {
		case existing == nil:
			existing = &Node{Key: keyRange, Value: whole}
			c.roles[existing] = roleMerged
			obj[k] = make(map[string]any)
			node.setField(k, existing)
		case c.roles[existing] != roleMerged:
			return c.duplicate(b, keyRanges[last], existing, last)
		default:
			existing.Value.End = maxPos(existing.Value.End, whole.End)
		}
		return c.bodyInto(obj[k].(map[string]any), existing, b.Body, depth, false)
	case roleList:
		switch {
		case existing == nil:
			existing = &Node{Key: keyRange, Value: whole}
			c.roles[existing] = roleList
			obj[k] = []any{}
			node.setField(k, existing)
		case c.roles[existing] != roleList:
			return c.duplicate(b, keyRanges[last], existing, last)
		default:
			existing.Value.End = maxPos(existing.Value.End, whole.End)
		}
		if depth+1 >= c.lim.MaxDepth {
			return c.deepErr(b.OpenBraceRange)
		}
		// Each item's key is its own block's type (or last label) token, so a
		// finding about one statement block can underline that block's name.
		itemObj := make(map[string]any)
		item := &Node{Key: keyRange, Value: whole}
		if err := c.bodyInto(itemObj, item, b.Body, depth+1, false); err != nil {
			return err
		}
		obj[k] = append(obj[k].([]any), itemObj)
		existing.addItem(item)
		return nil
	}
	if existing != nil {
		return c.duplicate(b, keyRanges[last], existing, last)
	}
	leafObj := make(map[string]any)
	leaf := &Node{Key: keyRange, Value: whole}
	obj[k] = leafObj
	node.setField(k, leaf)
	return c.bodyInto(leafObj, leaf, b.Body, depth, false)
}

func (c *hclConv) duplicate(b *hclsyntax.Block, at hcl.Range, prev *Node, upto int) *Error {
	var name strings.Builder
	name.WriteString(b.Type)
	for _, l := range b.Labels[:min(upto, len(b.Labels))] {
		fmt.Fprintf(&name, " %q", l)
	}
	return &Error{Range: c.rng(at), Msg: fmt.Sprintf("duplicate %s (first defined at line %d)", name.String(), prev.Key.Start.Line)}
}

// --- expressions ------------------------------------------------------------

// expr converts an expression whose value sits at depth in the document.
func (c *hclConv) expr(e hclsyntax.Expression, depth int) (any, *Node, *Error) {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return c.literal(e.Val, e.SrcRange), &Node{Value: c.rng(e.SrcRange)}, nil
	case *hclsyntax.TemplateExpr:
		return c.template(e, depth)
	case *hclsyntax.TemplateWrapExpr:
		// "${x}" is x itself, unconverted.
		return c.wrapped(e.Wrapped, e.SrcRange, depth)
	case *hclsyntax.ParenthesesExpr:
		return c.wrapped(e.Expression, e.SrcRange, depth)
	case *hclsyntax.TupleConsExpr:
		if depth >= c.lim.MaxDepth {
			return nil, nil, c.deepErr(e.OpenRange)
		}
		arr := make([]any, 0, len(e.Exprs))
		node := &Node{Value: c.rng(e.SrcRange)}
		for _, x := range e.Exprs {
			v, child, err := c.expr(x, depth+1)
			if err != nil {
				return nil, nil, err
			}
			arr = append(arr, v)
			node.addItem(child)
		}
		return arr, node, nil
	case *hclsyntax.ObjectConsExpr:
		return c.object(e, depth)
	case *hclsyntax.FunctionCallExpr:
		if e.Name == "jsonencode" && len(e.Args) == 1 && !e.ExpandFinal {
			// The policy a jsonencode builds is the object itself, and its
			// source map points into the HCL expression.
			return c.expr(e.Args[0], depth)
		}
	case *hclsyntax.ScopeTraversalExpr:
		return c.reference(e, depth)
	case *hclsyntax.UnaryOpExpr:
		if lit, ok := e.Val.(*hclsyntax.LiteralValueExpr); ok && e.Op == hclsyntax.OpNegate && lit.Val.Type() == cty.Number && lit.Val.IsKnown() && !lit.Val.IsNull() {
			if n, isNum := c.literal(lit.Val, lit.SrcRange).(json.Number); isNum {
				if n != "0" {
					n = "-" + n
				}
				return n, &Node{Value: c.rng(e.SrcRange)}, nil
			}
		}
	}
	return c.symbolic(e)
}

// symbolic stands for a value that is not known statically: the expression's
// source text in Terraform's interpolation syntax.
func (c *hclConv) symbolic(e hclsyntax.Expression) (any, *Node, *Error) {
	r := e.Range()
	return "${" + c.text(r) + "}", &Node{Value: c.rng(r)}, nil
}

// wrapped converts the expression inside "${...}" or (...): the value is the
// inner one, the range the whole.
func (c *hclConv) wrapped(inner hclsyntax.Expression, whole hcl.Range, depth int) (any, *Node, *Error) {
	v, n, err := c.expr(inner, depth)
	if err != nil {
		return nil, nil, err
	}
	return v, &Node{Value: c.rng(whole), fields: n.fields, items: n.items}, nil
}

var jsonNumberRe = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// literal converts a literal value. Numbers keep the text written when it is
// a valid JSON number, so Rego sees exactly what the file says.
func (c *hclConv) literal(v cty.Value, r hcl.Range) any {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	switch v.Type() {
	case cty.String:
		return v.AsString()
	case cty.Bool:
		return v.True()
	case cty.Number:
		t := c.text(r)
		if jsonNumberRe.MatchString(t) {
			return json.Number(t)
		}
		if n, ok := formatNumber(v.AsBigFloat()); ok {
			return n
		}
		return t // not representable in JSON: the text as written
	}
	return nil
}

// formatNumber renders a number as a JSON number, exactly for integers of
// reasonable size.
func formatNumber(f *big.Float) (json.Number, bool) {
	if f.IsInf() {
		return "", false
	}
	if f.IsInt() && f.MantExp(nil) <= 256 {
		i, _ := f.Int(nil)
		return json.Number(i.String()), true
	}
	s := f.Text('g', -1)
	return json.Number(s), jsonNumberRe.MatchString(s)
}

func (c *hclConv) object(e *hclsyntax.ObjectConsExpr, depth int) (any, *Node, *Error) {
	if depth >= c.lim.MaxDepth {
		return nil, nil, c.deepErr(e.OpenRange)
	}
	obj := make(map[string]any, len(e.Items))
	node := &Node{Value: c.rng(e.SrcRange)}
	for _, it := range e.Items {
		k, err := c.objectKey(it.KeyExpr, depth+1)
		if err != nil {
			return nil, nil, err
		}
		keyRange := c.rng(it.KeyExpr.Range())
		if prev := node.Field(k); prev != nil {
			return nil, nil, &Error{Range: keyRange, Msg: fmt.Sprintf("duplicate key %q (first defined at line %d)", k, prev.Key.Start.Line)}
		}
		v, child, err := c.expr(it.ValueExpr, depth+1)
		if err != nil {
			return nil, nil, err
		}
		obj[k] = v
		node.setField(k, withKey(child, keyRange))
	}
	return obj, node, nil
}

// objectKey is a key's string: a bare identifier or a literal as written,
// otherwise the value of the key expression when it is a known scalar, or
// the symbolic "${...}".
func (c *hclConv) objectKey(e hclsyntax.Expression, depth int) (string, *Error) {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if !k.ForceNonLiteral {
			if name := hcl.ExprAsKeyword(k.Wrapped); name != "" {
				return name, nil
			}
		}
		e = k.Wrapped
	}
	v, _, err := c.expr(e, depth)
	if err != nil {
		return "", err
	}
	switch v := v.(type) {
	case string:
		return v, nil
	case json.Number:
		return string(v), nil
	case bool:
		return fmt.Sprint(v), nil
	}
	return "${" + c.text(e.Range()) + "}", nil
}

// template joins a string template: literal text as written, interpolations
// by their value when it is a known scalar, otherwise as "${<source>}", and
// directives (%{if}, %{for}) as their source text. A heredoc holding an IAM
// policy with "${var.bucket}" in it stays a JSON text with that placeholder.
func (c *hclConv) template(e *hclsyntax.TemplateExpr, depth int) (any, *Node, *Error) {
	var b strings.Builder
	for _, p := range e.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && !lit.Val.IsNull() {
			b.WriteString(lit.Val.AsString())
			continue
		}
		src := c.text(p.Range())
		if strings.HasPrefix(src, "%{") {
			b.WriteString(src)
			continue
		}
		v, _, err := c.expr(p, depth)
		if err != nil {
			return nil, nil, err
		}
		switch v := v.(type) {
		case string:
			b.WriteString(v)
		case json.Number:
			b.WriteString(string(v))
		case bool:
			fmt.Fprint(&b, v)
		default:
			b.WriteString("${" + src + "}")
		}
	}
	return b.String(), &Node{Value: c.rng(e.SrcRange)}, nil
}

// --- references ---------------------------------------------------------------

// reference resolves local.x and var.x (and attribute or index steps into
// them) to the value defined in this file. The node's range is the reference;
// its children are where the value is written, so a finding inside a policy
// held in a local points into the locals block.
func (c *hclConv) reference(e *hclsyntax.ScopeTraversalExpr, depth int) (any, *Node, *Error) {
	t := e.Traversal
	if len(t) < 2 {
		return c.symbolic(e)
	}
	attr, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		return c.symbolic(e)
	}
	d := c.defs[t.RootName()+"."+attr.Name]
	if d == nil {
		return c.symbolic(e)
	}
	if err := c.resolve(d); err != nil {
		return nil, nil, err
	}
	if d.state != 2 {
		return c.symbolic(e) // a reference cycle
	}
	v, n := d.value, d.node
	for _, step := range t[2:] {
		v, n, ok = traverse(v, n, step)
		if !ok {
			return c.symbolic(e)
		}
	}
	budget := c.lim.MaxAliasNodes - c.expanded
	size, height := measure(v, budget+1, 0)
	c.expanded += size
	if c.expanded > c.lim.MaxAliasNodes {
		return nil, nil, &Error{Range: c.rng(e.SrcRange), Msg: fmt.Sprintf("references to locals and variables expand to more than %d nodes; refusing to expand further", c.lim.MaxAliasNodes), Limit: AliasLimit}
	}
	if depth+height > c.lim.MaxDepth {
		return nil, nil, c.deepErr(e.SrcRange)
	}
	return v, &Node{Value: c.rng(e.SrcRange), fields: n.fields, items: n.items}, nil
}

func (c *hclConv) resolve(d *hclDef) *Error {
	if d.state != 0 {
		return nil
	}
	d.state = 1
	v, n, err := c.expr(d.expr, d.depth)
	if err != nil {
		return err
	}
	d.value, d.node, d.state = v, n, 2
	return nil
}

// traverse takes one attribute or index step into a converted value.
func traverse(v any, n *Node, step hcl.Traverser) (any, *Node, bool) {
	var key cty.Value
	switch s := step.(type) {
	case hcl.TraverseAttr:
		key = cty.StringVal(s.Name)
	case hcl.TraverseIndex:
		key = s.Key
	default:
		return nil, nil, false
	}
	if key.IsNull() || !key.IsKnown() {
		return nil, nil, false
	}
	switch val := v.(type) {
	case map[string]any:
		if key.Type() != cty.String {
			return nil, nil, false
		}
		k := key.AsString()
		child, ok := val[k]
		if !ok || n.Field(k) == nil {
			return nil, nil, false
		}
		return child, n.Field(k), true
	case []any:
		if key.Type() != cty.Number {
			return nil, nil, false
		}
		i, acc := key.AsBigFloat().Int64()
		if acc != big.Exact || i < 0 || i >= int64(len(val)) || n.Item(int(i)) == nil {
			return nil, nil, false
		}
		return val[i], n.Item(int(i)), true
	}
	return nil, nil, false
}

// measure counts the nodes of a value (stopping past limit) and the levels of
// containers in it.
func measure(v any, limit, depth int) (size, height int) {
	size = 1
	var kids []any
	switch v := v.(type) {
	case map[string]any:
		for _, c := range v {
			kids = append(kids, c)
		}
	case []any:
		kids = v
	case string:
		return stringCost(v), 0
	default:
		return 1, 0
	}
	for _, c := range kids {
		if size > limit {
			break
		}
		s, h := measure(c, limit-size, depth+1)
		size += s
		height = max(height, h)
	}
	return size, height + 1
}

// --- literal strings ------------------------------------------------------------

// StringLiteralStart tells whether the string value s, whose source-map node
// is n in a file whose bytes are src, is written verbatim, and if so the
// byte offset in src where its text begins. Verbatim means that byte i of s
// is byte start+i of src for every i, so a position inside s (the offset of a
// token in a JSON policy held in the string) maps into the file by adding
// start. It works for every format:
//
//   - a quoted string ("...", '...') without escapes: start is after the quote;
//   - a heredoc (<<EOT, <<-EOT) whose lines were not re-indented and that holds
//     no interpolation: start is the first byte of the line after the marker;
//   - a bare token (a YAML plain scalar on one line): start is the token's.
//
// It is false whenever the text was transformed on the way in: escapes
// (\n, \", \u00e9, $${, ”), a resolved interpolation, a flush heredoc's
// removed indentation, a YAML block scalar or a folded plain scalar. It
// compares bytes, so it never claims a mapping that does not hold; an
// unresolved "${var.x}" is kept as its own text and is therefore verbatim.
func StringLiteralStart(src []byte, n *Node, s string) (start int, ok bool) {
	if n == nil {
		return 0, false
	}
	lo, hi := n.Value.Start.Offset, n.Value.End.Offset
	if lo < 0 || hi > len(src) || lo >= hi {
		return 0, false
	}
	text := src[lo:hi]
	switch {
	case text[0] == '"' || text[0] == '\'':
		if len(text) == len(s)+2 && text[len(text)-1] == text[0] && string(text[1:len(text)-1]) == s {
			return lo + 1, true
		}
	case bytes.HasPrefix(text, []byte("<<")):
		nl := bytes.IndexByte(text, '\n')
		if nl < 0 {
			return 0, false
		}
		body := text[nl+1:]
		if len(body) >= len(s) && string(body[:len(s)]) == s && isHeredocEnd(body[len(s):]) {
			return lo + nl + 1, true
		}
	default:
		if string(text) == s {
			return lo, true
		}
	}
	return 0, false
}

// isHeredocEnd reports whether b is only a heredoc's closing marker, possibly
// indented.
func isHeredocEnd(b []byte) bool {
	b = bytes.TrimLeft(b, " \t")
	if len(b) == 0 {
		return false
	}
	for _, r := range string(b) {
		if r != '_' && r != '-' && !(r >= 'a' && r <= 'z') && !(r >= 'A' && r <= 'Z') && !(r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// StringLiteralStart is the package function for the string at p in the
// document: ok is false if p is not a string of the document.
func (d *Document) StringLiteralStart(p Path) (start int, ok bool) {
	if d == nil || d.Root == nil || d.Lines == nil {
		return 0, false
	}
	n, exact := d.Root.Lookup(p)
	if !exact {
		return 0, false
	}
	v := d.Value
	for _, e := range p {
		switch k := e.(type) {
		case string:
			m, isMap := v.(map[string]any)
			if !isMap {
				return 0, false
			}
			v = m[k]
		case int:
			a, isArr := v.([]any)
			if !isArr || k < 0 || k >= len(a) {
				return 0, false
			}
			v = a[k]
		default:
			return 0, false
		}
	}
	s, isStr := v.(string)
	if !isStr {
		return 0, false
	}
	return StringLiteralStart(d.Lines.Source(), n, s)
}
