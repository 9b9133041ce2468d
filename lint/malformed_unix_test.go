//go:build unix

package lint_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
}

// nobody is the unprivileged user the corpus is linted as under root.
const nobody = 65534

// lintCorpusUnprivileged lints dir in a child process, this test binary run
// as an unprivileged user, and returns its outcome. The binary is placed in
// base (readable by that user) first, since the go tool builds it in a
// directory only root may enter.
func lintCorpusUnprivileged(t *testing.T, base, dir string) *corpusOutcome {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(base, "lint.test")
	if err := os.Link(exe, bin); err != nil {
		if err := copyFile(exe, bin); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin)
	cmd.Dir = base
	cmd.Env = append(os.Environ(), corpusChildEnv+"="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("linting the corpus as uid %d: %v\n%s", nobody, err, stderr.Bytes())
	}
	var out corpusOutcome
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("child output: %v\n%s", err, stdout.Bytes())
	}
	return &out
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	return errors.Join(err, out.Close())
}
