package builtins

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
	"github.com/open-policy-agent/opa/v1/types"
)

// WalkStringsMatching is rampart.walk_strings_matching(x, n, filter): the
// pairs of rampart.walk_strings(x, n) that filter selects. filter is an
// object with any of
//
//	value_contains  strings: the value contains one of them, ignoring case
//	                (Unicode simple folding, as (?i) in a pattern)
//	value_pattern   a regular expression the value matches
//	key_pattern     a regular expression the value's key (the last element
//	                of its path, when a string) matches
//
// and a pair is selected when any of the tests it has holds.
//
// The secrets rules look at every long string of a document, but can only
// report one with a credential's prefix or under a secret's name: on a
// CloudFormation template, a few strings out of hundreds. The filter holds
// those necessary conditions, written in the rules and libraries next to
// what they guard; the walk applies them in Go, and only the strings that
// pass reach Rego. Literal text is the fast test: Go's regular expressions
// take microseconds per string for an alternation such as the credential
// prefixes. A key pattern is cheap, its answer remembered per key: a
// document has few distinct keys.
var WalkStringsMatching = &ast.Builtin{
	Name:        "rampart.walk_strings_matching",
	Description: "Returns the [path, value] pairs of rampart.walk_strings(x, n) that filter selects: the value contains one of filter.value_contains (ignoring case) or matches filter.value_pattern, or its key (the path's last element, when a string) matches filter.key_pattern.",
	Decl: types.NewFunction(
		types.Args(
			types.Named("x", types.A).Description("the value to search"),
			types.Named("n", types.N).Description("the least number of characters a string must have"),
			types.Named("filter", types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))).Description(`{"value_contains": [...], "value_pattern": "...", "key_pattern": "..."}, each optional`),
		),
		types.Named("found", types.NewArray(nil, types.NewArray([]types.Type{types.NewArray(nil, types.A), types.S}, nil))).Description("[path, value] pairs"),
	),
}

func init() { register(WalkStringsMatching, walkStringsMatching, false) }

type stringFilter struct {
	contains []string
	// contains split for ASCII text: ASCII entries in lower case, matched
	// by a plain search in the lowered text, and the others (which may
	// still fold to ASCII: "ſ" is an "s").
	asciiContains [][]byte
	otherContains []string
	value         *regexp.Regexp
	key           *keyPattern
}

func walkStringsMatching(_ rego.BuiltinContext, operands []*ast.Term) (*ast.Term, error) {
	n, err := builtins.IntOperand(operands[1].Value, 2)
	if err != nil {
		return nil, err
	}
	f, err := filterOperand(operands[2].Value)
	if err != nil {
		return nil, err
	}
	var lower []byte // reused: most strings are ASCII, lowered here once for all of f.contains
	keep := func(path []*ast.Term, s ast.String) bool {
		if isASCII(string(s)) {
			lower = append(lower[:0], s...)
			for i, c := range lower {
				lower[i] = lowerASCII(c)
			}
			for _, c := range f.asciiContains {
				if bytes.Contains(lower, c) {
					return true
				}
			}
			for _, c := range f.otherContains {
				if containsFold(string(s), c) {
					return true
				}
			}
		} else {
			for _, c := range f.contains {
				if containsFold(string(s), c) {
					return true
				}
			}
		}
		if f.value != nil && f.value.MatchString(string(s)) {
			return true
		}
		if f.key == nil || len(path) == 0 {
			return false
		}
		k, ok := path[len(path)-1].Value.(ast.String)
		return ok && f.key.match(string(k))
	}
	return ast.ArrayTerm(stringsIn(operands[0].Value, n, keep)...), nil
}

// filterOperand reads a filter. Rules pass the same few constant filters
// for every document: each is read once, and kept.
func filterOperand(v ast.Value) (*stringFilter, error) {
	h := v.Hash()
	filterMu.Lock()
	for _, c := range filters[h] {
		if c.v.Compare(v) == 0 {
			filterMu.Unlock()
			return c.f, nil
		}
	}
	filterMu.Unlock()
	f, err := readFilter(v)
	if err != nil {
		return nil, err
	}
	filterMu.Lock()
	defer filterMu.Unlock()
	if len(filters) >= patternCacheMax {
		clear(filters)
	}
	filters[h] = append(filters[h], cachedFilter{v, f})
	return f, nil
}

type cachedFilter struct {
	v ast.Value
	f *stringFilter
}

