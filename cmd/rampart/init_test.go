package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint/config"
)

func TestInit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, config.FileName)
	code, out, errOut := runCLI(t, "init", "--dir", dir)
	if code != exitClean || out != "wrote "+p+"\n" {
		t.Fatalf("init: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	got, err := os.ReadFile(p)
	if err != nil || !bytes.Equal(got, config.Starter) {
		t.Fatalf("written config differs from config.Starter (%v)", err)
	}

	// The written config is the one lint uses: it parses, its rule ids
	// exist, and its override applies (iam/wildcard-resource is medium by
	// default, low in the starter).
	write(t, dir, "wide.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`)
	write(t, dir, "vendor/admin.json", admin)
	code, out, errOut = runCLI(t, "lint", "--format", "json", dir)
	if code != exitFindings {
		t.Fatalf("lint with the starter config: exit %d, stderr %s", code, errOut)
	}
	var doc struct {
		Findings []struct{ Rule, Severity, File string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Rule != "iam/wildcard-resource" || doc.Findings[0].Severity != "low" {
		t.Errorf("findings = %+v, want wide.json's wildcard-resource at low and vendor/ excluded", doc.Findings)
	}

	// An existing file is left alone...
	if err := os.WriteFile(p, []byte("fail-on: high\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, "init", "--dir", dir)
	if code != exitError || !strings.Contains(errOut, p+" already exists; rampart init --force overwrites it") {
		t.Errorf("init over an existing file: exit %d, stderr %q", code, errOut)
	}
	if got, _ := os.ReadFile(p); string(got) != "fail-on: high\n" {
		t.Errorf("existing file changed to %q", got)
	}
	// ...unless --force.
	if code, _, errOut = runCLI(t, "init", "--dir", dir, "--force"); code != exitClean {
		t.Fatalf("init --force: exit %d, %s", code, errOut)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, config.Starter) {
		t.Error("init --force did not write the starter")
	}
}

func TestInitCurrentDirAndErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if code, out, errOut := runCLI(t, "init"); code != exitClean || out != "wrote "+config.FileName+"\n" {
		t.Fatalf("init: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, config.FileName)); err != nil {
		t.Fatal(err)
	}
	// A config below another one says which one now applies.
	sub := filepath.Join(dir, "infra")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runCLI(t, "init", "--dir", "infra"); code != exitClean || !strings.Contains(out, "note: infra/.rampart.yaml is nearer") {
		t.Errorf("nested init: exit %d, %q", code, out)
	}
	for _, args := range [][]string{
		{"init", "--dir", filepath.Join(dir, "missing")},
		{"init", "--dir", filepath.Join(dir, config.FileName)},
		{"init", "extra-arg"},
	} {
		if code, _, errOut := runCLI(t, args...); code != exitError || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q, want 2 and a message", args, code, errOut)
		}
	}
}
