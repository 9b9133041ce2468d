package engine

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite policies/headers.json from the built-in modules")

// TestHeaderIndexCurrent: the index holds, for every built-in module, what
// scanning its source gives, with the types the YAML decoder gives.
func TestHeaderIndexCurrent(t *testing.T) {
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	var entries []indexedHeader
	for _, m := range mods {
		h, err := scanHeader(m.Name, m.Source)
		if err != nil {
			t.Fatal(err)
		}
		e, err := indexEntry(m, h)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	want, err := json.MarshalIndent(entries, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	path := filepath.Join("..", "..", "policies", headerIndexFile)
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go test ./lint/engine -run HeaderIndex -update", path)
	}
	// What the engine reads back is what a scan gives.
	for _, m := range mods {
		scanned, _ := scanHeader(m.Name, m.Source)
		h, ok := indexed(m)
		if !ok {
			t.Fatalf("%s: not found in the index", m.Name)
		}
		// Package terms compare without their source locations.
		if !h.pkg.Equal(scanned.pkg) || h.row != scanned.row {
			t.Errorf("%s: index gives package %v at row %d, scan gives %v at %d", m.Name, h.pkg, h.row, scanned.pkg, scanned.row)
		}
		if !reflect.DeepEqual(h.ann, scanned.ann) {
			t.Errorf("%s: index gives metadata %+v, scan gives %+v", m.Name, h.ann, scanned.ann)
		}
	}
}

// A module whose header changed since the index was written is scanned; an
// edit below the package statement keeps its entry.
func TestHeaderIndexStaleEntryIgnored(t *testing.T) {
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	m := mods[0]
	if _, ok := indexed(m); !ok {
		t.Fatalf("%s: not in the index", m.Name)
	}
	body := m
	body.Source = append(append([]byte(nil), m.Source...), "\n# a body edit\nx := 1\n"...)
	if _, ok := indexed(body); !ok {
		t.Fatal("an edit after the package statement made the entry stale")
	}
	m.Source = append([]byte("# an edited header\n"), m.Source...)
	if _, ok := indexed(m); ok {
		t.Fatal("a module with an edited header was taken from the index")
	}
	custom := Module{Name: m.Name, Source: mods[0].Source}
	if _, ok := indexed(custom); ok {
		t.Fatal("a custom module was taken from the index")
	}
}
