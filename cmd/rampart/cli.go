package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/rampart-lint/rampart/lint/report"
)

// Exit codes.
const (
	exitClean    = 0 // nothing at or above the fail level
	exitFindings = 1 // findings at or above the fail level
	exitError    = 2 // usage, configuration or internal error
)

// exitCodeError carries an exit code out of a command without printing.
type exitCodeError struct{ code int }

func (e exitCodeError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root := rootCommand(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	var ec exitCodeError
	switch {
	case err == nil:
		return exitClean
	case errors.As(err, &ec):
		return ec.code
	default:
		// Errors may quote the config or a file; never a credential.
		fmt.Fprintf(stderr, "rampart: %v\n", report.RedactCredentials(err.Error()))
		return exitError
	}
}

func rootCommand(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "rampart",
		Short: "Static security linter for CI/CD configuration",
		Long: `rampart checks AWS IAM policies, pipeline definitions and infrastructure-as-code
for the mistakes that turn a CI/CD pipeline into a way into your account:
leaked secrets, over-broad roles, unpinned dependencies, missing approvals and
erasable audit trails.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(lintCommand(), testCommand(), rulesCommand(), explainCommand(), versionCommand(), lspCommand())
	root.AddCommand(initCommand())
	return root
}
