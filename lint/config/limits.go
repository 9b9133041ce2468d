package config

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/rampart-lint/rampart/lint/source"
)

// Limits bound the work one file can cause (the config's limits: key). Zero
// fields are unset: the command line, then the built-in defaults, decide.
type Limits struct {
	// MaxFileSize is the largest file linted, in bytes.
	MaxFileSize int64
	// MaxDepth is the deepest nesting of mappings and sequences accepted.
	MaxDepth int
	// MaxAliasNodes is how many nodes YAML aliases and Terraform references
	// may add by expansion in one file.
	MaxAliasNodes int
	// FileTimeout bounds the time spent evaluating the rules on one file.
	FileTimeout time.Duration
}

// limitKeys are the keys of limits:, in the order the docs give them.
var limitKeys = []string{"max-file-size", "max-depth", "max-alias-nodes", "file-timeout"}

// limits reads the limits: mapping. Each value is checked here so that a
// typo or a nonsensical limit is an error at its place, not a limit that
// silently does something else.
func (p *parser) limits(n *yaml.Node) (Limits, error) {
	var l Limits
	kvs, err := p.pairs("limits", n, "a mapping of "+strings.Join(limitKeys, ", "))
	if err != nil {
		return l, err
	}
	for _, kv := range kvs {
		k, err := p.key("limits", kv[0])
		if err != nil {
			return l, err
		}
		where := "limits." + k
		if !slices.Contains(limitKeys, k) {
			return l, p.errf(kv[0], "limits: unknown key %q (known: %s)", k, strings.Join(limitKeys, ", "))
		}
		v, err := p.str(where, kv[1])
		if err != nil {
			return l, err
		}
		if (k == "max-depth" || k == "max-alias-nodes") && deref(kv[1]).ShortTag() != "!!int" {
			return l, p.errf(kv[1], "%s: want a whole number, got %s", where, describe(kv[1]))
		}
		switch k {
		case "max-file-size":
			l.MaxFileSize, err = ParseSize(v)
		case "max-depth":
			l.MaxDepth, err = ParseMaxDepth(v)
		case "max-alias-nodes":
			l.MaxAliasNodes, err = positiveInt(v)
		case "file-timeout":
			l.FileTimeout, err = ParseTimeout(v)
		}
		if err != nil {
			return l, p.errf(kv[1], "%s: %v", where, err)
		}
	}
	return l, nil
}

var sizeRe = regexp.MustCompile(`^(\d+)\s*([KMG]i?B|B)?$`)

var sizeUnits = map[string]int64{"": 1, "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}

// ParseSize reads a size in bytes: a number, optionally followed by B, KiB,
// MiB, GiB (powers of 1024) or KB, MB, GB (powers of 1000).
func ParseSize(s string) (int64, error) {
	m := sizeRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("invalid size %q (want bytes, or a number with KiB, MiB or GiB, e.g. 20MiB)", s)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	unit := sizeUnits[m[2]]
	if err != nil || n > (1<<62)/unit {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	if n == 0 {
		return 0, fmt.Errorf("size must be more than 0")
	}
	return n * unit, nil
}

// ParseMaxDepth reads a nesting limit, which cannot exceed what the parsers
// can recurse through safely.
func ParseMaxDepth(s string) (int, error) {
	n, err := positiveInt(s)
	if err == nil && n > source.MaxDepthCap {
		err = fmt.Errorf("%d is above the highest nesting rampart can parse safely, %d", n, source.MaxDepthCap)
	}
	return n, err
}

// ParseTimeout reads a duration such as 30s or 2m.
func ParseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (want e.g. 30s or 2m)", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("duration must be more than 0")
	}
	return d, nil
}

func positiveInt(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("want a whole number, not %q", s)
	}
	if n <= 0 {
		return 0, fmt.Errorf("must be more than 0")
	}
	return n, nil
}
