//go:build e2e

// The Neovim end-to-end test runs with -tags e2e (as .ci/run does), so that
// the plain test command needs no editor installed.

package lsp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/fix"
)

// The end-to-end test: Neovim (Debian's 0.7 or newer) runs headless with
// editors/nvim/e2e/init.lua, which starts the real `rampart lsp` binary,
// opens a bad buildspec and a bad IAM policy, records the diagnostics the
// editor received, applies a real quick fix (npm install → npm ci) and then
// the "rampart: ignore" suppression of another finding, recording the buffer
// after each. The test compares all of it with what the lint library and
// the fix package say.
//
// Without nvim the test fails under CI (which installs it: .ci/run) and is
// skipped elsewhere.

// e2eSteps are the code actions applied, in order, to the buildspec.
var e2eSteps = []e2eStep{
	{Rule: "supply-chain/lockfile-bypassed", Title: "rampart: use npm ci instead of npm install"},
	{Rule: "supply-chain/remote-script-execution", Title: "rampart: ignore supply-chain/remote-script-execution here"},
}

type e2eStep struct {
	Rule  string `json:"rule"`
	Title string `json:"title"`
}

var e2eExamples = []string{
	"buildspec/bad-buildspec-secrets-and-installers.yml",
	"iam/bad-passrole-with-lambda.json",
}

