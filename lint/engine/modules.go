package engine

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rampart-lint/rampart/policies"
)

// Module is one Rego source file.
type Module struct {
	Name    string // a path, used in error messages and as the rule's Source
	Source  []byte
	Builtin bool
}

// BuiltinModules returns the embedded policies, without their tests.
func BuiltinModules() ([]Module, error) {
	return readModules(policies.FS, ".", true, "")
}

// DirModules reads the Rego files of a custom policy directory, recursively,
// without their tests.
func DirModules(dir string) ([]Module, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("policy directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("policy directory %s: not a directory", dir)
	}
	return readModules(os.DirFS(dir), ".", false, dir)
}

func readModules(fsys fs.FS, root string, builtin bool, prefix string) ([]Module, error) {
	var mods []Module
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := p
		if builtin {
			name = "policies/" + p
		} else if prefix != "" {
			name = filepath.Join(prefix, filepath.FromSlash(p))
		}
		mods = append(mods, Module{Name: name, Source: src, Builtin: builtin})
		return nil
	})
	sort.Slice(mods, func(i, j int) bool { return mods[i].Name < mods[j].Name })
	return mods, err
}
