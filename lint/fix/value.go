package fix

import (
	"github.com/rampart-lint/rampart/lint/source"
)

// set is one intended change: the value at path becomes value. A mapping
// (obj) merges into a mapping already there, key by key; anything else
// replaces what is there. Missing mappings on the way are created.
type set struct {
	path  source.Path
	value any // bool, string, obj or block
	// before names a sibling key the new key should precede when it is
	// inserted into a block mapping (permissions: goes above jobs:).
	before string
}

// kv is one entry of an obj.
type kv struct {
	k string
	v any
}

// obj is a mapping whose keys keep the order they will be written in.
type obj []kv

// block is a Terraform nested block (image_scanning_configuration { ... }):
// written as a block, read back as a one-item list of its body.
type block obj

func (o obj) toMap() map[string]any {
	m := make(map[string]any, len(o))
	for _, e := range o {
		m[e.k] = plain(e.v)
	}
	return m
}

// plain is v as the parser would return it.
func plain(v any) any {
	switch x := v.(type) {
	case obj:
		return x.toMap()
	case block:
		return []any{obj(x).toMap()}
	}
	return v
}

func valueAt(v any, p source.Path) (any, bool) {
	for _, e := range p {
		switch k := e.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = m[k]; !ok {
				return nil, false
			}
		case int:
			a, ok := v.([]any)
			if !ok || k < 0 || k >= len(a) {
				return nil, false
			}
			v = a[k]
		default:
			return nil, false
		}
	}
	return v, true
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = deepCopy(e)
		}
		return a
	}
	return v
}

// applySet performs s on a plain value the way the editors perform it on
// text, for verify to compare against.
func applySet(root any, p source.Path, nv any) (any, bool) {
	if len(p) == 0 {
		if o, ok := nv.(obj); ok {
			if m, isMap := root.(map[string]any); isMap {
				for _, e := range o {
					nc, ok := applySet(m[e.k], nil, e.v)
					if !ok {
						return nil, false
					}
					m[e.k] = nc
				}
				return m, true
			}
		}
		return plain(nv), true
	}
	switch k := p[0].(type) {
	case string:
		m, ok := root.(map[string]any)
		if root == nil {
			m, ok = map[string]any{}, true
		}
		if !ok {
			return nil, false
		}
		nc, ok := applySet(m[k], p[1:], nv)
		if !ok {
			return nil, false
		}
		m[k] = nc
		return m, true
	case int:
		a, ok := root.([]any)
		if !ok || k < 0 || k >= len(a) {
			return nil, false
		}
		nc, ok := applySet(a[k], p[1:], nv)
		if !ok {
			return nil, false
		}
		a[k] = nc
		return a, true
	}
	return nil, false
}
