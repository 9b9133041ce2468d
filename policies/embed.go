// Package policies holds rampart's built-in Rego: one package per rule under
// rules/<category>/, shared helpers under lib/. The Go core embeds them, so the
// binary needs nothing from disk to lint.
package policies

import "embed"

// FS holds every .rego file, tests included; loaders skip files ending in
// _test.rego.
//
// headers.json is the built-in modules' package and # METADATA headers,
// scanned ahead of time (see lint/engine/headerindex.go).
//
//go:embed rules lib headers.json
var FS embed.FS
