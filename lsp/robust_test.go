package lsp

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rampart-lint/rampart/lint"
)

const adminPolicy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}\n"

func TestRobustness(t *testing.T) {
	dir := t.TempDir()
	boom := filepath.Join(dir, "boom.json")
	// A lower size limit than the default 10 MiB, so that the buffer over
	// it is quick to send under -race (TestSlowDocumentDoesNotBlock sends
	// 10 MB).
	c := start(t, Options{Lint: lint.Options{MaxFileSize: 1 << 20}}, dir, func(s *Server) {
		real := s.lintFunc
		s.lintFunc = func(ctx context.Context, l *lint.Linter, path string, src []byte) lint.FileResult {
			if path == boom {
				panic("injected")
			}
			return real(ctx, l, path, src)
		}
	})

	// A change to a document never opened is ignored.
	c.change(pathToURI(filepath.Join(dir, "ghost.json")), 2, protocol.TextDocumentContentChangeEvent{Range: rng(0, 0, 0, 0), Text: "x"})
	// Unknown notifications are ignored; unknown requests get MethodNotFound.
	c.notify("$/unknownNotification", map[string]any{})
	c.notify("rampart/whatever", nil)
	err := c.call("rampart/unknown", nil, nil)
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.CodeMethodNotFound {
		t.Errorf("unknown request: %v", err)
	}

	// A request with params of the wrong shape gets InvalidParams.
	err = c.conn.Call(context.Background(), "textDocument/hover", []int{1, 2}, nil)
	if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.CodeInvalidParams {
		t.Errorf("malformed request: %v", err)
	}

	// A buffer over the size limit is reported as such, not linted.
	huge := c.open(filepath.Join(dir, "huge.json"), `{"Version": "2012-10-17", "Statement": [`+strings.Repeat(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},`, 17_000)+`{}]}`)
	if ds := c.wait(huge).params.Diagnostics; len(ds) != 1 || ruleOf(ds[0]) != lint.ParseError || !strings.Contains(ds[0].Message, "larger than the 1 MiB file size limit") {
		t.Errorf("a buffer over 10 MiB: %+v", ds)
	}

	// A panic in one lint run yields one diagnostic; the server serves on.
	b := c.open(boom, adminPolicy)
	ds := c.wait(b).params.Diagnostics
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "internal error") {
		t.Errorf("after a panic: %+v", ds)
	}
	ok := c.open(filepath.Join(dir, "ok.json"), adminPolicy)
	if got := codes(c.wait(ok).params.Diagnostics); !slices.Equal(got, []string{"iam/full-admin"}) {
		t.Errorf("after the panic: %v", got)
	}

	// Files the CLI skips are not linted: nothing is published for them.
	txt := c.open(filepath.Join(dir, "notes.txt"), adminPolicy)
	untitled := "untitled:Untitled-1"
	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: untitled, Version: 1, Text: adminPolicy}})
	m := c.mark()
	c.open(filepath.Join(dir, "later.json"), adminPolicy)
	c.waitFrom(m, pathToURI(filepath.Join(dir, "later.json")), nil)
	if n := len(c.publicationsFor(txt)) + len(c.publicationsFor(untitled)); n != 0 {
		t.Errorf("%d publications for files rampart does not read", n)
	}
	if err := c.stop(); err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// A huge buffer being linted holds up neither the read loop nor the other
// documents, and a change cancels its stale run.
func TestSlowDocumentDoesNotBlock(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	release := make(chan struct{})
	cancelled := make(chan struct{}, 10)
	c := start(t, Options{}, dir, func(s *Server) {
		real := s.lintFunc
		s.lintFunc = func(ctx context.Context, l *lint.Linter, path string, src []byte) lint.FileResult {
			if path == big {
				if strings.HasPrefix(string(src), "# v1") {
					select { // a lint that takes as long as the test wants
					case <-release:
					case <-ctx.Done():
						cancelled <- struct{}{}
					}
				}
				return lint.FileResult{File: path} // linting 10 MB for real takes seconds
			}
			return real(ctx, l, path, src)
		}
	})
	var sb strings.Builder
	sb.WriteString("# v1\nAWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n")
	for i := 0; sb.Len() < 10_000_000; i++ {
		fmt.Fprintf(&sb, "  Bucket%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: bucket-%d\n", i, i)
	}
	bigURI := c.open(big, sb.String())

	began := time.Now()
	small := c.open(filepath.Join(dir, "small.json"), adminPolicy)
	c.wait(small)
	// Reaching here proves the point: the small document was published
	// while the big one's lint was held. The time is mostly decoding the
	// 10 MB didOpen, which the read loop must do first.
	t.Logf("small document published %v after the 10 MB one was sent", time.Since(began))
	if len(c.publicationsFor(bigURI)) != 0 {
		t.Fatal("the big document was published while its lint was held")
	}
	// A change supersedes the held run: it is cancelled and the new text is
	// linted (the held one never publishes).
	m := c.mark()
	c.change(bigURI, 2, protocol.TextDocumentContentChangeEvent{Range: rng(0, 3, 0, 4), Text: "2"})
	select {
	case <-cancelled:
	case <-time.After(60 * time.Second):
		t.Fatal("the stale run was not cancelled")
	}
	p := c.waitFrom(m, bigURI, nil)
	if p.params.Version == nil || *p.params.Version != 2 {
		t.Errorf("published version %v, want 2", p.params.Version)
	}
	close(release)
}

// Rapid changes are debounced into one lint of the last text.
func TestDebounce(t *testing.T) {
	dir := t.TempDir()
	var runs atomic.Int32
	c := start(t, Options{Debounce: 200 * time.Millisecond}, dir, func(s *Server) {
		real := s.lintFunc
		s.lintFunc = func(ctx context.Context, l *lint.Linter, path string, src []byte) lint.FileResult {
			runs.Add(1)
			return real(ctx, l, path, src)
		}
	})
	uri := c.open(filepath.Join(dir, "p.json"), adminPolicy)
	c.wait(uri)
	runs.Store(0)
	m := c.mark()
	for v := 2; v <= 6; v++ {
		c.change(uri, v, protocol.TextDocumentContentChangeEventWhole{Text: strings.Replace(adminPolicy, `"Action": "*"`, fmt.Sprintf(`"Action": "s3:Get%d"`, v), 1)})
		time.Sleep(20 * time.Millisecond)
	}
	p := c.waitFrom(m, uri, nil)
	time.Sleep(300 * time.Millisecond)
	if n := runs.Load(); n != 1 {
		t.Errorf("%d lint runs for 5 quick changes, want 1", n)
	}
	if *p.params.Version != 6 || len(c.publicationsFor(uri)) != 2 {
		t.Errorf("published version %d, %d publications", *p.params.Version, len(c.publicationsFor(uri)))
	}
}

// A broken config is reported on its line and the last good one stays; a
// fixed config takes effect and re-lints the open documents.
func TestConfigReload(t *testing.T) {
	dir := t.TempDir()
	cfgPath := writeFile(t, filepath.Join(dir, ".rampart.yaml"), "rules:\n  iam/full-admin: off\n")
	c := start(t, Options{}, dir)
	uri := c.open(filepath.Join(dir, "p.json"), adminPolicy)
	if got := codes(c.wait(uri).params.Diagnostics); slices.Contains(got, "iam/full-admin") {
		t.Fatalf("disabled rule reported: %v", got)
	}
	c.mu.Lock()
	regs := c.regs
	c.mu.Unlock()
	if regs != 1 {
		t.Errorf("%d watcher registrations", c.regs)
	}

	writeFile(t, cfgPath, "rules:\n  iam/full-admin: off\nsettngs: {}\n")
	cfgURI := pathToURI(cfgPath)
	c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: cfgURI, Type: 2}}})
	p := c.wait(cfgURI).params
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range != *rng(2, 0, 2, 11) || !strings.Contains(p.Diagnostics[0].Message, "settngs") {
		t.Errorf("config diagnostic: %+v", p.Diagnostics)
	}
	c.mu.Lock()
	nmsg := len(c.msgs)
	c.mu.Unlock()
	if nmsg != 1 {
		t.Errorf("%d messages, want 1", nmsg)
	}

	// Saving a fixed config (didSave) reloads it, clears the error and
	// re-lints with it.
	writeFile(t, cfgPath, "rules:\n  iam/full-admin: medium\n")
	m := c.mark()
	c.notify("textDocument/didSave", protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: cfgURI}})
	d := diagAt(t, c.waitFrom(m, uri, func(p publication) bool {
		return slices.Contains(codes(p.params.Diagnostics), "iam/full-admin")
	}).params.Diagnostics, "iam/full-admin")
	if *d.Severity != protocol.DiagnosticSeverityWarning {
		t.Errorf("severity override not applied: %v", *d.Severity)
	}
	if p := c.waitFrom(m, cfgURI, nil); len(p.params.Diagnostics) != 0 {
		t.Errorf("config error not cleared: %+v", p.params.Diagnostics)
	}
}

// Median time from didChange to publishDiagnostics on a 2,000-line
// CloudFormation template, debounce excluded.
func TestLatencyLargeTemplate(t *testing.T) {
	dir := t.TempDir()
	var sb strings.Builder
	sb.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n")
	for i := 0; strings.Count(sb.String(), "\n") < 2000; i++ {
		fmt.Fprintf(&sb, `  Role%d:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: codebuild.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: arn:aws:s3:::bucket-%d/*
`, i, i)
	}
	text := sb.String()
	c := start(t, Options{}, dir)
	uri := c.open(filepath.Join(dir, "template.yaml"), text)
	c.wait(uri)
	var took []time.Duration
	for v := 2; v <= 8; v++ {
		m := c.mark()
		began := time.Now()
		// Toggle one action between a narrow one and a wildcard.
		action := "s3:GetObject"
		if v%2 == 0 {
			action = `"*"         `
		}
		c.change(uri, v, protocol.TextDocumentContentChangeEvent{Range: rng(17, 24, 17, 36), Text: action})
		p := c.waitFrom(m, uri, nil)
		took = append(took, p.at.Sub(began))
		if got := len(p.params.Diagnostics) > 0; got != (v%2 == 0) {
			t.Fatalf("version %d: %v", v, codes(p.params.Diagnostics))
		}
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	// The lint alone, for comparison: the rest is the server's share.
	var direct []time.Duration
	l := c.srv.eng.Load().linter
	for range 5 {
		began := time.Now()
		l.LintBytes(context.Background(), filepath.Join(dir, "template.yaml"), []byte(text))
		direct = append(direct, time.Since(began))
	}
	sort.Slice(direct, func(i, j int) bool { return direct[i] < direct[j] })
	t.Logf("%d lines, %d bytes: didChange → publishDiagnostics median %v (min %v, max %v); LintBytes alone median %v",
		strings.Count(text, "\n"), len(text), took[len(took)/2], took[0], took[len(took)-1], direct[len(direct)/2])
}
