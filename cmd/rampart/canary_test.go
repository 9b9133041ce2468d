package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/internal/canary"
)

// The command line's canary: credentials planted in a file of every kind
// (and in files that do not parse) appear in no output format and in nothing
// printed on stderr, verbose notes included. lint/canary_test.go checks the
// findings and reporters one by one; this checks what a CI log shows.
func TestCanaryCLI(t *testing.T) {
	s := canary.New()
	dir := t.TempDir()
	for _, f := range append(canary.Files(s), canary.BrokenFiles(s)...) {
		write(t, dir, filepath.FromSlash(f.Path), f.Text)
	}
	// A file rampart skips, and one it cannot read as text: their notes
	// on stderr name them, never their content.
	write(t, dir, "notes/unknown.yaml", "token: "+s.GitHubPAT+"\n")
	write(t, dir, "notes/garbled.json", "{\x00"+s.NPM+"}")

	// lint/canary_test.go renders these files' results in every format;
	// here each run compiles the rules, so runs are few: text with colour
	// (escapes split what a plain search looks for) and SARIF, the one
	// format the command line feeds differently (suppressed findings kept).
	for _, args := range [][]string{
		{"lint", "-v", "--format", "text", "--color", "always"},
		{"lint", "-v", "--format", "sarif"},
	} {
		// The directory, and two files named as well: named files are
		// read as far as they can be, and their notes printed.
		code, out, errOut := runCLI(t, append(args, dir, filepath.Join(dir, "notes", "unknown.yaml"), filepath.Join(dir, "notes", "garbled.json"))...)
		if code != exitFindings {
			t.Errorf("%v: exit %d, want 1\n%s", args, code, errOut)
		}
		if !strings.Contains(out, "secrets/hardcoded-credential") {
			t.Errorf("%v: no secret reported, so nothing was masked:\n%s", args, out)
		}
		if leaks := s.Leaks(out); len(leaks) > 0 {
			t.Errorf("%v: stdout leaks %v:\n%s", args, leaks, out)
		}
		if leaks := s.Leaks(errOut); len(leaks) > 0 {
			t.Errorf("%v: stderr leaks %v:\n%s", args, leaks, errOut)
		}
		if !strings.Contains(errOut, "skipped "+filepath.Join(dir, "notes", "unknown.yaml")) {
			t.Errorf("%v: -v printed no skip notes, so they are untested:\n%s", args, errOut)
		}
	}

	// A credential pasted where the config wants a severity is quoted back
	// by the error about it, masked.
	write(t, dir, ".rampart.yaml", "rules:\n  iam/full-admin: "+s.GitHubPAT+"\n")
	code, out, errOut := runCLI(t, "lint", dir)
	if code != exitError || !strings.Contains(errOut, "unknown severity") {
		t.Errorf("bad config: exit %d, stderr %q", code, errOut)
	}
	if leaks := s.Leaks(out + errOut); len(leaks) > 0 {
		t.Errorf("bad config: output leaks %v: %s", leaks, errOut)
	}
}
