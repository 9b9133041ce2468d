// Package engine compiles rampart's Rego policies once and evaluates them
// against documents: one prepared query per document kind, holding every
// enabled rule for that kind, shared by all goroutines.
package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/rampart-lint/rampart/lint/engine/builtins"
	"github.com/rampart-lint/rampart/lint/rule"
	"github.com/rampart-lint/rampart/lint/source"
)

// Options configure an Engine.
type Options struct {
	// Modules are the Rego sources: BuiltinModules, plus any custom ones.
	Modules []Module
	// Settings are the config's settings; rule defaults fill the gaps. They
	// reach Rego as data.rampart.config.
	Settings map[string]any
	// Enabled reports whether a rule runs; nil runs every rule.
	Enabled func(id string) bool
	// NoCache evaluates every document, even one equal to a document
	// already evaluated: for benchmarks that measure evaluation.
	NoCache bool
}

// Engine evaluates rules. It is safe for concurrent use.
//
// Policies are parsed and their metadata checked when the engine is made,
// but compiled per document kind on first use, with only the rules for that
// kind and the libraries they reach: a pre-commit run on one workflow file
// does not pay to compile the IAM rules.
type Engine struct {
	rules   []rule.Rule
	byID    map[string]rule.Rule
	sources map[string]Module  // by file name
	libs    map[string]*header // non-rule modules by file name
	store   storage.Store
	enabled func(string) bool

	mu     sync.Mutex
	parsed map[string]*ast.Module // by file name, filled on demand
	byKind map[string]*kindQuery
	single map[string]*singleQuery // by kind and rule id
	cache  *resultCache
}

type kindQuery struct {
	once     sync.Once
	rules    []rule.Rule
	compiler *ast.Compiler
	pq       rego.PreparedEvalQuery
	err      error
	// cacheable: no rule of the kind calls a built-in whose result may
	// change between calls (time.now_ns, rand.intn...), so results can be
	// reused for an equal document.
	cacheable bool
}

type singleQuery struct {
	once sync.Once
	pq   rego.PreparedEvalQuery
	err  error
}

// Violation is what a rule reported: a message and the path of the node it
// is about, in the document given as input.
type Violation struct {
	Rule string
	Msg  string
	Path source.Path
	// Key is true when the violation is about a mapping key, not its value.
	Key bool
}

// RuleError is a rule that failed at evaluation time. Other rules' violations
// for the same document are still returned.
type RuleError struct {
	Rule string
	Err  error
}

func (e *RuleError) Error() string { return fmt.Sprintf("rule %s: %v", e.Rule, e.Err) }
func (e *RuleError) Unwrap() error { return e.Err }

// New parses, validates and compiles the modules.
func New(ctx context.Context, opts Options) (*Engine, error) {
	headers := make(map[string]*header, len(opts.Modules))
	sources := make(map[string]Module, len(opts.Modules))
	var rules []rule.Rule
	var problems []string
	scanned := scanHeaders(opts.Modules)
	for i, m := range opts.Modules {
		if _, dup := sources[m.Name]; dup {
			problems = append(problems, fmt.Sprintf("%s: loaded twice", m.Name))
			continue
		}
		h, err := scanned[i].h, scanned[i].err
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		headers[m.Name] = h
		sources[m.Name] = m
		r, isRule, errs := ruleFromModule(m, h)
		problems = append(problems, errs...)
		if isRule && len(errs) == 0 {
			rules = append(rules, r)
		}
	}
	byID := make(map[string]rule.Rule, len(rules))
	for _, r := range rules {
		if prev, dup := byID[r.ID]; dup {
			problems = append(problems, duplicateID(prev, r))
			continue
		}
		byID[r.ID] = r
	}
	problems = append(problems, settingsConflicts(rules)...)
	if len(problems) > 0 {
		return nil, &LoadError{Problems: problems}
	}

	ruleFiles := make(map[string]bool, len(rules))
	for _, r := range rules {
		ruleFiles[r.Source] = true
	}
	libs := make(map[string]*header)
	for name, h := range headers {
		if !ruleFiles[filepath.ToSlash(name)] {
			libs[name] = h
		}
	}
	settings := make(map[string]any)
	for _, r := range rules {
		for k, v := range r.Settings {
			settings[k] = v
		}
	}
	for k, v := range opts.Settings {
		settings[k] = v
	}
	store := inmem.NewFromObject(map[string]any{"rampart": map[string]any{"config": settings}})

	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	enabled := opts.Enabled
	if enabled == nil {
		enabled = func(string) bool { return true }
	}
	e := &Engine{
		rules:   rules,
		byID:    byID,
		sources: sources,
		libs:    libs,
		parsed:  make(map[string]*ast.Module),
		store:   store,
		enabled: enabled,
		byKind:  make(map[string]*kindQuery),
		single:  make(map[string]*singleQuery),
		cache:   newResultCache(cacheNodes),
	}
	if opts.NoCache {
		e.cache = newResultCache(0)
	}
	if err := e.checkCustom(); err != nil {
		return nil, err
	}
	return e, nil
}

