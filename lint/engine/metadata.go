package engine

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/rule"
)

// rulesNamespace is where rule packages live: data.rampart.rules.<category>.<name>.
// A category with a hyphen (supply-chain) is written as a string segment:
// package rampart.rules["supply-chain"].unpinned_action.
var rulesNamespace = ast.MustParseRef("data.rampart.rules")

// rulePackage is the package a rule id must live in.
func rulePackage(cat, name string) ast.Ref {
	return rulesNamespace.Append(ast.StringTerm(cat)).Append(ast.StringTerm(strings.ReplaceAll(name, "-", "_")))
}

// ruleFromModule decodes a module's package annotations into a Rule. A module
// is a rule if its package sits under rampart.rules or its metadata names an
// id; any other module is a library. Every problem is reported, not just the
// first.
func ruleFromModule(m Module, h *header) (r rule.Rule, isRule bool, problems []string) {
	pkgPath := h.pkg
	pkg := strings.TrimPrefix(pkgPath.String(), "data.")
	inNamespace := pkgPath.HasPrefix(rulesNamespace)
	ann := h.ann
	var custom map[string]any
	if ann != nil {
		custom = ann.Custom
	}
	id, _ := custom["id"].(string)
	if !inNamespace && id == "" {
		return r, false, libraryProblems(m, h)
	}
	where := fmt.Sprintf("%s:%d", m.Name, h.row)
	bad := func(format string, args ...any) {
		problems = append(problems, where+": "+fmt.Sprintf(format, args...))
	}
	if ann == nil {
		bad("package %s has no # METADATA block (title, description, custom.id, custom.severity, custom.kinds, custom.remediation)", pkg)
		return r, true, problems
	}

	r = rule.Rule{
		ID:          id,
		Title:       ann.Title,
		Description: strings.TrimSpace(ann.Description),
		Builtin:     m.Builtin,
		Source:      filepath.ToSlash(m.Name),
		Query:       pkgPath.String() + ".deny",
	}
	if id == "" {
		bad("metadata has no custom.id")
	} else if !idPattern.MatchString(id) {
		bad("id %q is not of the form category/rule-name (lower-case letters, digits and single hyphens)", id)
	} else {
		cat, name, _ := strings.Cut(id, "/")
		want := rulePackage(cat, name)
		if !pkgPath.Equal(want) {
			bad("package %s does not match id %s (want package %s)", pkg, id, strings.TrimPrefix(want.String(), "data."))
		}
		if m.Builtin {
			wantFile := strings.ReplaceAll(name, "-", "_") + ".rego"
			if path.Base(filepath.ToSlash(m.Name)) != wantFile || path.Base(path.Dir(filepath.ToSlash(m.Name))) != cat {
				bad("rule %s must live in policies/rules/%s/%s", id, cat, wantFile)
			}
		} else {
			for _, p := range customRuleProblems(m, cat, name) {
				bad("%s", p)
			}
		}
	}
	if r.Title == "" {
		bad("metadata has no title")
	}
	if r.Description == "" {
		bad("metadata has no description")
	}
	if s, ok := custom["severity"].(string); !ok {
		bad("metadata has no custom.severity")
	} else if sev, err := rule.ParseSeverity(s); err != nil {
		bad("custom.severity: %v", err)
	} else {
		r.Severity = sev
	}
	switch ks := custom["kinds"].(type) {
	case []any:
		for _, k := range ks {
			s, ok := k.(string)
			if !ok || !kind.Known(s) {
				bad("custom.kinds: unknown kind %v (known: %s)", k, strings.Join(kind.All(), ", "))
				continue
			}
			r.Kinds = append(r.Kinds, s)
		}
		if len(ks) == 0 {
			bad("custom.kinds is empty")
		}
	default:
		bad("metadata has no custom.kinds list")
	}
	if s, ok := custom["remediation"].(string); ok && strings.TrimSpace(s) != "" {
		r.Remediation = strings.TrimSpace(s)
	} else {
		bad("metadata has no custom.remediation")
	}
	if s, ok := custom["threat"].(string); ok {
		r.Threat = strings.TrimSpace(s)
	}
	if f, present := custom["fixable"]; present {
		b, ok := f.(bool)
		if !ok {
			bad("custom.fixable must be true or false")
		}
		if b && !m.Builtin {
			// Fixes are Go code in the language server, keyed by built-in ids.
			bad("custom.fixable: only built-in rules have automatic fixes")
		}
		r.Fixable = b
	}
	if f, present := custom["sensitive"]; present {
		b, ok := f.(bool)
		if !ok {
			bad("custom.sensitive must be true or false")
		}
		r.Sensitive = b
	}
	if s, present := custom["settings"]; present {
		settings, ok := s.(map[string]any)
		if !ok {
			bad("custom.settings must be a mapping of setting names to defaults")
		}
		r.Settings = settings
	}
	r.References = ann.References
	for k := range custom {
		switch k {
		case "id", "severity", "kinds", "remediation", "threat", "fixable", "sensitive", "settings":
		default:
			bad("custom.%s is not a known metadata field", k)
		}
	}
	return r, true, problems
}

// checkDeny reports rules whose package defines no deny: their query would
// be undefined, and in a combined query that silences every rule of the kind.
func checkDeny(c *ast.Compiler, rules []rule.Rule) error {
	var problems []string
	for _, r := range rules {
		ref := ast.MustParseRef(r.Query)
		if len(c.GetRulesExact(ref)) == 0 && len(c.GetRules(ref)) == 0 {
			problems = append(problems, fmt.Sprintf("%s: package %s defines no deny rule", r.Source, strings.TrimSuffix(strings.TrimPrefix(r.Query, "data."), ".deny")))
		}
	}
	if len(problems) > 0 {
		return &LoadError{Problems: problems}
	}
	return nil
}
