package baseline

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/rampart-lint/rampart/lint/source"
)

// MaxFileSize is the largest baseline file read. A baseline entry takes
// about a hundred bytes, so this is room for a million findings.
const MaxFileSize = 128 << 20

// Read loads a baseline file. Errors in its content are *source.Error,
// which names the line and column.
func Read(file string) (*Baseline, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxFileSize {
		return nil, fmt.Errorf("%s: larger than %d MiB, too large for a baseline", file, MaxFileSize>>20)
	}
	return Parse(file, src)
}

// Parse reads the content of the baseline file at file. The parser is the
// one rampart reads configuration with, so an error carries the position of
// the offending token: a syntax error, a wrong type, a missing field.
func Parse(file string, src []byte) (*Baseline, error) {
	b, err := New(file)
	if err != nil {
		return nil, err
	}
	docs, err := source.Parse(file, src, source.JSON, source.Limits{})
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, &source.Error{File: file, Range: source.NewLines(src).LineRange(1), Msg: "empty file: not a rampart baseline"}
	}
	d := docs[0]
	at := func(p source.Path, msg string, args ...any) error {
		return &source.Error{File: file, Range: d.Root.RangeOf(p, false, d.Lines), Msg: fmt.Sprintf(msg, args...)}
	}
	root, ok := d.Value.(map[string]any)
	if !ok {
		return nil, at(nil, "not a rampart baseline: want a JSON object with version, tool and findings")
	}
	switch v, ok := root["version"]; {
	case !ok:
		return nil, at(nil, "not a rampart baseline: no \"version\"")
	case !isNumber(v, Version):
		if n, isNum := v.(json.Number); isNum {
			return nil, at(source.Path{"version"}, "baseline version %s, but this rampart reads version %d; rewrite it with this rampart", n, Version)
		}
		return nil, at(source.Path{"version"}, "version: want the number %d", Version)
	}
	if t, _ := root["tool"].(string); t != Tool {
		if _, ok := root["tool"]; !ok {
			return nil, at(nil, "not a rampart baseline: no \"tool\"")
		}
		return nil, at(source.Path{"tool"}, "not a rampart baseline: tool is %s, want %q", describe(root["tool"]), Tool)
	}
	raw, ok := root["findings"]
	if !ok {
		return nil, at(nil, "not a rampart baseline: no \"findings\"")
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, at(source.Path{"findings"}, "findings: want an array, not %s", describe(raw))
	}
	for i, item := range list {
		p := source.Path{"findings", i}
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, at(p, "%s: want an object, not %s", p, describe(item))
		}
		var e Entry
		for _, f := range []struct {
			name     string
			dst      *string
			required bool
		}{{"rule", &e.Rule, true}, {"file", &e.File, true}, {"path", &e.Path, false}, {"message", &e.Message, false}} {
			v, ok := obj[f.name]
			if !ok {
				if f.required {
					return nil, at(p, "%s: no %q", p, f.name)
				}
				continue
			}
			s, ok := v.(string)
			if !ok || (f.required && s == "") {
				return nil, at(p.Append(f.name), "%s: want a non-empty string, not %s", p.Append(f.name), describe(v))
			}
			*f.dst = s
		}
		if e.Path != "" && e.Message != "" {
			// No finding has both, so such an entry could never match.
			return nil, at(p.Append("message"), "%s: an entry has a path or a message, not both", p)
		}
		e.Count = 1
		if v, ok := obj["count"]; ok {
			n, isNum := v.(json.Number)
			c, err := n.Int64()
			if !isNum || err != nil || c < 1 || c > math.MaxInt32 {
				return nil, at(p.Append("count"), "%s: want a positive integer, not %s", p.Append("count"), describe(v))
			}
			e.Count = int(c)
		}
		// Two entries with one key (a hand edit, a merge) add up.
		b.counts[e.key()] += e.Count
	}
	return b, nil
}

func isNumber(v any, want int) bool {
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	i, err := n.Int64()
	return err == nil && i == int64(want)
}

// describe names a JSON value in an error message, briefly: a long string
// is cut, so that a baseline with a pasted secret in it does not print it.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		if v == "" {
			return "an empty string"
		}
		if len(v) > 40 {
			return "a string"
		}
		return fmt.Sprintf("%q", v)
	case json.Number:
		return v.String()
	case bool:
		return fmt.Sprint(v)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