// parse returns the parsed modules of the given names, parsing those not
// parsed yet on every CPU.
func (e *Engine) parse(names []string) (map[string]*ast.Module, error) {
	e.mu.Lock()
	var todo []Module
	for _, n := range names {
		if _, ok := e.parsed[n]; !ok {
			todo = append(todo, e.sources[n])
		}
	}
	e.mu.Unlock()
	mods, errs := parseAll(todo)
	e.mu.Lock()
	defer e.mu.Unlock()
	le := &LoadError{}
	for i, m := range todo {
		if errs[i] != nil {
			le.Problems = append(le.Problems, parseProblems(errs[i])...)
			le.Details = append(le.Details, astProblems(errs[i])...)
			continue
		}
		e.parsed[m.Name] = mods[i]
	}
	if len(le.Problems) > 0 {
		return nil, le
	}
	out := make(map[string]*ast.Module, len(names))
	for _, n := range names {
		out[n] = e.parsed[n]
	}
	return out, nil
}

// parseAll parses modules on every CPU: parsing is a good part of start-up,
// which every pre-commit run and editor launch pays.
func parseAll(modules []Module) ([]*ast.Module, []error) {
	mods := make([]*ast.Module, len(modules))
	errs := make([]error, len(modules))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				opts := parserOptions()
				// The engine reads metadata from its own header scan; OPA's
				// annotation parsing (YAML again) only serves rego.metadata
				// and the compiler's checks, which built-ins do without.
				opts.ProcessAnnotation = !modules[i].Builtin
				mods[i], errs[i] = ast.ParseModuleWithOpts(modules[i].Name, string(modules[i].Source), opts)
			}
		}()
	}
	for i := range modules {
		next <- i
	}
	close(next)
	wg.Wait()
	return mods, errs
}

// trustedSkips are the compiler stages that built-in policies do without.
// Most only look for mistakes and change nothing; the built-ins' tests
// compile them with every stage (Check, and the Rego tests), so a mistake
// cannot ship. The others handle print calls and rego.metadata, which no
// built-in policy uses outside its tests (TestBuiltinsSkipSafely), and test
// tracing. Together a third of the compile that the first file of every
// kind waits for.
var trustedSkips = []ast.StageID{
	ast.StageCheckRecursion,
	ast.StageCheckTypes,
	ast.StageCheckUnusedImports,
	ast.StageCheckKeywordOverrides,
	ast.StageCheckDuplicateImports,
	ast.StageCheckVoidCalls,
	ast.StageCheckRuleConflicts,
	ast.StageCheckUndefinedFuncs,
	ast.StageCheckSafetyRuleHeads,
	ast.StageCheckUnsafeBuiltins,
	ast.StageCheckDeprecatedBuiltins,
	ast.StageBuildRequiredCapabilities,
	ast.StageRewritePrintCalls,
	ast.StageParseMetadataBlocks,
	ast.StageSetAnnotationSet,
	ast.StageRewriteRegoMetadataCalls,
	ast.StageRewriteTestRulesForTracing,
}

// compile compiles modules (copies: compilation rewrites them, and a library
// is shared by the compilers of several kinds) with the sandbox's
// capabilities. With trusted (built-in policies), trustedSkips are skipped.
func compile(mods map[string]*ast.Module, trusted bool) (*ast.Compiler, error) {
	cp := make(map[string]*ast.Module, len(mods))
	for k, m := range mods {
		cp[k] = m.Copy()
	}
	c := ast.NewCompiler().
		WithCapabilities(sandboxCapabilities()).
		WithEnablePrintStatements(false)
	if trusted {
		c = c.WithSkipStages(trustedSkips...)
	}
	c.Compile(cp)
	if c.Failed() {
		le := &LoadError{}
		for _, e := range c.Errors {
			le.Problems = append(le.Problems, explainCompileError(e))
			le.Details = append(le.Details, astProblem(e, deniedMessage(e)))
		}
		return nil, le
	}
	return c, nil
}

// Check compiles every policy at once and reports what does not compile.
// Linting compiles per kind on demand; Check is for tests and for authors.
func (e *Engine) Check() error {
	names := make([]string, 0, len(e.sources))
	for n := range e.sources {
		names = append(names, n)
	}
	mods, err := e.parse(names)
	if err != nil {
		return err
	}
	c, err := compile(mods, false)
	if err != nil {
		return err
	}
	return checkDeny(c, e.rules)
}

