package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/pflag"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/config"
)

// limitFlags are rampart lint's flags for the limits (docs/limits.md). An
// unset flag leaves the limit to the config's limits:, then the default.
type limitFlags struct {
	maxFileSize   string
	maxDepth      string
	maxAliasNodes string
	fileTimeout   string
}

func (f *limitFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&f.maxFileSize, "max-file-size", "", "largest file linted, e.g. 20MiB (default 10MiB, or the config's limits.max-file-size)")
	fl.StringVar(&f.maxDepth, "max-depth", "", "deepest nesting of mappings and lists accepted (default 1000)")
	fl.StringVar(&f.maxAliasNodes, "max-alias-nodes", "", "nodes YAML aliases and Terraform references may add by expansion in one file (default 100000)")
	fl.StringVar(&f.fileTimeout, "file-timeout", "", "time allowed to lint one file, e.g. 1m (default 30s)")
}

// apply sets the limits given on the command line.
func (f *limitFlags) apply(opts *lint.Options) error {
	var err error
	if f.maxFileSize != "" {
		if opts.MaxFileSize, err = config.ParseSize(f.maxFileSize); err != nil {
			return fmt.Errorf("--max-file-size: %w", err)
		}
	}
	if f.maxDepth != "" {
		if opts.Limits.MaxDepth, err = config.ParseMaxDepth(f.maxDepth); err != nil {
			return fmt.Errorf("--max-depth: %w", err)
		}
	}
	if f.maxAliasNodes != "" {
		n, err := strconv.Atoi(f.maxAliasNodes)
		if err != nil || n <= 0 {
			return fmt.Errorf("--max-alias-nodes: want a whole number above 0, not %q", f.maxAliasNodes)
		}
		opts.Limits.MaxAliasNodes = n
	}
	if f.fileTimeout != "" {
		if opts.FileTimeout, err = config.ParseTimeout(f.fileTimeout); err != nil {
			return fmt.Errorf("--file-timeout: %w", err)
		}
	}
	return nil
}
