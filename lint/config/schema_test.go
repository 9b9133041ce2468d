package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/rule"
)

const schemaFile = "../../docs/config.schema.json"

var schemaDoc = sync.OnceValues(func() (map[string]any, error) {
	b, err := os.ReadFile(schemaFile)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(b, &m)
})

var schemaValidator = sync.OnceValues(func() (*jsonschema.Schema, error) {
	f, err := os.Open(schemaFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaURL, doc); err != nil {
		return nil, err
	}
	return c.Compile(SchemaURL)
})

// validateYAML checks config text against the schema the way a YAML
// language server does: the YAML's data, as JSON.
func validateYAML(t *testing.T, src []byte) error {
	t.Helper()
	sch, err := schemaValidator()
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatalf("YAML: %v", err)
	}
	var v any
	if len(doc.Content) > 0 {
		v = jsonValue(t, doc.Content[0])
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("as JSON: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(inst)
}

// jsonValue converts YAML to JSON data under YAML 1.2's core schema, as
// YAML language servers read it: a date is a string, not a timestamp.
func jsonValue(t *testing.T, n *yaml.Node) any {
	switch n.Kind {
	case yaml.AliasNode:
		return jsonValue(t, n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = jsonValue(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		out := []any{}
		for _, c := range n.Content {
			out = append(out, jsonValue(t, c))
		}
		return out
	}
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool", "!!int", "!!float":
		var v any
		if err := n.Decode(&v); err != nil {
			t.Fatalf("YAML scalar %q: %v", n.Value, err)
		}
		return v
	}
	return n.Value
}

// TestSchemaAcceptsConfigs: every config in the repository's testdata and
// this package's, the config rampart init writes, and every example in
// docs/config.md parse and validate against the schema.
func TestSchemaAcceptsConfigs(t *testing.T) {
	files := map[string][]byte{"rampart init": Starter}
	for _, dir := range []string{"testdata", filepath.Join("..", "..", "testdata")} {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if d.Name() == FileName || strings.HasSuffix(d.Name(), ".rampart.yaml") {
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				files[p] = b
			}
			return nil
		})
	}
	for i, block := range yamlBlocks(t, filepath.Join("..", "..", "docs", "config.md")) {
		files[fmt.Sprintf("docs/config.md, YAML block %d", i+1)] = []byte(block)
	}
	// The README's YAML blocks show policies too; its configs carry the
	// schema modeline.
	readme := 0
	for i, block := range yamlBlocks(t, filepath.Join("..", "..", "README.md")) {
		if strings.HasPrefix(block, "# yaml-language-server: $schema="+SchemaURL+"\n") {
			files[fmt.Sprintf("README.md, YAML block %d", i+1)] = []byte(block)
			readme++
		}
	}
	if readme == 0 {
		t.Error("README.md shows no config with the schema modeline")
	}
	if len(files) < 5 {
		t.Fatalf("only %d configs found", len(files))
	}
	for name, src := range files {
		if _, err := Parse(FileName, src); err != nil {
			t.Errorf("%s: parse: %v", name, err)
		}
		if err := validateYAML(t, src); err != nil {
			t.Errorf("%s: schema: %v", name, err)
		}
	}
}

var fence = regexp.MustCompile("(?s)```yaml\n(.*?)```")

func yamlBlocks(t *testing.T, path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range fence.FindAllSubmatch(b, -1) {
		out = append(out, string(m[1]))
	}
	if len(out) == 0 {
		t.Fatalf("%s has no YAML example", path)
	}
	return out
}

