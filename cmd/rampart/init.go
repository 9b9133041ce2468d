package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/rampart-lint/rampart/lint/config"
)

func initCommand() *cobra.Command {
	var dir string
	var force bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a commented starting " + config.FileName,
		Long: `Write a commented starting ` + config.FileName + ` in the current directory (or --dir):
fail-on, a rule override, excludes, and a commented ignore example. Its first
line points YAML language servers at the config's JSON schema, so editors
complete and check it. An existing file is left alone unless --force is given.`,
		Example: `  rampart init
  rampart init --dir infra --force`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runInit(cmd, dir, force)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", ".", "directory to write "+config.FileName+" in")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing "+config.FileName)
	return cmd
}

func runInit(cmd *cobra.Command, dir string, force bool) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("--dir: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("--dir: %s is not a directory", dir)
	}
	p := filepath.Join(dir, config.FileName)
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	// O_EXCL makes "refuse to overwrite" atomic: no window between a check
	// and the write in which another process could create the file.
	f, err := os.OpenFile(p, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; rampart init --force overwrites it", p)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(config.Starter); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "wrote %s\n", p)
	// A config in a parent directory no longer applies below this one.
	if abs, err := filepath.Abs(dir); err == nil {
		if parent, _ := config.Find(filepath.Dir(abs)); parent != "" && filepath.Dir(abs) != abs {
			fmt.Fprintf(out, "note: %s is nearer to the files below %s than %s, which no longer applies to them\n", p, dir, parent)
		}
	}
	return nil
}