// closure parses the rules' modules and every library module they reach,
// through imports or plain references to data paths.
func (e *Engine) closure(rules []rule.Rule) (map[string]*ast.Module, error) {
	var names []string
	for name := range e.sources {
		for _, r := range rules {
			if filepath.ToSlash(name) == r.Source {
				names = append(names, name)
			}
		}
	}
	return e.closureOf(names, nil)
}

// closureOf parses the named modules and every library module they, or the
// extra modules (tests), reach.
func (e *Engine) closureOf(names []string, extra []*ast.Module) (map[string]*ast.Module, error) {
	// Libraries named by import lines join the first round: parsed at once
	// with the rules, on every CPU, not in a second round after them.
	names = e.withImported(names)
	out := make(map[string]*ast.Module)
	seed := extra
	for len(names) > 0 || len(seed) > 0 {
		mods, err := e.parse(names)
		if err != nil {
			return nil, err
		}
		names = nil
		var refs []ast.Ref
		for _, m := range seed {
			mods[m.Package.Location.File] = m
		}
		seed = nil
		for name, m := range mods {
			out[name] = m
			for _, imp := range m.Imports {
				if ref, ok := imp.Path.Value.(ast.Ref); ok {
					refs = append(refs, ref)
				}
			}
			ast.WalkRefs(m, func(r ast.Ref) bool {
				if r.HasPrefix(ast.DefaultRootRef) {
					refs = append(refs, r)
				}
				return false
			})
		}
		for name, lib := range e.libs {
			if _, done := out[name]; done {
				continue
			}
			for _, r := range refs {
				if r.HasPrefix(lib.pkg) || lib.pkg.HasPrefix(r) {
					names = append(names, name)
					break
				}
			}
		}
	}
	return out, nil
}

// withImported adds to names the libraries that their import lines, read
// as text, name, and the libraries those import in turn. What this misses
// (a library reached by a plain data reference) the parsed closure finds.
func (e *Engine) withImported(names []string) []string {
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		seen[n] = true
	}
	for i := 0; i < len(names); i++ {
		for _, imp := range importLines(e.sources[names[i]].Source) {
			ref, err := ast.ParseRef(imp)
			if err != nil {
				continue
			}
			for name, lib := range e.libs {
				if !seen[name] && (ref.HasPrefix(lib.pkg) || lib.pkg.HasPrefix(ref)) {
					seen[name] = true
					names = append(names, name)
				}
			}
		}
	}
	return names
}

// importLines returns the paths of a module's "import data.x.y" lines.
func importLines(src []byte) []string {
	var out []string
	for _, line := range strings.Split(string(src), "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "import ")
		if !ok {
			continue
		}
		path, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
		if strings.HasPrefix(path, "data.") {
			out = append(out, path)
		}
	}
	return out
}

// builtin reports whether every module is a built-in policy.
func (e *Engine) builtin(mods map[string]*ast.Module) bool {
	for name := range mods {
		if !e.sources[name].Builtin {
			return false
		}
	}
	return true
}

// LoadError lists everything wrong with a set of policies at once, so that a
// policy author fixes them in one pass.
type LoadError struct {
	// Problems are "file:line[:col]: message" strings, or a bare message
	// for what is not about one file.
	Problems []string
	// Details are the same problems with their places, when the loader
	// had them; Located returns them either way.
	Details []Problem
}

func (e *LoadError) Error() string {
	return "invalid policies:\n  " + strings.Join(e.Problems, "\n  ")
}

// Rules returns every loaded rule, enabled or not, sorted by id.
func (e *Engine) Rules() []rule.Rule { return append([]rule.Rule(nil), e.rules...) }

// Rule returns the rule with the given id.
func (e *Engine) Rule(id string) (rule.Rule, bool) {
	r, ok := e.byID[id]
	return r, ok
}

func (e *Engine) kindQuery(ctx context.Context, kind string) *kindQuery {
	e.mu.Lock()
	kq := e.byKind[kind]
	if kq == nil {
		kq = &kindQuery{}
		e.byKind[kind] = kq
	}
	e.mu.Unlock()
	kq.once.Do(func() {
		var body []string
		for _, r := range e.rules {
			if r.AppliesTo(kind) && e.enabled(r.ID) {
				body = append(body, fmt.Sprintf("r%d = %s", len(kq.rules), r.Query))
				kq.rules = append(kq.rules, r)
			}
		}
		if len(body) == 0 {
			return
		}
		var mods map[string]*ast.Module
		if mods, kq.err = e.closure(kq.rules); kq.err != nil {
			return
		}
		if kq.compiler, kq.err = compile(mods, e.builtin(mods)); kq.err != nil {
			return
		}
		if kq.err = checkDeny(kq.compiler, kq.rules); kq.err != nil {
			return
		}
		kq.pq, kq.err = e.prepare(ctx, kq.compiler, strings.Join(body, "; "))
		kq.cacheable = kq.err == nil && deterministic(kq.compiler)
	})
	return kq
}

