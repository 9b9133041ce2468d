package corpus

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/source"
)

func TestSameSeedSameBytes(t *testing.T) {
	a := Generate(Options{Files: 300, Seed: 7})
	b := Generate(Options{Files: 300, Seed: 7})
	if len(a) != 300 || len(b) != 300 {
		t.Fatalf("got %d and %d files, want 300", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("file %d differs between two runs: %s and %s", i, a[i].Path, b[i].Path)
		}
	}
	c := Generate(Options{Files: 300, Seed: 8})
	same := 0
	for i := range a {
		if bytes.Equal(a[i].Data, c[i].Data) {
			same++
		}
	}
	if same > 30 {
		t.Errorf("seeds 7 and 8 give %d identical files of 300; the seed hardly matters", same)
	}
}

// A file's bytes depend on the seed and its index only, so a bigger corpus
// starts with the smaller one.
func TestPrefixStable(t *testing.T) {
	small := map[string][]byte{}
	for _, f := range Generate(Options{Files: 50, Seed: 1}) {
		small[f.Path] = f.Data
	}
	found := 0
	for _, f := range Generate(Options{Files: 120, Seed: 1}) {
		if d, ok := small[f.Path]; ok {
			found++
			if !bytes.Equal(d, f.Data) {
				t.Errorf("%s differs between a 50-file and a 120-file corpus", f.Path)
			}
		}
	}
	if found != len(small) {
		t.Errorf("%d of the 50 files are in the 120-file corpus", found)
	}
}

func TestWriteMatchesGenerate(t *testing.T) {
	dir := t.TempDir()
	files, err := Write(dir, Options{Files: 40, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s on disk differs from what Generate returned", f.Path)
		}
	}
}

// Every file parses, and rampart detects the kind it was written as: a
// corpus of files rampart skips or cannot parse would measure nothing.
func TestFilesParseAsTheirKind(t *testing.T) {
	files := Generate(Options{Files: 400, Seed: 1, Big: true})
	seen := map[string]int{}
	for _, f := range files {
		docs, err := source.Parse(f.Path, f.Data, source.FormatOf(f.Path, f.Data), source.Limits{})
		if err != nil {
			t.Errorf("%s does not parse: %v\n%s", f.Path, err, excerpt(f.Data, err))
			continue
		}
		for _, d := range docs {
			if got := kind.Detect(f.Path, d.Value); got != f.Kind {
				t.Errorf("%s: detected kind %q, generated as %q", f.Path, got, f.Kind)
			}
		}
		seen[f.Kind]++
	}
	for _, k := range []string{"cloudformation", "terraform", "iam-policy", "github-actions", "buildspec",
		"gitlab-ci", "devramps", "codepipeline", "codecommit-approval-rule", ""} {
		if seen[k] == 0 {
			t.Errorf("no file of kind %q in 400", k)
		}
	}
}

func excerpt(src []byte, err error) string {
	var perr *source.Error
	if e, ok := err.(*source.Error); ok {
		perr = e
	}
	lines := strings.Split(string(src), "\n")
	if perr == nil || perr.Range.Start.Line < 1 || perr.Range.Start.Line > len(lines) {
		return ""
	}
	return lines[perr.Range.Start.Line-1]
}

func TestShares(t *testing.T) {
	files := Generate(Options{Files: 2000, Seed: 1})
	count := map[string]int{}
	for _, f := range files {
		count[f.Kind]++
	}
	want := map[string]int{}
	total := 0
	for _, s := range mix {
		want[s.kind] += s.weight
		total += s.weight
	}
	// Within three standard deviations of the binomial draw.
	n := float64(len(files))
	for k, w := range want {
		p := float64(w) / float64(total)
		if d := math.Abs(float64(count[k]) - n*p); d > 3*math.Sqrt(n*p*(1-p)) {
			t.Errorf("kind %q: %d files of %.0f, want about %.0f", k, count[k], n, n*p)
		}
	}
}

func TestSizes(t *testing.T) {
	maxLines := map[string]int{}
	minLines := map[string]int{}
	for _, f := range Generate(Options{Files: 600, Seed: 1, Big: true}) {
		n := bytes.Count(f.Data, []byte("\n"))
		if strings.HasPrefix(f.Path, "big/") {
			if n < 10000 || n > 10300 {
				t.Errorf("%s has %d lines, want about 10,000", f.Path, n)
			}
			continue
		}
		if n > maxLines[f.Kind] {
			maxLines[f.Kind] = n
		}
		if m, ok := minLines[f.Kind]; !ok || n < m {
			minLines[f.Kind] = n
		}
	}
	if minLines["cloudformation"] < 40 || maxLines["cloudformation"] < 1000 || maxLines["cloudformation"] > 2400 {
		t.Errorf("CloudFormation templates have %d to %d lines, want 50 to 2,000", minLines["cloudformation"], maxLines["cloudformation"])
	}
	if maxLines["terraform"] < 300 {
		t.Errorf("the longest Terraform file has %d lines", maxLines["terraform"])
	}
}

// The corpus mixes clean files and flawed ones, across the rule catalog.
func TestGoodAndBad(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, Options{Files: 80, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(context.Background(), lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clean, flawed := 0, 0
	rules := map[string]bool{}
	err = l.LintPathsFunc(context.Background(), []string{dir}, func(fr lint.FileResult) {
		if fr.Err != nil {
			t.Errorf("%s: %v", fr.File, fr.Err)
		}
		if fr.Skipped != "" || fr.Repository {
			return
		}
		if len(fr.Findings) == 0 {
			clean++
		} else {
			flawed++
		}
		for _, f := range fr.Findings {
			if f.Rule == lint.ParseError {
				t.Errorf("%s: %s", fr.File, f.Message)
			}
			rules[f.Rule] = true
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if clean < 5 || flawed < 20 {
		t.Errorf("%d clean files and %d with findings; want both", clean, flawed)
	}
	if len(rules) < 20 {
		t.Errorf("findings of %d rules; want most of the catalog", len(rules))
	}
}
