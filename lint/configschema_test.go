package lint_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestSchemaSettings: the config's JSON schema describes every setting a
// built-in rule reads, with the type of its default, and no setting that
// none reads. (It lives here rather than in lint/config so that the config
// package's fuzz binary does not carry the policy engine.)
func TestSchemaSettings(t *testing.T) {
	b, err := os.ReadFile("../docs/config.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	props := s["properties"].(map[string]any)["settings"].(map[string]any)["properties"].(map[string]any)
	read := map[string]bool{}
	for _, r := range newLinter(t).Rules() {
		if !r.Builtin {
			continue
		}
		for name, def := range r.Settings {
			read[name] = true
			p, ok := props[name].(map[string]any)
			if !ok {
				t.Errorf("%s reads setting %s, which docs/config.schema.json does not describe", r.ID, name)
				continue
			}
			if want := jsonType(def); p["type"] != want {
				t.Errorf("setting %s: schema type %v, default %v is %s", name, p["type"], def, want)
			}
			if d, _ := p["description"].(string); !strings.Contains(d, r.ID) {
				t.Errorf("setting %s: description does not name %s, which reads it", name, r.ID)
			}
		}
	}
	for name := range props {
		if !read[name] {
			t.Errorf("schema describes setting %s, which no built-in rule reads", name)
		}
	}
}

func jsonType(v any) string {
	switch v := v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case int, int64:
		return "integer"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}
