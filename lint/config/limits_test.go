package config

import (
	"strings"
	"testing"
	"time"
)

func TestLimits(t *testing.T) {
	c, err := Parse("/repo/.rampart.yaml", []byte("limits:\n  max-file-size: 20MiB\n  max-depth: 200\n  max-alias-nodes: 5000\n  file-timeout: 90s\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Limits{MaxFileSize: 20 << 20, MaxDepth: 200, MaxAliasNodes: 5000, FileTimeout: 90 * time.Second}
	if c.Limits != want {
		t.Errorf("limits %+v, want %+v", c.Limits, want)
	}
	// Unset keys stay zero: the command line, then the defaults, decide.
	for src, want := range map[string]Limits{
		"limits:\n  max-depth: 50\n":       {MaxDepth: 50},
		"limits:\n  max-file-size: 4096\n": {MaxFileSize: 4096},
		"limits:\n":                        {},
		"limits: {}\n":                     {},
	} {
		c, err := Parse("/repo/.rampart.yaml", []byte(src))
		if err != nil || c.Limits != want {
			t.Errorf("%q: %+v, %v; want %+v", src, c.Limits, err, want)
		}
	}
}

// Every bad limit is an error at the offending key or value.
func TestLimitsErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"limits:\n  max-file-size: huge\n", `:2:18: limits.max-file-size: invalid size "huge"`},
		{"limits:\n  max-file-size: 0\n", ":2:18: limits.max-file-size: size must be more than 0"},
		{"limits:\n  max-depth: -3\n", ":2:14: limits.max-depth: must be more than 0"},
		{"limits:\n  max-depth: '50'\n", `:2:14: limits.max-depth: want a whole number, got "50"`},
		{"limits:\n  max-depth: 20000\n", ":2:14: limits.max-depth: 20000 is above the highest nesting rampart can parse safely, 10000"},
		{"limits:\n  max-alias-nodes: lots\n", `:2:20: limits.max-alias-nodes: want a whole number, got "lots"`},
		{"limits:\n  file-timeout: 30\n", `:2:17: limits.file-timeout: invalid duration "30" (want e.g. 30s or 2m)`},
		{"limits:\n  file-timeout: -1s\n", ":2:17: limits.file-timeout: duration must be more than 0"},
		{"limits:\n  max-depht: 10\n", `:2:3: limits: unknown key "max-depht" (known: max-file-size, max-depth, max-alias-nodes, file-timeout)`},
		{"limits:\n  max-depth: [1, 2]\n", ":2:14: limits.max-depth: want a string, got a list"},
		{"limits: 10MiB\n", `:1:9: limits: want a mapping of max-file-size, max-depth, max-alias-nodes, file-timeout, got "10MiB"`},
		{"limitz: {}\n", `unknown key "limitz"`},
	} {
		_, err := Parse("/repo/.rampart.yaml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.src, err, tc.want)
		}
	}
}

// The schema and the parser agree on limits:, except where a pattern cannot
// say it.
func TestLimitsSchema(t *testing.T) {
	for _, tc := range []struct {
		src            string
		parser, schema bool
		parserOnly     string
	}{
		{src: "limits:\n  max-file-size: 20MiB\n  max-depth: 200\n  max-alias-nodes: 5000\n  file-timeout: 1m30s\n", parser: true, schema: true},
		{src: "limits:\n  max-file-size: 4096\n", parser: true, schema: true},
		{src: "limits:\n  max-file-size: 5 MB\n", parser: true, schema: true},
		{src: "limits:\n  max-file-size: 0\n", parser: false, schema: false},
		{src: "limits:\n  max-file-size: 0MiB\n", parser: false, schema: false},
		{src: "limits:\n  max-file-size: 1.5MiB\n", parser: false, schema: false},
		{src: "limits:\n  max-file-size: 10mb\n", parser: false, schema: false},
		{src: "limits:\n  max-file-size: 99999999999999999999\n", parser: false, schema: true, parserOnly: "overflow"},
		{src: "limits:\n  max-file-size: 9999999999GiB\n", parser: false, schema: true, parserOnly: "overflow"},
		{src: "limits:\n  max-depth: 10000\n", parser: true, schema: true},
		{src: "limits:\n  max-depth: 10001\n", parser: false, schema: false},
		{src: "limits:\n  max-depth: 0\n", parser: false, schema: false},
		{src: "limits:\n  max-depth: '5'\n", parser: false, schema: false},
		{src: "limits:\n  max-alias-nodes: 1\n", parser: true, schema: true},
		{src: "limits:\n  max-alias-nodes: 1.5\n", parser: false, schema: false},
		{src: "limits:\n  file-timeout: 90s\n", parser: true, schema: true},
		{src: "limits:\n  file-timeout: 1h30m\n", parser: true, schema: true},
		{src: "limits:\n  file-timeout: 30\n", parser: false, schema: false},
		{src: "limits:\n  file-timeout: soon\n", parser: false, schema: false},
		{src: "limits:\n  file-timeout: 0s\n", parser: false, schema: true, parserOnly: "a duration above zero"},
		{src: "limits:\n  timeout: 1m\n", parser: false, schema: false},
		{src: "limits: [1]\n", parser: false, schema: false},
	} {
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

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1": 1, "512B": 512, "64KiB": 64 << 10, "20MiB": 20 << 20, "20 MiB": 20 << 20, "1GiB": 1 << 30, "5MB": 5_000_000, "2KB": 2000} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "1.5MiB", "10mb", "MiB", "99999999999999999999", "9000000000GiB"} {
		if got, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", in, got)
		}
	}
}