// TestSchemaAgreesWithParser runs the same configs through both: what one
// accepts the other must accept, except for the checks a schema cannot
// express, listed with the reason.
func TestSchemaAgreesWithParser(t *testing.T) {
	cases := []struct {
		src        string
		parser     bool // Parse accepts it
		schema     bool // the schema accepts it
		parserOnly string
	}{
		{src: "", parser: true, schema: true},
		{src: "rules:\nsettings:\nexclude:\nkinds:\nfail-on:\npolicies:\nignore:\n", parser: true, schema: true},
		{src: "fail-on: HiGh\n", parser: true, schema: true},
		{src: "fail-on: loud\n", parser: false, schema: false},
		{src: "fail-on: 3\n", parser: false, schema: false},
		{src: "fail-on: [high]\n", parser: false, schema: false},
		{src: "rules: {iam/a: 'OFF', iam/b: Enabled, iam/c: crItical, iam/d: false, iam/e: 'true'}\n", parser: true, schema: true},
		{src: "rules: {iam/a: {}}\n", parser: true, schema: true},
		{src: "rules: {iam/a: {enabled: false, severity: LOW}}\n", parser: true, schema: true},
		{src: "rules: {iam/a: {enabled: no}}\n", parser: false, schema: false},
		{src: "rules: {iam/a: {enabled: null}}\n", parser: false, schema: false},
		{src: "rules: {iam/a: {severity: loud}}\n", parser: false, schema: false},
		{src: "rules: {iam/a: {enable: true}}\n", parser: false, schema: false},
		{src: "rules: {iam/a: loud}\n", parser: false, schema: false},
		{src: "rules: {iam/a: 2}\n", parser: false, schema: false},
		{src: "rules: {iam/a: }\n", parser: false, schema: false},
		{src: "rules: {iam/a: [high]}\n", parser: false, schema: false},
		{src: "rules: {full-admin: off}\n", parser: false, schema: false},
		{src: "rules: {iam/a/b: off}\n", parser: false, schema: false},
		{src: "rules: [iam/a]\n", parser: false, schema: false},
		{src: "settings: {anything: {goes: [1]}}\n", parser: true, schema: true},
		{src: "settings: [a]\n", parser: false, schema: false},
		{src: "exclude: [a/**, ./b]\n", parser: true, schema: true},
		{src: "exclude: a/**\n", parser: false, schema: false},
		{src: "exclude: ['  ']\n", parser: false, schema: false},
		{src: "exclude: [[a]]\n", parser: false, schema: false},
		{src: "exclude: ['[']\n", parser: false, schema: true, parserOnly: "glob syntax"},
		{src: "kinds: {'*.json': iam-policy}\n", parser: true, schema: true},
		{src: "kinds: {'*.json': jenkins}\n", parser: false, schema: false},
		{src: "kinds: {'*.json': IAM-policy}\n", parser: false, schema: false},
		{src: "kinds: {'*.json': terraform-module}\n", parser: false, schema: false},
		{src: "kinds: ['*.json']\n", parser: false, schema: false},
		{src: "policies: [rego]\n", parser: true, schema: true},
		{src: "policies: rego\n", parser: false, schema: false},
		{src: "policies: ['']\n", parser: false, schema: false},
		{src: "ignore: [{rule: iam/a, path: a.json}]\n", parser: true, schema: true},
		{src: "ignore: [{rule: 'iam/*', path: a, at: 'Statement[0]', reason: r, expires: 2027-03-01}]\n", parser: true, schema: true},
		{src: "ignore: [{rule: iam/a, path: a.json, reason: }]\n", parser: true, schema: true},
		{src: "ignore: [{rule: iam/a}]\n", parser: false, schema: false},
		{src: "ignore: [{path: a.json}]\n", parser: false, schema: false},
		{src: "ignore: [{rule: iam/a, path: a.json, why: x}]\n", parser: false, schema: false},
		{src: "ignore: [{rule: iam, path: a.json}]\n", parser: false, schema: false},
		{src: "ignore: [{rule: iam/a, path: a.json, at: ''}]\n", parser: false, schema: false},
		{src: "ignore: [{rule: iam/a, path: a.json, expires: soon}]\n", parser: false, schema: false},
		{src: "ignore: [{rule: iam/a, path: a.json, expires: 2027-3-1}]\n", parser: false, schema: false},
		{src: "ignore: [{rule: iam/a, path: a.json, expires: 2027-13-01}]\n", parser: false, schema: false},
		{src: "ignore: [{rule: iam/a, path: a.json, expires: 2027-03-01T10:00:00Z}]\n", parser: false, schema: false},
		{src: "ignore: [{rule: iam/a, path: '['}]\n", parser: false, schema: true, parserOnly: "glob syntax"},
		{src: "ignore: {rule: iam/a, path: a.json}\n", parser: false, schema: false},
		{src: "ignore: [iam/a]\n", parser: false, schema: false},
		{src: "rulez: {}\n", parser: false, schema: false},
		{src: "- rules\n", parser: false, schema: false},
	}
	for _, tc := range cases {
		_, perr := Parse("c.yaml", []byte(tc.src))
		serr := validateYAML(t, []byte(tc.src))
		if (perr == nil) != tc.parser {
			t.Errorf("%q: parser error %v, want accepted=%v", tc.src, perr, tc.parser)
		}
		if (serr == nil) != tc.schema {
			t.Errorf("%q: schema error %v, want accepted=%v", tc.src, serr, tc.schema)
		}
		if tc.parser != tc.schema && tc.parserOnly == "" {
			t.Errorf("%q: parser and schema disagree with no reason given", tc.src)
		}
	}
}

