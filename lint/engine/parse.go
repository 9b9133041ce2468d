package engine

import (
	"runtime"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// parserCapabilities is computed once: OPA computes (and sorts) the full
// capabilities for every parse that is not given them, a few milliseconds
// of every start over the hundred or so policy files. The parser only reads
// them.
var parserCapabilities = sync.OnceValue(func() *ast.Capabilities {
	return ast.CapabilitiesForThisVersion(ast.CapabilitiesRegoVersion(ast.RegoV1))
})

func parserOptions() ast.ParserOptions {
	return ast.ParserOptions{
		ProcessAnnotation: true,
		RegoVersion:       ast.RegoV1,
		Capabilities:      parserCapabilities(),
	}
}

type scanned struct {
	h   *header
	err error
}

// scanHeaders scans the modules' headers on every CPU: decoding the rules'
// metadata is most of what New costs, and every command pays it at start.
func scanHeaders(modules []Module) []scanned {
	out := make([]scanned, len(modules))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if h, ok := indexed(modules[i]); ok {
					out[i].h = h
					continue
				}
				out[i].h, out[i].err = scanHeader(modules[i].Name, modules[i].Source)
			}
		}()
	}
	for i := range modules {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
