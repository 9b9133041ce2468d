package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/config"
	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/report"
)

type lintFlags struct {
	format    string
	failOn    string
	config    string
	kind      string
	color     string
	noIgnores bool
	noSource  bool
	skipUnk   bool
	jobs      int
	verbose   bool
	policies  []string

	baseline      string
	writeBaseline string
	fix           bool
	limits        limitFlags
}

func lintCommand() *cobra.Command {
	var f lintFlags
	cmd := &cobra.Command{
		Use:   "lint [paths...]",
		Short: "Lint files and directories (default: the current directory)",
		Long: `Lint files and directories. Directories are walked recursively, honouring
.gitignore and including hidden directories such as .github. Files named
explicitly are always linted, unless --skip-unknown treats them as a walk
would: files of no known kind skipped quietly.

A baseline lets a repository with old findings fail only on new ones:
--write-baseline records every current finding, and --baseline leaves out
those it holds (matched by rule, file and logical path, not by line).

Exit status: 0 when no finding is at or above --fail-on, 1 when one is,
2 on a usage, configuration or internal error. Baselined findings never
fail a run, and --write-baseline exits 0 unless there is an error.`,
		Example: `  rampart lint
  rampart lint --format json policies/ .github/workflows/build.yml
  rampart lint --kind iam-policy role.json
  rampart lint --policies ci/policies .
  rampart lint --write-baseline .rampart-baseline.json
  rampart lint --baseline .rampart-baseline.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			tuneGC(400, 150<<20)
			return runLint(cmd, args, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(report.Formats, ", "))
	fl.StringVar(&f.failOn, "fail-on", "", "lowest severity that fails the run: info, low, medium, high, critical (default low, or the config's fail-on)")
	fl.StringVarP(&f.config, "config", "c", "", "config file (default: .rampart.yaml found upward from the first path)")
	fl.StringVar(&f.kind, "kind", "", "read every file as this kind: "+strings.Join(kind.FileKinds(), ", "))
	fl.StringVar(&f.color, "color", "auto", "colour the text output: auto, always, never")
	fl.BoolVar(&f.noIgnores, "no-ignores", false, "ignore suppression comments and the config's ignore: entries, to audit what they hide")
	fl.BoolVar(&f.skipUnk, "skip-unknown", false, "skip named files of no known kind quietly, as a directory walk does (the pre-commit hook's mode)")
	fl.BoolVar(&f.noSource, "no-source", false, "text output: leave out the source line under each finding")
	fl.IntVarP(&f.jobs, "jobs", "j", 0, "files linted in parallel (default: one per CPU)")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "say which files were skipped and why")
	fl.StringArrayVar(&f.policies, "policies", nil, policiesUsage)
	fl.StringVar(&f.baseline, "baseline", "", "leave out the findings this baseline file holds; only new ones fail (with -v, list entries no longer found)")
	fl.StringVar(&f.writeBaseline, "write-baseline", "", "write every current finding to this baseline file, and exit 0")
	fl.BoolVar(&f.fix, "fix", false, "apply the safe fixes of fixable rules in place, then report what is left")
	f.limits.register(fl)
	return cmd
}

func runLint(cmd *cobra.Command, paths []string, f lintFlags) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	cfg, err := loadConfig(f.config, paths[0])
	if err != nil {
		return err
	}
	cfg = withPolicies(cfg, f.policies)
	failOn := lint.Low
	if cfg != nil && cfg.FailOn != nil {
		failOn = *cfg.FailOn
	}
	if f.failOn != "" {
		if failOn, err = lint.ParseSeverity(f.failOn); err != nil {
			return fmt.Errorf("--fail-on: %w", err)
		}
	}
	color, err := useColor(f.color, stdout)
	if err != nil {
		return err
	}
	bl, err := newBaselineRun(f)
	if err != nil {
		return err
	}
	opts := lint.Options{
		Config:    cfg,
		Kind:      f.kind,
		Jobs:      f.jobs,
		NoIgnores: f.noIgnores,
		// SARIF keeps suppressed findings, marked, for code scanning to
		// show as dismissed; they neither count nor fail the run.
		KeepSuppressed: f.format == "sarif",
		SkipUnknown:    f.skipUnk,
	}
	if err := f.limits.apply(&opts); err != nil {
		return err
	}
	linter, err := lint.New(cmd.Context(), opts)
	if err != nil {
		return err
	}
	fixBroken := f.fix && applyFixes(cmd.Context(), linter, paths, stderr, f.verbose)
	var rules []lint.Rule
	for _, r := range linter.Rules() {
		if linter.Enabled(r.ID) {
			rules = append(rules, r)
		}
	}
	root, _ := os.Getwd()
	rep, err := report.New(f.format, stdout, report.Options{
		Color:    color,
		NoSource: f.noSource,
		Source:   readSource,
		Rules:    rules,
		Version:  lspVersion(),
		Root:     root,

		BaselineState: bl.state(),
	})
	if err != nil {
		return err
	}

	sum := report.Summary{BySeverity: map[string]int{}}
	failed, broken := false, fixBroken
	var repErr error
	err = linter.LintPathsFunc(cmd.Context(), paths, func(fr lint.FileResult) {
		fr = bl.filter(fr)
		if fr.Err != nil {
			broken = true
			fmt.Fprintf(stderr, "rampart: error: %s\n", report.RedactCredentials(fr.Err.Error()))
		}
		if fr.Skipped != "" {
			if fr.Explicit && !f.skipUnk || f.verbose {
				fmt.Fprintf(stderr, "rampart: skipped %s: %s\n", fr.File, fr.Skipped)
			}
			return
		}
		if !fr.Repository {
			sum.Files++
		}
		for _, fd := range fr.Findings {
			if fd.Suppression != nil {
				sum.Suppressed++
				continue
			}
			if bl.known(fd) {
				continue
			}
			sum.Findings++
			sum.BySeverity[fd.Severity.String()]++
			if fd.Severity >= failOn {
				failed = true
			}
		}
		if err := rep.File(fr); err != nil && repErr == nil {
			repErr = err
		}
	})
	if err != nil {
		return err
	}
	if repErr != nil {
		return repErr
	}
	sum.Baselined = bl.count()
	if err := rep.Finish(sum); err != nil {
		return err
	}
	if err := bl.finish(stderr, f.verbose, broken); err != nil {
		return err
	}
	if f.writeBaseline != "" && !broken {
		return nil // the findings are recorded, not failures
	}
	switch {
	case broken:
		return exitCodeError{exitError}
	case failed:
		return exitCodeError{exitFindings}
	}
	return nil
}

func loadConfig(explicit, firstPath string) (*config.Config, error) {
	p := explicit
	if p == "" {
		dir := firstPath
		if info, err := os.Stat(firstPath); err == nil && !info.IsDir() {
			dir = filepath.Dir(firstPath)
		}
		found, err := config.Find(dir)
		if err != nil || found == "" {
			return nil, err
		}
		p = found
	}
	return config.Load(p)
}

// withPolicies adds the --policies directories to the config's own, on a
// copy: lint.New loads them all, each file once.
func withPolicies(cfg *config.Config, dirs []string) *config.Config {
	if len(dirs) == 0 {
		return cfg
	}
	c := config.Config{}
	if cfg != nil {
		c = *cfg
	}
	c.Policies = append(slices.Clip(c.Policies), dirs...)
	return &c
}

func useColor(mode string, w any) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
			return false, nil
		}
		f, ok := w.(*os.File)
		return ok && term.IsTerminal(int(f.Fd())), nil
	}
	return false, fmt.Errorf("--color: want auto, always or never, not %q", mode)
}

// readSource gives the text reporter a file's bytes for its source lines.
// Files are read again rather than kept from linting, so memory holds one
// file's text at a time.
func readSource(file string) []byte {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	return b
}