type e2eDiag struct {
	Rule     string `json:"rule"`
	Code     string `json:"code"`
	DataRule string `json:"data_rule"`
	Docs     string `json:"docs"`
	Source   string `json:"source"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	EndLine  int    `json:"end_line"`
	EndCol   int    `json:"end_col"`
}

type e2eResult struct {
	Nvim        string               `json:"nvim"`
	Error       string               `json:"error"`
	Steps       []string             `json:"steps"`
	Diagnostics map[string][]e2eDiag `json:"diagnostics"`
	Fixes       []struct {
		e2eStep
		Line      int       `json:"line"`
		Actions   []string  `json:"actions"`
		Preferred bool      `json:"preferred"`
		Buffer    string    `json:"buffer"`
		After     []e2eDiag `json:"after"`
	} `json:"fixes"`
	Exit *struct {
		Code int `json:"code"`
	} `json:"exit"`
}

func TestNeovimEndToEnd(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Fatal("nvim is not installed: this end-to-end test drives a real Neovim (apt-get install -y neovim; .ci/run does)")
	}
	script, err := filepath.Abs(filepath.Join("..", "editors", "nvim", "e2e", "init.lua"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "rampart")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/rampart")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// The workspace: copies of the examples, so that nothing the test does
	// touches the repository, and no .rampart.yaml above them applies.
	ws := filepath.Join(tmp, "ws")
	var files []string
	for _, ex := range e2eExamples {
		src, err := os.ReadFile(filepath.Join("..", "testdata", "examples", ex))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(ws, filepath.FromSlash(ex))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	yamlFile := files[0]
	logFile := filepath.Join(tmp, "server.log")
	outFile := filepath.Join(tmp, "result.json")
	cfg := map[string]any{
		"cmd":        []string{bin, "lsp", "--log-file", logFile, "--verbose", "--debounce", "20ms"},
		"root":       ws,
		"files":      files,
		"fix":        map[string]any{"file": yamlFile, "steps": e2eSteps},
		"out":        outFile,
		"timeout_ms": 45000,
	}
	cfgFile := filepath.Join(tmp, "config.json")
	b, _ := json.Marshal(cfg)
	if err := os.WriteFile(cfgFile, b, 0o644); err != nil {
		t.Fatal(err)
	}

	// Bounded at 60 s; nvim's own watchdog gives up at 45 s and reports.
	nctx, ncancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer ncancel()
	cmd := exec.CommandContext(nctx, nvim, "--headless", "--clean", "-u", script)
	cmd.Dir = ws
	home := filepath.Join(tmp, "home")
	cmd.Env = append(os.Environ(),
		"RAMPART_E2E="+cfgFile,
		"HOME="+home, // nvim's lsp.log and shada stay in the temp dir
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"XDG_STATE_HOME="+filepath.Join(home, ".local", "state"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
	)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	runErr := cmd.Run()
	t.Logf("nvim ran for %v", time.Since(start).Round(time.Millisecond))

	var res e2eResult
	raw, readErr := os.ReadFile(outFile)
	if readErr == nil {
		readErr = json.Unmarshal(raw, &res)
	}
	if runErr != nil || readErr != nil || res.Error != "" {
		serverLog, _ := os.ReadFile(logFile)
		t.Fatalf("nvim: %v (context: %v)\nresult: %v %s\nnvim output:\n%s\nserver log:\n%s",
			runErr, nctx.Err(), readErr, raw, stderr.Bytes(), tail(serverLog, 4000))
	}
	t.Logf("Neovim %s: %s", res.Nvim, strings.Join(res.Steps, "; "))

	// What the editor received equals what the library finds: rule ids,
	// 0-based lines, byte columns (vim.diagnostic's unit), code, data and
	// docs link all present.
	ctx2 := context.Background()
	l, err := lint.New(ctx2, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		src, _ := os.ReadFile(f)
		want := libraryFindings(t, l, f, src)
		if len(want) == 0 {
			t.Fatalf("%s: the library finds nothing; the comparison proves nothing", f)
		}
		var got []string
		for _, d := range res.Diagnostics[f] {
			got = append(got, fmt.Sprintf("%s %d:%d", d.Rule, d.Line, d.Col))
			if d.Code != d.Rule || d.DataRule != d.Rule || d.Source != "rampart" || !strings.HasSuffix(d.Docs, "/docs/rules/"+d.Rule+".md") {
				t.Errorf("%s: diagnostic %+v: want code, data.rule, source rampart and a docs link", f, d)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n nvim    %v\n library %v", f, got, want)
		} else {
			t.Logf("%s: %v", filepath.Base(f), got)
		}
	}

	// Each step changed exactly what the action says; the editor's
	// diagnostics for the edited buffer equal the library's, which are the
	// ones before minus the finding dealt with (moved down a line below an
	// inserted comment).
	if len(res.Fixes) != len(e2eSteps) {
		t.Fatalf("%d steps ran, want %d", len(res.Fixes), len(e2eSteps))
	}
	text, _ := os.ReadFile(yamlFile)
	for i, st := range res.Fixes {
		before := libraryFindings(t, l, yamlFile, text)
		lines := strings.SplitAfter(string(text), "\n")
		if st.Line < 0 || st.Line >= len(lines) {
			t.Fatalf("step %d: line %d out of range", i, st.Line)
		}
		var wantText string
		shift := 0
		if i == 0 {
			// The fix: "npm install" becomes "npm ci" on the finding's line,
			// computed by the fix package for the library's finding.
			fr := l.LintBytes(ctx2, yamlFile, text)
			var fx *fix.Fix
			for _, f := range fr.Findings {
				if f.Rule == st.Rule && f.Range.Start.Line-1 == st.Line {
					if got, ok := fix.For(f, yamlFile, text); ok {
						fx = &got
					}
				}
			}
			if fx == nil || "rampart: "+fx.Title != st.Title {
				t.Fatalf("step %d: the fix package has no fix titled %q for %s on line %d", i, st.Title, st.Rule, st.Line)
			}
			out, err := fix.Apply(text, fx.Edits)
			if err != nil {
				t.Fatal(err)
			}
			wantText = string(out)
			if want := strings.Replace(lines[st.Line], "npm install", "npm ci", 1); strings.SplitAfter(wantText, "\n")[st.Line] != want || lines[st.Line] == want {
				t.Errorf("step %d: the fix changed line %d to %q, want %q", i, st.Line, strings.SplitAfter(wantText, "\n")[st.Line], want)
			}
			if !st.Preferred || !slices.Contains(st.Actions, "rampart: ignore "+st.Rule+" here") || st.Actions[0] != st.Title {
				t.Errorf("step %d: actions %q (preferred %v): want the fix first and preferred, then the suppression", i, st.Actions, st.Preferred)
			}
		} else {
			target := lines[st.Line]
			indent := target[:len(target)-len(strings.TrimLeft(target, " \t"))]
			comment := indent + "# rampart:ignore " + st.Rule + " -- TODO: reason\n"
			wantText = strings.Join(slices.Insert(slices.Clone(lines), st.Line, comment), "")
			shift = 1
		}
		if st.Buffer != wantText {
			t.Errorf("step %d (%s): buffer\n%s\nwant:\n%s", i, st.Title, st.Buffer, wantText)
		}
		after := libraryFindings(t, l, yamlFile, []byte(wantText))
		var wantAfter []string
		for _, s := range before {
			var rule string
			var ln, col int
			fmt.Sscanf(s, "%s %d:%d", &rule, &ln, &col)
			if rule == st.Rule && ln == st.Line {
				continue
			}
			if ln >= st.Line {
				ln += shift
			}
			wantAfter = append(wantAfter, fmt.Sprintf("%s %d:%d", rule, ln, col))
		}
		if !slices.Equal(after, wantAfter) {
			t.Errorf("step %d: re-lint:\n got  %v\n want %v", i, after, wantAfter)
		}
		var editor []string
		for _, d := range st.After {
			editor = append(editor, fmt.Sprintf("%s %d:%d", d.Rule, d.Line, d.Col))
		}
		if !slices.Equal(editor, after) {
			t.Errorf("step %d: nvim's diagnostics after %q:\n nvim    %v\n library %v", i, st.Title, editor, after)
		}
		t.Logf("step %d: %s on line %d", i, st.Title, st.Line)
		text = []byte(wantText)
	}
	if res.Exit == nil || res.Exit.Code != 0 {
		t.Errorf("server exit: %+v, want code 0 after shutdown and exit", res.Exit)
	}
}

// libraryFindings lints src as path with the library and returns "rule
// line:col" with 0-based lines and byte columns, sorted by position.
func libraryFindings(t *testing.T, l *lint.Linter, path string, src []byte) []string {
	t.Helper()
	fr := l.LintBytes(context.Background(), path, src)
	type f struct {
		rule      string
		line, col int
	}
	var fs []f
	for _, fd := range fr.Findings {
		off := fd.Range.Start.Offset
		lineStart := bytes.LastIndexByte(src[:off], '\n') + 1
		fs = append(fs, f{fd.Rule, fd.Range.Start.Line - 1, off - lineStart})
	}
	slices.SortStableFunc(fs, func(a, b f) int {
		if a.line != b.line {
			return a.line - b.line
		}
		if a.col != b.col {
			return a.col - b.col
		}
		return strings.Compare(a.rule, b.rule)
	})
	var out []string
	for _, x := range fs {
		out = append(out, fmt.Sprintf("%s %d:%d", x.rule, x.line, x.col))
	}
	return out
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
