// Package baseline records the findings a repository already has, so that a
// team can adopt rampart and fail only on findings that are new.
//
// A baseline file is versioned JSON:
//
//	{
//	  "version": 1,
//	  "tool": "rampart",
//	  "findings": [
//	    {"rule": "iam/full-admin", "file": "policies/admin.json", "path": "Statement[0].Action"},
//	    {"rule": "supply-chain/unpinned-action", "file": ".github/workflows/ci.yml", "path": "jobs.build.steps[0].uses", "count": 2}
//	  ]
//	}
//
// An entry is keyed by rule, file and the finding's logical path, never by
// line, so inserting or deleting lines elsewhere in a file leaves it
// matching. Files are slash-separated and relative to the directory that
// holds the baseline file, so a baseline committed to a repository matches
// wherever rampart runs from. Findings without a logical path (parse
// errors, repository checks, suppression problems) are keyed by their
// message with every number in it replaced by N, since those numbers are
// mostly positions. Findings about secrets are never keyed by their message:
// nothing of a secret, not even its masked form, is written.
//
// count says how many findings share a key (it is left out when it is one):
// with two baselined, a third finding under the same key is new.
package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"sync"

	"github.com/rampart-lint/rampart/lint"
)

// Version is the version of the baseline file format this package writes
// and the only one it reads.
const Version = 1

// Tool names the tool in a baseline file, so that another tool's baseline
// given by mistake is refused rather than matching nothing.
const Tool = "rampart"

// Entry is one key of a baseline and how many findings it stands for.
type Entry struct {
	Rule string `json:"rule"`
	// File is slash-separated and relative to the baseline file's directory.
	File string `json:"file"`
	// Path is the finding's logical path; empty for findings that have none.
	Path string `json:"path,omitempty"`
	// Message keys a finding without a logical path: its message with every
	// number replaced by N. Empty when Path is set, and for sensitive
	// findings.
	Message string `json:"message,omitempty"`
	// Count is how many findings share the key; absent in a file means 1.
	Count int `json:"count,omitempty"`
}

type key struct{ rule, file, path, message string }

func (e Entry) key() key { return key{e.Rule, e.File, e.Path, e.Message} }

// Baseline is a set of entries bound to the location of its file. It is safe
// for concurrent use.
type Baseline struct {
	file string // absolute
	dir  string // absolute

	mu     sync.Mutex
	counts map[key]int
}

// New returns an empty baseline that will live at file; the files of the
// findings added to it are recorded relative to file's directory.
func New(file string) (*Baseline, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", file, err)
	}
	return &Baseline{file: abs, dir: filepath.Dir(abs), counts: map[key]int{}}, nil
}

// File returns the baseline file's absolute path.
func (b *Baseline) File() string { return b.file }

// Add records a finding. Suppressed findings are not recorded: they already
// neither count nor fail a run.
func (b *Baseline) Add(f lint.Finding) {
	if f.Suppression != nil {
		return
	}
	k := b.EntryOf(f).key()
	b.mu.Lock()
	b.counts[k]++
	b.mu.Unlock()
}

// Len is the number of findings the baseline stands for (the sum of its
// entries' counts).
func (b *Baseline) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, c := range b.counts {
		n += c
	}
	return n
}

// numbers are replaced in the messages that key findings without a logical
// path: they are line numbers, columns, dates and limits, which move with
// unrelated edits.
var numbers = regexp.MustCompile(`[0-9]+`)

// EntryOf returns the entry, of count 1, that a finding is recorded as.
func (b *Baseline) EntryOf(f lint.Finding) Entry {
	e := Entry{Rule: f.Rule, File: b.Rel(f.File), Path: f.Path, Count: 1}
	if f.Path == "" && !f.Sensitive {
		e.Message = numbers.ReplaceAllString(f.Message, "N")
	}
	return e
}

// Rel returns a file's path as entries record it: the file is relative to
// the working directory or absolute, as in findings, and the result is
// relative to the baseline file's directory, slash-separated.
func (b *Baseline) Rel(file string) string {
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.ToSlash(filepath.Clean(file))
	}
	if rel, err := filepath.Rel(b.dir, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	// Another volume: no relative path exists.
	return filepath.ToSlash(abs)
}

