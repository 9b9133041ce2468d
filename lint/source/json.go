package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// parseJSON reads JSON with the standard library's tokenizer, which is strict
// (it rejects trailing commas and comments, as AWS does) and tells the byte
// offset of every token; the offsets become the source map.
func parseJSON(src []byte, lines *Lines, lim Limits) (any, *Node, *Error) {
	base := 0
	if bytes.HasPrefix(src, utf8BOM) {
		base = len(utf8BOM)
	}
	if len(bytes.TrimSpace(src[base:])) == 0 {
		return nil, nil, nil
	}
	p := &jsonParser{src: src, base: base, lines: lines, lim: lim}
	p.dec = json.NewDecoder(bytes.NewReader(src[base:]))
	p.dec.UseNumber()
	v, n, err := p.value(0)
	if err != nil {
		return nil, nil, err
	}
	off := p.next()
	if _, terr := p.dec.Token(); terr != io.EOF {
		return nil, nil, p.errAt(off, "unexpected data after the top-level JSON value")
	}
	return v, n, nil
}

type jsonParser struct {
	src   []byte
	base  int // bytes skipped before the decoder's input (a BOM)
	dec   *json.Decoder
	lines *Lines
	lim   Limits
}

// next returns the offset in src where the next token starts: the decoder's
// offset is the end of the previous token, before separators and space.
func (p *jsonParser) next() int {
	off := p.base + int(p.dec.InputOffset())
	for off < len(p.src) {
		switch p.src[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func (p *jsonParser) end() int { return p.base + int(p.dec.InputOffset()) }

func (p *jsonParser) errAt(off int, msg string) *Error {
	end := off + 1
	if end > len(p.src) {
		end = len(p.src)
	}
	return &Error{Range: p.lines.Span(off, end), Msg: msg}
}

// tokenErr turns the decoder's error into a positioned one. From the token
// reader, a SyntaxError's Offset is that of the offending byte (or, inside a
// bad literal such as "tru", of the literal).
func (p *jsonParser) tokenErr(err error) *Error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		off := p.base + int(se.Offset)
		if strings.Contains(se.Error(), "looking for beginning of value") {
			// Where a value should start, the decoder's offset is that of
			// the last good token; the culprit is the next non-blank byte
			// (a merge-conflict marker, a stray identifier, a NUL).
			off = p.next()
		}
		return p.errAt(off, "invalid JSON: "+se.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return p.errAt(len(p.src), "invalid JSON: unexpected end of input")
	}
	return p.errAt(p.next(), "invalid JSON: "+err.Error())
}

func (p *jsonParser) value(depth int) (any, *Node, *Error) {
	start := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		perr := p.tokenErr(err)
		if strings.Contains(err.Error(), "in literal") {
			// "tru}": the decoder points into the literal; the literal
			// itself is what is wrong.
			perr.Range = p.lines.Span(start, start+1)
		}
		return nil, nil, perr
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= p.lim.MaxDepth {
			err := p.errAt(start, fmt.Sprintf("nesting deeper than %d levels", p.lim.MaxDepth))
			err.Limit = DepthLimit
			return nil, nil, err
		}
		if t == '{' {
			return p.object(start, depth)
		}
		return p.array(start, depth)
	default:
		return t, &Node{Value: p.lines.Span(start, p.end())}, nil
	}
}

func (p *jsonParser) object(start, depth int) (any, *Node, *Error) {
	obj := make(map[string]any)
	node := &Node{}
	for p.dec.More() {
		kstart := p.next()
		ktok, err := p.dec.Token()
		if err != nil {
			return nil, nil, p.tokenErr(err)
		}
		key, ok := ktok.(string)
		if !ok {
			return nil, nil, p.errAt(kstart, "invalid JSON: object key must be a string")
		}
		keyRange := p.lines.Span(kstart, p.end())
		if prev := node.Field(key); prev != nil {
			return nil, nil, &Error{Range: keyRange, Msg: fmt.Sprintf("duplicate key %q (first defined at line %d)", key, prev.Key.Start.Line)}
		}
		v, child, perr := p.value(depth + 1)
		if perr != nil {
			return nil, nil, perr
		}
		child.Key = keyRange
		obj[key] = v
		node.setField(key, child)
	}
	if _, err := p.dec.Token(); err != nil {
		return nil, nil, p.tokenErr(err)
	}
	node.Value = p.lines.Span(start, p.end())
	return obj, node, nil
}

func (p *jsonParser) array(start, depth int) (any, *Node, *Error) {
	arr := make([]any, 0)
	node := &Node{}
	for p.dec.More() {
		v, child, err := p.value(depth + 1)
		if err != nil {
			return nil, nil, err
		}
		arr = append(arr, v)
		node.addItem(child)
	}
	if _, err := p.dec.Token(); err != nil {
		return nil, nil, p.tokenErr(err)
	}
	node.Value = p.lines.Span(start, p.end())
	return arr, node, nil
}
