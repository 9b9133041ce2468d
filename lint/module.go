package lint

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/rampart-lint/rampart/lint/engine"
	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/source"
)

// Terraform reads every .tf file of a directory as one module: a CodeBuild
// project in build.tf may run as a role that iam.tf defines and policy.tf
// widens. Rules of kind "terraform-module" see the module's files merged into
// one document of the same shape as a single file's, plus, under the key
// ownersKey, which file defines each block:
//
//	{"resource": {...}, "data": {...}, "locals": {...}, ...,
//	 "rampart:files": {"resource": {"aws_iam_role": {"build": "iam.tf"}}, "locals": {"x": "main.tf"}}}
//
// A finding belongs to the file that defines the block its path points into,
// so each file reports only its own. The key cannot collide with a block
// type: ':' is not allowed in an HCL identifier.
const ownersKey = "rampart:files"

// module is the merged view of one directory's .tf files.
type module struct {
	value  map[string]any
	owners map[string]string // ownerKey(path) → file base name
	files  int               // how many files were merged
	err    error             // why the directory is not one module, if it is not
}

// runModules caches module views for one LintPaths run, where every file of a
// directory asks for the same one: the module is read and evaluated once per
// directory instead of once per file.
type runModules struct {
	mu   sync.Mutex
	dirs map[string]*moduleRun
}

type moduleRun struct {
	once sync.Once
	mod  *module
	vs   []engine.Violation
	err  error
	// waiting counts the module's files that have not taken their findings
	// yet; the last one drops the entry, so that a run over thousands of
	// directories holds only the modules being linted. (A file the walk
	// leaves out never asks: its directory's entry stays, without the
	// merged value.)
	waiting int
}

type runModulesKey struct{}

func withRunModules(ctx context.Context) context.Context {
	return context.WithValue(ctx, runModulesKey{}, &runModules{dirs: map[string]*moduleRun{}})
}

// ownerDepth is how many path elements name a block: resource and data
// blocks have a type and a name, the rest (locals, variable, output, module)
// a name.
func ownerDepth(block string) int {
	if block == "resource" || block == "data" {
		return 3
	}
	return 2
}

func ownerKey(path []any) (string, bool) {
	if len(path) == 0 {
		return "", false
	}
	b, ok := path[0].(string)
	if !ok || len(path) < ownerDepth(b) {
		return "", false
	}
	var sb strings.Builder
	for i := range ownerDepth(b) {
		if i > 0 {
			sb.WriteByte(0)
		}
		fmt.Fprint(&sb, path[i])
	}
	return sb.String(), true
}

// moduleFindings evaluates the terraform-module rules for the module that
// holds file (whose document d is already parsed, possibly from an unsaved
// buffer) and returns the findings that belong to file.
func (l *Linter) moduleFindings(ctx context.Context, d *source.Document) ([]Finding, error) {
	if !l.hasRules(kind.TerraformModule) {
		return nil, nil
	}
	dir, base := filepath.Split(d.File)
	var (
		mod *module
		vs  []engine.Violation
		err error
	)
	if rm, _ := ctx.Value(runModulesKey{}).(*runModules); rm != nil {
		// In a run over the disk, the file's bytes are the disk's: the
		// directory's module is shared by its files.
		rm.mu.Lock()
		mr := rm.dirs[dir]
		if mr == nil {
			mr = &moduleRun{}
			rm.dirs[dir] = mr
		}
		rm.mu.Unlock()
		mr.once.Do(func() {
			if mr.mod = l.readModule(dir, base, d); mr.mod.err == nil {
				mr.vs, mr.err = l.engine.Eval(ctx, kind.TerraformModule, engine.Input(mr.mod.value))
			}
			// The merged value (every file's document) was only needed
			// to evaluate; owners and violations are what files share.
			mr.mod.value = nil
			rm.mu.Lock()
			mr.waiting = mr.mod.files
			rm.mu.Unlock()
		})
		mod, vs, err = mr.mod, mr.vs, mr.err
		rm.mu.Lock()
		if mr.waiting--; mr.waiting <= 0 && rm.dirs[dir] == mr {
			delete(rm.dirs, dir)
		}
		rm.mu.Unlock()
	} else if mod = l.readModule(dir, base, d); mod.err == nil {
		vs, err = l.engine.Eval(ctx, kind.TerraformModule, engine.Input(mod.value))
	}
	if mod.err != nil {
		// Not one module (two files define the same block): the file
		// stands alone, as Terraform would refuse the directory anyway.
		mod = singleModule(base, d)
		vs, err = l.engine.Eval(ctx, kind.TerraformModule, engine.Input(mod.value))
	}
	var out []Finding
	for _, v := range vs {
		key, ok := ownerKey(v.Path)
		if !ok || mod.owners[key] != base {
			continue
		}
		f := l.finding(d, v)
		f.Kind = kind.Terraform
		out = append(out, f)
	}
	return out, err
}

