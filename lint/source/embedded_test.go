package source

import "testing"

func TestParseEmbeddedJSON(t *testing.T) {
	host := "a: '{\"Action\": [\"s3:*\"]}'\n" +
		"b: |\n  {\n    \"Action\": \"iam:*\"\n  }\n" +
		"c: \"{\\\"Action\\\": \\\"x\\\"}\"\n"
	lines := NewLines([]byte(host))
	docs, err := Parse("h.yaml", []byte(host), YAML, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	cases := []struct {
		key  string
		path Path
		want string
	}{
		{"a", Path{"Action", 0}, `"s3:*"`},
		{"a", Path{"Action"}, `["s3:*"]`},
		{"b", Path{"Action"}, `"iam:*"`},
		// Escapes break the byte-for-byte mapping: the whole string stands in.
		{"c", Path{"Action"}, `"{\"Action\": \"x\"}"`},
	}
	for _, tc := range cases {
		n := d.Root.Field(tc.key)
		s, _ := d.Value.(map[string]any)[tc.key].(string)
		_, root, perr := ParseEmbeddedJSON(s, lines, n.Value, Limits{})
		if perr != nil {
			t.Fatalf("%s: %v", tc.key, perr)
		}
		r := root.RangeOf(tc.path, false, lines)
		if got := host[r.Start.Offset:r.End.Offset]; got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.key, tc.path, got, tc.want)
		}
	}
	// A syntax error inside the string is placed in the host file.
	bad := "p: '{\"Action\": [}'\n"
	bl := NewLines([]byte(bad))
	bd, _ := Parse("b.yaml", []byte(bad), YAML, Limits{})
	_, _, perr := ParseEmbeddedJSON("{\"Action\": [}", bl, bd[0].Root.Field("p").Value, Limits{})
	if perr == nil || perr.Range.Start.String() != "1:17" {
		t.Errorf("error = %v, want it at 1:17", perr)
	}
}
