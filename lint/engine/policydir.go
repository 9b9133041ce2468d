package engine

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// MaxPolicyFile is the largest custom .rego file read. Real policies are a
// few kilobytes; the bound keeps a stray generated file from stalling start-up.
const MaxPolicyFile = 1 << 20

// Policies are the Rego files of custom policy directories.
type Policies struct {
	// Modules are rules and libraries: every .rego file but the tests.
	Modules []Module
	// Tests are the *_test.rego files, which only `rampart test` runs.
	Tests []Module
}

// LoadPolicies reads every .rego file under the given directories. A file
// reached twice (the same directory given twice, or one inside another) is
// read once. Hidden directories are skipped; symbolic links to directories
// are not followed, and a linked .rego file must stay inside its directory:
// a policy directory can come from the repository being linted, and a link
// to ~/.aws/credentials named x.rego would otherwise be read and quoted in
// the parse error.
func LoadPolicies(dirs ...string) (*Policies, error) {
	out := &Policies{}
	seen := map[string]bool{}
	var problems []string
	for _, dir := range dirs {
		mods, tests, errs := loadDir(dir, seen)
		out.Modules = append(out.Modules, mods...)
		out.Tests = append(out.Tests, tests...)
		problems = append(problems, errs...)
	}
	if len(problems) > 0 {
		return nil, &LoadError{Problems: problems}
	}
	return out, nil
}

func loadDir(dir string, seen map[string]bool) (mods, tests []Module, problems []string) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, nil, []string{fmt.Sprintf("policy directory %s: %v", dir, unwrapPathError(err))}
	}
	if !info.IsDir() {
		return nil, nil, []string{fmt.Sprintf("policy directory %s: not a directory", dir)}
	}
	root, err := filepath.EvalSymlinks(dir)
	if err == nil {
		root, err = filepath.Abs(root)
	}
	if err != nil {
		return nil, nil, []string{fmt.Sprintf("policy directory %s: %v", dir, err)}
	}
	// WalkDir does not descend into a root that is itself a link; a
	// trailing separator makes it.
	walkRoot := dir
	if li, err := os.Lstat(dir); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		walkRoot = dir + string(filepath.Separator)
	}
	err = filepath.WalkDir(walkRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", p, unwrapPathError(err)))
			return nil
		}
		if d.IsDir() {
			if p != walkRoot && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".rego") {
			return nil
		}
		real, err := filepath.EvalSymlinks(p)
		if err == nil {
			real, err = filepath.Abs(real)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", p, unwrapPathError(err)))
			return nil
		}
		if seen[real] {
			return nil // already read through another directory given
		}
		if d.Type()&fs.ModeSymlink != 0 && !within(root, real) {
			problems = append(problems, fmt.Sprintf("%s: a symbolic link out of the policy directory %s; not read", p, dir))
			return nil
		}
		seen[real] = true
		src, problem := readPolicy(p)
		if problem != "" {
			problems = append(problems, problem)
			return nil
		}
		m := Module{Name: p, Source: src}
		if strings.HasSuffix(d.Name(), "_test.rego") {
			tests = append(tests, m)
		} else {
			mods = append(mods, m)
		}
		return nil
	})
	if err != nil {
		problems = append(problems, fmt.Sprintf("policy directory %s: %v", dir, err))
	}
	byName := func(ms []Module) {
		sort.Slice(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	}
	byName(mods)
	byName(tests)
	return mods, tests, problems
}

func readPolicy(p string) ([]byte, string) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Sprintf("%s: %v", p, unwrapPathError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Sprintf("%s: %v", p, unwrapPathError(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Sprintf("%s: not a regular file", p)
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxPolicyFile+1))
	if err != nil {
		return nil, fmt.Sprintf("%s: %v", p, unwrapPathError(err))
	}
	if len(src) > MaxPolicyFile {
		return nil, fmt.Sprintf("%s: larger than %d bytes, the limit for a policy file", p, MaxPolicyFile)
	}
	if !utf8.Valid(src) {
		return nil, fmt.Sprintf("%s: not UTF-8 text", p)
	}
	return src, ""
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// unwrapPathError drops the path an *fs.PathError repeats, since messages
// already start with it.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