// TestSchemaMatchesParser: the keys, kinds and severities the schema lists
// are the ones the parser knows, and every key has a description (editors
// show them on hover).
func TestSchemaMatchesParser(t *testing.T) {
	s, err := schemaDoc()
	if err != nil {
		t.Fatal(err)
	}
	get := func(path ...string) map[string]any {
		var cur any = s
		for _, p := range path {
			m, ok := cur.(map[string]any)
			if !ok {
				t.Fatalf("schema: no %s", strings.Join(path, "."))
			}
			cur = m[p]
		}
		m, ok := cur.(map[string]any)
		if !ok {
			t.Fatalf("schema: %s is not an object", strings.Join(path, "."))
		}
		return m
	}
	sameSet := func(what string, schemaKeys, parserKeys []string) {
		a, b := slices.Clone(schemaKeys), slices.Clone(parserKeys)
		sort.Strings(a)
		sort.Strings(b)
		if !slices.Equal(a, b) {
			t.Errorf("%s: schema has %v, parser %v", what, a, b)
		}
	}
	keys := func(m map[string]any) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		return out
	}
	strs := func(v any) []string {
		var out []string
		for _, x := range v.([]any) {
			out = append(out, x.(string))
		}
		return out
	}

	sameSet("top-level keys", keys(get("properties")), Keys)
	sameSet("ignore entry keys", keys(get("definitions", "ignoreEntry", "properties")), ignoreKeys)
	long := get("definitions", "ruleSetting")["anyOf"].([]any)[3].(map[string]any)["properties"].(map[string]any)
	sameSet("rule options", keys(long), ruleOptionKeys)
	sameSet("kinds", strs(get("definitions", "kind")["enum"]), kind.FileKinds())
	var sevs []string
	for s := rule.Info; s <= rule.Critical; s++ {
		sevs = append(sevs, s.String())
	}
	sameSet("severities", strs(get("definitions", "severity")["anyOf"].([]any)[0].(map[string]any)["enum"]), sevs)
	sameSet("rule shorthands", strs(get("definitions", "ruleSetting")["anyOf"].([]any)[0].(map[string]any)["enum"]), append([]string{"off", "on"}, sevs...))
	if s["$schema"] != "http://json-schema.org/draft-07/schema#" || s["$id"] != SchemaURL {
		t.Errorf("$schema %v, $id %v", s["$schema"], s["$id"])
	}
	for _, k := range Keys {
		if d, _ := get("properties", k)["description"].(string); len(d) < 20 {
			t.Errorf("key %s has no description", k)
		}
	}
	for k, v := range get("definitions", "ignoreEntry", "properties") {
		if d, _ := v.(map[string]any)["description"].(string); len(d) < 20 {
			t.Errorf("ignore key %s has no description", k)
		}
	}
}
