package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/rampart-lint/rampart/lint/rule"
)

// The contract custom policies add to the built-in one (metadata.go):
//
//   - a custom rule lives in package rampart.rules.<category>.<name>, like a
//     built-in one, in a file named <name>.rego (snake case) anywhere in its
//     directory; its id must not be a built-in id, and the category
//     "rampart" is the core's own;
//   - a custom library may not use a package under rampart: it would merge
//     into the built-in libraries and change what built-in rules decide;
//   - a setting has one default, whoever declares it.

// idPattern is the form of every rule id: lower-case words joined by single
// hyphens, on both sides of the slash. It keeps the id → package mapping
// one-to-one (a-b and a_b would share a package).
var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$`)

var rampartRoot = ast.MustParseRef("data.rampart")

// coreCategory is the category of the checks the Go core makes itself
// (rampart/parse-error, rampart/unused-suppression, ...).
const coreCategory = "rampart"

// customRuleProblems checks what only custom rules must obey.
func customRuleProblems(m Module, cat, name string) []string {
	var out []string
	if cat == coreCategory {
		out = append(out, fmt.Sprintf("category %q is reserved for rampart's own checks; use a category of your own (your organisation's name, say)", cat))
	}
	want := strings.ReplaceAll(name, "-", "_") + ".rego"
	if got := filepath.Base(m.Name); got != want {
		out = append(out, fmt.Sprintf("rule %s/%s must be in a file named %s, not %s", cat, name, want, got))
	}
	return out
}

// libraryProblems checks a custom module that is not a rule.
func libraryProblems(m Module, h *header) []string {
	if m.Builtin || !h.pkg.HasPrefix(rampartRoot) {
		return nil
	}
	return []string{fmt.Sprintf("%s:%d: package %s is rampart's namespace: a custom library needs a package of its own (such as acme.lib.tags), and a custom rule a # METADATA block with custom.id",
		m.Name, h.row, strings.TrimPrefix(h.pkg.String(), "data."))}
}

// duplicateID explains two rules with one id.
func duplicateID(prev, r rule.Rule) string {
	if prev.Builtin && !r.Builtin {
		return fmt.Sprintf("%s: rule id %s is already a built-in rule (%s); give the custom rule an id in a category of your own", r.Source, r.ID, prev.Source)
	}
	return fmt.Sprintf("%s: rule id %s is already defined in %s", r.Source, r.ID, prev.Source)
}

// settingsConflicts reports a setting declared with different defaults by
// two rules. Settings share one namespace (data.rampart.config), so a custom
// rule redeclaring min_approvals: 0 would quietly weaken a built-in rule.
func settingsConflicts(rules []rule.Rule) []string {
	type decl struct {
		rule rule.Rule
		def  any
	}
	first := map[string]decl{}
	var out []string
	for _, r := range rules {
		keys := make([]string, 0, len(r.Settings))
		for k := range r.Settings {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := r.Settings[k]
			prev, seen := first[k]
			if !seen {
				first[k] = decl{r, v}
				continue
			}
			if !reflect.DeepEqual(prev.def, v) {
				out = append(out, fmt.Sprintf("%s: custom.settings.%s: default %s differs from %s in %s (%s); a setting has one default, so use another name or the same default",
					r.Source, k, jsonText(v), jsonText(prev.def), prev.rule.ID, prev.rule.Source))
			}
		}
	}
	return out
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// checkCustom compiles the custom modules, with the built-in libraries they
// import, so that a policy that does not compile, or calls a built-in the
// sandbox removed, is refused before any file is linted. Built-in rules are
// not compiled here: they are checked by rampart's own tests, and compiling
// them would cost every run with custom policies most of a cold start.
func (e *Engine) checkCustom() error {
	var names []string
	for name, m := range e.sources {
		if !m.Builtin {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	mods, err := e.closureOf(names, nil)
	if err != nil {
		return err
	}
	c, err := compile(mods, false)
	if err != nil {
		return err
	}
	var rules []rule.Rule
	for _, r := range e.rules {
		if !r.Builtin {
			rules = append(rules, r)
		}
	}
	return checkDeny(c, rules)
}

// parseProblems lists a parse error's parts, without the "1 error occurred:"
// OPA puts in front of them.
func parseProblems(err error) []string {
	var errs ast.Errors
	if !errors.As(err, &errs) {
		return []string{err.Error()}
	}
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	return out
}