var (
	filterMu sync.Mutex
	filters  = map[int][]cachedFilter{}
)

func readFilter(v ast.Value) (*stringFilter, error) {
	f := &stringFilter{}
	obj, ok := v.(ast.Object)
	if !ok {
		return nil, builtins.NewOperandTypeErr(3, v, "object")
	}
	var err error
	obj.Foreach(func(k, v *ast.Term) {
		if err != nil {
			return
		}
		name, _ := k.Value.(ast.String)
		switch name {
		case "value_contains":
			var items []*ast.Term
			if items, err = collection(v.Value, 3); err != nil {
				return
			}
			for _, t := range items {
				s, ok := t.Value.(ast.String)
				if !ok {
					err = fmt.Errorf("rampart.walk_strings_matching: value_contains holds %v, not a string", t)
					return
				}
				f.contains = append(f.contains, string(s))
				if isASCII(string(s)) {
					f.asciiContains = append(f.asciiContains, bytes.ToLower([]byte(s)))
				} else {
					f.otherContains = append(f.otherContains, string(s))
				}
			}
		case "value_pattern":
			f.value, err = patternOf(v.Value)
		case "key_pattern":
			var re *regexp.Regexp
			if re, err = patternOf(v.Value); err == nil {
				f.key = keyPatternOf(re)
			}
		default:
			err = fmt.Errorf("rampart.walk_strings_matching: unknown filter %v (value_contains, value_pattern, key_pattern)", k)
		}
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// containsFold reports whether s contains sub, ignoring case as (?i) does
// in a regular expression (Unicode simple folding: "ſ" is an "s").
func containsFold(s, sub string) bool {
	if isASCII(s) && isASCII(sub) {
		n := len(sub)
		for i := 0; i+n <= len(s); i++ {
			j := 0
			for j < n && lowerASCII(s[i+j]) == lowerASCII(sub[j]) {
				j++
			}
			if j == n {
				return true
			}
		}
		return false
	}
	rs, rsub := []rune(s), []rune(sub)
	for i := 0; i+len(rsub) <= len(rs); i++ {
		j := 0
		for j < len(rsub) && foldEqual(rs[i+j], rsub[j]) {
			j++
		}
		if j == len(rsub) {
			return true
		}
	}
	return false
}

func foldEqual(a, b rune) bool {
	if a == b {
		return true
	}
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Patterns come from policies, a handful of constants each: compiled once,
// and for keys, each key's answer kept, as a document's keys are few and the
// same keys recur from one document to the next.
var (
	patternMu   sync.Mutex
	patterns    = map[string]*regexp.Regexp{}
	keyPatterns = map[*regexp.Regexp]*keyPattern{}
)

const (
	patternCacheMax = 100
	keyCacheMax     = 10000
)

type keyPattern struct {
	re      *regexp.Regexp
	mu      sync.Mutex
	matches map[string]bool
}

func patternOf(v ast.Value) (*regexp.Regexp, error) {
	s, ok := v.(ast.String)
	if !ok {
		return nil, builtins.NewOperandTypeErr(3, v, "string")
	}
	patternMu.Lock()
	defer patternMu.Unlock()
	if re, ok := patterns[string(s)]; ok {
		return re, nil
	}
	re, err := regexp.Compile(string(s))
	if err != nil {
		return nil, fmt.Errorf("rampart.walk_strings_matching: %w", err)
	}
	if len(patterns) >= patternCacheMax {
		clear(patterns)
		clear(keyPatterns)
	}
	patterns[string(s)] = re
	return re, nil
}

func keyPatternOf(re *regexp.Regexp) *keyPattern {
	patternMu.Lock()
	defer patternMu.Unlock()
	kp := keyPatterns[re]
	if kp == nil {
		kp = &keyPattern{re: re, matches: map[string]bool{}}
		keyPatterns[re] = kp
	}
	return kp
}

func (kp *keyPattern) match(key string) bool {
	kp.mu.Lock()
	m, ok := kp.matches[key]
	kp.mu.Unlock()
	if ok {
		return m
	}
	m = kp.re.MatchString(key)
	kp.mu.Lock()
	if len(kp.matches) >= keyCacheMax {
		clear(kp.matches)
	}
	// Keep a copy: the key may be a slice of a larger string.
	kp.matches[strings.Clone(key)] = m
	kp.mu.Unlock()
	return m
}
