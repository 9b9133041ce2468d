package lint_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
)

// corpusOutcome is what one lint run over the malformed corpus produced,
// with paths relative to the corpus. It crosses a process boundary when the
// corpus is linted as an unprivileged user (see lintCorpusUnprivileged).
type corpusOutcome struct {
	Findings map[string][]lint.Finding
	Skipped  map[string]string
	Errors   map[string]string
	Files    int
}

func lintCorpus(dir string) (*corpusOutcome, error) {
	l, err := lint.New(context.Background(), lint.Options{})
	if err != nil {
		return nil, err
	}
	out := &corpusOutcome{Findings: map[string][]lint.Finding{}, Skipped: map[string]string{}, Errors: map[string]string{}}
	rel := func(p string) string {
		r, _ := filepath.Rel(dir, p)
		return filepath.ToSlash(r)
	}
	err = l.LintPathsFunc(context.Background(), []string{dir}, func(fr lint.FileResult) {
		for _, f := range fr.Findings {
			out.Findings[rel(f.File)] = append(out.Findings[rel(f.File)], f)
		}
		if fr.Err != nil {
			out.Errors[rel(fr.File)] = fr.Err.Error()
		}
		if fr.Skipped != "" {
			out.Skipped[rel(fr.File)] = fr.Skipped
		} else if !fr.Repository {
			out.Files++
		}
	})
	return out, err
}

// corpusChildEnv, when set, makes the test binary lint the corpus it names
// and print the outcome as JSON instead of running tests.
const corpusChildEnv = "RAMPART_LINT_CORPUS"

