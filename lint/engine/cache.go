package engine

import (
	"container/list"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// resultCache remembers the violations of documents already evaluated, by
// kind and content. The rules are pure functions of the document (built-in
// policies call no clock, random or network built-in; a test checks it), so
// an equal document gets equal violations. Two uses pay off: the language
// server lints the same file after every keystroke, and only the edited part
// changes (a template's other embedded policies come back equal); and
// repositories repeat boilerplate (a role trust policy, a policy attached to
// many roles) across templates and files.
//
// Only small documents are kept, and a bounded number of nodes in all:
// an entry holds its input, and a large template changed by every edit
// would never be asked for again.
type resultCache struct {
	mu       sync.Mutex
	byHash   map[int][]*list.Element
	lru      list.List // of *cacheEntry, most recently used first
	nodes    int
	maxNodes int
}

type cacheEntry struct {
	kind  string
	hash  int
	input ast.Value
	nodes int
	out   []Violation
}

const (
	// cacheDocNodes is the largest document kept, in nodes (values of any
	// kind): an embedded policy of a few dozen statements.
	cacheDocNodes = 2000
	// cacheNodes bounds all entries together, a few megabytes.
	cacheNodes = 100_000
)

func newResultCache(maxNodes int) *resultCache {
	return &resultCache{byHash: map[int][]*list.Element{}, maxNodes: maxNodes}
}

// get returns the violations of an equal document of the same kind, and
// whether there was one.
func (c *resultCache) get(kind string, input ast.Value, hash int) ([]Violation, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, el := range c.byHash[hash] {
		e := el.Value.(*cacheEntry)
		if e.kind == kind && e.input.Compare(input) == 0 {
			c.lru.MoveToFront(el)
			// The caller may append to what it gets; the entry stays as it is.
			return append([]Violation(nil), e.out...), true
		}
	}
	return nil, false
}

// put remembers a document's violations if the document is small enough.
func (c *resultCache) put(kind string, input ast.Value, hash int, out []Violation) {
	if c.maxNodes == 0 {
		return
	}
	n := countNodes(input, cacheDocNodes+1)
	if n > cacheDocNodes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, el := range c.byHash[hash] {
		if e := el.Value.(*cacheEntry); e.kind == kind && e.input.Compare(input) == 0 {
			return // another goroutine got there first
		}
	}
	e := &cacheEntry{kind: kind, hash: hash, input: input, nodes: n, out: append([]Violation(nil), out...)}
	c.byHash[hash] = append(c.byHash[hash], c.lru.PushFront(e))
	c.nodes += n
	for c.nodes > c.maxNodes {
		c.evict(c.lru.Back())
	}
}

func (c *resultCache) evict(el *list.Element) {
	e := c.lru.Remove(el).(*cacheEntry)
	c.nodes -= e.nodes
	bucket := c.byHash[e.hash]
	for i, x := range bucket {
		if x == el {
			bucket = append(bucket[:i], bucket[i+1:]...)
			break
		}
	}
	if len(bucket) == 0 {
		delete(c.byHash, e.hash)
	} else {
		c.byHash[e.hash] = bucket
	}
}

// countNodes counts the values in v, stopping once it has seen limit.
func countNodes(v ast.Value, limit int) int {
	n := 0
	var walk func(ast.Value)
	walk = func(v ast.Value) {
		if n >= limit {
			return
		}
		n++
		switch x := v.(type) {
		case ast.Object:
			x.Foreach(func(k, e *ast.Term) {
				n++
				walk(e.Value)
			})
		case *ast.Array:
			x.Foreach(func(e *ast.Term) { walk(e.Value) })
		case ast.Set:
			x.Foreach(func(e *ast.Term) { walk(e.Value) })
		}
	}
	walk(v)
	return n
}
