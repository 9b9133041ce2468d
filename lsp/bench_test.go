package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// BenchmarkDidChange drives the server over a pipe, as an editor does: it
// opens a 2,000-line CloudFormation template, then sends 200 incremental
// edits one after the other, each waiting for the publishDiagnostics of
// its version. The debounce is 0, so the figures are the server's own
// latency (add the configured debounce, 150 ms by default, for what a user
// sees). Run it with
//
//	go test ./lsp -run '^$' -bench BenchmarkDidChange -benchtime 1x
//
// It reports the median and 99th percentile of didChange→publishDiagnostics
// and the heap in use (after a GC) before the edits and after them.
func BenchmarkDidChange(b *testing.B) {
	const edits = 200
	tmpl, editLines := cfnTemplate(2000)
	var lat []time.Duration
	var heapBefore, heapAfter uint64
	var cpu time.Duration
	for range b.N {
		l, c, hb, ha := benchSession(b, tmpl, editLines, edits)
		lat = append(lat, l...)
		cpu += c
		heapBefore, heapAfter = hb, ha
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		i := int(float64(len(lat)-1) * p)
		return float64(lat[i].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(heapBefore)/(1<<20), "heap-before-MB")
	b.ReportMetric(float64(heapAfter)/(1<<20), "heap-after-MB")
	if cpu > 0 {
		// CPU time per edit, the whole process's (server, pipe and
		// client): on a shared machine the latencies above grow with the
		// load, this does not.
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/edit")
	}
	b.ReportMetric(0, "ns/op") // one op is a whole session; the metrics above say more
}

// benchSession runs one session and returns the latency of each edit, the
// CPU time the edits took, and the heap in use after the template's first
// lint and after the last edit.
func benchSession(b *testing.B, tmpl string, editLines []int, edits int) (lat []time.Duration, cpu time.Duration, heapBefore, heapAfter uint64) {
	b.Helper()
	dir := b.TempDir()
	toSrvR, toSrvW, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	toCliR, toCliW, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	srv := New(Options{Debounce: 0})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, pipeEnd{toSrvR, toCliW}) }()

	type pub struct {
		version int
		n       int
	}
	pubs := make(chan pub, 1024)
	handler := func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
		if req.Method == "textDocument/publishDiagnostics" && req.Params != nil {
			var p protocol.PublishDiagnosticsParams
			if err := json.Unmarshal(*req.Params, &p); err == nil && p.Version != nil {
				pubs <- pub{int(*p.Version), len(p.Diagnostics)}
			}
		}
		return nil, nil
	}
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(pipeEnd{toCliR, toSrvW}, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(handler))
	defer conn.Close()
	call := func(method string, params any) {
		cctx, ccancel := context.WithTimeout(ctx, 30*time.Second)
		defer ccancel()
		var res json.RawMessage
		if err := conn.Call(cctx, method, params, &res); err != nil {
			b.Fatalf("%s: %v", method, err)
		}
	}
	notify := func(method string, params any) {
		if err := conn.Notify(ctx, method, params); err != nil {
			b.Fatalf("%s: %v", method, err)
		}
	}
	waitVersion := func(v int) pub {
		timeout := time.After(30 * time.Second)
		for {
			select {
			case p := <-pubs:
				if p.version == v {
					return p
				}
			case <-timeout:
				b.Fatalf("no publishDiagnostics for version %d", v)
			}
		}
	}

	call("initialize", map[string]any{"processId": nil, "rootUri": pathToURI(dir), "capabilities": map[string]any{}})
	notify("initialized", map[string]any{})
	uri := pathToURI(filepath.Join(dir, "template.yaml"))
	notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri, LanguageID: "yaml", Version: 1, Text: tmpl,
	}})
	if first := waitVersion(1); first.n == 0 {
		b.Fatal("the template has no findings; the benchmark would measure an idle path")
	}
	heapBefore = heapInUse()

	b.ResetTimer()
	cpuStart := cpuTime()
	// Each edit rewrites one action in one of the template's policies,
	// alternating between a wildcard (a finding) and a narrow action, so
	// the diagnostics change with every edit.
	for i := range edits {
		line := editLines[i%len(editLines)]
		action := "s3:GetObject"
		if (i/len(editLines))%2 == 0 {
			action = "s3:*"
		}
		text := fmt.Sprintf("                  - %q", action)
		v := i + 2
		start := time.Now()
		notify("textDocument/didChange", protocol.DidChangeTextDocumentParams{
			TextDocument: protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: protocol.Integer(v)},
			ContentChanges: []any{protocol.TextDocumentContentChangeEvent{
				Range: &protocol.Range{Start: protocol.Position{Line: protocol.UInteger(line)}, End: protocol.Position{Line: protocol.UInteger(line + 1)}},
				Text:  text + "\n",
			}},
		})
		waitVersion(v)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	if c := cpuTime(); c > 0 {
		cpu = c - cpuStart
	}
	heapAfter = heapInUse()

	call("shutdown", nil)
	notify("exit", nil)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		b.Fatal("server did not exit")
	}
	return lat, cpu, heapBefore, heapAfter
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// cfnTemplate returns a CloudFormation template of about n lines: IAM
// roles with inline policies and CodeBuild projects, some of them with
// findings, and the 0-based lines of the policies' first actions, which the
// benchmark edits.
func cfnTemplate(n int) (string, []int) {
	var sb strings.Builder
	lines := 0
	w := func(s string) {
		sb.WriteString(s)
		sb.WriteByte('\n')
		lines++
	}
	w("AWSTemplateFormatVersion: '2010-09-09'")
	w("Description: A generated template for the language server benchmark")
	w("Resources:")
	var edit []int
	for i := 0; lines < n-30; i++ {
		w(fmt.Sprintf("  BuildRole%d:", i))
		w("    Type: AWS::IAM::Role")
		w("    Properties:")
		w(fmt.Sprintf("      RoleName: build-role-%d", i))
		w("      AssumeRolePolicyDocument:")
		w("        Version: '2012-10-17'")
		w("        Statement:")
		w("          - Effect: Allow")
		w("            Principal:")
		w("              Service: codebuild.amazonaws.com")
		w("            Action: sts:AssumeRole")
		w("      Policies:")
		w(fmt.Sprintf("        - PolicyName: build-%d", i))
		w("          PolicyDocument:")
		w("            Version: '2012-10-17'")
		w("            Statement:")
		w("              - Effect: Allow")
		w("                Action:")
		edit = append(edit, lines)
		w(`                  - "s3:GetObject"`)
		w(`                  - "logs:PutLogEvents"`)
		if i%3 == 0 {
			w(`                Resource: "*"`)
		} else {
			w(fmt.Sprintf(`                Resource: "arn:aws:s3:::artifacts-%d/*"`, i))
		}
		w(fmt.Sprintf("  Project%d:", i))
		w("    Type: AWS::CodeBuild::Project")
		w("    Properties:")
		w(fmt.Sprintf("      Name: project-%d", i))
		w(fmt.Sprintf("      ServiceRole: !GetAtt BuildRole%d.Arn", i))
		w("      Artifacts:")
		w("        Type: NO_ARTIFACTS")
		w("      Environment:")
		w("        Type: LINUX_CONTAINER")
		w("        ComputeType: BUILD_GENERAL1_SMALL")
		w("        Image: aws/codebuild/standard:7.0")
		w("      Source:")
		w("        Type: NO_SOURCE")
		w("        BuildSpec: |")
		w("          version: 0.2")
		w("          phases:")
		w("            build:")
		w("              commands:")
		if i%4 == 0 {
			w("                - npm install")
		} else {
			w("                - npm ci")
		}
		w("                - npm test")
	}
	for lines < n {
		w(fmt.Sprintf("# padding %d", lines))
	}
	return sb.String(), edit
}