func TestMain(m *testing.M) {
	if dir := os.Getenv(corpusChildEnv); dir != "" {
		out, err := lintCorpus(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type expectation struct {
	findings []wantFinding
	skip     string
}

type wantFinding struct{ at, rule, msg string }

func readMalformedExpect(t *testing.T, path string) map[string]*expectation {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	wants := map[string]*expectation{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, msg, _ := strings.Cut(sc.Text(), " -- ")
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		e := wants[fields[0]]
		if e == nil {
			e = &expectation{}
			wants[fields[0]] = e
		}
		switch {
		case len(fields) >= 3 && fields[1] == "skip":
			e.skip = strings.Join(fields[2:], " ")
		case len(fields) == 3:
			e.findings = append(e.findings, wantFinding{fields[1], fields[2], strings.TrimSpace(msg)})
		default:
			t.Fatalf("expect.txt: bad line %q", sc.Text())
		}
	}
	return wants
}

// TestMalformed lints the malformed-input corpus in one run with the default
// limits and checks every file's expected outcome (testdata/malformed/
// expect.txt): exactly the findings listed, at their positions, or a skip
// with its reason. One bad file never hides or changes another's result, and
// the run ends: nothing blocks on a named pipe or loops through a link.
//
// Besides the committed files, the corpus gets, at test time: a 50 MB policy
// and a 50 MB file of no kind, a symbolic link loop, a link to itself, a link
// that leads out of the corpus, a named pipe and a file its reader may not
// open. When the test runs as root, which reads every file whatever its
// mode, the run happens in a child process as an unprivileged user, so the
// unreadable file is unreadable there too.
func TestMalformed(t *testing.T) {
	src := filepath.Join(testdata, "malformed")
	wants := readMalformedExpect(t, filepath.Join(src, "expect.txt"))

	base, err := os.MkdirTemp("", "rampart-malformed-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	// Readable by the unprivileged child; /tmp itself is world-readable.
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "corpus")
	copyTree(t, src, dir)
	generateHostileFiles(t, dir)

	var out *corpusOutcome
	if os.Geteuid() == 0 {
		out = lintCorpusUnprivileged(t, base, dir)
	} else {
		if out, err = lintCorpus(dir); err != nil {
			t.Fatal(err)
		}
	}

	seen := map[string]bool{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir || d.Name() == "expect.txt" || d.IsDir() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		w := wants[rel]
		got := out.Findings[rel]
		switch {
		case w == nil:
			t.Errorf("%s has no line in expect.txt (outcome: skipped %q, findings:%s)", rel, out.Skipped[rel], describe(got))
		case w.skip != "":
			if !strings.Contains(out.Skipped[rel], w.skip) || len(got) > 0 {
				t.Errorf("%s: skipped %q with findings:%s; want a skip saying %q", rel, out.Skipped[rel], describe(got), w.skip)
			}
		default:
			checkFindings(t, rel, got, w.findings, out.Skipped[rel])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for rel := range wants {
		if !seen[rel] {
			t.Errorf("expect.txt names %s, which does not exist", rel)
		}
	}
	// The unreadable file is the run's only error: the others are findings
	// or skips, and their reasons are above.
	if len(out.Errors) != 1 || !strings.Contains(out.Errors["unreadable-policy.json"], "permission denied") {
		t.Errorf("errors: %v; want one, permission denied on unreadable-policy.json", out.Errors)
	}
}

func checkFindings(t *testing.T, rel string, got []lint.Finding, want []wantFinding, skipped string) {
	t.Helper()
	var gotKeys, wantKeys []string
	for _, f := range got {
		gotKeys = append(gotKeys, f.Range.Start.String()+" "+f.Rule)
	}
	for _, w := range want {
		wantKeys = append(wantKeys, w.at+" "+w.rule)
	}
	slices.Sort(gotKeys)
	slices.Sort(wantKeys)
	if !slices.Equal(gotKeys, wantKeys) {
		t.Errorf("%s: findings %v, want %v (skipped: %q)%s", rel, gotKeys, wantKeys, skipped, describe(got))
		return
	}
	for _, w := range want {
		for _, f := range got {
			if f.Rule == w.rule && f.Range.Start.String() == w.at && !strings.Contains(f.Message, w.msg) {
				t.Errorf("%s: %s at %s says %q, want it to say %q", rel, f.Rule, w.at, f.Message, w.msg)
			}
		}
	}
}

// generateHostileFiles adds the corpus files that cannot be committed.
func generateHostileFiles(t *testing.T, dir string) {
	t.Helper()
	// 50 MB of real policy: its kind shows in its first bytes, so the size
	// limit is reported. Nothing past the limit is read.
	f, err := os.Create(filepath.Join(dir, "huge-policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(`{"Version": "2012-10-17", "Statement": [`)
	stmt := `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::artifacts/*"},` + "\n"
	for n := 0; n < 50<<20; n += len(stmt) {
		w.WriteString(stmt)
	}
	w.WriteString(`{"Effect": "Allow", "Action": "*", "Resource": "*"}]}` + "\n")
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		t.Fatal(err)
	}
	// 50 MB of nothing recognisable (a sparse file of zero bytes): skipped.
	if err := os.WriteFile(filepath.Join(dir, "huge-data.json"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(dir, "huge-data.json"), 50<<20); err != nil {
		t.Fatal(err)
	}
	// Links: a loop back to the corpus, a link to itself, and one that
	// leads out of the corpus to a file with a finding in it.
	outside := filepath.Join(filepath.Dir(dir), "outside-policy.json")
	if err := os.WriteFile(outside, []byte(adminPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"loop": ".", "self-loop.yaml": "self-loop.yaml", "escape-policy.json": "../outside-policy.json"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	// A named pipe nobody writes to: opening it for reading would block.
	mkfifo(t, filepath.Join(dir, "fifo-policy.json"))
	// A policy its reader may not open.
	unreadable := filepath.Join(dir, "unreadable-policy.json")
	if err := os.WriteFile(unreadable, []byte(adminPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(unreadable, 0); err != nil {
		t.Fatal(err)
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		return errors.Join(err, out.Close())
	})
	if err != nil {
		t.Fatal(err)
	}
}
