package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/rampart-lint/rampart/lsp"
)

type lspFlags struct {
	logFile  string
	verbose  bool
	debounce time.Duration
	jobs     int
	policies []string
}

func lspCommand() *cobra.Command {
	var f lspFlags
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Serve the Language Server Protocol over stdin and stdout",
		Long: `Serve the Language Server Protocol over stdin and stdout, for editors:
diagnostics as you type, rule explanations on hover, and quick fixes that add
a suppression comment. Each workspace folder's .rampart.yaml is loaded at
start and reloaded when it changes, with its custom policies: .rego files in
a policy directory get their load errors as diagnostics.

stdout carries the protocol only; logs go to stderr, or to --log-file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Latency matters more than footprint while someone types,
			// within a bound an editor can live with.
			tuneGC(400, 256<<20)
			return runLSP(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.logFile, "log-file", "", "append logs to this file instead of stderr")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "log every lint run and ignored message")
	fl.DurationVar(&f.debounce, "debounce", lsp.DefaultDebounce, "wait this long after the last change before linting")
	fl.IntVarP(&f.jobs, "jobs", "j", 0, "documents linted at once (default: max(2, CPUs))")
	fl.StringArrayVar(&f.policies, "policies", nil, policiesUsage)
	return cmd
}

func runLSP(cmd *cobra.Command, f lspFlags) error {
	var logw io.Writer = cmd.ErrOrStderr()
	if f.logFile != "" {
		lf, err := os.OpenFile(f.logFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("--log-file: %w", err)
		}
		defer lf.Close()
		logw = lf
	}
	level := slog.LevelInfo
	if f.verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: level}))
	// Relative to where the server starts, as for rampart lint; the
	// folders' configs resolve their own against themselves.
	var policies []string
	for _, d := range f.policies {
		abs, err := filepath.Abs(d)
		if err != nil {
			return fmt.Errorf("--policies: %w", err)
		}
		policies = append(policies, abs)
	}

	in, out := cmd.InOrStdin(), cmd.OutOrStdout()
	if out == os.Stdout {
		// stdout belongs to the protocol: anything else printed there would
		// corrupt the stream, so stray writes go to stderr.
		os.Stdout = os.Stderr
		defer func() { os.Stdout = out.(*os.File) }()
	}
	srv := lsp.New(lsp.Options{
		Debounce: f.debounce,
		Workers:  f.jobs,
		Logger:   logger,
		Version:  lspVersion(),
		Policies: policies,
	})
	err := srv.Serve(cmd.Context(), stdio{in, out})
	if errors.Is(err, lsp.ErrNoShutdown) {
		logger.Warn(err.Error())
		return exitCodeError{1} // what the protocol asks for
	}
	return err
}

// stdio joins the two halves of the protocol stream. Closing it closes
// neither: the process ends right after.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }

func lspVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}