// readModule merges the .tf files of dir, with self's document standing for
// the file named self (it may be an unsaved buffer). Files that cannot be
// read or parsed are left out: each reports its own problem when linted.
func (l *Linter) readModule(dir, self string, d *source.Document) *module {
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return singleModule(self, d)
	}
	docs := map[string]any{self: d.Value}
	for _, e := range entries {
		name := e.Name()
		if name == self || !e.Type().IsRegular() || strings.ToLower(filepath.Ext(name)) != ".tf" {
			continue
		}
		if v, ok := l.readTerraform(filepath.Join(dir, name)); ok {
			docs[name] = v
		}
	}
	return mergeModule(docs)
}

func (l *Linter) readTerraform(p string) (any, bool) {
	f, err := os.Open(p)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, l.opts.MaxFileSize+1))
	if err != nil || int64(len(src)) > l.opts.MaxFileSize || bytes.IndexByte(src, 0) >= 0 {
		return nil, false
	}
	docs, err := source.Parse(p, src, source.HCL, l.opts.Limits)
	if err != nil || len(docs) != 1 {
		return nil, false
	}
	return docs[0].Value, true
}

func singleModule(name string, d *source.Document) *module {
	return mergeModule(map[string]any{name: d.Value})
}

// mergeModule merges file values (by base name) block by block. A block
// defined by two files makes the directory something other than one module
// (a folder of examples, say); the error says which.
func mergeModule(files map[string]any) *module {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	m := &module{value: map[string]any{}, owners: map[string]string{}, files: len(files)}
	ownersTree := map[string]any{}
	for _, name := range names {
		top, ok := files[name].(map[string]any)
		if !ok {
			continue
		}
		for block, v := range top {
			m.mergeBlock(ownersTree, name, []any{block}, v, ownerDepth(block))
		}
	}
	m.value[ownersKey] = ownersTree
	return m
}

// mergeBlock places v at path in the merged value, descending into objects
// until path names a whole block (depth elements).
func (m *module) mergeBlock(owners map[string]any, file string, path []any, v any, depth int) {
	if len(path) == depth {
		key, _ := ownerKey(path)
		if prev, dup := m.owners[key]; dup {
			// Terraform merges settings and provider blocks across files;
			// the first one is enough for the rules. Anything else defined
			// twice is an error Terraform itself would report.
			if b := path[0]; b == "terraform" || b == "provider" {
				return
			}
			if m.err == nil {
				m.err = fmt.Errorf("%s is defined in both %s and %s", source.Path(path).String(), prev, file)
			}
			return
		}
		m.owners[key] = file
		set(m.value, path, v)
		set(owners, path, file)
		return
	}
	obj, ok := v.(map[string]any)
	if !ok {
		// Not the expected shape (a malformed block): keep it whole under
		// its first owner.
		key := fmt.Sprint(path...)
		if _, dup := m.owners[key]; !dup {
			m.owners[key] = file
			set(m.value, path, v)
		}
		return
	}
	for k, child := range obj {
		m.mergeBlock(owners, file, append(path[:len(path):len(path)], k), child, depth)
	}
}

// set stores v at path in root, creating objects on the way.
func set(root map[string]any, path []any, v any) {
	cur := root
	for i, p := range path {
		k := fmt.Sprint(p)
		if i == len(path)-1 {
			cur[k] = v
			return
		}
		next, ok := cur[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[k] = next
		}
		cur = next
	}
}