// Entries returns the baseline's entries, sorted by file, rule, path and
// message, each with its count.
func (b *Baseline) Entries() []Entry {
	b.mu.Lock()
	out := make([]Entry, 0, len(b.counts))
	for k, c := range b.counts {
		out = append(out, Entry{Rule: k.rule, File: k.file, Path: k.path, Message: k.message, Count: c})
	}
	b.mu.Unlock()
	sortEntries(out)
	return out
}

func sortEntries(es []Entry) {
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		case a.Path != b.Path:
			return a.Path < b.Path
		}
		return a.Message < b.Message
	})
}

// WriteTo writes the baseline file's content: one entry a line, sorted, so
// that a change to a baseline reads well in a diff.
func (b *Baseline) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "{\n  \"version\": %d,\n  \"tool\": %s,\n  \"findings\": [", Version, quote(Tool))
	for i, e := range b.Entries() {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, "\n    {\"rule\": %s, \"file\": %s", quote(e.Rule), quote(e.File))
		if e.Path != "" {
			fmt.Fprintf(&buf, ", \"path\": %s", quote(e.Path))
		}
		if e.Message != "" {
			fmt.Fprintf(&buf, ", \"message\": %s", quote(e.Message))
		}
		if e.Count > 1 {
			fmt.Fprintf(&buf, ", \"count\": %d", e.Count)
		}
		buf.WriteByte('}')
	}
	if buf.Bytes()[buf.Len()-1] != '[' {
		buf.WriteString("\n  ")
	}
	buf.WriteString("]\n}\n")
	n, err := w.Write(buf.Bytes())
	return int64(n), err
}

// quote encodes a string as JSON without escaping <, > and &, which
// appear in messages and paths and read badly as \u003c.
func quote(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// Save writes the baseline to its file. The file is replaced whole, by
// renaming a complete temporary file over it, so an interrupted write
// leaves the old baseline intact.
func (b *Baseline) Save() error {
	tmp, err := os.CreateTemp(b.dir, ".rampart-baseline-*")
	if err != nil {
		return fmt.Errorf("writing baseline: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := b.WriteTo(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing baseline %s: %w", b.file, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing baseline %s: %w", b.file, err)
	}
	// CreateTemp makes the file private; a baseline is committed and shared.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("writing baseline %s: %w", b.file, err)
	}
	if err := os.Rename(tmp.Name(), b.file); err != nil {
		return fmt.Errorf("writing baseline %s: %w", b.file, err)
	}
	return nil
}

// Matcher tells the findings of a run that a baseline holds from new ones.
// Each match uses up one of its entry's count. It is safe for concurrent
// use, though which of several findings under one key counts as new then
// depends on their order.
type Matcher struct {
	b    *Baseline
	mu   sync.Mutex
	left map[key]int
}

// Matcher returns a matcher with every entry's full count available.
func (b *Baseline) Matcher() *Matcher {
	b.mu.Lock()
	defer b.mu.Unlock()
	left := make(map[key]int, len(b.counts))
	for k, c := range b.counts {
		left[k] = c
	}
	return &Matcher{b: b, left: left}
}

// Match reports whether the baseline holds f, and if so uses up one of its
// entry's count: with an entry of count 2, the third finding under the same
// key is new. Suppressed findings never match.
func (m *Matcher) Match(f lint.Finding) bool {
	if f.Suppression != nil {
		return false
	}
	k := m.b.EntryOf(f).key()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.left[k] == 0 {
		return false
	}
	m.left[k]--
	return true
}

// Unmatched returns the entries not used up so far, each with the count
// left: after a run over every file the baseline covers, these are findings
// that were fixed (or moved), and rewriting the baseline drops them.
func (m *Matcher) Unmatched() []Entry {
	m.mu.Lock()
	var out []Entry
	for k, c := range m.left {
		if c > 0 {
			out = append(out, Entry{Rule: k.rule, File: k.file, Path: k.path, Message: k.message, Count: c})
		}
	}
	m.mu.Unlock()
	sortEntries(out)
	return out
}
