package builtins_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/rampart-lint/rampart/internal/corpus"
	"github.com/rampart-lint/rampart/lint/engine"
	"github.com/rampart-lint/rampart/lint/engine/builtins"
	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/source"
)

// The shell library reads command lines from these kinds only.
var shellKinds = map[string]bool{kind.Buildspec: true, kind.GitHubActions: true, kind.GitLabCI: true}

type file struct {
	path string
	data []byte
}

// repoFiles: the rule fixtures and the examples.
func repoFiles(tb testing.TB) []file {
	tb.Helper()
	var out []file
	for _, dir := range []string{"../../../testdata/rules", "../../../testdata/examples"} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, file{p, data})
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

func corpusFiles() []file {
	var out []file
	for _, f := range corpus.Generate(corpus.Options{Files: 600, Seed: 1}) {
		if shellKinds[f.Kind] {
			out = append(out, file{f.Path, f.Data})
		}
	}
	return out
}

// shellLines returns the text of every command line the shell library
// finds in the files (data.rampart.lib.shell.lines), and the commands
// substituted in them ($(...), backticks, <(...), which the library parses
// too), each text once, sorted.
func shellLines(tb testing.TB, files []file) []string {
	tb.Helper()
	mods, err := engine.BuiltinModules()
	if err != nil {
		tb.Fatal(err)
	}
	opts := []func(*rego.Rego){
		rego.Query(`lines := {l.text | some l in data.rampart.lib.shell.lines}
			inner := {s | some l in data.rampart.lib.shell.lines; some c in data.rampart.lib.shell.parse(l.text); some w in c.words; some s in data.rampart.lib.shell.substitutions(w)}`),
		rego.Capabilities(engine.Capabilities()),
	}
	for _, m := range mods {
		opts = append(opts, rego.Module(m.Name, string(m.Source)))
	}
	pq, err := rego.New(append(opts, builtins.Rego()...)...).PrepareForEval(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		docs, err := source.Parse(f.path, f.data, source.FormatOf(f.path, f.data), source.Limits{})
		if err != nil {
			continue // the malformed examples
		}
		for _, d := range docs {
			k := d.Kind
			if k == "" {
				k = kind.Detect(f.path, d.Value)
			}
			if !shellKinds[k] {
				continue
			}
			rs, err := pq.Eval(context.Background(), rego.EvalParsedInput(engine.Input(d.Value)))
			if err != nil {
				tb.Fatalf("%s: %v", f.path, err)
			}
			for _, r := range rs {
				for _, name := range []string{"lines", "inner"} {
					for _, s := range r.Bindings[name].([]any) {
						seen[s.(string)] = true
					}
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Every command line of the fixtures, the examples and the generated
// corpus: the built-in answers as the Rego it replaced.
func TestShellParseMatchesReferenceOnFiles(t *testing.T) {
	ref := builtins.NewShellReference(t)
	for name, files := range map[string][]file{"fixtures and examples": repoFiles(t), "corpus": corpusFiles()} {
		lines := shellLines(t, files)
		// Enough lines that the comparison means something: the fixtures
		// alone have over a hundred distinct ones.
		if len(lines) < 100 {
			t.Errorf("%s: only %d command lines found", name, len(lines))
		}
		for _, text := range lines {
			ref.Check(t, text)
		}
		t.Logf("%s: %d command lines", name, len(lines))
	}
}

var (
	seedOnce  sync.Once
	seedLines []string
)

// FuzzShellParse compares the built-in with the Rego it replaced on
// arbitrary text, starting from the command lines of the fixtures and the
// examples.
func FuzzShellParse(f *testing.F) {
	seedOnce.Do(func() { seedLines = shellLines(f, repoFiles(f)) })
	for _, s := range seedLines {
		f.Add(s)
	}
	ref := builtins.NewShellReference(f)
	f.Fuzz(func(t *testing.T, text string) {
		got := builtins.ShellParseValue(text)
		if _, ok := got.(*ast.Array); !ok {
			t.Fatalf("not an array: %v", got)
		}
		// The reference is quadratic on some long text (its regular
		// expressions rescan the rest of the line); keep it to lines.
		if len(text) <= 4096 {
			ref.Check(t, text)
		}
	})
}