func (e *Engine) prepare(ctx context.Context, c *ast.Compiler, query string) (rego.PreparedEvalQuery, error) {
	opts := append([]func(*rego.Rego){
		rego.Query(query),
		rego.Compiler(c),
		rego.Store(e.store),
		rego.Capabilities(sandboxCapabilities()),
	}, builtins.Rego()...)
	return rego.New(opts...).PrepareForEval(ctx)
}

// Eval runs every enabled rule for kind against input. Violations of rules
// that ran are returned even when others failed; the failures come back as
// *RuleError values joined in the error.
func (e *Engine) Eval(ctx context.Context, kind string, input ast.Value) ([]Violation, error) {
	kq := e.kindQuery(ctx, kind)
	if kq.err != nil {
		return nil, kq.err
	}
	if len(kq.rules) == 0 {
		return nil, nil
	}
	var hash int
	if kq.cacheable {
		hash = input.Hash()
		if out, ok := e.cache.get(kind, input, hash); ok {
			return out, nil
		}
	}
	rs, err := kq.pq.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// One rule's runtime error fails the combined query; run the rules
		// one by one so the others still report and the culprit is named.
		return e.evalEach(ctx, kind, kq, input)
	}
	if len(rs) == 0 {
		return nil, nil
	}
	var out []Violation
	var errs []error
	for i, r := range kq.rules {
		vs, err := decode(r.ID, rs[0].Bindings[fmt.Sprintf("r%d", i)])
		out = append(out, vs...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	if kq.cacheable && len(errs) == 0 {
		e.cache.put(kind, input, hash, out)
	}
	return out, errors.Join(errs...)
}

// deterministic reports whether the compiled policies call no built-in
// that OPA marks nondeterministic (time.now_ns, rand.intn, uuid.rfc4122...):
// the same document then always gets the same violations.
func deterministic(c *ast.Compiler) bool {
	ok := true
	for _, m := range c.Modules {
		ast.WalkExprs(m, func(x *ast.Expr) bool {
			if x.IsCall() {
				if b, found := ast.BuiltinMap[x.Operator().String()]; found && b.Nondeterministic {
					ok = false
				}
			}
			return !ok
		})
	}
	return ok
}

func (e *Engine) evalEach(ctx context.Context, kind string, kq *kindQuery, input ast.Value) ([]Violation, error) {
	var out []Violation
	var errs []error
	for _, r := range kq.rules {
		key := kind + "\x00" + r.ID
		e.mu.Lock()
		sq := e.single[key]
		if sq == nil {
			sq = &singleQuery{}
			e.single[key] = sq
		}
		e.mu.Unlock()
		sq.once.Do(func() { sq.pq, sq.err = e.prepare(ctx, kq.compiler, "x = "+r.Query) })
		if sq.err != nil {
			errs = append(errs, &RuleError{Rule: r.ID, Err: sq.err})
			continue
		}
		rs, err := sq.pq.Eval(ctx, rego.EvalParsedInput(input))
		if err != nil {
			if ctx.Err() != nil {
				return out, ctx.Err()
			}
			errs = append(errs, &RuleError{Rule: r.ID, Err: err})
			continue
		}
		if len(rs) == 0 {
			continue
		}
		vs, err := decode(r.ID, rs[0].Bindings["x"])
		out = append(out, vs...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}

// decode reads a rule's deny set. A malformed violation is the rule's bug:
// it is reported as a RuleError rather than guessed at.
func decode(id string, set any) ([]Violation, error) {
	items, ok := set.([]any)
	if !ok {
		if set == nil {
			return nil, nil
		}
		return nil, &RuleError{Rule: id, Err: fmt.Errorf("deny is %T, want a set of violations", set)}
	}
	out := make([]Violation, 0, len(items))
	var errs []error
	for _, it := range items {
		obj, ok := it.(map[string]any)
		if !ok {
			errs = append(errs, &RuleError{Rule: id, Err: fmt.Errorf("violation %v is not an object", it)})
			continue
		}
		msg, ok := obj["msg"].(string)
		if !ok || msg == "" {
			errs = append(errs, &RuleError{Rule: id, Err: fmt.Errorf("violation %v has no msg string", it)})
			continue
		}
		var path source.Path
		if raw, present := obj["path"]; present {
			elems, isArr := raw.([]any)
			p, valid := source.PathFrom(elems)
			if !isArr || !valid {
				errs = append(errs, &RuleError{Rule: id, Err: fmt.Errorf("violation path %v is not an array of keys and indices", raw)})
				continue
			}
			path = p
		}
		key, _ := obj["key"].(bool)
		out = append(out, Violation{Rule: id, Msg: msg, Path: path, Key: key})
	}
	return out, errors.Join(errs...)
}
