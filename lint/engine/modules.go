package engine

import (
	"io/fs"
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
	var mods []Module
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return nil
		}
		src, err := fs.ReadFile(policies.FS, p)
		if err != nil {
			return err
		}
		mods = append(mods, Module{Name: "policies/" + p, Source: src, Builtin: true})
		return nil
	})
	sort.Slice(mods, func(i, j int) bool { return mods[i].Name < mods[j].Name })
	return mods, err
}
